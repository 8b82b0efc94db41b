"""The visit form: direction, level, dates, stops, head and members of the delegation, signing."""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Static, TextArea

from db.meeting_shapes import PersonChoice
from db.validation import NAME_MAX
from db.visit_input import StopInput, VisitInput
from db.vocab import VISIT_DIRECTIONS, VISIT_LEVELS, VISIT_STATUSES
from screens.context import AppContext
from screens.dialogs import PromptScreen
from screens.forms import (
    DatedForm,
    create_or_update,
    error_line,
    form_section,
    one_of,
    one_or_none,
)
from screens.keymap import bindings
from screens.marking_choice import MARKING_LABEL, marking_choice
from screens.pickers import PickerScreen, people_search
from screens.widgets import Col, KeyTable, cell

if TYPE_CHECKING:
    from db.markings import Levels

STOP_KEYS = "c sets the city · x removes"
STOP_COLUMNS = (
    Col("Organisation", 28, grow=2, least=12),
    Col("City", 14, grow=1, least=8),
    Col("Country", 7),
)
MEMBER_COLUMNS = (Col("Member", 40, grow=1),)


class StopTable(KeyTable, group="Stops"):
    """The visit's stops in the form: c sets the city, x removes."""


class MemberTable(KeyTable, group="Delegation"):
    """The delegation in the form: x removes a member."""


class VisitForm(DatedForm[VisitInput]):
    """Add or edit a visit."""

    TITLE = "Visit form"
    BINDINGS = bindings("VisitForm")
    dates = {"starts": False, "ends": False}

    def __init__(
        self,
        context: AppContext,
        title: str,
        save: Callable[[VisitInput, bool], int],
        initial: VisitInput,
        labels: dict[tuple[str, int], str],
        proposals: tuple[tuple[str, int], ...],
        *,
        levels: "Levels",
    ) -> None:
        super().__init__(context, title, save, initial)
        self.levels = levels
        self.legs: list[StopInput] = [StopInput(*leg) for leg in initial.legs]
        self.head_id = initial.head_person_id
        self.members: list[int] = list(initial.member_person_ids)
        # ("organisation" | "person", id) → what the form shows for it.
        self.labels = dict(labels)
        self.proposals = proposals

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from self.field("Title *", Input(i.title, id="title", max_length=NAME_MAX * 2))
        yield from self.field("Direction", one_of(VISIT_DIRECTIONS, i.direction, "direction"))
        levels = [(level, level) for level in VISIT_LEVELS]
        yield from self.field("Level", one_or_none(levels, i.level, "(not set)", "level"))
        yield from self.field("Status", one_of(VISIT_STATUSES, i.status, "status"))
        yield from self.field(MARKING_LABEL, marking_choice(self.levels, i.marking))
        yield from self.field(
            "First day", Input(i.starts, placeholder="14.1.2027, in 6 weeks", id="starts")
        )
        yield from self.field("Last day", Input(i.ends, placeholder="17.1.2027", id="ends"))
        yield from self.field(
            "Signing",
            one_or_none(
                self.proposals, i.signing_proposal_id, "(nothing to sign)", "signing_proposal_id"
            ),
        )
        yield from self.field("Purpose", TextArea(i.purpose, id="purpose"))
        yield form_section("Stops", "Add stop (F2)", "add-stop")
        yield StopTable(id="stops-list", columns=STOP_COLUMNS)
        yield error_line("legs", STOP_KEYS if self.legs else "")
        yield form_section("Head", "Choose (F3)", "choose-head", Static("", id="head-name"))
        yield error_line("head_person_id")
        yield form_section("Members", "Add member (F4)", "add-member")
        yield MemberTable(id="members-list", show_header=False, columns=MEMBER_COLUMNS)
        yield error_line("member_person_ids")

    def on_mount(self) -> None:
        self.refresh_lists()
        self.query_one("#title", Input).focus()

    def refresh_lists(self) -> None:
        stops = self.query_one("#stops-list", DataTable)
        cursor = stops.cursor_row
        stops.clear()
        for index, leg in enumerate(self.legs):
            stops.add_row(
                cell(self.labels.get(("organisation", leg.organisation_id or 0), "?")),
                cell(leg.city or "—"),
                cell(leg.country),
                key=str(index),
            )
        if self.legs:
            stops.move_cursor(row=min(cursor, len(self.legs) - 1))
        members = self.query_one("#members-list", DataTable)
        members.clear()
        for person_id in self.members:
            members.add_row(cell(self.labels.get(("person", person_id), "?")), key=str(person_id))
        head = self.labels.get(("person", self.head_id or 0), "") if self.head_id else ""
        self.query_one("#head-name", Static).update(cell(head or "(not chosen)"))

    def draft_extra(self) -> dict[str, Any]:
        return {
            "legs": [list(leg) for leg in self.legs],
            "head": self.head_id,
            "members": list(self.members),
            "labels": [[kind, i, label] for (kind, i), label in self.labels.items()],
        }

    def restore_extra(self, fields: dict[str, Any]) -> None:
        self.legs = [StopInput(*leg) for leg in fields.get("legs") or []]
        self.head_id = fields.get("head")
        self.members = [int(i) for i in fields.get("members") or []]
        self.labels.update(
            {(kind, int(i)): str(label) for kind, i, label in fields.get("labels") or []}
        )
        self.refresh_lists()

    def build_input(self) -> VisitInput:
        values = self.field_values()
        return VisitInput(
            **{**values, "level": values["level"] or ""},
            legs=tuple(self.legs),
            head_person_id=self.head_id,
            member_person_ids=tuple(self.members),
        )

    def hints(self, data: VisitInput) -> dict[str, str]:
        # The stops' keys stay in view under their table (their line holds no error).
        return {**super().hints(data), "legs": STOP_KEYS if data.legs else ""}

    def changed_lists(self) -> None:
        self.typed()
        self.refresh_lists()
        self.check()

    # -- stops --------------------------------------------------------------------------

    @on(Button.Pressed, "#add-stop")
    def action_add_stop(self) -> None:
        def search(text: str) -> list[tuple[tuple[int, str], str]]:
            from db.partners import list_partners

            page = list_partners(self.context.database(), text, limit=30)
            return [
                ((row.id, row.name), f"{row.name} ({row.country})" if row.country else row.name)
                for row in page.rows
            ]

        self.app.push_screen(PickerScreen("Add a stop: which organisation?", search), self.stop)

    def stop(self, picked: tuple[int, str] | None) -> None:
        if picked is None:
            return
        organisation_id, name = picked
        self.labels[("organisation", organisation_id)] = name
        self.legs.append(StopInput(organisation_id))
        self.changed_lists()
        self.show_row("#stops-list", len(self.legs) - 1)
        self.ask_city(len(self.legs) - 1)

    def ask_city(self, index: int) -> None:
        leg = self.legs[index]
        name = self.labels.get(("organisation", leg.organisation_id or 0), "this stop")

        def answered(city: str | None) -> None:
            if city is not None and index < len(self.legs):
                self.legs[index] = self.legs[index]._replace(city=city)
                self.changed_lists()

        self.app.push_screen(
            PromptScreen(f"City of the stop at {name}", leg.city, "enter keeps it · esc skips"),
            answered,
        )

    def _current_stop(self) -> int | None:
        table = self.query_one("#stops-list", DataTable)
        return table.cursor_row if self.legs and table.cursor_row < len(self.legs) else None

    def action_set_city(self) -> None:
        index = self._current_stop()
        if index is not None:
            self.ask_city(index)

    def action_remove_stop(self) -> None:
        index = self._current_stop()
        if index is not None:
            del self.legs[index]
            self.changed_lists()

    # -- the delegation -----------------------------------------------------------------

    @on(Button.Pressed, "#choose-head")
    def action_choose_head(self) -> None:
        self.app.push_screen(
            PickerScreen("Head of delegation", people_search(self.context)), self.head_chosen
        )

    def head_chosen(self, choice: PersonChoice | None) -> None:
        if choice is not None:
            self.labels[("person", choice.id)] = choice.label
            self.head_id = choice.id
            self.members = [m for m in self.members if m != choice.id]
            self.changed_lists()

    @on(Button.Pressed, "#add-member")
    def action_add_member(self) -> None:
        taken = {*self.members, self.head_id or 0}
        self.app.push_screen(
            PickerScreen("Add a member of the delegation", people_search(self.context, taken)),
            self.member_added,
        )

    def member_added(self, choice: PersonChoice | None) -> None:
        if choice is not None and choice.id not in self.members and choice.id != self.head_id:
            self.labels[("person", choice.id)] = choice.label
            self.members.append(choice.id)
            self.changed_lists()
            self.show_row("#members-list", len(self.members) - 1)

    def action_remove_member(self) -> None:
        table = self.query_one("#members-list", DataTable)
        if self.members and table.cursor_row < len(self.members):
            del self.members[table.cursor_row]
            self.changed_lists()


