"""Calendars on the visit page driven with Pilot: a file's events previewed and planned as
meetings, a bad file refused in words, the programme written as iCalendar."""

from pathlib import Path

from icalendar import Calendar
from sqlalchemy import func, select
from textual.widgets import Input

from db.models import Meeting
from db.visits import get_visit
from screens.calendar_import import CalendarImportScreen
from screens.dialogs import PromptScreen
from screens.visits.detail import VisitScreen
from tests.helpers.checklists import upcoming_visit
from tests.helpers.clock import TODAY
from tests.pilot import answer_level, notices, press, running, screen_text, show

INVITATION = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Embassy//Programme//EN
BEGIN:VEVENT
UID:talks-2027-01@embassy.example
DTSTAMP:20261120T100000Z
DTSTART;TZID=Asia/Ho_Chi_Minh:20270108T090000
DTEND;TZID=Asia/Ho_Chi_Minh:20270108T103000
SUMMARY:Talks on [bold]x training [/]
LOCATION:Government Guest House
END:VEVENT
END:VCALENDAR
"""


def _meetings(database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(Meeting)) or 0


async def _answer_prompt(pilot, value: str) -> None:
    prompt = pilot.app.screen
    assert isinstance(prompt, PromptScreen)
    prompt.query_one(Input).value = value
    await press(pilot, "enter")


async def test_an_event_ticked_in_the_preview_becomes_a_planned_meeting(
    app_paths, demo_database, tmp_path: Path
):
    visit = upcoming_visit(demo_database)
    source = tmp_path / "programme.ics"
    source.write_text(INVITATION, encoding="utf-8")
    before = _meetings(demo_database)
    async with running(app_paths, size=(120, 40)) as pilot:
        app = pilot.app
        await show(pilot, VisitScreen(app.context, visit))
        await press(pilot, "I")
        await _answer_prompt(pilot, str(source))
        assert isinstance(app.screen, CalendarImportScreen), notices(pilot)
        text = screen_text(pilot)
        assert "2027-01-08 09:00–10:30 Asia/Ho_Chi_Minh" in text
        assert "Talks on [bold]x training [/]" in text  # as written, never markup
        await press(pilot, "ctrl+s")
        assert "1 meeting planned." in notices(pilot)
        assert isinstance(app.screen, VisitScreen)
        assert "Talks on [bold]x training [/]" in screen_text(pilot)  # in the programme
    assert _meetings(demo_database) == before + 1
    programme = get_visit(demo_database, visit, TODAY).programme
    assert any(row.title == "Talks on [bold]x training [/]" for row in programme)


async def test_a_file_that_is_no_calendar_is_refused_and_changes_nothing(
    app_paths, demo_database, tmp_path: Path
):
    visit = upcoming_visit(demo_database)
    source = tmp_path / "notes.ics"
    source.write_text("Meeting at nine, bring the [bold]draft[/bold]\n", encoding="utf-8")
    before = _meetings(demo_database)
    async with running(app_paths, size=(80, 24)) as pilot:
        app = pilot.app
        await show(pilot, VisitScreen(app.context, visit))
        await press(pilot, "I")
        await _answer_prompt(pilot, str(source))
        assert isinstance(app.screen, VisitScreen)
        assert "Nothing imported:" in notices(pilot)
    assert _meetings(demo_database) == before


async def test_the_programme_is_written_as_an_icalendar_file(app_paths, demo_database):
    visit = upcoming_visit(demo_database)
    target = app_paths.exports_dir / "hanoi.ics"
    app_paths.exports_dir.mkdir()
    async with running(app_paths, size=(120, 40)) as pilot:
        app = pilot.app
        await show(pilot, VisitScreen(app.context, visit))
        await press(pilot, "i")
        await answer_level(pilot)
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        offered = prompt.query_one(Input).value
        assert offered == str(
            app_paths.exports_dir
            / "Return visit Austrian Ministry of the Interior delegation to Hanoi.ics"
        )
        await _answer_prompt(pilot, str(target))
        assert f"1 meeting and 0 open items written to {target}" in notices(pilot)
    calendar = Calendar.from_ical(target.read_bytes())
    titles = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert titles == ["Working session with the Austrian Ministry of the Interior"]
