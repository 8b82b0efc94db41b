"""A proposal's page: what it is, who proposed it, its meetings, and its dated timeline."""

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from db.lifecycle import WITHDRAWN
from db.proposal_input import StatusChangeInput
from db.proposal_shapes import ProposalDetail
from db.vocab import proposed_by_words
from screens.keymap import bindings
from screens.record import RecordScreen, section
from screens.widgets import TopBar, marking_badge, plain


def profile(detail: ProposalDetail) -> Text:
    """Marking, title, kind, status, who proposed it, partner, owner, next step, description."""
    text = marking_badge(detail.marking)
    text.append_text(plain(detail.title, "bold"))
    facts = [
        detail.kind,
        detail.status,
        proposed_by_words(detail.proposed_by),
        f"on record since {detail.proposed_on}" if detail.proposed_on else "",
    ]
    text.append("\n")
    text.append_text(plain(" · ".join(f for f in facts if f), "dim"))
    for label, value in (
        ("Partner", detail.partner),
        ("Owner", detail.owner),
        ("Next step", detail.next_step),
    ):
        if value:
            text.append(f"\n{label}: ", style="bold")
            text.append_text(plain(value))
    if detail.due:
        text.append("\nDue: ", style="bold")
        text.append_text(plain(detail.due, "bold red" if detail.overdue else ""))
        if detail.overdue:
            text.append(" overdue", style="red")
    if detail.changed_by:
        text.append_text(
            plain(f"\nLast changed by {detail.changed_by}, {detail.changed_on}", "dim")
        )
    if detail.description:
        text.append("\n\n")
        text.append_text(plain(detail.description))
    return text


def timeline(detail: ProposalDetail) -> Text:
    """Every dated step, oldest first."""
    text = Text()
    for step in detail.steps:
        if text:
            text.append("\n")
        text.append(f"{step.when or 'undated':>11}  ", style="bold")
        if step.old_status:
            text.append_text(plain(f"{step.old_status} → "))
        text.append_text(plain(step.new_status, "italic"))
        if step.meeting:
            text.append_text(plain(f"  at {step.meeting}", "dim"))
        if step.comment:
            text.append("\n             ")
            text.append_text(plain(step.comment, "dim"))
    return text or Text("no history", style="dim")


def action_items(detail: ProposalDetail) -> Text:
    """Who does what by when for this proposal; overdue ones in red."""
    text = Text()
    for item in detail.action_items:
        if text:
            text.append("\n")
        text.append("[x] " if item.done else "[ ] ", style="dim")
        text.append_text(plain(f"{item.side}: ", "bold"))
        text.append_text(plain(item.text, "dim" if item.done else ""))
        if item.owner:
            text.append_text(plain(f" — {item.owner}", "dim"))
        if item.due:
            text.append_text(plain(f"  due {item.due}", "bold red" if item.overdue else "dim"))
    return text or Text("none", style="dim")


class ProposalScreen(RecordScreen[ProposalDetail]):
    """One proposal and its history."""

    TITLE = "Proposal page"
    BINDINGS = bindings("ProposalScreen")

    page_id = "proposal-page"

    def page(self) -> ComposeResult:
        yield Static("Loading…", id="proposal-profile")
        yield from section("Meetings", Static(id="proposal-meetings"))
        yield from section("Notes from those meetings", Static(id="proposal-notes"))
        yield from section("Action items", Static(id="proposal-actions"))
        yield from section("Timeline", Static(id="timeline"))

    def fetch(self) -> ProposalDetail:
        from db.proposals import get_proposal

        return get_proposal(self.context.database(), self.record_id, self.context.today())

    def show(self, detail: ProposalDetail) -> None:
        self.query_one(TopBar).show(f"Proposals ▸ {detail.title}", detail.status)
        self.query_one("#proposal-profile", Static).update(profile(detail))
        meetings = "\n".join(label for _, label in detail.meetings) or "none"
        self.query_one("#proposal-meetings", Static).update(plain(meetings))
        notes = "\n".join(detail.notes) or "none"
        self.query_one("#proposal-notes", Static).update(plain(notes))
        self.query_one("#proposal-actions", Static).update(action_items(detail))
        self.query_one("#timeline", Static).update(timeline(detail))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None: shown dimmed, the key doing nothing, while the proposal loads or its status
        # allows no move (no withdrawal).
        allowed = self.detail.allowed_next if self.detail is not None else ()
        if action == "move":
            return True if allowed else None
        if action == "withdraw":
            return True if WITHDRAWN in allowed else None
        return super().check_action(action, parameters)

    def action_move(self, preset: str | None = None) -> None:
        if self.detail is not None:
            self.open_move_form(self.detail, preset)

    def action_withdraw(self) -> None:
        self.action_move(WITHDRAWN)

    def action_edit(self) -> None:
        from screens.proposals.form import open_proposal_form

        open_proposal_form(
            self, self.context, self.record_id, on_saved=self.reload_when_saved("Proposal saved.")
        )

    def action_link_meeting(self) -> None:
        from screens.pickers import PickerScreen

        partner_id = self.detail.partner_id if self.detail else None

        def search(text: str) -> list[tuple[int, str]]:
            from db.meetings import list_meetings

            database = self.context.database()
            found = list_meetings(database, text, partner_id=partner_id, limit=30).rows
            if not found and partner_id is not None:
                found = list_meetings(database, text, limit=30).rows
            return [(m.id, f"{m.when} · {m.title}") for m in found]

        self.app.push_screen(PickerScreen("Link to which meeting?", search), self.link)

    def link(self, meeting_id: int | None) -> None:
        if meeting_id is not None:
            self.save_link(meeting_id)

    @work(thread=True, exclusive=True, group="proposal-link", exit_on_error=False)
    def save_link(self, meeting_id: int) -> None:
        from db.proposal_changes import link_meeting

        added = link_meeting(self.context.database(), self.record_id, meeting_id)
        message = "Linked to the meeting." if added else "Already linked to that meeting."
        self.app.call_from_thread(self.app.notify, message)
        self.load()

    @work(thread=True, exclusive=True, group="proposal-move", exit_on_error=False)
    def open_move_form(self, detail: ProposalDetail, preset: str | None) -> None:
        from datetime import date

        from db.meetings import list_meetings
        from db.proposal_changes import change_status
        from screens.proposals.status_form import StatusForm

        database = self.context.database()
        meetings = (
            list_meetings(database, partner_id=detail.partner_id, limit=50).rows
            if detail.partner_id
            else ()
        )
        choices = tuple((m.id, f"{m.when} · {m.title}") for m in meetings)

        def save(data: StatusChangeInput, _overwrite: bool) -> int:
            change_status(
                database,
                detail.id,
                data.new_status,
                on=date.fromisoformat(data.on),
                meeting_id=data.meeting_id,
                comment=data.comment,
            )
            return detail.id

        form = StatusForm(self.context, save, detail, choices, preset).keep_drafts_as(
            f"proposal-status:{detail.id}"
        )
        moved = self.reload_when_saved("Status changed.")
        self.app.call_from_thread(self.app.push_screen, form, moved)
