"""The meeting form: when and where, partners, attendees on both sides, topics, summary."""

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, TextArea

from db.dates import parse_when
from db.errors import Invalid
from db.meeting_input import AttendeeInput, MeetingInput
from db.meeting_shapes import PersonChoice, person_label
from db.validation import NAME_MAX
from db.vocab import ATTENDANCE_ROLES, MEETING_KINDS, MEETING_STATUSES
from db.zones import StopZone, check_zone, zone_on
from screens.context import AppContext
from screens.forms import DatedForm, create_or_update, error_line, form_section, one_of
from screens.keymap import bindings
from screens.marking_choice import MARKING_LABEL, marking_choice
from screens.pickers import PickerScreen, people_search
from screens.widgets import Col, KeyTable, cell, side_cell

if TYPE_CHECKING:
    from db.markings import Levels

ROLES = ("", *ATTENDANCE_ROLES)
ATTENDEE_KEYS = "s: ours ↔ theirs · r: role · x: remove"
# The name gives way (cut with …) so that Side and Role stay in view at any width.
ATTENDEE_COLUMNS = (Col("Name", 30, grow=1, least=12), Col("Side", 6), Col("Role", 11))
PARTNER_COLUMNS = (Col("Partner", 40, grow=1),)


class AttendeeTable(KeyTable, group="Attendees"):
    """Attendees in the form: s switches side, r cycles the role, x removes."""


class PartnerTable(KeyTable, group="Partners"):
    """Partners in the form: x removes."""


