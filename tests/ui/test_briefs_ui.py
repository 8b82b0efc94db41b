"""The Brief page driven with Pilot: write the brief's texts, see them as typed, write the
whole brief to a file; the visit report from the visit's page."""

from textual.widgets import Input

from db.brief_text import read_brief_text
from db.meetings import list_meetings
from screens.briefs import BriefForm, BriefScreen
from screens.dialogs import PromptScreen
from screens.meetings.detail import MeetingScreen
from screens.visits.detail import VisitScreen
from tests.helpers.checklists import upcoming_visit
from tests.pilot import answer_level, notices, press, running, screen_text, settle, show

TALKING_POINTS = "Thank them for Vienna [/]"
SECOND_POINT = "[bold]x stays as typed"


async def _answer(pilot, value: str) -> None:
    pilot.app.screen.query_one(Input).value = value
    await press(pilot, "enter")


async def test_write_the_talking_points_of_a_visit_and_the_whole_brief(app_paths, demo_database):
    visit = upcoming_visit(demo_database)
    target = app_paths.exports_dir / "hanoi brief.md"
    report = app_paths.exports_dir / "hanoi report.md"
    async with running(app_paths, size=(120, 40)) as pilot:
        app = pilot.app
        await press(pilot, "v")
        await press(pilot, "enter")
        assert isinstance(app.screen, VisitScreen)
        await press(pilot, "b")
        assert isinstance(app.screen, BriefScreen)
        text = screen_text(pilot)
        assert "Return visit: Austrian Ministry of the Interior delegation to Hanoi" in text
        assert "(not written yet)" in text
        await press(pilot, "e")
        assert isinstance(app.screen, BriefForm)
        await press(pilot, "tab")  # from the purpose to the talking points
        await pilot.press(*TALKING_POINTS, "enter", *SECOND_POINT)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, BriefScreen), screen_text(pilot)
        text = screen_text(pilot)
        assert TALKING_POINTS in text and SECOND_POINT in text
        assert "Brief saved." in notices(pilot)

        await press(pilot, "ctrl+e")
        await answer_level(pilot)
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert prompt.query_one(Input).value.endswith(".pdf")  # a PDF unless told otherwise
        await _answer(pilot, str(target))
        assert "Writing the brief…" in notices(pilot)
        assert f"Brief written to {target}" in notices(pilot)

        await press(pilot, "escape")  # back on the visit's page: its report, after the visit
        await press(pilot, "r")
        await answer_level(pilot)
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert "report" in prompt.query_one(Input).value
        await _answer(pilot, str(report))
        assert f"Visit report written to {report}" in notices(pilot)
    saved = read_brief_text(demo_database, visit_id=visit)
    assert saved.talking_points == f"{TALKING_POINTS}\n{SECOND_POINT}"
    written = target.read_text(encoding="utf-8")
    assert "Thank them for Vienna" in written and "stays as typed" in written
    assert "Hanoi" in report.read_text(encoding="utf-8")


async def test_a_meeting_has_a_brief_of_its_own_and_a_too_long_marking_is_refused(
    app_paths, demo_database
):
    meeting = list_meetings(demo_database, "working session austrian").rows[0].id
    async with running(app_paths, size=(80, 24)) as pilot:
        app = pilot.app
        await show(pilot, MeetingScreen(app.context, meeting))
        await press(pilot, "b")
        assert "Brief for the meeting" in screen_text(pilot)
        await press(pilot, "e")
        await pilot.press(*"Agree the training plan")
        handling = app.screen.query_one("#handling", Input)
        handling.focus()  # the last field, under the texts
        handling.value = "R" * 81
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, BriefForm)
        text = screen_text(pilot)
        assert "Not saved: fix the fields marked above." in text and "at most 80 allowed" in text
        handling.value = "RESTRICTED"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, BriefScreen)
        assert "Handling: RESTRICTED" in screen_text(pilot)
    saved = read_brief_text(demo_database, meeting_id=meeting)
    assert (saved.purpose, saved.handling) == ("Agree the training plan", "RESTRICTED")


async def test_what_is_typed_the_moment_the_form_opens_goes_into_the_purpose(
    app_paths, demo_database
):
    async with running(app_paths, size=(80, 24)) as pilot:
        await press(pilot, "v")
        await press(pilot, "enter")
        await press(pilot, "b")
        await pilot.press("e", *"Agree the text")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, BriefForm)
        assert form.query_one("#purpose").text == "Agree the text"
        assert form.query_one("#handling", Input).value == ""
