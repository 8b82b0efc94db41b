"""Calendar files read for a preview: real-world invitations (Outlook, Google) shown at the
right local times with their attendees matched, repeating events expanded within the visit,
and malformed or hostile files refused, naming the place, with nothing changed."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from db.calendar.errors import CalendarFileRefused
from db.calendar.read import CalendarPreview, read_calendar
from db.calendar.scan import MAX_FILE_BYTES
from db.demo import load_demo
from db.engine import Database
from db.errors import NotFound
from db.models import Person, Visit
from db.opening import open_database
from tests.helpers.clock import TODAY

FILES = Path(__file__).parent / "calendar_files"
HUNG = "Lê Quốc Hùng"
WEBINGER = "Peter Webinger"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One demo database for the tests that only read; Peter Webinger has an e-mail."""
    database = open_database(tmp_path_factory.mktemp("calendar") / "demo.db")
    load_demo(database, today=TODAY)
    database.write(
        lambda session: session.execute(
            update(Person)
            .where(Person.full_name == WEBINGER)
            .values(email="peter.webinger@bmi.gv.at")
        )
    )
    yield database
    database.close()


@pytest.fixture(scope="module")
def hanoi_visit(demo: Database) -> int:
    """The demo's upcoming visit: a stop in Hanoi, 7–10 January 2027."""
    with demo.reading() as session:
        return session.scalar(select(Visit.id).where(Visit.status == "planned"))


