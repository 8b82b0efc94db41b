"""The Meetings list: newest first, filtered by words, partner, year, topic and status."""

from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static

from db.meeting_shapes import MeetingRow
from db.partner_shapes import Page
from db.vocab import MEETING_STATUSES
from screens.footer import KeyFooter
from screens.listing import ListScreen, ListTable, refill
from screens.widgets import Col, TopBar, cell


@dataclass(frozen=True)
class MeetingFilters:
    """The field filters of the list (None: any)."""

    partner_id: int | None = None
    year: int | None = None
    topic_id: int | None = None
    status: str | None = None


def _value(select: Select) -> object | None:
    return None if select.value is Select.NULL else select.value


class MeetingsScreen(ListScreen):
    """Every meeting held, planned or cancelled."""

    BINDINGS = [
        Binding("a", "add_meeting", "Add meeting", id="meetings.add"),
        Binding("n", "take_notes", "Take notes", id="meetings.notes"),
    ]
    columns = (
        Col("When", 17),
        Col("Title", 34, grow=4, least=20),
        Col("Kind", 14, grow=1, least=9),
        Col("Partners", 16, grow=2, least=8),
        Col("Place", 10, grow=1, least=6, drop=1),
        Col("Status", 9),
        Col("Notes", 5, drop=2),
    )
    noun = ("meeting", "meetings")

    def __init__(self, context) -> None:  # noqa: ANN001 - screens.context.AppContext
        super().__init__(context)
        self.filters = MeetingFilters()

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(classes="list-pane", id="meetings-pane"):
            with Horizontal(classes="filter-bar", id="meeting-filters"):
                yield Input(placeholder="/ filter: title, place, partner…", id="filter")
                yield Select([], prompt="any partner", id="filter-partner")
                yield Select([], prompt="any year", id="filter-year")
                yield Select([], prompt="any topic", id="filter-topic")
                yield Select(
                    [(status, status) for status in MEETING_STATUSES],
                    prompt="any status",
                    id="filter-status",
                )
            yield ListTable(id="meetings-table")
            yield Static("Opening the database…", id="count")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(TopBar).show("Meetings")

    def first_rows_shown(self) -> None:
        self.load_choices()

    @work(thread=True, exclusive=True, group="meeting-choices", exit_on_error=False)
    def load_choices(self) -> None:
        from db.meetings import list_topics, meeting_years
        from db.partners import organisation_choices

        database = self.context.database()
        partners = [(c.label, c.id) for c in organisation_choices(database)]
        years = [(str(year), year) for year in meeting_years(database)]
        topics = [(name, topic_id) for topic_id, name in list_topics(database)]
        self.app.call_from_thread(self.fill_choices, partners, years, topics)

    def fill_choices(self, partners, years, topics) -> None:  # noqa: ANN001
        for select_id, options in (
            ("#filter-partner", partners),
            ("#filter-year", years),
            ("#filter-topic", topics),
        ):
            refill(self.query_one(select_id, Select), options)

    @on(Select.Changed)
    def field_filter_changed(self, event: Select.Changed) -> None:
        value = _value(event.select)
        field = {
            "filter-partner": "partner_id",
            "filter-year": "year",
            "filter-topic": "topic_id",
            "filter-status": "status",
        }.get(event.select.id or "")
        if field is None:
            return
        self.filters = replace(self.filters, **{field: value})
        self.reload()

    def fetch(self, query: str, offset: int, **paging: Any) -> Page[MeetingRow]:
        from db.meetings import list_meetings

        f = self.filters
        return list_meetings(
            self.context.database(),
            query,
            partner_id=f.partner_id,
            year=f.year,
            topic_id=f.topic_id,
            status=f.status,
            offset=offset,
            **paging,
        )

    def cells(self, row: MeetingRow) -> tuple[Text, ...]:
        status_style = {"planned": "italic", "cancelled": "strike dim"}.get(row.status, "")
        return (
            cell(row.when, "bold"),
            cell(row.title),
            cell(row.kind),
            cell(row.partners),
            cell(row.place),
            cell(row.status, status_style),
            Text(str(row.notes or ""), justify="right"),
        )

    def opened(self, row_id: int) -> None:
        from screens.meetings.detail import MeetingScreen

        self.app.push_screen(MeetingScreen(self.context, row_id))

    def action_add_meeting(self) -> None:
        from screens.meetings.form import open_meeting_form

        open_meeting_form(self, self.context, None, on_saved=self.saved)

    def saved(self, meeting_id: int | None) -> None:
        if meeting_id is not None:
            self.app.notify("Meeting saved.")
            self.reload()

    def action_take_notes(self) -> None:
        if self.selected_id is not None:
            from screens.notes.live import LiveNotesScreen

            self.app.push_screen(LiveNotesScreen(self.context, self.selected_id))
