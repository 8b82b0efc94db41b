"""The list filters find records by the words they hold now, ignoring case and diacritics, on
SQLite and PostgreSQL: after an edit, in a database upgraded from before, in rows another
program writes on the server, and in a copy from a laptop to the server."""

import uuid
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from db.database_copy import copy_database, database_checksum
from db.engine import Database
from db.meeting_changes import create_meeting, update_meeting
from db.meeting_input import AttendeeInput, MeetingInput
from db.meetings import list_meetings
from db.migrate import upgrade
from db.models import Meeting, Organisation
from db.opening import open_database
from db.partner_changes import create_organisation, update_organisation
from db.partner_input import OrganisationInput, PersonInput
from db.partners import list_partners
from db.people import list_people, search_people
from db.person_changes import create_person, update_person
from db.proposal_changes import create_proposal, update_proposal
from db.proposal_input import ProposalInput
from db.proposals import list_proposals
from db.versioned import update_versioned
from tests.helpers.clock import TODAY

BOTH_BACKENDS = True


def partners(database: Database, query: str) -> set[int]:
    return {row.id for row in list_partners(database, query).rows}


def people(database: Database, query: str) -> set[int]:
    return {row.id for row in list_people(database, query).rows}


def meetings(database: Database, query: str) -> set[int]:
    return {row.id for row in list_meetings(database, query).rows}


def proposals(database: Database, query: str) -> set[int]:
    return {row.id for row in list_proposals(database, query, view="all", today=TODAY).rows}


def test_a_renamed_organisation_is_found_by_its_new_name_only(database):
    interior = OrganisationInput(name="Ministry of the Interior", kind="ministry", country="AT")
    org = create_organisation(database, interior)
    meeting = create_meeting(database, MeetingInput(title="Talks", partner_ids=(org,)))

    renamed = OrganisationInput(
        name="Bundesministerium für Inneres", short_name="BMI", kind="ministry", country="AT"
    )
    update_organisation(database, org, 1, renamed)

    assert partners(database, "interior") == meetings(database, "interior") == set()
    assert partners(database, "fur inneres") == partners(database, "bmi") == {org}
    assert meetings(database, "INNERES") == meetings(database, "bmi") == {meeting}
    # A partner's kind and country find it in the Partners list, not its meetings.
    assert partners(database, "ministry") == partners(database, "austria") == {org}
    assert meetings(database, "ministry") == set()


def test_a_renamed_person_is_found_by_the_new_name_only(database):
    person = create_person(
        database, PersonInput(full_name="Lê Quốc Hùng", position="Deputy Minister")
    )
    attendee = AttendeeInput(person, "theirs")
    meeting = create_meeting(database, MeetingInput(title="Talks", attendees=(attendee,)))

    update_person(
        database, person, 1, PersonInput(full_name="Nguyễn Văn Long", position="Deputy Minister")
    )

    assert people(database, "hung") == meetings(database, "hung") == set()
    assert people(database, "van long") == people(database, "deputy") == {person}
    assert [choice.id for choice in search_people(database, "nguyen")] == [person]
    # A meeting is found by its attendees' names, not their positions.
    assert meetings(database, "long") == {meeting}
    assert meetings(database, "deputy") == set()


def test_a_changed_meeting_is_found_by_its_new_words_only(database):
    meeting = create_meeting(
        database, MeetingInput(title="Border talks", place="Hà Nội", summary="Agreed on visas.")
    )

    changed = MeetingInput(
        title="Cyber dialogue", kind="videoconference", place="Đà Nẵng", summary="Agreed on visas."
    )
    update_meeting(database, meeting, 1, changed)

    assert meetings(database, "border") == meetings(database, "ha noi") == set()
    assert meetings(database, "cyber dialogue") == meetings(database, "visas") == {meeting}
    assert meetings(database, "đà nẵng") == meetings(database, "videoconf") == {meeting}


def test_a_changed_proposal_is_found_by_its_new_words_only(database):
    org = create_organisation(database, OrganisationInput(name="Ministry of Public Security"))
    proposal = create_proposal(
        database, ProposalInput(title="Police training", partner_id=org), today=TODAY
    )

    changed = ProposalInput(title="Extradition treaty", owner="Anna Wójcik", partner_id=org)
    update_proposal(database, proposal, 1, changed)

    assert proposals(database, "training") == set()
    assert proposals(database, "extradition") == proposals(database, "wojcik") == {proposal}
    assert proposals(database, "security cooperation") == {proposal}


def test_diacritics_and_case_are_ignored_on_both_sides(database):
    hanoi = create_meeting(database, MeetingInput(title="Talks", place="Hà Nội"))
    danang = create_meeting(database, MeetingInput(title="Visit to Đà Nẵng"))
    lodz = create_meeting(database, MeetingInput(title="Consultations", place="Łódź"))

    assert meetings(database, "hà nội") == meetings(database, "HA NOI") == {hanoi}
    assert meetings(database, "Đà Nẵng") == meetings(database, "da nang") == {danang}
    # Ł is a letter of its own, not an L with a mark: ó and ź are folded, ł is kept.
    assert meetings(database, "łodz") == meetings(database, "ŁÓDŹ") == {lodz}


