"""The Proposals register driven with Pilot: move an agreement to signed, see its timeline."""

from textual.widgets import Input, Select

from db.proposals import history, list_proposals
from screens.proposals.detail import ProposalScreen
from screens.proposals.form import ProposalForm
from screens.proposals.status_form import StatusForm
from tests.pilot import notices, press, running, screen_text, settle, show
from tui.config import Config


async def _move(pilot, status: str, on: str, comment: str, meeting: bool = False) -> None:
    await press(pilot, "s")
    form = pilot.app.screen
    assert isinstance(form, StatusForm)
    form.query_one("#new_status", Select).value = status
    form.query_one("#on", Input).value = on
    form.query_one("#comment", Input).value = comment
    if meeting:
        select = form.query_one("#meeting_id", Select)
        select.value = select._options[1][1]  # the first meeting offered (after "(none)")
    await press(pilot, "ctrl+s")


async def test_move_the_crime_prevention_agreement_to_signed(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "o")
        text = screen_text(pilot)
        assert "Invitation to visit V" in text  # overdue invitations first
        await press(pilot, "slash", *"crime prevention", "enter", "enter")
        assert isinstance(app.screen, ProposalScreen)
        await press(pilot, "s")
        offered = [value for _, value in app.screen.query_one("#new_status", Select)._options]
        assert "proposed" not in offered and "initialled" in offered and "signed" in offered
        await press(pilot, "escape")
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

    from db.proposal_changes import change_status

    crime = next(r for r in list_proposals(demo_database, "crime prevention", view="all").rows)
    change_status(demo_database, crime.id, "signed", on=date(2026, 11, 1))
    async with running(app_paths) as pilot:
        app = pilot.app
        await show(pilot, ProposalScreen(app.context, crime.id))
        await press(pilot, "s")
        offered = [value for _, value in app.screen.query_one("#new_status", Select)._options]
        assert "proposed" not in offered and "under negotiation" not in offered
        assert offered[:2] == ["ratified", "in force"]


async def test_add_a_proposal_find_it_under_mine_then_withdraw_it(app_paths, demo_database):
    async with running(app_paths, Config(me="Hoa"), size=(140, 40)) as pilot:
        app = pilot.app
        await press(pilot, "o")
        await press(pilot, "3")  # mine: nothing of Hoa's yet
        assert "No open proposals owned by Hoa." in screen_text(pilot)
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, ProposalForm)
        await pilot.press(*"Forensics training [/] for 12 officers")
        form.query_one("#kind", Select).value = "training"
        form.query_one("#owner", Input).value = "Nguyễn Thị Hoa"
        form.query_one("#due", Input).value = "15.1.2027"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ProposalScreen)
        text = screen_text(pilot)
        assert "Forensics training [/] for 12 officers" in text
        assert "Owner: Nguyễn Thị Hoa" in text and "Due: 15 Jan 2027" in text
        await press(pilot, "escape")
        text = screen_text(pilot)
        assert "Forensics training" in text and "1 proposal" in text  # still the "mine" view
        await press(pilot, "enter")
        await press(pilot, "w")
        assert isinstance(app.screen, StatusForm)
        assert app.screen.query_one("#new_status", Select).value == "withdrawn"
        app.screen.query_one("#comment", Input).value = "Budget cut"
        await press(pilot, "ctrl+s")
        assert "proposed → withdrawn" in screen_text(pilot)
        await press(pilot, "escape")
        assert "No open proposals owned by Hoa." in screen_text(pilot)


async def test_add_an_offer_made_earlier_dated_when_it_was_made(app_paths, demo_database):
    async with running(app_paths, size=(140, 40)) as pilot:
        app = pilot.app
        await press(pilot, "o")
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, ProposalForm)
        await pilot.press(*"Joint research on document security")
        form.query_one("#kind", Select).value = "cooperation"
        await settle(pilot)
        offered = [value for _, value in form.query_one("#status", Select)._options]
        assert "in implementation" in offered
        assert form.query_one("#since", Input).value == "today"
        form.query_one("#status", Select).value = "accepted"
        form.query_one("#since", Input).focus()
        form.query_one("#since", Input).value = "Oct 2024"
        await settle(pilot)
        assert "read as Oct 2024" in screen_text(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ProposalScreen)
        text = screen_text(pilot)
        assert "Oct 2024  accepted" in text and "on record since Oct 2024" in text
        assert "26 Nov 2026" not in text


