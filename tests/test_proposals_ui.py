"""The Proposals register driven with Pilot: move an agreement to signed, see its timeline."""

from textual.widgets import Input, Select

from db.proposals import history, list_proposals
from screens.proposals.detail import ProposalScreen
from screens.proposals.forms import StatusForm
from tests.pilot import make_app, notices, screen_text, settle


async def _move(pilot, status: str, on: str, comment: str, meeting: bool = False) -> None:
    await pilot.press("s")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, StatusForm)
    form.query_one("#new_status", Select).value = status
    form.query_one("#on", Input).value = on
    form.query_one("#comment", Input).value = comment
    if meeting:
        select = form.query_one("#meeting_id", Select)
        select.value = select._options[1][1]  # the first meeting offered (after "(none)")
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_move_the_crime_prevention_agreement_to_signed(app_paths, demo_database):
    app = make_app(app_paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Invitation to visit Viet Nam" in text  # overdue invitations first
        await pilot.press("slash", *"crime prevention", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ProposalScreen)
        await pilot.press("s")
        await settle(pilot)
        offered = [value for _, value in app.screen.query_one("#new_status", Select)._options]
        assert "proposed" not in offered and "initialled" in offered and "signed" in offered
        await pilot.press("escape")
        await settle(pilot)
        await _move(pilot, "initialled", "1.12.2026", "Text agreed at expert level")
        await _move(pilot, "signed", "8.1.2027", "Signed in Hanoi", meeting=True)
        assert "Status changed." in notices(pilot)
        text = screen_text(pilot)
        assert "under negotiation → initialled" in text and "initialled → signed" in text
        assert "8 Jan 2027" in text and "Signed in Hanoi" in text
    crime = next(r for r in list_proposals(demo_database, "crime prevention", view="all").rows)
    steps = history(demo_database, crime.id)
    assert [s.when for s in steps] == ["2025", "1 Dec 2026", "8 Jan 2027"]
    assert steps[-1].meeting != ""


async def test_a_signed_agreement_offers_no_way_back(app_paths, demo_database):
    from datetime import date

    from db.proposals import change_status

    crime = next(r for r in list_proposals(demo_database, "crime prevention", view="all").rows)
    change_status(demo_database, crime.id, "signed", on=date(2026, 11, 1))
    app = make_app(app_paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ProposalScreen(app.context, crime.id))
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        offered = [value for _, value in app.screen.query_one("#new_status", Select)._options]
        assert "proposed" not in offered and "under negotiation" not in offered
        assert offered[:2] == ["ratified", "in force"]
