"""Handling markings where records are read: list rows, pages, search hits and Today carry
each record's level by name ("" for the lowest level), on SQLite and PostgreSQL."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlmodel import col

from db.demo import load_demo
from db.engine import Database
from db.markings import set_marking_levels
from db.meetings import get_meeting, list_meetings
from db.models import Meeting, Note, Organisation, Person, Proposal, Visit
from db.opening import open_database
from db.partners import get_partner, list_partners
from db.people import get_person, list_people
from db.proposals import get_proposal, list_proposals
from db.search import search
from db.today import today_view
from db.visits import get_visit, list_visits
from tests.helpers.clock import TODAY

BOTH_BACKENDS = True

VIENNA_TALKS = "Working session with the Austrian Ministry of the Interior"
BERLIN_TALKS = "Working session with State Secretary Christoph de Vries"
RETURN_VISIT = "Return visit: Austrian Ministry of the Interior delegation to Hanoi"
E_GOVERNMENT_NOTE = "Since 1997, Austria has implemented e-Government"


@dataclass(frozen=True)
class Marked:
    """The demo with some records marked above the lowest level, and their ids."""

    database: Database
    ministry: int  # Austria's Ministry of the Interior: RESTRICTED
    webinger: int  # a person of it: CONFIDENTIAL
    vienna: int  # a meeting: RESTRICTED, its notes too, one note CONFIDENTIAL
    e_government_note: int
    berlin: int  # a meeting: CONFIDENTIAL
    extradition: int  # a proposal: CONFIDENTIAL
    return_visit: int  # the upcoming visit: RESTRICTED


def _id(session: Session, table: type, *conditions: object) -> int:
    return int(session.scalars(select(table.id).where(*conditions)).one())


def _mark(session: Session, table: type, record_id: int, rank: int) -> None:
    session.execute(update(table).where(table.id == record_id).values(marking=rank))


@pytest.fixture(scope="module")
def marked(request: pytest.FixtureRequest, backend: str, tmp_path_factory) -> Iterator[Marked]:
    """One marked demo database per backend, for the tests that only read it."""
    if backend == "postgresql":
        target = request.getfixturevalue("postgres_server").new_database()
    else:
        target = tmp_path_factory.mktemp("markings") / "demo.db"
    database = open_database(target)
    database.actor = ""
    load_demo(database, today=TODAY)

    def mark(session: Session) -> Marked:
        vienna = _id(
            session, Meeting, col(Meeting.title) == VIENNA_TALKS, col(Meeting.place) == "Vienna"
        )
        records = Marked(
            database,
            ministry=_id(
                session,
                Organisation,
                col(Organisation.name) == "Ministry of the Interior",
                col(Organisation.country) == "AT",
            ),
            webinger=_id(session, Person, col(Person.full_name) == "Peter Webinger"),
            vienna=vienna,
            e_government_note=_id(
                session,
                Note,
                col(Note.meeting_id) == vienna,
                col(Note.text).startswith(E_GOVERNMENT_NOTE),
            ),
            berlin=_id(session, Meeting, col(Meeting.title) == BERLIN_TALKS),
            extradition=_id(session, Proposal, col(Proposal.title) == "Extradition agreement"),
            return_visit=_id(session, Visit, col(Visit.title) == RETURN_VISIT),
        )
        _mark(session, Organisation, records.ministry, 1)
        _mark(session, Person, records.webinger, 2)
        _mark(session, Meeting, records.vienna, 1)  # its notes follow it up
        _mark(session, Note, records.e_government_note, 2)
        _mark(session, Meeting, records.berlin, 2)
        _mark(session, Proposal, records.extradition, 2)
        _mark(session, Visit, records.return_visit, 1)
        return records

    yield database.write(mark)
    database.close()


def test_list_rows_name_their_marking_and_leave_the_lowest_blank(marked: Marked):
    database = marked.database
    partners = {row.id: row.marking for row in list_partners(database).rows}
    assert partners.pop(marked.ministry) == "RESTRICTED"
    assert set(partners.values()) == {""}
    people = {row.id: row.marking for row in list_people(database).rows}
    assert people.pop(marked.webinger) == "CONFIDENTIAL"
    assert set(people.values()) == {""}
    meetings = {row.id: row.marking for row in list_meetings(database).rows}
    assert (meetings.pop(marked.vienna), meetings.pop(marked.berlin)) == (
        "RESTRICTED",
        "CONFIDENTIAL",
    )
    assert set(meetings.values()) == {""}
    proposals = {row.id: row.marking for row in list_proposals(database, view="all").rows}
    assert proposals.pop(marked.extradition) == "CONFIDENTIAL"
    assert set(proposals.values()) == {""}
    visits = {row.id: row.marking for row in list_visits(database, today=TODAY).rows}
    assert visits.pop(marked.return_visit) == "RESTRICTED"
    assert set(visits.values()) == {""}


def test_pages_name_their_marking(marked: Marked):
    database = marked.database
    partner = get_partner(database, marked.ministry, TODAY)
    assert partner.marking == "RESTRICTED"
    assert {p.full_name: p.marking for p in partner.people}["Peter Webinger"] == "CONFIDENTIAL"
    assert get_person(database, marked.webinger).marking == "CONFIDENTIAL"
    assert get_proposal(database, marked.extradition, TODAY).marking == "CONFIDENTIAL"
    assert get_visit(database, marked.return_visit, TODAY).marking == "RESTRICTED"
    assert get_partner(database, list_partners(database, "berlin").rows[0].id).marking == ""


def test_a_meeting_page_names_each_notes_marking_never_below_the_meetings(marked: Marked):
    meeting = get_meeting(marked.database, marked.vienna, TODAY)
    assert meeting.marking == "RESTRICTED"
    notes = {note.id: note.marking for note in meeting.notes}
    assert notes.pop(marked.e_government_note) == "CONFIDENTIAL"
    assert notes and set(notes.values()) == {"RESTRICTED"}


def test_search_hits_carry_their_records_marking(marked: Marked):
    def markings(text: str) -> dict[tuple[str, int], str]:
        groups = search(marked.database, text, per_kind=20).groups
        return {(hit.kind, hit.record_id): hit.marking for _, hits in groups for hit in hits}

    found = markings("webinger")
    assert found[("person", marked.webinger)] == "CONFIDENTIAL"
    # The meeting Webinger attended, found through him, and the notes naming him.
    assert found[("meeting", marked.vienna)] == "RESTRICTED"
    assert {found[key] for key in found if key[0] == "note"} == {"RESTRICTED"}
    assert markings("e-government 1997")[("note", marked.e_government_note)] == "CONFIDENTIAL"
    assert markings("extradition")[("proposal", marked.extradition)] == "CONFIDENTIAL"
    assert markings("de vries")[("meeting", marked.berlin)] == "CONFIDENTIAL"
    assert markings("return visit hanoi")[("visit", marked.return_visit)] == "RESTRICTED"
    interior = markings("ministry interior")
    assert interior[("organisation", marked.ministry)] == "RESTRICTED"
    assert {interior[key] for key in interior if key[0] == "action"} <= {""}


def test_today_names_the_marking_of_its_visits_proposals_and_meetings(marked: Marked):
    board = today_view(marked.database, TODAY)
    assert {v.id: v.marking for v in board.visits} == {marked.return_visit: "RESTRICTED"}
    proposals = {p.id: p.marking for p in board.proposals}
    assert proposals.pop(marked.extradition) == "CONFIDENTIAL"
    assert set(proposals.values()) == {""}
    meetings = {m.id: m.marking for m in board.meetings}
    assert meetings[marked.vienna] == "RESTRICTED"


def test_renamed_levels_are_the_names_shown(database: Database):
    from db.partner_changes import create_organisation
    from db.partner_input import OrganisationInput

    partner = create_organisation(database, OrganisationInput(name="Bundesministerium"))
    database.write(lambda session: _mark(session, Organisation, partner, 1))
    set_marking_levels(database, ["OFFEN", "VS-NfD", "GEHEIM"])
    assert list_partners(database).rows[0].marking == "VS-NfD"
    assert get_partner(database, partner).marking == "VS-NfD"
