"""A partner's page: profile, milestones, people, meetings (newest first), open proposals."""

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static
from textual.worker import get_current_worker

from db.partner_shapes import OrganisationDetail
from db.text import counted
from screens.context import AppContext
from screens.footer import KeyFooter
from screens.partners.actions import PartnerActions
from screens.partners.render import profile
from screens.proposals.table import ProposalTable
from screens.widgets import Col, KeyTable, TopBar, cell


class PeopleTable(KeyTable):
    """The partner's people; enter edits, x deletes."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Edit person", id="partner.person.edit"),
        Binding(
            "x,delete", "screen.delete_person_here", "Delete person", id="partner.person.delete"
        ),
    ]


class MeetingTable(KeyTable):
    """The partner's meetings; enter opens one."""

    BINDINGS = [Binding("enter", "select_cursor", "Open meeting", id="partner.meeting.open")]


class PartnerScreen(PartnerActions, Screen):
    """One partner, with everything the department knows about it."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="partner.back"),
        Binding("a", "add_person", "Add person", id="partner.person.add"),
        Binding("e", "edit_partner", "Edit partner", id="partner.edit"),
        Binding("X", "delete_partner", "Delete partner", id="partner.delete", show=False),
    ]

    def __init__(self, context: AppContext, organisation_id: int) -> None:
        super().__init__()
        self.context = context
        self.organisation_id = organisation_id
        self.detail: OrganisationDetail | None = None

    @property
    def selected_partner_id(self) -> int | None:
        return self.organisation_id

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(id="partner-page"):
            yield Static("Loading…", id="profile")
            yield Label("People", classes="section-title", id="people-title")
            yield PeopleTable(id="people")
            yield Label("Open proposals", classes="section-title", id="proposals-title")
            yield ProposalTable(id="proposals")
            yield Label("Pending action items", classes="section-title", id="actions-title")
            yield KeyTable(id="partner-actions")
            yield Label("Meetings", classes="section-title", id="meetings-title")
            yield MeetingTable(id="meetings")
        yield KeyFooter()

    def on_mount(self) -> None:
        # As drawn at 120 columns; how each fits other widths: screens.widgets.Col.
        people = (
            Col("Name", 24, grow=2, least=14),
            Col("Position", 40, grow=3, least=14),
            Col("Honorific", 12, least=8, drop=2),
            Col("Address", 14, grow=1, least=8, drop=3),
            Col("Languages", 12, grow=1, least=8, drop=1),
        )
        proposals = (
            Col("Proposal", 42, grow=4, least=20),
            Col("Kind", 11, grow=1, least=8, drop=2),
            Col("Status", 17, least=10),
            Col("By", 7, drop=3),
            Col("Next step", 16, grow=2, least=8, drop=1),
            Col("Due", 11),
        )
        actions = (
            Col("Side", 6),
            Col("What", 56, grow=3, least=16),
            Col("Who", 20, grow=1, least=8),
            Col("Due", 11),
        )
        meetings = (
            Col("When", 17),
            Col("Meeting", 56, grow=3, least=16),
            Col("Kind", 16, grow=1, least=8, drop=2),
            Col("Place", 12, grow=1, least=6, drop=1),
            Col("Status", 9),
        )
        for table_id, columns in (
            ("#people", people),
            ("#proposals", proposals),
            ("#partner-actions", actions),
            ("#meetings", meetings),
        ):
            self.query_one(table_id, KeyTable).set_columns(columns)
        self.query_one("#people", DataTable).focus()
        self.load()

    @work(thread=True, exclusive=True, group="partner-page", exit_on_error=False)
    def load(self) -> None:
        from db.errors import NotFound
        from db.partners import get_partner

        try:
            detail = get_partner(
                self.context.database(), self.organisation_id, self.context.today()
            )
        except NotFound as error:
            self.app.call_from_thread(self.gone, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, detail)

    def gone(self, message: str) -> None:
        self.app.notify(message, severity="warning")
        self.app.pop_screen()

    def show(self, detail: OrganisationDetail) -> None:
        self.detail = detail
        status = f"{len(detail.open_proposals)} open · {counted(len(detail.meetings), 'meeting')}"
        self.query_one(TopBar).show(f"Partners ▸ {detail.short_name or detail.name}", status)
        self.query_one("#profile", Static).update(profile(detail))
        people = self.query_one("#people", DataTable)
        cursor = people.cursor_row
        people.clear()
        for person in detail.people:
            people.add_row(
                cell(person.full_name, "bold"),
                cell(person.position),
                cell(person.title),
                cell(person.form_of_address),
                cell(person.languages),
                key=str(person.id),
            )
        if detail.people:
            people.move_cursor(row=min(cursor, len(detail.people) - 1))
        self.query_one("#people-title", Label).update(f"People ({len(detail.people)})")
        proposals = self.query_one("#proposals", DataTable)
        proposals.clear()
        for proposal in detail.open_proposals:
            proposals.add_row(
                cell(proposal.title),
                cell(proposal.kind),
                cell(proposal.status, "italic"),
                cell(proposal.proposed_by),
                cell(proposal.next_step),
                cell(proposal.due, "bold red" if proposal.overdue else ""),
                key=str(proposal.id),
            )
        self.query_one("#proposals-title", Label).update(
            f"Open proposals ({len(detail.open_proposals)})"
        )
        actions = self.query_one("#partner-actions", DataTable)
        actions.clear()
        for item in detail.action_items:
            actions.add_row(
                cell(item.side, "bold" if item.side == "ours" else ""),
                cell(item.text),
                cell(item.owner),
                cell(item.due, "bold red" if item.overdue else ""),
                key=str(item.id),
            )
        self.query_one("#actions-title", Label).update(
            f"Pending action items ({len(detail.action_items)})"
        )
        meetings = self.query_one("#meetings", DataTable)
        meetings.clear()
        for meeting in detail.meetings:
            meetings.add_row(
                cell(meeting.when, "bold"),
                cell(meeting.title),
                cell(meeting.kind),
                cell(meeting.place),
                cell(meeting.status),
                key=str(meeting.id),
            )
        self.query_one("#meetings-title", Label).update(f"Meetings ({len(detail.meetings)})")

    def after_change(self) -> None:
        self.load()

    def partner_deleted(self) -> None:
        self.app.notify("Partner deleted.")
        self.app.pop_screen()

    def action_add_person(self) -> None:
        self.open_person_form(self.organisation_id, None)

    @on(DataTable.RowSelected, "#people")
    def person_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_person_form(self.organisation_id, int(event.row_key.value))

    @on(DataTable.RowSelected, "#meetings")
    def meeting_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            from screens.meetings.detail import MeetingScreen

            self.app.push_screen(MeetingScreen(self.context, int(event.row_key.value)))

    def on_screen_resume(self) -> None:
        if self.detail is not None:
            self.load()

    def action_delete_person_here(self) -> None:
        people = self.query_one("#people", DataTable)
        if self.detail is None or people.row_count == 0:
            return
        person = self.detail.people[people.cursor_row]
        self.delete_person(person.id, person.full_name)
