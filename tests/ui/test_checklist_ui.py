"""The checklist screen with Pilot: a section ticked at once from its title, and items whose
source is gone from the records offered for removal when the checklist is updated."""

from db.checklists.changes import generate_checklist, set_done
from db.checklists.queries import get_checklist
from db.proposal_changes import change_status
from db.proposals import list_proposals
from screens.dialogs import ConfirmScreen
from screens.visits.checklist import ChecklistScreen
from tests.helpers.clock import TODAY
from tests.pilot import notices, press, running, screen_text, show


def _section(database, visit_id: int, title: str):
    view = get_checklist(database, visit_id, today=TODAY)
    return next(section for section in view.sections if section.title == title)


async def test_space_on_a_section_title_ticks_the_whole_section_then_unticks_it(
    app_paths, demo_database, checklist_visit
):
    first = get_checklist(demo_database, checklist_visit, today=TODAY).sections[0]
    set_done(demo_database, first.items[0].id, True)  # one ticked already
    async with running(app_paths, size=(130, 45)) as pilot:
        app = pilot.app
        await show(pilot, ChecklistScreen(app.context, checklist_visit))
        await press(pilot, "g", "space")  # the first row: the title of the first section
        count = len(first.items)
        assert f"Ticked {count} items of “{first.title}”." in notices(pilot)
        assert all(
            item.done for item in _section(demo_database, checklist_visit, first.title).items
        )
        await press(pilot, "space")  # all ticked: the same key unticks them
        assert f"Unticked {count} items of “{first.title}”." in notices(pilot)
        assert not any(
            item.done for item in _section(demo_database, checklist_visit, first.title).items
        )
        assert f"0/{get_checklist(demo_database, checklist_visit, today=TODAY).total} done" in (
            screen_text(pilot)
        )


async def test_updating_offers_to_remove_untouched_items_whose_source_is_gone(
    app_paths, demo_database, checklist_visit
):
    briefing = next(
        s
        for s in get_checklist(demo_database, checklist_visit, today=TODAY).sections
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
    async with running(app_paths, size=(130, 45)) as pilot:
        app = pilot.app
        await show(pilot, ChecklistScreen(app.context, checklist_visit))
        await press(pilot, "u")
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(pilot)
        assert "1 item came from records that have changed or gone" in text
        assert f"(proposal: {extradition.title})" in text
        assert transfer.title not in text  # ticked: not offered
        assert "Remove it?" in text
        await press(pilot, "y")
        assert "Removed 1 item the records no longer call for." in notices(pilot)
    remaining = {item.id for item in _section(demo_database, checklist_visit, briefing.title).items}
    assert gone.id not in remaining and ticked.id in remaining
    again = generate_checklist(demo_database, checklist_visit, today=TODAY)
    assert again.stale == () and again.added == 0
