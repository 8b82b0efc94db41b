"""Calendar events taken as planned meetings: real-world invitations become meetings at the
right local times with their partner and attendees, all in one transaction; events already
here are left as they are, and re-importing our own export changes nothing."""

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from db.calendar.apply import import_events
from db.calendar.export import export_calendar
from db.calendar.read import read_calendar
from db.engine import Database
from db.errors import Invalid, NotFound
from db.meeting_changes import create_meeting
from db.meeting_input import AttendeeInput, MeetingInput
from db.models import Attendance, Meeting, MeetingPartner, Organisation, Person, Visit

# The data layer behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True

FILES = Path(__file__).parent / "calendar_files"
TABLES = ("meeting", "meetingpartner", "attendance", "meetingtopic", "topic", "person")


@pytest.fixture
def here(demo_database: Database) -> dict[str, int]:
    """The ids the imports need: the upcoming visit in Hanoi, the Austrian ministry, and two
    people (Peter Webinger with an e-mail)."""
    with demo_database.reading() as session:
        ids = {
            "visit": session.scalar(select(Visit.id).where(Visit.status == "planned")),
            "austria": session.scalar(select(Organisation.id).where(Organisation.country == "AT")),
            "webinger": session.scalar(
                select(Person.id).where(Person.full_name == "Peter Webinger")
            ),
            "hung": session.scalar(select(Person.id).where(Person.full_name == "Lê Quốc Hùng")),
        }
    demo_database.write(
        lambda session: session.execute(
            update(Person)
            .where(Person.id == ids["webinger"])
            .values(email="peter.webinger@bmi.gv.at")
        )
    )
    return ids


def dump(database: Database) -> list[tuple]:
    """Every row of the tables an import writes, to compare before and after."""
    with database.reading() as session:
        return [
            tuple(row)
            for table in TABLES
            for row in session.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))
        ]


def meetings(database: Database, ids) -> dict[str, Meeting]:
    with database.reading() as session:
        rows = session.scalars(select(Meeting).where(Meeting.id.in_(ids))).all()
    return {row.title: row for row in rows}


def attendance(database: Database, meeting_id: int) -> set[tuple[int, str]]:
    with database.reading() as session:
        rows = session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))
        return {(row.person_id, row.side) for row in rows}


def partners(database: Database, meeting_id: int) -> list[int]:
    with database.reading() as session:
        return list(
            session.scalars(
                select(MeetingPartner.organisation_id).where(
                    MeetingPartner.meeting_id == meeting_id
                )
            )
        )


def test_an_outlook_invitation_becomes_planned_meetings(demo_database, here):
    preview = read_calendar(demo_database, FILES / "outlook_invitation.ics", visit_id=here["visit"])
    result = import_events(
        demo_database,
        preview,
        [event.uid for event in preview.events],
        visit_id=here["visit"],
        partner_id=here["austria"],
    )
    assert len(result.created) == 2 and result.unchanged == 0
    made = meetings(demo_database, result.created)
    talks = made["Arbeitsgespräch Kriminalprävention"]
    assert (talks.starts_at, talks.ends_at, talks.time_zone) == (
        datetime(2027, 1, 8, 14, 30),
        datetime(2027, 1, 8, 16),
        "Asia/Ho_Chi_Minh",
    )
    assert (talks.status, talks.kind, talks.date_precision, talks.visit_id) == (
        "planned",
        "meeting",
        "minute",
        here["visit"],
    )
    assert talks.place == "Ministry of Public Security, 44 Yet Kieu, Hanoi"
    assert talks.calendar_uid == preview.events[1].uid
    # Ours or theirs by the person's organisation: MPS is our own.
    assert attendance(demo_database, talks.id) == {
        (here["webinger"], "theirs"),
        (here["hung"], "ours"),
    }
    assert partners(demo_database, talks.id) == [here["austria"]]
    call = made["Vorbesprechung Delegationsreise Hanoi"]
    assert (call.starts_at, call.time_zone) == (datetime(2026, 12, 15, 10), "Europe/Berlin")
    again = read_calendar(demo_database, FILES / "outlook_invitation.ics", visit_id=here["visit"])
    assert all(event.already_here for event in again.events)
    before = dump(demo_database)
    repeated = import_events(
        demo_database, again, [event.uid for event in again.events], visit_id=here["visit"]
    )
    assert (repeated.created, repeated.unchanged) == ((), 2)
    assert dump(demo_database) == before


