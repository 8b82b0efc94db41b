"""The checklist screen with Pilot: a section ticked at once from its title, and items whose
source is gone from the records offered for removal when the checklist is updated."""

from db.checklists.changes import generate_checklist, set_done
from db.checklists.queries import get_checklist
from db.proposal_changes import change_status
from db.proposals import list_proposals
from db.visits import list_visits
from screens.dialogs import ConfirmScreen
from screens.visits.checklist import ChecklistScreen
from tests.conftest import TODAY
from tests.pilot import make_app, notices, screen_text, settle


def _upcoming(database) -> int:
    return list_visits(database, today=TODAY).rows[0].id


def _section(database, visit_id: int, title: str):
    view = get_checklist(database, visit_id, today=TODAY)
    return next(section for section in view.sections if section.title == title)


async def test_space_on_a_section_title_ticks_the_whole_section_then_unticks_it(
    app_paths, demo_database
):
    visit = _upcoming(demo_database)
    generate_checklist(demo_database, visit, today=TODAY)
    first = get_checklist(demo_database, visit, today=TODAY).sections[0]
    set_done(demo_database, first.items[0].id, True)  # one ticked already
    app = make_app(app_paths)
    async with app.run_test(size=(130, 45)) as pilot:
        await settle(pilot)
        app.push_screen(ChecklistScreen(app.context, visit))
        await settle(pilot)
        await pilot.press("g", "space")  # the first row: the title of the first section
        await settle(pilot)
        count = len(first.items)
        assert f"Ticked {count} items of “{first.title}”." in notices(pilot)
        assert all(item.done for item in _section(demo_database, visit, first.title).items)
        await pilot.press("space")  # all ticked: the same key unticks them
        await settle(pilot)
        assert f"Unticked {count} items of “{first.title}”." in notices(pilot)
        assert not any(item.done for item in _section(demo_database, visit, first.title).items)
        assert f"0/{get_checklist(demo_database, visit, today=TODAY).total} done" in (
            screen_text(pilot)
        )


async def test_updating_offers_to_remove_untouched_items_whose_source_is_gone(
    app_paths, demo_database
):
    visit = _upcoming(demo_database)
    generate_checklist(demo_database, visit, today=TODAY)
    briefing = next(
        s
        for s in get_checklist(demo_database, visit, today=TODAY).sections
        if s.title.startswith("Briefing: Ministry of the Interior")
    )
    items = {item.source: item for item in briefing.items}
    extradition = next(
        r for r in list_proposals(demo_database, "extradition agreement", view="all").rows
    )
    transfer = next(
        r for r in list_proposals(demo_database, "transfer of sentenced", view="all").rows
    )
    gone = items[f"proposal: {extradition.title}"]
    ticked = items[f"proposal: {transfer.title}"]
    set_done(demo_database, ticked.id, True)  # someone's work on it: it stays
    for proposal in (extradition, transfer):
        change_status(demo_database, proposal.id, "declined", on=TODAY)
    app = make_app(app_paths)
    async with app.run_test(size=(130, 45)) as pilot:
        await settle(pilot)
        app.push_screen(ChecklistScreen(app.context, visit))
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(pilot)
        assert "1 item came from records that have changed or gone" in text
        assert f"(proposal: {extradition.title})" in text
        assert transfer.title not in text  # ticked: not offered
        assert "Remove it?" in text
        await pilot.press("y")
        await settle(pilot)
        assert "Removed 1 item the records no longer call for." in notices(pilot)
    remaining = {item.id for item in _section(demo_database, visit, briefing.title).items}
    assert gone.id not in remaining and ticked.id in remaining
    again = generate_checklist(demo_database, visit, today=TODAY)
    assert again.stale == () and again.added == 0
