"""Bad input, property-tested: any unicode, markup and escape sequences in every text field.

- db level (many examples): every text field of OrganisationInput, PersonInput, MeetingInput,
  ProposalInput and VisitInput takes any text; what is stored is the text as typed minus
  control characters and escape sequences (markup such as `[/]` stays literal), or the
  input is refused with a message per field and nothing at all is written.
- dates out of range (years, months, days) are refused with a message naming the field.
- through the real ProposalForm (a few examples, Pilot): the title typed is stored and shown
  literally, escape sequences inert, and the app keeps running.
The checklist TOML importer is property-tested in db/test_checklist_import.py.
"""

import asyncio
import re
from dataclasses import replace

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from textual.widgets import Input

from db.errors import Invalid
from db.meeting_changes import create_meeting
from db.meeting_input import MeetingInput
from db.meetings import get_meeting
from db.models import Meeting, Organisation, Person, Proposal, Visit
from db.partner_changes import create_organisation
from db.partner_input import OrganisationInput, PersonInput
from db.partners import get_partner
from db.person_changes import create_person
from db.proposal_changes import create_proposal
from db.proposal_input import ProposalInput
from db.proposals import proposal_as_input
from db.text import clean_line, clean_text
from db.visit_changes import create_visit
from db.visit_input import VisitInput
from db.visits import get_visit
from tests.helpers.clock import TODAY
from tests.pilot import press, running, screen_text

HOSTILE = st.sampled_from(
    ["[bold]", "[/]", "[/oops]", "[@click=app.quit]x[/]", "\x1b[31m", "\x1b]0;title\x07",
     "\x9b2J", "\x07", "\r\n", "\t", "\u200b", "Lê Quốc Hùng", "đ", "ß", "{}", "%s", "\\"]
)  # fmt: skip
TEXT = st.one_of(st.text(max_size=60), st.lists(HOSTILE, max_size=6).map("".join))
DB_SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _counts(database) -> tuple[int, ...]:
    with database.reading() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (Organisation, Person, Meeting, Proposal, Visit)
        )


def _stored_or_refused(database, create, read, expected: dict[str, str]) -> None:
    """Saved literally (cleaned), or refused naming fields, with nothing written."""
    before = _counts(database)
    try:
        record = create()
    except Invalid as error:
        assert error.problems and all(error.problems.values())
        assert _counts(database) == before
        return
    stored = read(record)
    for name, value in expected.items():
        assert stored[name] == value, name
        assert not _UNSAFE.search(stored[name].replace("\n", ""))


@DB_SETTINGS
@given(name=TEXT, short=TEXT, description=TEXT, person=TEXT, title=TEXT, notes=TEXT)
@example("[/oops]", "\x1b]0;pwned\x07", "[@click=app.quit]x[/]", "\x1b[31mred", "", "\x9b")
def test_partners_and_people_store_any_text_literally(
    database, name, short, description, person, title, notes
):
    def read_org(org: int) -> dict[str, str]:
        partner = get_partner(database, org)
        return {"name": partner.name, "description": partner.description}

    def read_person(person_id: int) -> dict[str, str]:
        with database.reading() as session:
            row = session.get(Person, person_id)
            return {"person": row.full_name, "title": row.title, "notes": row.protocol_notes}

    org = OrganisationInput(name=name, short_name=short, description=description)
    expected = {"name": clean_line(name), "description": clean_text(description).strip()}
    _stored_or_refused(database, lambda: create_organisation(database, org), read_org, expected)
    home = create_organisation(database, OrganisationInput(name="Home"))
    data = PersonInput(full_name=person, organisation_id=home, title=title, protocol_notes=notes)
    expected = {
        "person": clean_line(person),
        "title": clean_line(title),
        "notes": clean_text(notes).strip(),
    }
    _stored_or_refused(database, lambda: create_person(database, data), read_person, expected)


@DB_SETTINGS
@given(title=TEXT, place=TEXT, summary=TEXT, topic=TEXT)
def test_meetings_store_any_text_literally(database, title, place, summary, topic):
    data = MeetingInput(title=title, place=place, summary=summary, starts="7.10.2025")

    def read(meeting_id: int) -> dict[str, str]:
        detail = get_meeting(database, meeting_id, TODAY)
        return {"title": detail.title, "place": detail.place, "summary": detail.summary}

    expected = {
        "title": clean_line(title),
        "place": clean_line(place),
        "summary": clean_text(summary).strip(),
    }
    _stored_or_refused(database, lambda: create_meeting(database, data, TODAY), read, expected)


