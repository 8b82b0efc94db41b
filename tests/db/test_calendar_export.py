"""A visit's programme exported as a calendar file and parsed back with icalendar: an event per
meeting in the zone where it happens, the same UIDs on every export, SEQUENCE raised by a change,
and the open checklist items as to-dos."""

import os
import stat
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select, update

from db.calendar.export import calendar_bytes, export_calendar
from db.checklists.changes import set_done
from db.checklists.queries import get_checklist
from db.engine import Database
from db.errors import NotFound
from db.meeting_changes import create_meeting, update_meeting
from db.meeting_input import AttendeeInput, MeetingInput
from db.meetings import get_meeting, meeting_as_input
from db.models import Meeting, Organisation, Person
from tests.helpers.clock import NOW, TODAY

STAMP = datetime(2026, 11, 26, 14, 30, tzinfo=UTC)


def person_id(database: Database, name: str) -> int:
    with database.reading() as session:
        return session.scalar(select(Person.id).where(Person.full_name == name))


@pytest.fixture
def programme(demo_database: Database, checklist_visit: int, monkeypatch) -> dict[str, int]:
    """The upcoming visit with talks in Hanoi (Hanoi's zone), a video call in the user's own
    zone (Vienna) and a cancelled dinner, beside the demo's all-day working session."""
    monkeypatch.setenv("TZ", "Europe/Vienna")
    webinger = person_id(demo_database, "Peter Webinger")
    hung = person_id(demo_database, "Lê Quốc Hùng")
    with demo_database.reading() as session:
        austria = session.scalar(select(Organisation.id).where(Organisation.country == "AT"))

    def set_up(session) -> None:
        session.execute(update(Person).where(Person.id == webinger).values(email="pw@bmi.gv.at"))
        session.execute(update(Person).where(Person.id == hung).values(email="lqh@mps.gov.vn"))

    demo_database.write(set_up)
    talks = create_meeting(
        demo_database,
        MeetingInput(
            title="Talks on extradition",
            starts="2027-01-08 14:30",
            ends="16:00",
            place="MPS, 44 Yet Kieu",
            visit_id=checklist_visit,
            partner_ids=(austria,),
            attendees=(
                AttendeeInput(webinger, "theirs", "head"),
                AttendeeInput(hung, "ours", "member"),
            ),
            topics=("extradition",),
        ),
    )
    call = create_meeting(
        demo_database,
        MeetingInput(title="Video call", starts="2027-01-05 10:00", visit_id=checklist_visit),
    )
    dinner = create_meeting(
        demo_database,
        MeetingInput(
            title="Dinner", starts="2027-01-09 19:00", status="cancelled", visit_id=checklist_visit
        ),
    )

    def set_zones(session) -> None:
        session.execute(
            update(Meeting).where(Meeting.id == talks).values(time_zone="Asia/Ho_Chi_Minh")
        )
        session.execute(update(Meeting).where(Meeting.id == call).values(time_zone=""))

    demo_database.write(set_zones)
    return {"visit": checklist_visit, "talks": talks, "call": call, "dinner": dinner}


def exported(database: Database, visit_id: int) -> Calendar:
    return Calendar.from_ical(calendar_bytes(database, visit_id, now=STAMP))


def uid_of(database: Database, meeting_id: int) -> str:
    with database.reading() as session:
        return session.get(Meeting, meeting_id).calendar_uid


