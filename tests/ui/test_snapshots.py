"""What the screens look like (SVG snapshots; `pytest --snapshot-update` to renew).

Each snapshot is taken by the `app_snapshot` fixture (ui/conftest.py) after its steps: keys
that open another screen, load rows or move the focus each get a step of their own, so that
the next keys wait for them; text cursors are steady.
"""

import pytest
from textual.pilot import Pilot

from db.engine import Database
from tests.helpers.clock import TODAY

# Ticking three items of the upcoming visit's checklist (ticks are dated: not the last one).
TICK_THREE = (("v",), ("enter",), ("u",), ("c",), *[("down", "space")] * 3, ("down",))


async def dismiss_toasts(pilot: Pilot) -> None:
    """Toasts come and go with the clock: none in a snapshot."""
    pilot.app.clear_notifications()


async def notes_saved(pilot: Pilot) -> None:
    assert await pilot.app.screen.flush()  # the save indicator then says "saved", always
    await dismiss_toasts(pilot)


def test_partners_list(app_snapshot, demo_database):
    assert app_snapshot(("p", "j", "j", "j"))


def test_partner_page(app_snapshot, demo_database):
    assert app_snapshot(("p",), ("slash", *"ministry austria"), ("enter",), ("enter",))


def test_partner_form_with_errors(app_snapshot, demo_database):
    assert app_snapshot(("p",), ("a",), ("ctrl+s",))


def test_meetings_list(app_snapshot, demo_database):
    assert app_snapshot(("m",))


def test_meeting_page(app_snapshot, demo_database):
    assert app_snapshot(("m",), ("slash", *"vienna"), ("enter",), ("enter",))


def test_live_notes(app_snapshot, demo_database):
    assert app_snapshot(
        ("m",),
        ("slash", *"vienna"),
        ("enter",),
        ("n",),
        (*"Webinger: three pillars since 1997", "enter"),
        (*"Expedite the Crime Prevention agreement", "ctrl+d"),
        ("enter", *"They send the draft text"),
        after=notes_saved,
    )


def test_proposals_register(app_snapshot, demo_database):
    assert app_snapshot(("o",))


def test_proposal_page(app_snapshot, demo_database):
    assert app_snapshot(("o",), ("slash", *"crime prevention"), ("enter",), ("enter",))


def test_visits_list(app_snapshot, demo_database):
    assert app_snapshot(*TICK_THREE, ("escape",), ("escape",), after=dismiss_toasts)


def test_checklist(app_snapshot, demo_database):
    assert app_snapshot(*TICK_THREE, after=dismiss_toasts)


def test_dashboard(app_snapshot, demo_database):
    assert app_snapshot()


def test_search_results(app_snapshot, demo_database):
    assert app_snapshot(("slash",), "webi")


# -- every screen at 80×24 and 200×60 ------------------------------------------------------
#
# On the demo data with what tends to break a layout added: a partner named in Chinese, a
# person with a long position, a long English title (a proposal and a meeting), an action
# item due this week.

NARROW, WIDE = (80, 24), (200, 60)
LONG_TITLE = (
    "Agreement on the exchange of liaison officers and the joint training of border, "
    "immigration and cybercrime investigators"
)


@pytest.fixture
def varied_database(demo_database: Database) -> Database:
    from datetime import timedelta

    from db.meeting_changes import create_meeting
    from db.meeting_input import AttendeeInput, MeetingInput
    from db.models import ActionItem
    from db.partner_changes import create_organisation
    from db.partner_input import OrganisationInput, PersonInput
    from db.person_changes import create_person
    from db.proposal_changes import create_proposal
    from db.proposal_input import ProposalInput

    database = demo_database
    partner = create_organisation(
        database,
        OrganisationInput(
            name="中华人民共和国公安部", short_name="公安部", kind="ministry", country="CN"
        ),
    )
    person = create_person(
        database,
        PersonInput(
            full_name="Chris Landberg",
            organisation_id=partner,
            title="Mr",
            position="Acting Assistant Secretary of State for International Narcotics and "
            "Law Enforcement Affairs",
            languages="English, Mandarin",
        ),
    )
    create_proposal(
        database,
        ProposalInput(
            title=LONG_TITLE,
            kind="agreement",
            proposed_by="them",
            partner_id=partner,
            owner="Desk officer",
            next_step="Exchange the draft text",
            due=(TODAY + timedelta(days=3)).isoformat(),
        ),
        today=TODAY,
    )
    meeting = create_meeting(
        database,
        MeetingInput(
            title=f"Working session on the {LONG_TITLE[0].lower()}{LONG_TITLE[1:]}",
            starts="2027-02-03 14:30",
            place="Beijing",
            partner_ids=(partner,),
            attendees=(AttendeeInput(person, "theirs", "head", "Chris Landberg"),),
        ),
        TODAY,
    )

    def action(session) -> None:  # noqa: ANN001
        session.add(
            ActionItem(
                text="Send the draft text of the agreement on liaison officers to 公安部",
                side="ours",
                owner="Desk officer",
                due_on=TODAY + timedelta(days=2),
                meeting_id=meeting,
                partner_id=partner,
            )
        )

    database.write(action)
    return database


# Each: the steps from Today that lead there.
SCREENS = {
    "today": (),
    # The partner named in Chinese: last but one (our own side comes last).
    "partners": (("p", "G", "k"),),
    "partner_page": (("p", "G", "k"), ("enter",)),
    "meetings": (("m",),),
    "meeting_page": (("m",), ("enter",)),
    "proposals": (("o",),),
    "proposal_page": (("o",), ("slash",), "liaison officers", ("enter",), ("enter",)),
    "visits": (("v",),),
    "visit_page": (("v",), ("enter",)),
    "brief_page": (("v",), ("enter",), ("b",)),
    "checklist": (("v",), ("enter",), ("u",), ("c",)),
    "search": (("slash",), "agreement"),
    "help": (("m",), ("f1",)),
    "meeting_form": (("m",), ("enter",), ("e",)),
    # Back from the form's first field to its last (before Save and Cancel): the attendees.
    "meeting_form_attendees": (
        ("m",),
        ("enter",),
        ("e",),
        ("shift+tab", "shift+tab", "shift+tab"),
    ),
    "visit_form": (("v",), ("enter",), ("e",)),
    "person_form": (("p", "G", "k"), ("enter",), ("enter",)),
}


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "200x60"])
@pytest.mark.parametrize("where", list(SCREENS))
def test_every_screen_fits(app_snapshot, varied_database, where, size):
    assert app_snapshot(*SCREENS[where], size=size, after=dismiss_toasts)