@pytest.fixture
def user_in_vienna(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Vienna")


def by_title(preview: CalendarPreview) -> dict[str, list]:
    events: dict[str, list] = {}
    for event in preview.events:
        events.setdefault(event.title, []).append(event)
    return events


def test_outlook_invitation_in_windows_zones_reads_at_the_local_times(demo, hanoi_visit):
    preview = read_calendar(demo, FILES / "outlook_invitation.ics", visit_id=hanoi_visit)
    assert (
        preview.source == "outlook_invitation.ics (from Microsoft Corporation Outlook 16.0 MIMEDIR)"
    )
    call, talks = preview.events
    # Vienna's "W. Europe Standard Time" is not Hanoi's clock: it keeps a zone of its own.
    assert (call.title, call.time_zone) == (
        "Vorbesprechung Delegationsreise Hanoi",
        "Europe/Berlin",
    )
    assert (call.starts_at, call.ends_at) == (
        datetime(2026, 12, 15, 10),
        datetime(2026, 12, 15, 11),
    )
    # "SE Asia Standard Time" keeps Hanoi's clock: the stop's own zone is named.
    assert (talks.title, talks.time_zone) == (
        "Arbeitsgespräch Kriminalprävention",
        "Asia/Ho_Chi_Minh",
    )
    assert (talks.starts_at, talks.ends_at) == (
        datetime(2027, 1, 8, 14, 30),
        datetime(2027, 1, 8, 16),
    )
    assert talks.place == "Ministry of Public Security, 44 Yet Kieu, Hanoi"
    assert talks.uid.startswith("040000008200E00074C5B7101A82E008") and len(talks.uid) > 80
    assert not talks.all_day and not talks.already_here
    matched = {(a.name, a.email): a.person_name for a in talks.attendees}
    assert matched == {
        # By e-mail, whatever the case, though the name is written otherwise.
        ("Webinger, Peter", "peter.webinger@bmi.gv.at"): WEBINGER,
        # By name, without the accents.
        ("Le Quoc Hung", "hung.lq@example.vn"): HUNG,
    }
    first = {a.name: a.person_id for a in call.attendees}
    assert first["Anna Gruber"] is None and first["Webinger, Peter"] is not None
    assert preview.notes == ()


def test_google_calendar_in_utc_reads_at_the_stops_local_time(demo, hanoi_visit):
    preview = read_calendar(demo, FILES / "google_programme.ics", visit_id=hanoi_visit)
    events = by_title(preview)
    [call] = events["Courtesy call on the Deputy Minister"]
    # 02:00 UTC is 09:00 in Hanoi.
    assert (call.starts_at, call.ends_at, call.time_zone) == (
        datetime(2027, 1, 8, 9),
        datetime(2027, 1, 8, 10, 30),
        "Asia/Ho_Chi_Minh",
    )
    assert {a.name: a.person_name for a in call.attendees} == {
        "Peter Webinger": WEBINGER,
        HUNG: HUNG,
        "anna.gruber@bmi.gv.at": "",
    }
    # Daily at 07:30 in Hanoi, within the visit's four days, the 9th excepted.
    briefings = events["Delegation briefing"]
    assert [b.starts_at for b in briefings] == [datetime(2027, 1, day, 7, 30) for day in (7, 8, 10)]
    assert {b.ends_at - b.starts_at for b in briefings} == {timedelta(minutes=30)}
    assert len({b.uid for b in briefings}) == 3
    [excursion] = events["Excursion to Ha Long Bay"]
    assert (
        excursion.all_day and excursion.starts_at == datetime(2027, 1, 10) and not excursion.ends_at
    )
    assert "Visit to the Police Academy" not in events
    assert preview.notes == (
        "1 repeating event expanded within the visit's dates",
        "1 cancelled event left out",
    )


def test_the_same_file_gives_the_same_uids_every_time(demo, hanoi_visit):
    path = FILES / "google_programme.ics"
    first = read_calendar(demo, path, visit_id=hanoi_visit)
    again = read_calendar(demo, path, visit_id=hanoi_visit)
    assert [e.uid for e in first.events] == [e.uid for e in again.events]


def test_without_a_visit_utc_times_are_shown_in_the_users_zone(demo, user_in_vienna, tmp_path):
    path = tmp_path / "one.ics"
    path.write_text(calendar(event("UID:one@example.org", "DTSTART:20270108T020000Z")))
    [only] = read_calendar(demo, path).events
    assert (only.starts_at, only.time_zone) == (datetime(2027, 1, 8, 3), "Europe/Vienna")
    assert only.title == "Untitled event" and only.ends_at is None


def test_changed_occurrences_in_outlooks_own_zone(demo, hanoi_visit, tmp_path):
    """Outlook's "Customized Time Zone" is known only by its VTIMEZONE: the times are read as
    the moments they are and shown in Hanoi's clock. One occurrence was moved, one cancelled."""
    zone = "TZID=Customized Time Zone"
    path = tmp_path / "briefings.ics"
    path.write_text(
        calendar(
            "BEGIN:VTIMEZONE",
            "TZID:Customized Time Zone",
            "BEGIN:STANDARD",
            "DTSTART:16010101T000000",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0100",
            "END:STANDARD",
            "END:VTIMEZONE",
            event(
                "UID:daily@example.org",
                "SUMMARY:Morning briefing",
                f"DTSTART;{zone}:20270107T013000",
                "DURATION:PT30M",
                "RRULE:FREQ=DAILY;COUNT=4",
            ),
            event(
                "UID:daily@example.org",
                f"RECURRENCE-ID;{zone}:20270108T013000",
                "SUMMARY:Morning briefing (later)",
                f"DTSTART;{zone}:20270108T020000",
                f"DTEND;{zone}:20270108T023000",
            ),
            event(
                "UID:daily@example.org",
                f"RECURRENCE-ID;{zone}:20270109T013000",
                "STATUS:CANCELLED",
                f"DTSTART;{zone}:20270109T013000",
            ),
        )
    )
    preview = read_calendar(demo, path, visit_id=hanoi_visit)
    hanoi = "Asia/Ho_Chi_Minh"
    assert [(e.title, e.starts_at, e.ends_at, e.time_zone) for e in preview.events] == [
        ("Morning briefing", datetime(2027, 1, 7, 7, 30), datetime(2027, 1, 7, 8), hanoi),
        ("Morning briefing (later)", datetime(2027, 1, 8, 8), datetime(2027, 1, 8, 8, 30), hanoi),
        ("Morning briefing", datetime(2027, 1, 10, 7, 30), datetime(2027, 1, 10, 8), hanoi),
    ]
    assert len({e.uid for e in preview.events}) == 3
    assert preview.notes == (
        "1 repeating event expanded within the visit's dates",
        "1 cancelled event left out",
    )


def test_an_unknown_visit_is_named(demo):
    with pytest.raises(NotFound, match="Visit 9999 does not exist"):
        read_calendar(demo, FILES / "google_programme.ics", visit_id=9999)


# Hostile and malformed files


def calendar(*lines: str) -> str:
    return "\r\n".join(
        ("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *lines, "END:VCALENDAR")
    )


def event(*lines: str) -> str:
    """A VEVENT beginning on line 4 of `calendar(...)`; its lines follow on 5, 6 …"""
    return "\r\n".join(("BEGIN:VEVENT", *lines, "END:VEVENT"))


GOOD = ("UID:talks@example.org", "SUMMARY:Talks", "DTSTART:20270108T090000")


def many_events(count: int) -> str:
    return calendar(
        *(event(f"UID:{n}@example.org", "DTSTART:20270108T090000") for n in range(count))
    )


HOSTILE: dict[str, tuple[bytes, tuple[str, ...], bool]] = {
    # name: (file, what the message says, with the Hanoi visit chosen)
    "empty": (b"", ("empty",), True),
    "blank": (b"\r\n  \r\n", ("empty",), True),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("Line 3", "binary data"), True),
    "not UTF-8": (
        calendar(event(*GOOD, "LOCATION:Wien")).encode().replace(b"Wien", b"Stra\xdfe"),
        ("Line 8", "0xDF is not UTF-8"),
        True,
    ),
    "not a calendar": (
        b"Dear colleagues,\nplease find the programme attached.\n",
        ("Line 1", "not a calendar file"),
        True,
    ),
    "syntax error": (
        calendar(event(*GOOD, "LOCATION Wien")).encode(),
        ("Line 8", "'LOCATION Wien' is not an iCalendar line"),
        True,
    ),
    "control characters": (
        calendar(
            event("UID:x@example.org", "SUMMARY:Talks\x1b]0;owned\x07", "DTSTART:20270108T090000")
        ).encode(),
        ("Line 6", "control character U+001B"),
        True,
    ),
    "a huge field": (
        calendar(event(*GOOD, "DESCRIPTION:" + "A" * 300_000)).encode(),
        ("Line 8", "DESCRIPTION is 300,012 characters long"),
        True,
    ),
    "a 10 MB field": (
        calendar(event(*GOOD, "DESCRIPTION:" + "A" * 10_000_000)).encode(),
        (f"at most {MAX_FILE_BYTES:,} bytes",),
        True,
    ),
    "thousands of events": (
        many_events(2000).encode(),
        ("Line 2004", "more than 500 events"),
        True,
    ),
    "never closed": (
        calendar(event(*GOOD)).removesuffix("END:VEVENT\r\nEND:VCALENDAR").encode(),
        ("Line 4", "VEVENT begun here is never closed"),
        True,
    ),
    "closed wrongly": (
        calendar(event(*GOOD)).replace("END:VEVENT", "END:VTODO").encode(),
        ("Line 8", "END:VTODO cannot close the VEVENT begun on line 4"),
        True,
    ),
    "unknown time zone": (
        calendar(
            event(
                "UID:mars@example.org",
                "SUMMARY:Talks on Mars",
                "DTSTART;TZID=Mars/Olympus:20270108T090000",
            )
        ).encode(),
        ("'Talks on Mars'", "'mars@example.org'", "line 4", "unknown time zone 'Mars/Olympus'"),
        True,
    ),
    "ends before it starts": (
        calendar(event(*GOOD, "DTEND:20270108T080000")).encode(),
        ("'Talks'", "ends (2027-01-08 08:00) before it starts (2027-01-08 09:00)"),
        True,
    ),
    "no start": (
        calendar(event("UID:x@example.org", "SUMMARY:Talks")).encode(),
        ("'Talks'", "no start (DTSTART)"),
        True,
    ),
    "absurd year": (
        calendar(event("UID:x@example.org", "SUMMARY:Talks", "DTSTART:99990108T090000")).encode(),
        ("'Talks'", "year 9999 is outside 1900–2200"),
        True,
    ),
    "broken date": (
        calendar(event("UID:x@example.org", "SUMMARY:Talks", "DTSTART:2027XX08T090000")).encode(),
        ("'Talks'", "DTSTART cannot be read"),
        True,
    ),
    "the same UID twice": (
        calendar(event(*GOOD), event(*GOOD)).encode(),
        ("line 9", "also the UID of the event on line 4"),
        True,
    ),
    "repeats every second": (
        calendar(event(*GOOD, "RRULE:FREQ=SECONDLY")).encode(),
        ("'Talks'", "repeats every second"),
        True,
    ),
    "repeats too often in the visit": (
        calendar(event(*GOOD, "RRULE:FREQ=HOURLY;BYMINUTE=0,30")).encode(),
        ("'Talks'", "repeats more than 100 times within the visit's dates"),
        True,
    ),
    "repeats with no visit chosen": (
        calendar(event(*GOOD, "RRULE:FREQ=DAILY;COUNT=3")).encode(),
        ("'Talks'", "it repeats; choose a visit"),
        False,
    ),
}


def dump(database: Database) -> list[tuple]:
    with database.reading() as session:
        return [
            tuple(row)
            for table in ("meeting", "meetingpartner", "attendance", "person")
            for row in session.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))
        ]


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_and_malformed_files_are_refused_naming_the_place(
    demo, hanoi_visit, tmp_path, name
):
    content, expected, with_visit = HOSTILE[name]
    path = tmp_path / "hostile.ics"
    path.write_bytes(content)
    before = dump(demo)
    with pytest.raises(CalendarFileRefused) as refused:
        read_calendar(demo, path, visit_id=hanoi_visit if with_visit else None)
    message = str(refused.value)
    for part in expected:
        assert part in message
    assert message.endswith("The calendar was not imported; nothing was changed.")
    assert dump(demo) == before


def test_a_file_that_cannot_be_opened_is_named(demo, tmp_path):
    with pytest.raises(CalendarFileRefused, match="missing.ics.*cannot be read"):
        read_calendar(demo, tmp_path / "missing.ics")
