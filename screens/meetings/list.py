"""The Meetings list: newest first, filtered by words, partner, year, topic and status."""

from typing import Any

from rich.text import Text
from textual import work

from db.meeting_shapes import MeetingRow
from db.partner_shapes import Page
from db.vocab import MEETING_STATUSES
from screens.forms import when_saved
from screens.keymap import bindings
from screens.listing import FieldFilter, ListScreen
from screens.widgets import MARKING_COLUMN, Col, as_cells, cell, marking_cell


class MeetingsScreen(ListScreen[MeetingRow]):
    """Every meeting held, planned or cancelled."""

    TITLE = "Meetings"
    BINDINGS = bindings("MeetingsScreen")
    ROW_ACTIONS = frozenset({"take_notes"})
    columns = (
        Col("When", 17),
        Col("Title", 34, grow=4, least=16),
        Col("Kind", 14, grow=1, least=7),
        Col("Partners", 16, grow=2, least=8),
        Col("Place", 10, grow=1, least=6, drop=1),
        Col("Status", 9),
        Col("Notes", 5, drop=2),
        MARKING_COLUMN,
    )
    noun = ("meeting", "meetings")
    hint = "/ filter: title, place, partner…"
    pane_id = "meetings-pane"
    table_id = "meetings-table"
    where = ("Meetings", "")
    field_filters = (
        FieldFilter("partner", "partner_id", "any partner"),
        FieldFilter("year", "year", "any year"),
        FieldFilter("topic", "topic_id", "any topic"),
        FieldFilter("status", "status", "any status", MEETING_STATUSES),
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
        choices = {"partner": partners, "year": years, "topic": topics}
        self.app.call_from_thread(self.fill_choices, choices)

    def fetch(self, query: str, offset: int, **paging: Any) -> Page[MeetingRow]:
        from db.meetings import list_meetings

        database = self.context.database()
        return list_meetings(database, query, **self.filters, offset=offset, **paging)

    def cells(self, row: MeetingRow) -> tuple[Text, ...]:
        status_style = {"planned": "italic", "cancelled": "strike dim"}.get(row.status, "")
        when, status = cell(row.when, "bold"), cell(row.status, status_style)
        notes = Text(str(row.notes or ""), justify="right")
        marking = marking_cell(row.marking)
        return as_cells(when, row.title, row.kind, row.partners, row.place, status, notes, marking)

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
