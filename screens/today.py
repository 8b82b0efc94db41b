"""The first screen: upcoming visits, action items due, proposals to push, recent meetings."""

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Label

from screens.context import AppContext
from screens.footer import KeyFooter
from screens.keymap import bindings
from screens.visits.cells import progress_cell
from screens.widgets import (
    MARKING_COLUMN,
    Col,
    KeyTable,
    TopBar,
    cell,
    due_cell,
    key_under_cursor,
    marking_cell,
    side_cell,
)

if TYPE_CHECKING:
    # The shapes load with the rows, after the first frame.
    from db.today_shapes import TodayView


class OpenTable(KeyTable):
    """A section of Today; enter opens the highlighted record."""

    BINDINGS = bindings("OpenTable")


SECTIONS = (
    (
        "visits",
        "Visits in the next 90 days",
        (
            Col("Dates", 19),
            Col("Visit", 46, grow=1, least=20),
            Col("In", 6),
            Col("Checklist", 24, least=12),
            MARKING_COLUMN,
        ),
    ),
    (
        "actions",
        "Action items overdue or due this week",
        (
            Col("Side", 6),
            Col("What", 52, grow=3, least=16),
            Col("Owner", 16, grow=1, least=8),
            Col("Due", 11),
            Col("Partner", 16, grow=1, least=8),
        ),
    ),
    (
        "proposals",
        "Proposals overdue or not moved in 180 days",
        (
            Col("Proposal", 40, grow=3, least=14),
            Col("Partner", 10, least=8),
            Col("Status", 17, least=10),
            Col("Due", 11),
            Col("Last moved", 12, least=11),
            MARKING_COLUMN,
        ),
    ),
    (
        "meetings",
        "Last meetings held",
        (
            Col("When", 17),
            Col("Meeting", 54, grow=3, least=20),
            Col("Partners", 26, grow=1, least=10),
            MARKING_COLUMN,
        ),
    ),
)


class TodayScreen(Screen):
    """What needs attention now; every line opens its record."""

    TITLE = "Today"
    BINDINGS = bindings("TodayScreen")

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        # Where each action item's line leads: its meeting, else its partner.
        self.action_targets: dict[int, tuple[str, int | None]] = {}
        self.suspended = False
        # The rows on screen came from the open database (not only read ahead at start-up).
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(id="today"):
            for table_id, title, columns in SECTIONS:
                yield Label(title, classes="section-title", id=f"{table_id}-title")
                yield OpenTable(id=table_id, columns=columns)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(TopBar).show("Today", f"{self.context.today():%A %-d %B %Y}")
        self.query_one("#visits", DataTable).focus()
        self.load()

    def on_screen_suspend(self) -> None:
        self.suspended = True

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Its styles are still right (a theme change restyles the screens as they are shown).
        event.refresh_styles = False
        # Back from a record's page; the first showing is loaded by on_mount already.
        if self.suspended and self.context.is_ready:
            self.load()
        self.suspended = False

    def after_change(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="today", exit_on_error=False)
    def load(self) -> None:
        from db.today import today_view

        board = today_view(self.context.database(), self.context.today())
        self.app.call_from_thread(self.show, board)

    def show(self, board: "TodayView") -> None:
        self.fill(board)
        self.loaded = True
        self.context.screen_shown()

    def show_read_ahead(self, board: "TodayView") -> None:
        """Rows read before the database opened (db.today_read_ahead); the rows read from the
        open database replace them. The app's idle work waits for those."""
        if not self.loaded:
            self.fill(board)

    def fill(self, board: "TodayView") -> None:
        rows: dict[str, list[tuple[int, tuple[Text, ...]]]] = {
            "visits": [
                (
                    v.id,
                    (
                        cell(v.dates, "bold"),
                        cell(v.title),
                        cell(f"{v.days_to_go} d" if v.days_to_go > 0 else "now"),
                        progress_cell(v.progress),
                        marking_cell(v.marking),
                    ),
                )
                for v in board.visits
            ],
            "actions": [
                (
                    a.id,
                    (
                        side_cell(a.side),
                        cell(a.text),
                        cell(a.owner),
                        due_cell(a.due, a.overdue),
                        cell(a.partner),
                    ),
                )
                for a in board.action_items
            ],
            "proposals": [
                (
                    p.id,
                    (
                        cell(p.title),
                        cell(p.partner),
                        cell(p.status, "italic"),
                        due_cell(p.due, p.overdue),
                        cell(p.last_moved, "yellow" if p.stale else ""),
                        marking_cell(p.marking),
                    ),
                )
                for p in board.proposals
            ],
            "meetings": [
                (
                    m.id,
                    (
                        cell(m.when, "bold"),
                        cell(m.title),
                        cell(m.partners),
                        marking_cell(m.marking),
                    ),
                )
                for m in board.meetings
            ],
        }
        self.action_targets = {
            a.id: ("meeting", a.meeting_id) if a.meeting_id else ("partner", a.partner_id)
            for a in board.action_items
        }
        for table_id, title, _ in SECTIONS:
            table = self.query_one(f"#{table_id}", DataTable)
            keep = key_under_cursor(table)
            table.clear()
            for record_id, cells in rows[table_id]:
                table.add_row(*cells, key=str(record_id))
            if keep is not None and keep in table.rows:
                table.move_cursor(row=table.get_row_index(keep))
            count = len(rows[table_id])
            label = self.query_one(f"#{table_id}-title", Label)
            label.update(Text(f"{title} ({count})" if count else f"{title}: none"))

    @on(DataTable.RowSelected)
    def opened(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is None:
            return
        from screens.opening import open_record

        record_id = int(event.row_key.value)
        kind = {"visits": "visit", "proposals": "proposal", "meetings": "meeting"}.get(
            event.data_table.id or ""
        )
        target = (kind, record_id) if kind else self.action_targets.get(record_id)
        if target and target[1] is not None:
            open_record(self.app, self.context, target[0], target[1])