def test_a_google_programme_in_utc_becomes_meetings_at_hanoi_times(demo_database, here):
    preview = read_calendar(demo_database, FILES / "google_programme.ics", visit_id=here["visit"])
    chosen = [event.uid for event in preview.events if event.title != "Delegation briefing"]
    chosen.append(next(e.uid for e in preview.events if e.title == "Delegation briefing"))
    result = import_events(demo_database, preview, chosen, visit_id=here["visit"])
    made = meetings(demo_database, result.created)
    assert set(made) == {
        "Courtesy call on the Deputy Minister",
        "Delegation briefing",
        "Excursion to Ha Long Bay",
    }
    call = made["Courtesy call on the Deputy Minister"]
    assert (call.starts_at, call.ends_at, call.time_zone) == (
        datetime(2027, 1, 8, 9),
        datetime(2027, 1, 8, 10, 30),
        "Asia/Ho_Chi_Minh",
    )
    assert attendance(demo_database, call.id) == {
        (here["webinger"], "theirs"),
        (here["hung"], "ours"),
    }
    assert partners(demo_database, call.id) == []
    assert made["Delegation briefing"].starts_at == datetime(2027, 1, 7, 7, 30)
    excursion = made["Excursion to Ha Long Bay"]
    assert (excursion.starts_at, excursion.date_precision) == (datetime(2027, 1, 10), "day")


def test_reimporting_our_own_export_changes_nothing(demo_database, here, tmp_path):
    create_meeting(
        demo_database,
        MeetingInput(
            title="Talks on extradition",
            starts="2027-01-08 14:30",
            ends="16:00",
            visit_id=here["visit"],
            partner_ids=(here["austria"],),
            attendees=(AttendeeInput(here["webinger"], "theirs", "head"),),
            topics=("extradition",),
        ),
    )
    target = tmp_path / "programme.ics"
    written = export_calendar(demo_database, here["visit"], target)
    before = dump(demo_database)
    preview = read_calendar(demo_database, target, visit_id=here["visit"])
    assert len(preview.events) == written.events == 2
    assert all(event.already_here for event in preview.events)
    result = import_events(
        demo_database,
        preview,
        [event.uid for event in preview.events],
        visit_id=here["visit"],
        partner_id=here["austria"],
    )
    assert (result.created, result.unchanged) == ((), 2)
    assert dump(demo_database) == before


def test_one_event_that_cannot_be_saved_saves_none(demo_database, here):
    preview = read_calendar(demo_database, FILES / "google_programme.ics", visit_id=here["visit"])
    last = preview.events[-1]
    gone = replace(
        last,
        attendees=(*last.attendees, replace(preview.events[0].attendees[0], person_id=999_999)),
    )
    broken = replace(preview, events=(*preview.events[:-1], gone))
    before = dump(demo_database)
    with pytest.raises(
        NotFound, match="Peter Webinger was deleted meanwhile; nothing was imported"
    ):
        import_events(
            demo_database, broken, [event.uid for event in broken.events], visit_id=here["visit"]
        )
    assert dump(demo_database) == before


@pytest.mark.parametrize(
    ("given", "error", "message"),
    [
        ({"visit_id": 9999}, NotFound, "Visit 9999 does not exist"),
        ({"partner_id": 9999}, NotFound, "Partner 9999 does not exist"),
        ({"chosen": ["no-such-event@example.org"]}, Invalid, "not an event of this calendar"),
    ],
    ids=["visit", "partner", "event"],
)
def test_what_is_not_there_is_named_and_nothing_is_saved(
    demo_database, here, given, error, message
):
    preview = read_calendar(demo_database, FILES / "outlook_invitation.ics", visit_id=here["visit"])
    given = dict(given)
    chosen = given.pop("chosen", [event.uid for event in preview.events])
    before = dump(demo_database)
    with pytest.raises(error, match=message):
        import_events(demo_database, preview, chosen, **given)
    assert dump(demo_database) == before


def test_meetings_planned_from_a_calendar_are_marked_as_their_visit(demo_database, here):
    demo_database.write(
        lambda session: session.execute(
            update(Visit).where(Visit.id == here["visit"]).values(marking=2)
        )
    )
    preview = read_calendar(demo_database, FILES / "google_programme.ics", visit_id=here["visit"])
    chosen = [event.uid for event in preview.events]
    result = import_events(demo_database, preview, chosen, visit_id=here["visit"])
    assert {meeting.marking for meeting in meetings(demo_database, result.created).values()} == {2}


def test_an_attendee_written_last_name_first_is_matched_by_name(demo_database):
    # No e-mail on record for him in the demo: only the name can match, as Outlook writes it.
    preview = read_calendar(demo_database, FILES / "outlook_invitation.ics")
    matches = {
        attendee.name: attendee.person_name
        for event in preview.events
        for attendee in event.attendees
    }
    assert matches["Webinger, Peter"] == "Peter Webinger"