class MeetingForm(DatedForm[MeetingInput]):
    """Add, edit or continue (duplicate) a meeting."""

    TITLE = "Meeting form"
    BINDINGS = bindings("MeetingForm")
    dates = {"starts": False}

    def __init__(
        self,
        context: AppContext,
        title: str,
        save: Callable[[MeetingInput, bool], int],
        initial: MeetingInput,
        partner_names: dict[int, str],
        attendee_labels: dict[int, str],
        stops: tuple[StopZone, ...] = (),
        *,
        levels: "Levels",
    ) -> None:
        super().__init__(context, title, save, initial)
        self.levels = levels
        # A new meeting of a visit: its zone follows the stop of the day typed, until changed.
        self.stops = stops
        self.suggested_zone = initial.time_zone
        self.partners: list[int] = list(initial.partner_ids)
        self.partner_names = dict(partner_names)
        self.attendees: list[AttendeeInput] = list(initial.attendees)
        self.attendee_labels = dict(attendee_labels)

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from self.field("Title *", Input(i.title, id="title", max_length=NAME_MAX * 2))
        yield from self.field("Kind", one_of(MEETING_KINDS, i.kind, "kind"))
        yield from self.field(
            "Starts",
            Input(i.starts, placeholder="7.10.2025 14:30, tomorrow 9:00, 2025", id="starts"),
        )
        yield from self.field("Ends", Input(i.ends, placeholder="16:00", id="ends"))
        yield from self.field("Place", Input(i.place, id="place"))
        yield from self.field(
            "Time zone",
            Input(
                i.time_zone,
                placeholder="blank: your own · Europe/Vienna, Asia/Ho_Chi_Minh",
                id="time_zone",
            ),
        )
        yield from self.field("Status", one_of(MEETING_STATUSES, i.status, "status"))
        yield from self.field(MARKING_LABEL, marking_choice(self.levels, i.marking))
        yield from self.field(
            "Topics", Input(", ".join(i.topics), placeholder="comma-separated", id="topics")
        )
        yield from self.field("Summary of outcomes", TextArea(i.summary, id="summary"))
        yield form_section("Partners", "Add partner (F2)", "add-partner")
        yield PartnerTable(id="partners-list", show_header=False, columns=PARTNER_COLUMNS)
        yield error_line("partner_ids")
        yield form_section("Attendees", "Add attendee (F3)", "add-attendee")
        yield AttendeeTable(id="attendees-list", columns=ATTENDEE_COLUMNS)
        yield error_line("attendees", ATTENDEE_KEYS if self.attendees else "")

    def on_mount(self) -> None:
        self.refresh_tables()
        self.query_one("#title", Input).focus()

    def refresh_tables(self) -> None:
        partners = self.query_one("#partners-list", DataTable)
        partners.clear()
        for partner_id in self.partners:
            partners.add_row(cell(self.partner_names.get(partner_id, "?")), key=str(partner_id))
        attendees = self.query_one("#attendees-list", DataTable)
        cursor = attendees.cursor_row
        attendees.clear()
        for attendee in self.attendees:
            attendees.add_row(
                cell(self.attendee_labels.get(attendee.person_id, attendee.name)),
                side_cell(attendee.side),
                cell(attendee.role or "—"),
                key=str(attendee.person_id),
            )
        if self.attendees:
            attendees.move_cursor(row=min(cursor, len(self.attendees) - 1))

    def refresh_attendee(self, index: int) -> None:
        """Redraw one attendee's side and role where they are (the cursor and scroll stay)."""
        attendee = self.attendees[index]
        table = self.query_one("#attendees-list", DataTable)
        row_key = str(attendee.person_id)
        _name, side, role = table.columns
        table.update_cell(row_key, side, side_cell(attendee.side))
        table.update_cell(row_key, role, cell(attendee.role or "—"))

    def draft_extra(self) -> dict[str, Any]:
        return {
            "partners": [[i, self.partner_names.get(i, "?")] for i in self.partners],
            "attendees": [
                [a.person_id, a.side, a.role, a.name, self.attendee_labels.get(a.person_id, a.name)]
                for a in self.attendees
            ],
        }

    def restore_extra(self, fields: dict[str, Any]) -> None:
        partners = fields.get("partners") or []
        self.partners = [int(i) for i, _name in partners]
        self.partner_names.update({int(i): str(name) for i, name in partners})
        attendees = fields.get("attendees") or []
        self.attendees = [
            AttendeeInput(int(i), str(side), str(role), str(name))
            for i, side, role, name, _label in attendees
        ]
        self.attendee_labels.update({int(row[0]): str(row[4]) for row in attendees})
        self.refresh_tables()

    def build_input(self) -> MeetingInput:
        values = self.field_values()
        topics = (topic.strip() for topic in values.pop("topics").split(","))
        return MeetingInput(
            **values,
            visit_id=self.initial.visit_id,
            partner_ids=tuple(self.partners),
            attendees=tuple(self.attendees),
            topics=tuple(topic for topic in topics if topic),
        )

    def hints(self, data: MeetingInput) -> dict[str, str]:
        # The attendees' keys stay in view under their table (their line holds no error).
        hints = {**super().hints(data), "attendees": ATTENDEE_KEYS if data.attendees else ""}
        try:
            zone = check_zone(data.time_zone)
        except Invalid:
            zone = ""
        if zone and zone != data.time_zone.strip():
            hints["time_zone"] = f"read as {zone}"
        return hints

    @on(Input.Changed, "#starts")
    def follow_the_stop(self) -> None:
        """Suggest the zone of the visit's stop on the day typed, unless another was given."""
        zone = self.query_one("#time_zone", Input)
        if not self.stops or zone.value != self.suggested_zone:
            return
        try:
            start = parse_when(self.query_one("#starts", Input).value, today=self.context.today())
        except Invalid:
            return
        day = start.value.date() if start.precision in ("day", "minute") else None
        self.suggested_zone = zone_on(self.stops, day)
        zone.value = self.suggested_zone

    # -- partners and attendees -------------------------------------------------------

    @on(Button.Pressed, "#add-partner")
    def action_add_partner(self) -> None:
        def search(text: str) -> list[tuple[int, str]]:
            from db.partners import list_partners

            page = list_partners(self.context.database(), text, limit=30)
            return [
                (row.id, f"{row.name} ({row.country})" if row.country else row.name)
                for row in page.rows
                if row.id not in self.partners
            ]

        self.app.push_screen(PickerScreen("Add a partner", search), self.partner_picked)

    def partner_picked(self, partner_id: int | None) -> None:
        if partner_id is None:
            return
        self.load_partner_name(partner_id)

    @work(thread=True, group="form-lookup", exit_on_error=False)
    def load_partner_name(self, partner_id: int) -> None:
        from db.partners import get_partner

        detail = get_partner(self.context.database(), partner_id)
        self.app.call_from_thread(self.add_partner_row, partner_id, detail.name)

    def add_partner_row(self, partner_id: int, name: str) -> None:
        if partner_id not in self.partners:
            self.partners.append(partner_id)
            self.partner_names[partner_id] = name
            self.typed()
            self.refresh_tables()
            self.show_row("#partners-list", len(self.partners) - 1)

    def action_remove_partner(self) -> None:
        table = self.query_one("#partners-list", DataTable)
        if self.partners and table.cursor_row < len(self.partners):
            del self.partners[table.cursor_row]
            self.typed()
            self.refresh_tables()

    @on(Button.Pressed, "#add-attendee")
    def action_add_attendee(self) -> None:
        search = people_search(self.context, {a.person_id for a in self.attendees})

        def create(name: str) -> PersonChoice:
            from db.partner_input import PersonInput
            from db.person_changes import create_person

            person_id = create_person(self.context.database(), PersonInput(full_name=name))
            self.app.call_from_thread(
                self.app.notify,
                f"“{name.strip()}” was added with a name only: give their position and "
                "organisation in Partners ▸ People.",
                timeout=8,
                markup=False,
            )
            return PersonChoice(person_id, name.strip(), f"{name.strip()} (new)", None)

        self.app.push_screen(
            PickerScreen("Add an attendee", search, create, "Create the person"),
            self.attendee_picked,
        )

    def attendee_picked(self, choice: PersonChoice | None) -> None:
        if choice is None or any(a.person_id == choice.id for a in self.attendees):
            return
        side = "ours" if choice.is_own else "theirs"
        self.attendees.append(AttendeeInput(choice.id, side, "", choice.name))
        self.attendee_labels[choice.id] = choice.label
        self.typed()
        self.refresh_tables()
        self.check()  # shows the attendees' keys under their table
        self.show_row("#attendees-list", len(self.attendees) - 1)

    def _current_attendee(self) -> int | None:
        table = self.query_one("#attendees-list", DataTable)
        return (
            table.cursor_row if self.attendees and table.cursor_row < len(self.attendees) else None
        )

    def change_attendee(self, change: Callable[[AttendeeInput], AttendeeInput]) -> None:
        """Change the highlighted attendee (its side or role), redrawn where it is."""
        index = self._current_attendee()
        if index is not None:
            self.attendees[index] = change(self.attendees[index])
            self.typed()
            self.refresh_attendee(index)

    def action_switch_side(self) -> None:
        self.change_attendee(lambda a: replace(a, side="theirs" if a.side == "ours" else "ours"))

    def action_cycle_role(self) -> None:
        self.change_attendee(
            lambda a: replace(a, role=ROLES[(ROLES.index(a.role) + 1) % len(ROLES)])
        )

    def action_remove_attendee(self) -> None:
        index = self._current_attendee()
        if index is not None:
            del self.attendees[index]
            self.typed()
            self.refresh_tables()


