"""A meeting's page: when and where, partners, attendance, topics, outcomes, notes, follow-up."""

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from db.meeting_shapes import ActionItemRow, Attendee, MeetingDetail, MeetingProposalRow, NoteRow
from db.text import counted
from db.vocab import MARKS
from screens.context import AppContext
from screens.keymap import bindings
from screens.proposals.table import ProposalTable
from screens.record import RecordScreen, section
from screens.widgets import (
    KeyTable,
    TopBar,
    as_cells,
    cell,
    due_cell,
    marking_badge,
    plain,
    side_cell,
)

# A live document can be very long; the page shows its beginning, live notes show it all.
NOTE_PREVIEW_CHARS = 4000
NOTE_MARKERS = {"decision": "◆ ", "commitment": "▲ ", "proposal": "✚ "}
# The tables' columns, as drawn at 120 columns (screens.widgets.as_col).
ATTENDANCE = (("Side", 6), ("Name", 26), ("Role", 11), ("Position", 20), ("Organisation", 36))
ACTIONS = (("Side", 6), ("What", 50), ("Owner", 20), ("Due", 11), ("Done", 4))
PROPOSALS = (("Proposal", 52), ("Kind", 12), ("Status", 17), ("By", 7), ("Partner", 20))


def header(detail: MeetingDetail) -> Text:
    """Marking, title, when and where, partners, topics, summary."""
    text = marking_badge(detail.marking)
    text.append_text(plain(detail.title, "bold"))
    when = detail.when or "date unknown"
    if detail.ends:
        when += f"–{detail.ends}"
    facts = [when, detail.place, detail.kind, detail.status]
    text.append("\n")
    text.append_text(plain(" · ".join(f for f in facts if f), "dim"))
    if detail.visit:
        text.append("\nVisit: ", style="bold")
        text.append_text(plain(detail.visit))
    if detail.changed_by:
        text.append_text(
            plain(f"\nLast changed by {detail.changed_by}, {detail.changed_on}", "dim")
        )
    text.append("\nPartners: ", style="bold")
    text.append_text(plain(", ".join(p.name for p in detail.partners) or "none"))
    if detail.topics:
        text.append("\nTopics: ", style="bold")
        text.append_text(plain(", ".join(detail.topics)))
    if detail.summary:
        text.append("\n\n")
        text.append_text(plain(detail.summary))
    return text


def in_live_notes(note: NoteRow, notes: tuple[NoteRow, ...]) -> bool:
    """A line marked in live notes: its own record repeats what the live document shows."""
    mark = MARKS.get(note.kind)
    return bool(mark) and any(f"{mark} {note.text}" in n.text for n in notes if n.is_live)


def notes_shown(notes: tuple[NoteRow, ...], shown: int | None = None) -> tuple[NoteRow, ...]:
    """The notes the page lists: each marked line once (in its live document), the `shown`
    one (a search hit) always."""
    return tuple(n for n in notes if n.id == shown or not in_live_notes(n, notes))


def notes_view(
    notes: tuple[NoteRow, ...], shown: int | None = None, meeting_marking: str = ""
) -> Group | Text:
    """The notes in time order, marked kinds first-glance visible, each note marked above
    its meeting (`meeting_marking`) with its badge; the `shown` one stands out (the note a
    search found)."""
    if not notes:
        return Text("No notes yet: n takes notes live.", style="dim")
    parts = []
    for note in notes:
        # A note is never marked below its meeting: another marking is a higher one.
        line = marking_badge(note.marking if note.marking != meeting_marking else "")
        if note.is_live:
            # Each note-taker's own document, under whose it is.
            line.append_text(
                plain(f"Notes by {note.author}" if note.author else "Live notes", "bold")
            )
            line.append_text(plain(f" · saved {note.saved}", "dim"))
            line.append("\n")
        else:
            line.append(f"{note.taken}  ", style="dim")
        marker = NOTE_MARKERS.get(note.kind, "")
        if marker:
            line.append(f"{marker}{note.kind.upper()} ", style="bold")
        body = note.text
        if len(body) > NOTE_PREVIEW_CHARS:
            hidden = len(body) - NOTE_PREVIEW_CHARS
            more = counted(hidden, "more character", "more characters")
            body = f"{body[:NOTE_PREVIEW_CHARS]}… ({more}: n shows all)"
        line.append_text(plain(body))
        if note.id == shown:
            line.stylize("reverse")
        parts.append(line)
    return Group(*parts)