def open_visit_form(
    screen: Screen,
    context: AppContext,
    visit_id: int | None,
    *,
    on_saved: Callable[[int | None], None] | None = None,
) -> None:
    """Open the form for a new visit or an existing one."""

    def load() -> None:
        from db import visit_changes, visits
        from db.markings import marking_levels
        from db.proposals import list_proposals

        database = context.database()
        today = context.today()
        levels = marking_levels(database)
        detail = visits.get_visit(database, visit_id, today) if visit_id else None
        initial = visits.visit_as_input(detail, levels) if detail else VisitInput(title="")
        labels: dict[tuple[str, int], str] = {}
        if detail:
            for leg in detail.legs:
                labels[("organisation", leg.organisation_id or 0)] = leg.organisation
            for person in (*detail.members, *([detail.head] if detail.head else [])):
                labels[("person", person.id)] = person.name
        proposals = tuple(
            (f"{row.title} — {row.partner}" if row.partner else row.title, row.id)
            for row in list_proposals(database, view="open", today=today, limit=500).rows
        )

        save = create_or_update(
            partial(visit_changes.create_visit, database, today=today),
            partial(visit_changes.update_visit, database, today=today),
            (detail.id, detail.version) if detail else None,
            lambda visit_id: visits.get_visit(database, visit_id, today).version,
        )
        title = "Edit visit" if detail else "Add visit"
        form = VisitForm(
            context, title, save, initial, labels, proposals, levels=levels
        ).keep_drafts_as(f"visit:{detail.id}" if detail else "visit:new")
        screen.app.call_from_thread(screen.app.push_screen, form, on_saved)

    screen.run_worker(load, thread=True, group="visit-form", exit_on_error=False)
