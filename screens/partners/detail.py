"""A partner's page: profile, milestones, people, meetings (newest first), open proposals."""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from db.meeting_shapes import ActionItemRow
from db.partner_shapes import (
    OrganisationDetail,
    PartnerMeetingRow,
    PartnerProposalRow,
    PersonRow,
)
from db.text import counted
from screens.keymap import bindings
from screens.partners.actions import PartnerActions
from screens.partners.render import profile
from screens.proposals.table import ProposalTable
from screens.record import RecordScreen, section
from screens.widgets import (
    Col,
    KeyTable,
    TopBar,
    as_cells,
    cell,
    due_cell,
    marking_badge,
    plain,
    side_cell,
)


class PeopleTable(KeyTable, group="People list"):
    """The partner's people; enter edits, x deletes."""


class MeetingTable(KeyTable, group="Meetings list"):
    """The partner's meetings; enter opens one."""


# The tables' columns, as drawn at 120 columns; how each fits other widths: screens.widgets.Col.
PEOPLE = (
    Col("Name", 24, grow=2, least=14),
    Col("Position", 40, grow=3, least=14),
    Col("Honorific", 12, least=8, drop=2),
    Col("Address", 14, grow=1, least=8, drop=3),
    Col("Languages", 12, grow=1, least=8, drop=1),
)
PROPOSALS = (
    Col("Proposal", 42, grow=4, least=20),
    Col("Kind", 11, grow=1, least=8, drop=2),
    Col("Status", 17, least=10),
    Col("By", 7, drop=3),
    Col("Next step", 16, grow=2, least=8, drop=1),
    Col("Due", 11),
)
ACTIONS = (
    Col("Side", 6),
    Col("What", 56, grow=3, least=16),
    Col("Who", 20, grow=1, least=8),
    Col("Due", 11),
)
MEETINGS = (
    Col("When", 17),
    Col("Meeting", 56, grow=3, least=16),
    Col("Kind", 16, grow=1, least=8, drop=2),
    Col("Place", 12, grow=1, least=6, drop=1),
    Col("Status", 9),
)


def person_cells(person: PersonRow) -> tuple[Text, ...]:
    """A person of the partner: the marking's badge before the name (none at the lowest)."""
    name = cell("")
    name.append_text(marking_badge(person.marking))
    name.append_text(plain(person.full_name, "bold"))
    if person.pronunciation:
        name.append(f" ({person.pronunciation})", style="dim")
    return as_cells(name, person.position, person.title, person.form_of_address, person.languages)


def proposal_cells(proposal: PartnerProposalRow) -> tuple[Text, ...]:
    status, due = cell(proposal.status, "italic"), due_cell(proposal.due, proposal.overdue)
    return as_cells(
        proposal.title, proposal.kind, status, proposal.proposed_by, proposal.next_step, due
    )


def action_cells(item: ActionItemRow) -> tuple[Text, ...]:
    return as_cells(side_cell(item.side), item.text, item.owner, due_cell(item.due, item.overdue))


def meeting_cells(meeting: PartnerMeetingRow) -> tuple[Text, ...]:
    when = cell(meeting.when, "bold")
    return as_cells(when, meeting.title, meeting.kind, meeting.place, meeting.status)


class PartnerScreen(PartnerActions, RecordScreen[OrganisationDetail]):
    """One partner, with everything the department knows about it."""

    TITLE = "Partner page"
    BINDINGS = bindings("PartnerScreen")

    page_id = "partner-page"

    @property
    def selected_partner_id(self) -> int | None:
        return self.record_id

    def page(self) -> ComposeResult:
        yield Static("Loading…", id="profile")
        yield from section("People", PeopleTable(id="people", columns=PEOPLE))
        yield from section("Open proposals", ProposalTable(id="proposals", columns=PROPOSALS))
        yield from section("Pending action items", KeyTable(id="partner-actions", columns=ACTIONS))
        yield from section("Meetings", MeetingTable(id="meetings", columns=MEETINGS))

    def on_mount(self) -> None:
        self.query_one("#people", DataTable).focus()

    def fetch(self) -> OrganisationDetail:
        from db.partners import get_partner

        return get_partner(self.context.database(), self.record_id, self.context.today())

    def show(self, detail: OrganisationDetail) -> None:
        status = f"{len(detail.open_proposals)} open · {counted(len(detail.meetings), 'meeting')}"
        self.query_one(TopBar).show(f"Partners ▸ {detail.short_name or detail.name}", status)
        self.query_one("#profile", Static).update(profile(detail))
        self.show_rows("#people", detail.people, person_cells, keep_cursor=True)
        self.show_rows("#proposals", detail.open_proposals, proposal_cells)
        self.show_rows("#partner-actions", detail.action_items, action_cells)
        self.show_rows("#meetings", detail.meetings, meeting_cells)

    def partner_deleted(self) -> None:
        self.app.notify("Partner deleted.")
        self.app.pop_screen()

    def action_add_person(self) -> None:
        self.open_person_form(self.record_id, None)

    @on(DataTable.RowSelected, "#people")
    def person_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_person_form(self.record_id, int(event.row_key.value))

    @on(DataTable.RowSelected, "#meetings")
    def meeting_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            from screens.meetings.detail import MeetingScreen

            self.app.push_screen(MeetingScreen(self.context, int(event.row_key.value)))

    def action_delete_person_here(self) -> None:
        people = self.query_one("#people", DataTable)
        if self.detail is None or people.row_count == 0:
            return
        person = self.detail.people[people.cursor_row]
        self.delete_person(person.id, person.full_name)
