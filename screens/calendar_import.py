"""The events of a calendar file, offered for a visit's programme: tick those to plan as
meetings, choose their partner, import."""

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from db.partner_shapes import OrganisationChoice
from db.text import counted
from screens.context import AppContext
from screens.footer import KeyFooter
from screens.forms import one_or_none
from screens.keymap import bindings
from screens.widgets import plain

if TYPE_CHECKING:
    from db.calendar.read import CalendarPreview, EventPreview
    from db.visit_shapes import VisitDetail


def event_time(event: "EventPreview") -> str:
    """'2026-01-14 09:00–10:30 Europe/Vienna' (local time where it happens), or the day of an
    all-day event."""
    if event.all_day:
        return f"{event.starts_at:%Y-%m-%d} all day"
    ends = ""
    if event.ends_at is not None:
        same_day = event.ends_at.date() == event.starts_at.date()
        ends = f"–{event.ends_at:%H:%M}" if same_day else f"–{event.ends_at:%Y-%m-%d %H:%M}"
    return f"{event.starts_at:%Y-%m-%d %H:%M}{ends} {event.time_zone}".rstrip()


def event_line(event: "EventPreview") -> Text:
    """One line of the list: when, what, where; whether it is here already."""
    line = plain(event_time(event), "bold")
    line.append("  ")
    line.append_text(plain(event.title or "(no title)"))
    if event.place:
        line.append_text(plain(f" · {event.place}", "dim"))
    if event.already_here:
        line.append(" · already here", style="italic")
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line


def event_details(event: "EventPreview") -> Text:
    """The highlighted event: its time, place and who attends, each known here or not."""
    text = plain(event.title or "(no title)", "bold")
    text.append("\n")
    text.append_text(plain(" · ".join(p for p in (event_time(event), event.place) if p)))
    if event.already_here:
        text.append("\nAlready here (the same event was imported before): left as it is.")
    if not event.attendees:
        return text
    known = sum(attendee.person_id is not None for attendee in event.attendees)
    text.append(f"\nAttendees, {known} of {len(event.attendees)} known here: ", style="bold")
    for index, attendee in enumerate(event.attendees):
        if index:
            text.append(", ")
        if attendee.person_id is not None:
            text.append_text(plain(attendee.person_name))
            text.append(" ✓", style="green")
        else:
            text.append_text(plain(attendee.name or attendee.email, "dim"))
            text.append(" (not known)", style="dim italic")
    return text


class CalendarImportScreen(ModalScreen[bool | None]):
    """What a calendar file holds, for the visit's programme: the new events ticked, those
    already here left as they are; ctrl+s plans the ticked ones as meetings."""

    TITLE = "Calendar import"
    BINDINGS = bindings("CalendarImportScreen")

    def __init__(
        self,
        context: AppContext,
        visit: "VisitDetail",
        preview: "CalendarPreview",
        partners: tuple[OrganisationChoice, ...],
        partner_id: int | None,
    ) -> None:
        """`partners` are offered for the new meetings, `partner_id` chosen at first."""
        super().__init__()
        self.context = context
        self.visit = visit
        self.preview = preview
        self.partners = partners
        self.partner_id = partner_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            title = plain(f"Import into “{self.visit.title}”", "bold")
            yield Static(title, classes="dialog-title")
            yield Static(self.summary(), classes="dialog-text")
            yield SelectionList[int](
                *(
                    Selection(event_line(e), index, not e.already_here, disabled=e.already_here)
                    for index, e in enumerate(self.preview.events)
                ),
                id="calendar-events",
            )
            yield Static("", id="calendar-event", classes="dialog-text")
            with Horizontal(classes="field-row"):
                yield Label("Partner", classes="field-label")
                options = [(choice.label, choice.id) for choice in self.partners]
                yield one_or_none(options, self.partner_id, "(no partner)", "calendar-partner")
            yield Static("", id="calendar-message", classes="form-message")
        yield KeyFooter()

    def summary(self) -> Text:
        events = self.preview.events
        here = sum(event.already_here for event in events)
        text = plain(f"{counted(len(events), 'event')} in {self.preview.source}")
        if here:
            text.append_text(plain(f", {here:,} already here"))
        text.append(". space ticks or unticks an event.", style="dim")
        for note in self.preview.notes:
            text.append("\n")
            text.append_text(plain(note, "italic"))
        return text

    def on_mount(self) -> None:
        events = self.query_one("#calendar-events", SelectionList)
        events.focus()
        if not self.preview.events:
            self.say("The file holds no events: nothing to import.", error=True)
        elif all(event.already_here for event in self.preview.events):
            self.say("Every event of the file is here already: nothing to import.")
        else:
            events.highlighted = next(
                i for i, e in enumerate(self.preview.events) if not e.already_here
            )

    @on(SelectionList.SelectionHighlighted, "#calendar-events")
    def highlighted(self) -> None:
        index = self.query_one("#calendar-events", SelectionList).highlighted
        details = self.query_one("#calendar-event", Static)
        if index is not None and index < len(self.preview.events):
            details.update(event_details(self.preview.events[index]))

    def say(self, message: str, error: bool = False) -> None:
        line = self.query_one("#calendar-message", Static)
        line.update(plain(message, "bold red" if error else "italic"))

    def action_import_ticked(self) -> None:
        ticked = self.query_one("#calendar-events", SelectionList).selected
        events = self.preview.events
        chosen = [events[index].uid for index in ticked if not events[index].already_here]
        if not chosen:
            self.say("Tick the events to plan as meetings (space) first.", error=True)
            return
        partner = self.query_one("#calendar-partner", Select).value
        self.say("Importing…")
        self.run_import(chosen, partner if isinstance(partner, int) else None)

    @work(thread=True, exclusive=True, group="calendar-import", exit_on_error=False)
    def run_import(self, chosen: list[str], partner_id: int | None) -> None:
        from db.calendar.apply import import_events
        from db.errors import BilateralError

        try:
            imported = import_events(
                self.context.database(),
                self.preview,
                chosen,
                visit_id=self.visit.id,
                partner_id=partner_id,
            )
        except BilateralError as error:
            self.app.call_from_thread(self.say, f"Nothing imported: {error}", True)
            return
        already = imported.unchanged + sum(event.already_here for event in self.preview.events)
        message = f"{counted(len(imported.created), 'meeting')} planned"
        if already:
            message += f", {already:,} already here"
        self.app.call_from_thread(self.imported, message)

    def imported(self, message: str) -> None:
        self.app.notify(f"{message}.")
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(None)