def test_every_meeting_is_an_event_in_its_own_zone(demo_database, programme):
    calendar = exported(demo_database, programme["visit"])
    events = {str(event["SUMMARY"]): event for event in calendar.events}
    assert set(events) == {
        "Talks on extradition",
        "Video call",
        "Dinner",
        "Working session with the Austrian Ministry of the Interior",
    }
    talks = events["Talks on extradition"]
    assert talks["UID"] == uid_of(demo_database, programme["talks"])
    assert talks["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert talks.start.replace(tzinfo=None) == datetime(2027, 1, 8, 14, 30)
    assert talks.end.replace(tzinfo=None) == datetime(2027, 1, 8, 16)
    assert talks.start.utcoffset() == timedelta(hours=7)
    assert str(talks["LOCATION"]) == "MPS, 44 Yet Kieu"
    assert str(talks["STATUS"]) == "TENTATIVE" and talks["SEQUENCE"] == 0
    assert talks["DTSTAMP"].dt == STAMP
    description = str(talks["DESCRIPTION"])
    assert "Kind: working session" in description
    assert (
        "Partners: Ministry of the Interior" in description and "Topics: extradition" in description
    )
    attendees = {str(a): (a.params["CN"], a.params["ROLE"]) for a in talks.attendees}
    assert attendees == {
        "mailto:lqh@mps.gov.vn": ("Lê Quốc Hùng", "REQ-PARTICIPANT"),
        "mailto:pw@bmi.gv.at": ("Peter Webinger", "CHAIR"),
    }
    # No zone of its own: the user's; no end: an hour.
    call = events["Video call"]
    assert call["DTSTART"].params["TZID"] == "Europe/Vienna"
    assert call.end - call.start == timedelta(hours=1)
    assert str(events["Dinner"]["STATUS"]) == "CANCELLED"
    # Known to the day only: an all-day event.
    session = events["Working session with the Austrian Ministry of the Interior"]
    assert session.start == date(2027, 1, 8) and session.end == date(2027, 1, 9)
    assert {zone.tz_name for zone in calendar.timezones} == {"Asia/Ho_Chi_Minh", "Europe/Vienna"}
    assert calendar.get_missing_tzids() == set()


def test_uids_stay_and_sequence_rises_when_a_meeting_changes(demo_database, programme):
    first = calendar_bytes(demo_database, programme["visit"], now=STAMP)
    assert calendar_bytes(demo_database, programme["visit"], now=STAMP) == first
    detail = get_meeting(demo_database, programme["talks"], today=TODAY)
    update_meeting(
        demo_database,
        programme["talks"],
        detail.version,
        replace(meeting_as_input(detail), ends="17:00"),
        today=TODAY,
    )
    before = {str(e["UID"]): e for e in Calendar.from_ical(first).events}
    after = {str(e["UID"]): e for e in exported(demo_database, programme["visit"]).events}
    assert set(after) == set(before)
    talks = uid_of(demo_database, programme["talks"])
    assert (before[talks]["SEQUENCE"], after[talks]["SEQUENCE"]) == (0, 1)
    assert after[talks].end.replace(tzinfo=None) == datetime(2027, 1, 8, 17)
    call = uid_of(demo_database, programme["call"])
    assert after[call]["SEQUENCE"] == before[call]["SEQUENCE"] == 0


def test_open_checklist_items_are_todos(demo_database, programme):
    view = get_checklist(demo_database, programme["visit"], today=TODAY)
    items = [item for section in view.sections for item in section.items]
    ticked = items[0]
    set_done(demo_database, ticked.id, True)
    todos = {str(todo["UID"]): todo for todo in exported(demo_database, programme["visit"]).todos}
    open_items = [item for item in items if item.id != ticked.id and not item.done]
    assert len(todos) == len(open_items) > 10
    assert all(uid.startswith("checklist-") and uid.endswith("@bilateral") for uid in todos)
    assert not any(f"-item-{ticked.id}@" in uid for uid in todos)
    dated = next(item for item in open_items if item.due_on)
    [todo] = [t for uid, t in todos.items() if uid.endswith(f"-item-{dated.id}@bilateral")]
    assert str(todo["SUMMARY"]) == dated.text
    assert todo["DUE"].dt == dated.due_on and str(todo["STATUS"]) == "NEEDS-ACTION"
    again = {str(todo["UID"]) for todo in exported(demo_database, programme["visit"]).todos}
    assert again == set(todos)


def test_the_file_is_written_private_and_whole(demo_database, programme, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "programme.ics"
    target.write_text("old")
    written = export_calendar(demo_database, programme["visit"], target)
    assert (written.path, written.events) == (target, 4)
    assert written.todos == len(Calendar.from_ical(target.read_bytes()).todos) > 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert [path.name for path in folder.iterdir()] == ["programme.ics"]


def test_an_unknown_visit_is_named(demo_database):
    with pytest.raises(NotFound, match="Visit 9999 does not exist"):
        calendar_bytes(demo_database, 9999, now=NOW)