def open_meeting_form(
    screen: Screen,
    context: AppContext,
    meeting_id: int | None,
    *,
    continue_from: bool = False,
    visit_id: int | None = None,
    on_saved: Callable[[int | None], None] | None = None,
) -> None:
    """Open the form for a new meeting (optionally on a visit's programme, marked as the visit
    is), an existing one, or the next one after it."""

    def load() -> None:
        from db import meeting_changes, meetings
        from db.markings import marking_levels

        database = context.database()
        levels = marking_levels(database)
        detail = meetings.get_meeting(database, meeting_id, context.today()) if meeting_id else None
        stops: tuple[StopZone, ...] = ()
        if detail is None:
            marking = 0
            if visit_id is not None:
                from db.record_markings import marking_of
                from db.visit_zones import stops_of_visit

                stops = stops_of_visit(database, visit_id)
                marking = marking_of(database, "visit", visit_id)
            initial = MeetingInput(
                title="", visit_id=visit_id, time_zone=zone_on(stops, None), marking=marking
            )
            title = "Plan a meeting of the visit" if visit_id else "Add meeting"
        elif continue_from:
            initial = meetings.next_meeting_input(detail, levels)
            title = "Next meeting (from a copy)"
        else:
            initial, title = meetings.meeting_as_input(detail, levels), "Edit meeting"
        names = {p.id: p.name for p in detail.partners} if detail else {}
        labels = (
            {
                a.person_id: person_label(a.name, a.position, a.organisation)
                for a in detail.attendance
            }
            if detail
            else {}
        )

        save: Callable[[MeetingInput, bool], int] = create_or_update(
            lambda data: meeting_changes.create_meeting(database, data, context.today()),
            lambda meeting_id, version, data: meeting_changes.update_meeting(
                database, meeting_id, version, data, context.today()
            ),
            None if detail is None or continue_from else (detail.id, detail.version),
            lambda meeting_id: meetings.get_meeting(database, meeting_id).version,
        )

        if detail is None:
            draft = f"meeting:new:visit-{visit_id}" if visit_id else "meeting:new"
        else:
            draft = f"meeting:{'next-after' if continue_from else 'edit'}:{detail.id}"
        form = MeetingForm(context, title, save, initial, names, labels, stops, levels=levels)
        form.keep_drafts_as(draft)
        screen.app.call_from_thread(screen.app.push_screen, form, on_saved)

    screen.run_worker(load, thread=True, group="meeting-form", exit_on_error=False)