async def test_a_joint_proposal_reads_proposed_jointly(app_paths, demo_database):
    exchange = next(r for r in list_proposals(demo_database, "delegation exchanges").rows)
    async with running(app_paths, size=(140, 40)) as pilot:
        app = pilot.app
        await show(pilot, ProposalScreen(app.context, exchange.id))
        text = screen_text(pilot)
        assert "proposed jointly" in text and "proposed by jointly" not in text


async def test_register_filters_by_kind_and_signed_this_year(app_paths, demo_database):
    from datetime import date

    from db.proposal_changes import change_status

    crime = next(r for r in list_proposals(demo_database, "crime prevention", view="all").rows)
    change_status(demo_database, crime.id, "signed", on=date(2026, 6, 2))
    async with running(app_paths, size=(140, 40)) as pilot:
        app = pilot.app
        await press(pilot, "o")
        app.screen.query_one("#filter-kind", Select).value = "invitation"
        await settle(pilot)
        text = screen_text(pilot)
        assert "2 proposals" in text and "Agreement on the" not in text
        app.screen.query_one("#filter-kind", Select).clear()
        await press(pilot, "4")
        text = screen_text(pilot)
        assert "Cooperation Agreement" in text and "1 proposal" in text


async def test_link_an_existing_proposal_to_a_meeting_from_its_page(app_paths, demo_database):
    crime = next(r for r in list_proposals(demo_database, "crime prevention", view="all").rows)
    async with running(app_paths, size=(140, 40)) as pilot:
        app = pilot.app
        await show(pilot, ProposalScreen(app.context, crime.id))
        assert "8 Jan 2027 · Working session" not in screen_text(pilot)
        await press(pilot, "l")
        await press(pilot, *"hanoi")
        await press(pilot, "enter")
        assert "Linked to the meeting." in notices(pilot)
        assert "8 Jan 2027 · Working session with the Austrian" in screen_text(pilot)


async def test_a_partners_page_opens_its_proposals(app_paths, demo_database):
    from db.partners import list_partners
    from screens.partners.detail import PartnerScreen
    from screens.proposals.table import ProposalTable

    bmi_de = next(r for r in list_partners(demo_database, "federal ministry interior").rows)
    async with running(app_paths, size=(140, 50)) as pilot:
        app = pilot.app
        await show(pilot, PartnerScreen(app.context, bmi_de.id))
        assert "25 Oct 2025" in screen_text(pilot)  # the overdue invitation
        table = app.screen.query_one(ProposalTable)
        table.focus()
        await press(pilot, "enter")
        assert isinstance(app.screen, ProposalScreen)


async def test_the_partner_filter_offers_the_partners_and_narrows_the_register(
    app_paths, demo_database
):
    async with running(app_paths, size=(140, 40)) as pilot:
        app = pilot.app
        await press(pilot, "o", "5")
        partner = app.screen.query_one("#filter-partner", Select)
        offered = {label: value for label, value in partner._options}
        assert "Austrian State Printing House (AT)" in offered  # filled after the first rows
        partner.value = offered["Austrian State Printing House (AT)"]
        await settle(pilot)
        text = screen_text(pilot)
        assert "1 proposal" in text and "Cooperation in digi" in text


async def test_an_owner_added_elsewhere_is_offered_when_the_filter_is_next_used(
    app_paths, demo_database
):
    async with running(app_paths, size=(140, 40)) as pilot:
        app = pilot.app
        await press(pilot, "o")
        owners = app.screen.query_one("#filter-owner", Select)
        assert "Trần Văn Nam" not in {label for label, _ in owners._options}
        await press(pilot, "a")
        form = app.screen
        await pilot.press(*"Border liaison visit")
        form.query_one("#kind", Select).value = "training"
        form.query_one("#owner", Input).value = "Trần Văn Nam"
        await press(pilot, "ctrl+s")
        await press(pilot, "escape")
        owners = app.screen.query_one("#filter-owner", Select)
        owners.focus()
        await settle(pilot)
        assert "Trần Văn Nam" in {label for label, _ in owners._options}
