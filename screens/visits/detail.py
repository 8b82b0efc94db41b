"""A visit's page: what, when, where, who; its programme; its checklist's progress."""

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from db.text import counted
from db.visit_shapes import ProgrammeRow, VisitDetail
from screens.keymap import bindings
from screens.record import RecordScreen, section
from screens.visits.cells import progress_cell
from screens.visits.delete import VisitDeletion
from screens.widgets import KeyTable, TopBar, as_cells, cell, marking_badge, plain


class ProgrammeTable(KeyTable, group="Programme"):
    """The visit's meetings; enter opens one."""


PROGRAMME = (("When", 18), ("Meeting", 44), ("Partners", 20), ("Status", 9))


def profile(detail: VisitDetail) -> Text:
    """Marking, title, direction, level, dates, status, purpose, head, members, signing."""
    text = marking_badge(detail.marking)
    text.append_text(plain(detail.title, "bold"))
    facts = [detail.direction, f"{detail.level} visit" if detail.level else "", detail.status]
    text.append("\n")
    text.append_text(plain(" · ".join(f for f in facts if f), "dim"))
    for label, value in (
        ("Dates", detail.dates),
        ("Head of delegation", _person(detail.head) if detail.head else ""),
        ("Members", ", ".join(_person(m) for m in detail.members)),
        ("Signing", detail.signing_proposal),
    ):
        if value:
            text.append(f"\n{label}: ", style="bold")
            text.append_text(plain(value))
    if detail.purpose:
        text.append("\n\n")
        text.append_text(plain(detail.purpose))
    return text


def _person(person) -> str:  # noqa: ANN001 - db.visits.PersonRef
    return f"{person.name}, {person.position}" if person.position else person.name


def stops(detail: VisitDetail) -> Text:
    """One line per stop: organisation, city, country, days."""
    text = Text()
    for leg in detail.legs:
        if text:
            text.append("\n")
        place = ", ".join(part for part in (leg.city, leg.country) if part)
        text.append_text(plain(leg.organisation or "?"))
        if place:
            text.append(" — ", style="dim")
            text.append_text(plain(place, "dim"))
        if leg.dates:
            text.append("  ")
            text.append_text(plain(leg.dates, "dim"))
    return text or Text("none yet (e adds stops)", style="dim")


def programme_cells(meeting: ProgrammeRow) -> tuple[Text, ...]:
    when, status = cell(meeting.when, "bold"), cell(meeting.status, "italic")
    return as_cells(when, meeting.title, meeting.partners, status)


class VisitScreen(VisitDeletion, RecordScreen[VisitDetail]):
    """One visit and its preparation."""

    TITLE = "Visit page"
    BINDINGS = bindings("VisitScreen")

    page_id = "visit-page"

    def page(self) -> ComposeResult:
        yield Static("Loading…", id="visit-profile")
        yield from section("Stops", Static(id="visit-stops"))
        yield from section(
            "Programme", ProgrammeTable(id="programme", columns=PROGRAMME), " — a plans a meeting"
        )
        yield from section("Checklist", Static(id="visit-progress"))

    def fetch(self) -> VisitDetail:
        from db.visits import get_visit

        return get_visit(self.context.database(), self.record_id, self.context.today())

    def show(self, detail: VisitDetail) -> None:
        self.query_one(TopBar).show(f"Visits ▸ {detail.title}", detail.dates)
        self.query_one("#visit-profile", Static).update(profile(detail))
        self.query_one("#visit-stops", Static).update(stops(detail))
        self.show_rows("#programme", detail.programme, programme_cells)
        progress = progress_cell(detail.progress)
        progress.append_text(
            plain("   c opens it · u generates or updates it from the records", "dim")
        )
        self.query_one("#visit-progress", Static).update(progress)

    @on(DataTable.RowSelected, "#programme")
    def meeting_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            from screens.meetings.detail import MeetingScreen

            self.app.push_screen(MeetingScreen(self.context, int(event.row_key.value)))

    def action_checklist(self) -> None:
        from screens.visits.checklist import ChecklistScreen

        self.app.push_screen(ChecklistScreen(self.context, self.record_id))

    def action_generate(self) -> None:
        self.app.notify("Generating the checklist…")
        self.generate()

    @work(thread=True, exclusive=True, group="visit-generate", exit_on_error=False)
    def generate(self) -> None:
        from db.checklists.changes import generate_checklist
        from db.errors import BilateralError

        try:
            result = generate_checklist(
                self.context.database(),
                self.record_id,
                today=self.context.today(),
                templates_dir=self.context.templates_dir,
            )
        except BilateralError as error:
            self.app.call_from_thread(self.app.notify, str(error), severity="error", timeout=15)
            return
        message = (
            f"Checklist: {counted(result.added, 'item')} added, {result.kept:,} kept as they were."
        )
        if result.stale:
            follow = "follows" if len(result.stale) == 1 else "follow"
            message += (
                f" {counted(len(result.stale), 'item')} no longer {follow} from the records:"
                " c opens the checklist, where u offers to remove them."
            )
        self.app.call_from_thread(self.app.notify, message)
        self.load()

    def action_edit(self) -> None:
        from screens.visits.form import open_visit_form

        open_visit_form(
            self, self.context, self.record_id, on_saved=self.reload_when_saved("Visit saved.")
        )

    def action_delete(self) -> None:
        self.ask_to_delete_visit(self.record_id)

    def visit_deleted(self) -> None:
        self.app.notify("Visit deleted.")
        if self.app.screen is self:
            self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None: shown dimmed, the key doing nothing, until the visit is loaded (its title names
        # the files).
        if action in ("write_report", "export_calendar") and self.detail is None:
            return None
        return super().check_action(action, parameters)

    def action_brief(self) -> None:
        from screens.briefs import BriefScreen

        self.app.push_screen(BriefScreen(self.context, visit_id=self.record_id))

    def action_write_report(self) -> None:
        from screens.documents import write_report

        if self.detail is not None:
            write_report(self, self.context, self.detail.title, self.record_id)

    def action_export_calendar(self) -> None:
        from screens.documents import write_calendar

        if self.detail is not None:
            write_calendar(self, self.context, self.detail.title, self.record_id)

    def action_import_calendar(self) -> None:
        from screens.documents import import_calendar

        import_calendar(self, self.context, self.record_id)

    def action_add_meeting(self) -> None:
        from screens.meetings.form import open_meeting_form

        planned = self.reload_when_saved("Meeting planned.")
        open_meeting_form(self, self.context, None, visit_id=self.record_id, on_saved=planned)