@DB_SETTINGS
@given(title=TEXT, owner=TEXT, next_step=TEXT, description=TEXT)
def test_proposals_store_any_text_literally(database, title, owner, next_step, description):
    data = ProposalInput(title=title, owner=owner, next_step=next_step, description=description)

    def read(proposal_id: int) -> dict[str, str]:
        stored = proposal_as_input(database, proposal_id)[0]
        return {
            "title": stored.title,
            "owner": stored.owner,
            "next_step": stored.next_step,
            "description": stored.description,
        }

    expected = {
        "title": clean_line(title),
        "owner": clean_line(owner),
        "next_step": clean_line(next_step),
        "description": clean_text(description).strip(),
    }
    _stored_or_refused(
        database, lambda: create_proposal(database, data, today=TODAY), read, expected
    )


@DB_SETTINGS
@given(title=TEXT, purpose=TEXT)
def test_visits_store_any_text_literally(database, title, purpose):
    data = VisitInput(title=title, purpose=purpose, starts="1.3.2027", ends="5.3.2027")

    def read(visit_id: int) -> dict[str, str]:
        detail = get_visit(database, visit_id, TODAY)
        return {"title": detail.title, "purpose": detail.purpose}

    expected = {"title": clean_line(title), "purpose": clean_text(purpose).strip()}
    _stored_or_refused(database, lambda: create_visit(database, data, TODAY), read, expected)


# -- dates out of range ---------------------------------------------------------------------

OUT_OF_RANGE = st.one_of(
    st.builds(
        "{}.{}.{}".format,
        st.integers(1, 28),
        st.integers(1, 12),
        st.one_of(st.integers(1000, 1899), st.integers(2201, 9999)),
    ),
    st.builds("{}.{}.2026".format, st.integers(32, 99), st.integers(1, 12)),
    st.builds("{}.{}.2026".format, st.integers(1, 28), st.integers(13, 99)),
    st.sampled_from(["31.2.2026", "29.2.2027", "31.4.2026", "0.1.2026", "2026-00-10"]),
)


@settings(max_examples=80, deadline=None)
@given(day=OUT_OF_RANGE)
def test_dates_out_of_range_are_refused_with_a_message(day):
    checks = {
        "starts": lambda: MeetingInput(title="x", starts=day).cleaned(TODAY),
        "due": lambda: ProposalInput(title="x", due=day).cleaned(TODAY),
        "ends": lambda: VisitInput(title="x", starts="1.1.2026", ends=day).cleaned(TODAY),
    }
    for field, check in checks.items():
        try:
            check()
        except Invalid as error:
            assert field in error.problems and error.problems[field].strip()
        else:
            raise AssertionError(f"{field} = {day!r} was taken")


def test_a_meeting_with_a_missing_attendee_saves_nothing(database):
    from db.errors import BilateralError
    from db.meeting_input import AttendeeInput

    org = create_organisation(database, OrganisationInput(name="Partner"))
    before = _counts(database)
    data = MeetingInput(
        title="Half a meeting",
        partner_ids=(org,),
        attendees=(AttendeeInput(person_id=999, side="theirs"),),
    )
    try:
        create_meeting(database, data, TODAY)
    except BilateralError:
        pass
    else:
        raise AssertionError("a meeting with an attendee that does not exist was saved")
    assert _counts(database) == before


# -- through the real form ----------------------------------------------------------------

PILOT_TEXT = st.lists(HOSTILE | st.sampled_from(["Agreement", " on ", "crime"]), max_size=5).map(
    "".join
)


async def _type_a_proposal(app_paths, database, title: str) -> None:
    async with running(app_paths, size=(140, 40)) as pilot:
        app = pilot.app
        await press(pilot, "o")
        await press(pilot, "a")
        form = app.screen
        form.query_one("#title", Input).value = title
        await press(pilot, "ctrl+s")
        expected = clean_line(title)
        text = screen_text(pilot)
        assert "\x1b" not in text and app.is_running
        if not expected:
            assert app.screen is form and "must not be empty" in text
            return
        assert app.screen is not form
        assert expected in text  # the proposal's page: markup shown as typed
        stored = {proposal_as_input(database, r.id)[0].title for r in _all(database)}
        assert expected in stored


def _all(database):
    from db.proposals import list_proposals

    return list_proposals(database, view="all", limit=500).rows


@settings(
    max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=PILOT_TEXT)
@example("[@click=app.quit]x[/] \x1b]0;title\x07 [/oops] \x1b[31mLê Quốc Hùng")
@example("\x1b[31m\x07")
def test_the_proposal_form_takes_hostile_titles_literally(app_paths, demo_database, title):
    asyncio.run(_type_a_proposal(app_paths, demo_database, title))


def test_meeting_input_keeps_markup_literal():
    cleaned = replace(MeetingInput(title="[bold]x[/] \x1b[1mé"), starts="").cleaned(TODAY)
    assert cleaned.title == "[bold]x[/] é"
