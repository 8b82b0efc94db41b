"""A visit's checklist: tick, add, edit, dismiss, regenerate, views, and export to TOML."""

from typing import NamedTuple

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from db.checklists.shapes import ChecklistSection, ChecklistView, ItemRow, StaleItem
from db.text import counted
from screens.context import AppContext
from screens.dialogs import ConfirmScreen
from screens.footer import KeyFooter
from screens.keymap import bindings
from screens.record import RecordScreen
from screens.visits.item_form import ItemFields, ItemForm
from screens.widgets import Col, KeyTable, TopBar, cell, plain

VIEW_TITLES = {"all": "all", "mine": "mine", "overdue": "overdue", "week": "due this week"}
SECTION_KEY = "section:"
# The question about items whose source is gone lists at most this many of them.
STALE_LISTED = 5


class ChecklistTable(KeyTable, group="Checklist"):
    """Items under their section titles; space ticks (on a title: the whole section), enter
    edits."""


class VisitChecklist(NamedTuple):
    """What the checklist's page shows: the visit's title and dates, and its checklist."""

    title: str
    dates: str
    checklist: ChecklistView


class ChecklistScreen(RecordScreen[VisitChecklist]):
    """Everything to do before the visit, with who does it and by when."""

    TITLE = "Checklist"
    BINDINGS = bindings("ChecklistScreen")

    def __init__(self, context: AppContext, visit_id: int) -> None:
        super().__init__(context, visit_id)  # the page's `record_id` is the visit's
        self.view = "all"
        self.items: dict[int, ItemRow] = {}

    @property
    def checklist(self) -> ChecklistView | None:
        return self.detail.checklist if self.detail else None

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(classes="list-pane", id="checklist-pane"):
            yield ChecklistTable(id="checklist")
            yield Static("", id="checklist-item")
            yield Static("Loading…", id="checklist-count")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(ChecklistTable)
        table.set_columns(
            (
                Col("", 3),
                Col("Item", 60, grow=4, least=36),
                Col("Due", 11),
                Col("Owner", 14, grow=1, least=8, drop=1),
                Col("From", 16, grow=1, least=10, drop=2),
            )
        )
        table.focus()

    def fetch(self) -> VisitChecklist:
        from db.checklists.queries import get_checklist
        from db.visits import get_visit

        database = self.context.database()
        today = self.context.today()
        visit = get_visit(database, self.record_id, today)
        checklist = get_checklist(
            database, self.record_id, view=self.view, me=self.context.me, today=today
        )
        return VisitChecklist(visit.title, visit.dates, checklist)

    def show(self, detail: VisitChecklist) -> None:
        title, dates, checklist = detail
        self.query_one(TopBar).show(f"Visits ▸ {title} ▸ Checklist", dates)
        table = self.query_one(ChecklistTable)
        keep = self.selected_item
        table.clear()
        self.items = {}
        for index, section in enumerate(checklist.sections):
            table.add_row(
                Text(""), plain(section.title, "bold underline"), key=f"{SECTION_KEY}{index}"
            )
            for item in section.items:
                self.items[item.id] = item
                table.add_row(*self.cells(item), key=str(item.id))
        if keep is not None and str(keep.id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep.id)))
        self.query_one("#checklist-count", Static).update(self.count_line(checklist))

    def cells(self, item: ItemRow) -> tuple[Text, ...]:
        style = "dim strike" if item.done else ""
        return (
            Text("[x]" if item.done else "[ ]", style="green" if item.done else ""),
            cell(item.text, style),
            cell(item.due, "bold red" if item.overdue else style),
            cell(item.owner, style),
            cell(item.source, "dim"),
        )

    def count_line(self, checklist: ChecklistView) -> Text:
        if not checklist.exists:
            return plain("No checklist yet: u generates it from the template and the records.")
        line = Text(f"{checklist.done}/{checklist.total} done")
        if checklist.overdue:
            line.append(f" · {checklist.overdue} overdue", style="bold red")
        line.append_text(plain(f"   view: {VIEW_TITLES[self.view]} (1–4)", "dim"))
        shown = sum(len(section.items) for section in checklist.sections)
        if self.view != "all":
            line.append_text(plain(f" · {shown} shown", "dim"))
        return line

    @on(DataTable.RowHighlighted)
    def describe_item(self) -> None:
        """Under the list: who ticked or changed the highlighted item, and when."""
        item = self.selected_item
        line = Text()
        if item is not None and item.changed_by:
            verb = "Ticked" if item.done else "Changed"
            line = plain(f"{verb} by {item.changed_by}, {item.changed_on}", "dim")
        elif item is not None:
            line = plain(f"From: {item.source}" if item.generated else "", "dim")
        self.query_one("#checklist-item", Static).update(line)

    @property
    def selected_item(self) -> ItemRow | None:
        key = self.query_one(ChecklistTable).cursor_key
        if not key or key.startswith(SECTION_KEY):
            return None
        return self.items.get(int(key))

    def selected_section(self) -> str:
        """The section of the highlighted row (an item's, or the title's itself)."""
        section = self.selected_checklist_section()
        if section is not None:
            return section.title
        item = self.selected_item
        return item.section if item else ""

    def action_view(self, view: str) -> None:
        self.view = view
        self.load()

    # Not `action_toggle`: that is Textual's (DOMNode.action_toggle toggles an attribute).
    def action_toggle_tick(self) -> None:
        item = self.selected_item
        if item is not None:
            self.tick(item.id, not item.done)
            return
        section = self.selected_checklist_section()
        if section is None:
            return
        if not section.items:
            self.app.notify(f"“{section.title}” has no items to tick.")
            return
        # Ticks them all; when all are ticked already, unticks them all.
        done = not all(row.done for row in section.items)
        self.tick_section(section.title, tuple(row.id for row in section.items), done)

    def selected_checklist_section(self) -> ChecklistSection | None:
        """The section whose title row is highlighted (None on an item)."""
        key = self.query_one(ChecklistTable).cursor_key
        if self.checklist is None or not key or not key.startswith(SECTION_KEY):
            return None
        return self.checklist.sections[int(key.removeprefix(SECTION_KEY))]

    @work(thread=True, group="checklist-write", exit_on_error=False)
    def tick_section(self, title: str, item_ids: tuple[int, ...], done: bool) -> None:
        from db.checklists.changes import set_all_done

        def change(database) -> None:  # noqa: ANN001 - db.engine.Database
            set_all_done(database, item_ids, done)
            what = counted(len(item_ids), "item")
            message = f"{'Ticked' if done else 'Unticked'} {what} of “{title}”."
            self.app.call_from_thread(self.app.notify, message)

        self.apply_change(change)

    @work(thread=True, group="checklist-write", exit_on_error=False)
    def tick(self, item_id: int, done: bool) -> None:
        from db.checklists.changes import set_done

        self.apply_change(lambda database: set_done(database, item_id, done))

    def apply_change(self, change) -> None:  # noqa: ANN001 - Callable[[Database], object]
        """Run a change (in a worker), then reload; a refusal is shown in words."""
        from db.errors import BilateralError

        try:
            change(self.context.database())
        except BilateralError as error:
            self.app.call_from_thread(self.app.notify, str(error), severity="error", timeout=10)
        self.load()

    def action_add_item(self) -> None:
        from db.checklists.changes import add_item

        def save(data: ItemFields, _overwrite: bool) -> int:
            return add_item(
                self.context.database(),
                self.record_id,
                data.section or "",
                data.text,
                data.due,
                data.owner,
                self.context.today(),
            )

        initial = ItemFields(text="", section=self.selected_section())
        form = ItemForm(self.context, "Add an item", save, initial)
        self.app.push_screen(
            form.keep_drafts_as(f"checklist-item:new:{self.record_id}"), self.saved
        )

    def action_edit_item(self) -> None:
        from db.checklists.changes import update_item

        item = self.selected_item
        if item is None:
            return

        def save(data: ItemFields, overwrite: bool) -> int:
            version = item.version
            if overwrite:
                from db.checklists.queries import get_checklist

                fresh = get_checklist(
                    self.context.database(), self.record_id, today=self.context.today()
                )
                version = next(
                    (i.version for s in fresh.sections for i in s.items if i.id == item.id),
                    version,
                )
            update_item(
                self.context.database(),
                item.id,
                version,
                data.text,
                data.due,
                data.owner,
                self.context.today(),
            )
            return item.id

        initial = ItemFields(
            text=item.text, due=item.due_on.isoformat() if item.due_on else "", owner=item.owner
        )
        form = ItemForm(self.context, "Edit the item", save, initial)
        self.app.push_screen(form.keep_drafts_as(f"checklist-item:{item.id}"), self.saved)

    def saved(self, item_id: int | None) -> None:
        if item_id is not None:
            self.load()

    def action_remove_item(self) -> None:
        item = self.selected_item
        if item is None:
            return
        question = (
            f"Remove “{item.text}” from the checklist? Updating from the records "
            "will not bring it back."
            if item.generated
            else f"Delete your item “{item.text}”?"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.remove_in_worker(item.id)

        self.app.push_screen(ConfirmScreen(question, "Remove"), answered)

    @work(thread=True, group="checklist-write", exit_on_error=False)
    def remove_in_worker(self, item_id: int) -> None:
        from db.checklists.changes import remove_item

        self.apply_change(lambda database: remove_item(database, item_id))

    def action_regenerate(self) -> None:
        self.app.notify("Updating the checklist from the records…")
        self.regenerate()

    @work(thread=True, exclusive=True, group="checklist-generate", exit_on_error=False)
    def regenerate(self) -> None:
        from db.checklists.changes import generate_checklist

        def change(database) -> None:  # noqa: ANN001 - db.engine.Database
            result = generate_checklist(
                database,
                self.record_id,
                today=self.context.today(),
                templates_dir=self.context.templates_dir,
            )
            message = f"{counted(result.added, 'item')} added; {result.kept:,} kept as they were."
            self.app.call_from_thread(self.app.notify, message)
            if result.stale:
                self.app.call_from_thread(self.offer_to_remove, result.stale)

        self.apply_change(change)

    def offer_to_remove(self, stale: tuple[StaleItem, ...]) -> None:
        """Ask whether to remove the untouched items whose source is gone from the records."""
        shown = [f"  • {item.text} ({item.source})" for item in stale[:STALE_LISTED]]
        if len(stale) > STALE_LISTED:
            shown.append(f"  … and {len(stale) - STALE_LISTED} more")
        those = "it" if len(stale) == 1 else "them"
        question = (
            f"{counted(len(stale), 'item')} came from records that have changed or gone "
            "(a proposal moved on, a person or a stop removed, the template changed):\n"
            + "\n".join(shown)
            + f"\n\nRemove {those}? Items you ticked or edited stay."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.remove_stale(stale)

        self.app.push_screen(ConfirmScreen(question, "Remove"), answered)

    @work(thread=True, group="checklist-write", exit_on_error=False)
    def remove_stale(self, stale: tuple[StaleItem, ...]) -> None:
        from db.checklists.changes import remove_stale_items

        def change(database) -> None:  # noqa: ANN001 - db.engine.Database
            removed = remove_stale_items(database, stale)
            message = f"Removed {counted(removed, 'item')} the records no longer call for."
            if removed < len(stale):
                message += f" {len(stale) - removed:,} changed meanwhile and stayed."
            self.app.call_from_thread(self.app.notify, message)

        self.apply_change(change)

    def action_export(self) -> None:
        from screens.documents import write_checklist

        write_checklist(self, self.context, self.record_id)
