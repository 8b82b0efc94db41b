"""What the screens look like (SVG snapshots; `pytest --snapshot-update` to renew)."""

import pytest

from db.engine import Database
from tests.conftest import TODAY
from tests.pilot import make_app, settle

SIZE = (120, 40)


def _app(app_paths):
    return make_app(app_paths)


def test_partners_list(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("p", "j", "j", "j")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_partner_page(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("p", "slash", *"ministry austria", "enter", "enter")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_partner_form_with_errors(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("p", "a")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_meetings_list(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_meeting_page(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("slash", *"vienna", "enter", "enter")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_live_notes(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("slash", *"vienna", "enter", "n")
        await settle(pilot)
        await pilot.press(*"Webinger: three pillars since 1997", "enter")
        await pilot.press(*"Expedite the Crime Prevention agreement", "ctrl+d")
        await settle(pilot)
        await pilot.press("enter", *"They send the draft text")
        await settle(pilot)
        assert await pilot.app.screen.flush()  # the save indicator then says "saved", always
        pilot.app.clear_notifications()  # toasts come and go with the clock
        pilot.app.screen.query_one("#notes-editor").cursor_blink = False  # nor catch a blink
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_proposals_register(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_proposal_page(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("slash", *"crime prevention", "enter", "enter")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def _tick_three_and_dismiss_toasts():
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("enter", "u")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        for _ in range(3):
            await pilot.press("down", "space")
            await settle(pilot)
        await pilot.press("down")  # an untouched item: who ticked and when depend on the run
        pilot.app.clear_notifications()
        await settle(pilot)

    return ready


def test_visits_list(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await _tick_three_and_dismiss_toasts()(pilot)
        for _ in range(2):
            await pilot.press("escape")
            await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_checklist(snap_compare, app_paths, demo_database):
    assert snap_compare(
        _app(app_paths), terminal_size=SIZE, run_before=_tick_three_and_dismiss_toasts()
    )


def test_dashboard(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_search_results(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("slash", *"webi")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


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


def _keys(*steps: str | tuple[str, ...]):
    """A run_before pressing each step's keys (a string: typed), settling after each."""

    async def ready(pilot) -> None:  # noqa: ANN001
        await settle(pilot)
        for step in steps:
            await pilot.press(*step)  # a string: each character, typed
            await settle(pilot)
        pilot.app.clear_notifications()
        for field in pilot.app.screen.query("Input, TextArea"):
            field.cursor_blink = False  # a snapshot must not catch a blink
        await settle(pilot)

    return ready


# Each: the keys from Today that lead there. Strings are typed; tuples are key names.
SCREENS = {
    "today": (),
    # The partner named in Chinese: last but one (our own side comes last).
    "partners": (("p", "G", "k"),),
    "partner_page": (("p", "G", "k", "enter"),),
    "meetings": (("m",),),
    "meeting_page": (("m", "enter"),),
    "proposals": (("o",),),
    "proposal_page": (("o", "slash"), "liaison officers", ("enter", "enter")),
    "visits": (("v",),),
    "visit_page": (("v", "enter"),),
    "checklist": (("v", "enter", "u"), ("c",)),
    "search": (("slash",), "agreement"),
    "help": (("m", "f1"),),
    "meeting_form": (("m", "enter", "e"),),
    # Back from the form's first field to its last (before Save and Cancel): the attendees.
    "meeting_form_attendees": (("m", "enter", "e"), ("shift+tab", "shift+tab", "shift+tab")),
    "visit_form": (("v", "enter", "e"),),
    "person_form": (("p", "G", "k", "enter", "enter"),),
}


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "200x60"])
@pytest.mark.parametrize("where", list(SCREENS))
def test_every_screen_fits(snap_compare, app_paths, varied_database, where, size):
    assert snap_compare(_app(app_paths), terminal_size=size, run_before=_keys(*SCREENS[where]))