def attendee_cells(attendee: Attendee) -> tuple[Text, ...]:
    name = cell(attendee.name, "bold" if attendee.role == "head" else "")
    role = attendee.role or "—"
    return as_cells(side_cell(attendee.side), name, role, attendee.position, attendee.organisation)


def action_cells(item: ActionItemRow) -> tuple[Text, ...]:
    done = "✓" if item.done else ""
    return as_cells(item.side, item.text, item.owner, due_cell(item.due, item.overdue), done)


def proposal_cells(proposal: MeetingProposalRow) -> tuple[Text, ...]:
    status = cell(proposal.status, "italic")
    return as_cells(proposal.title, proposal.kind, status, proposal.proposed_by, proposal.partner)


class MeetingScreen(RecordScreen[MeetingDetail]):
    """One meeting and everything recorded about it."""

    TITLE = "Meeting page"
    BINDINGS = bindings("MeetingScreen")

    page_id = "meeting-page"

    def __init__(self, context: AppContext, meeting_id: int, show_note: int | None = None) -> None:
        super().__init__(context, meeting_id)
        # The note a search found: it stands out, scrolled into view.
        self.show_note = show_note

    @property
    def meeting_id(self) -> int:
        """The meeting's id (`record_id`), as its callers name it."""
        return self.record_id

    def page(self) -> ComposeResult:
        yield Static("Loading…", id="meeting-header")
        yield from section("Attendance", KeyTable(id="attendance", columns=ATTENDANCE))
        yield from section("Notes", Static(id="notes"))
        yield from section("Action items", KeyTable(id="actions", columns=ACTIONS))
        yield from section(
            "Proposals raised or discussed", ProposalTable(id="proposals", columns=PROPOSALS)
        )

    def fetch(self) -> MeetingDetail:
        from db.meetings import get_meeting

        return get_meeting(self.context.database(), self.record_id, self.context.today())

    def show(self, detail: MeetingDetail) -> None:
        self.query_one(TopBar).show(
            f"Meetings ▸ {detail.title}", f"{detail.status} · {detail.when or 'date unknown'}"
        )
        self.query_one("#meeting-header", Static).update(header(detail))
        self.show_rows(
            "#attendance", detail.attendance, attendee_cells, key=lambda row: row.person_id
        )
        notes = self.query_one("#notes", Static)
        listed = notes_shown(detail.notes, self.show_note)
        notes.update(notes_view(listed, self.show_note, detail.marking))
        if self.show_note is not None and self.detail is detail:
            self.call_after_refresh(self.query_one("#meeting-page").scroll_to_widget, notes)
        self.count_in_title("#notes", len(listed))
        self.show_rows("#actions", detail.action_items, action_cells)
        self.show_rows("#proposals", detail.proposals, proposal_cells)

    def action_take_notes(self) -> None:
        from screens.notes.live import LiveNotesScreen

        self.app.push_screen(LiveNotesScreen(self.context, self.record_id))

    def action_brief(self) -> None:
        from screens.briefs import BriefScreen

        self.app.push_screen(BriefScreen(self.context, meeting_id=self.record_id))

    def action_edit(self) -> None:
        from screens.meetings.form import open_meeting_form

        open_meeting_form(
            self, self.context, self.record_id, on_saved=self.reload_when_saved("Meeting saved.")
        )

    def action_continue_meeting(self) -> None:
        from screens.meetings.form import open_meeting_form

        open_meeting_form(
            self, self.context, self.record_id, continue_from=True, on_saved=self.copied
        )

    def copied(self, meeting_id: int | None) -> None:
        if meeting_id is not None:
            self.app.notify("Next meeting created.")
            self.app.switch_screen(MeetingScreen(self.context, meeting_id))