def test_an_update_of_some_columns_keeps_the_words_of_the_others(database):
    meeting = create_meeting(database, MeetingInput(title="Border talks", place="Wien"))

    database.write(
        lambda session: update_versioned(
            session, Meeting, meeting, 1, {"title": "Cyber dialogue"}, "meeting"
        )
    )

    assert meetings(database, "cyber") == meetings(database, "wien") == {meeting}
    assert meetings(database, "border") == set()


def test_a_record_changed_in_a_write_session_is_found_by_its_new_words(database):
    org = create_organisation(database, OrganisationInput(name="Ministry of Public Security"))

    def rename(session):
        session.get(Organisation, org).short_name = "MPS"

    database.write(rename)

    assert partners(database, "mps") == {org}


def _new_target(request: pytest.FixtureRequest, backend: str, folder: Path) -> str | Path:
    """A new, empty database's target on the backend."""
    if backend == "postgresql":
        server = request.getfixturevalue("postgres_server")
        name = f"t_{uuid.uuid4().hex[:12]}"
        with server.admin() as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return server.url(name)
    return folder / "old.db"


OLD_RECORDS = (
    """INSERT INTO organisation (id, name, short_name, kind, country, is_own, description,
       created_at, updated_at) VALUES (1, 'Ministry of Public Security', 'MPS', 'ministry',
       'VN', :no, '', :now, :now)""",
    """INSERT INTO person (id, full_name, sort_name, title, position, organisation_id,
       form_of_address, languages, protocol_notes, created_at, updated_at) VALUES
       (1, 'Lê Quốc Hùng', 'le quoc hung', '', 'Deputy Minister', 1, '', '', '', :now, :now)""",
    """INSERT INTO meeting (id, title, kind, date_precision, place, status, summary, created_at,
       updated_at) VALUES (1, 'Border talks', 'working session', 'day', 'Đà Nẵng', 'held',
       'Agreed on visas.', :now, :now)""",
    "INSERT INTO meetingpartner (meeting_id, organisation_id) VALUES (1, 1)",
    "INSERT INTO attendance (meeting_id, person_id, side, role) VALUES (1, 1, 'theirs', '')",
    """INSERT INTO proposal (id, title, description, kind, proposed_by, partner_id, status,
       owner, next_step, created_at, updated_at) VALUES (1, 'Police training', '',
       'cooperation', 'us', 1, 'proposed', 'Anna Wójcik', '', :now, :now)""",
)


def test_an_older_database_has_its_records_found_after_the_upgrade(request, backend, tmp_path):
    target = _new_target(request, backend, tmp_path)
    old = open_database(target, migrate=False)
    upgrade(old, "0015")
    with old.engine.begin() as connection:
        for statement in OLD_RECORDS:
            connection.execute(text(statement), {"no": False, "now": datetime(2025, 10, 1)})
    old.close()

    database = open_database(target)

    assert partners(database, "security") == partners(database, "ministry vn") == {1}
    assert people(database, "hung") == people(database, "deputy mps") == {1}
    assert meetings(database, "da nang visas") == meetings(database, "hung mps") == {1}
    assert meetings(database, "deputy") == set()
    assert proposals(database, "wojcik training") == proposals(database, "mps") == {1}
    database.close()


def test_rows_another_program_writes_on_the_server_are_found(postgres_server):
    database = open_database(postgres_server.new_database())
    lodz = create_organisation(database, OrganisationInput(name="Biuro Łódź"))

    def run(statement: str) -> int:
        with database.engine.begin() as connection:
            return connection.execute(
                text(statement), {"no": False, "now": datetime(2025, 10, 1)}
            ).scalar_one()

    org = run(
        """INSERT INTO organisation (name, short_name, kind, country, is_own, description,
           created_at, updated_at) VALUES ('Urząd Miasta', 'UM', 'other', 'PL', :no, '', :now,
           :now) RETURNING id"""
    )
    assert partners(database, "urzad") == {org}

    run(f"UPDATE organisation SET name = 'Komenda Policji' WHERE id = {org} RETURNING id")
    assert partners(database, "komenda") == {org}
    assert partners(database, "urzad") == set()

    # A change that leaves the words alone keeps the text the app folded (Ł as it folds it).
    run(f"UPDATE organisation SET description = 'Poland' WHERE id = {lodz} RETURNING id")
    assert partners(database, "łódź") == {lodz}
    database.close()


def test_a_copy_from_a_laptop_to_the_server_verifies_and_finds_the_same(tmp_path, postgres_server):
    laptop = open_database(tmp_path / "laptop.db")
    org = create_organisation(laptop, OrganisationInput(name="Urząd Miasta Łodzi", country="PL"))
    meeting = create_meeting(laptop, MeetingInput(title="Talks", place="Łódź", partner_ids=(org,)))
    server = open_database(postgres_server.new_database())

    copied = copy_database(laptop, server)

    assert copied.checksum == database_checksum(laptop) == database_checksum(server)
    assert meetings(server, "łódź") == meetings(server, "łodzi") == {meeting}
    assert partners(server, "urzad łodzi") == {org}
    laptop.close()
    server.close()
