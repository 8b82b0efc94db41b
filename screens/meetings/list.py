"""The Meetings list: newest first, filtered by words, partner, year, topic and status."""

from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Select

from db.meeting_shapes import MeetingRow
from db.partner_shapes import Page
from db.vocab import MEETING_STATUSES
from screens.forms import when_saved
from screens.keymap import bindings
from screens.listing import ListScreen, refill
from screens.widgets import Col, cell


@dataclass(frozen=True)
class MeetingFilters:
    """The field filters of the list (None: any)."""

    partner_id: int | None = None
    year: int | None = None
    topic_id: int | None = None
    status: str | None = None


def _value(select: Select) -> object | None:
    return None if select.value is Select.NULL else select.value


class MeetingsScreen(ListScreen[MeetingRow]):
    """Every meeting held, planned or cancelled."""

    TITLE = "Meetings"
    BINDINGS = bindings("MeetingsScreen")
    ROW_ACTIONS = frozenset({"take_notes"})
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
    hint = "/ filter: title, place, partner…"
    pane_id = "meetings-pane"
    table_id = "meetings-table"
    where = ("Meetings", "")

    def __init__(self, context) -> None:  # noqa: ANN001 - screens.context.AppContext
        super().__init__(context)
        self.filters = MeetingFilters()

    def filter_bar(self) -> ComposeResult:
        with Horizontal(classes="filter-bar", id="meeting-filters"):
            yield from super().filter_bar()
            yield Select([], prompt="any partner", id="filter-partner")
            yield Select([], prompt="any year", id="filter-year")
            yield Select([], prompt="any topic", id="filter-topic")
            yield Select(
                [(status, status) for status in MEETING_STATUSES],
                prompt="any status",
                id="filter-status",
            )

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
        changed: dict[str, Any] = {field: value}
        self.filters = replace(self.filters, **changed)
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

        saved = when_saved(self, "Meeting saved.", lambda _meeting_id: self.reload())
        open_meeting_form(self, self.context, None, on_saved=saved)

    def action_take_notes(self) -> None:
        if self.selected_id is not None:
            from screens.notes.live import LiveNotesScreen

            self.app.push_screen(LiveNotesScreen(self.context, self.selected_id))
