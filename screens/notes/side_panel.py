"""Beside the live notes: what is still open with the meeting's partners, who is present,
and the marking of the note-taker's document."""

from rich.console import Group
from rich.text import Text

from db.meeting_shapes import MeetingDetail, TalkingPoints
from screens.context import AppContext
from screens.widgets import heading, plain

# The marking of a note-taker's notes: its rank, and the level's name.
Marking = tuple[int, str]


def read_side_panel(
    context: AppContext, meeting_id: int, note_id: int | None
) -> tuple[MeetingDetail, TalkingPoints, list[str], Marking]:
    """The meeting, what is still open with its partners, who else takes notes, and the
    marking of the note-taker's document `note_id` (none saved yet: the meeting's, which a
    new document takes). In a worker."""
    from db.errors import NotFound
    from db.markings import marking_levels
    from db.meetings import get_meeting
    from db.notes import live_documents, talking_points
    from db.record_markings import marking_of

    database = context.database()
    detail = get_meeting(database, meeting_id, context.today())
    points = talking_points(database, meeting_id, context.today())
    documents = live_documents(database, meeting_id)
    others = sorted({d.author for d in documents} - {database.actor, ""})
    try:
        rank = marking_of(database, "note", note_id) if note_id is not None else None
    except NotFound:
        rank = None  # deleted meanwhile: the next save makes a new one
    if rank is None:
        rank = marking_of(database, "meeting", meeting_id)
    return detail, points, others, (rank, marking_levels(database).name(rank))


def talking_points_view(points: TalkingPoints) -> Group:
    """Open proposals and pending action items, as the note-taker sees them."""
    proposals = heading("Open proposals")
    for proposal in points.proposals:
        proposals.append("\n▸ ")
        proposals.append_text(plain(proposal.title))
        proposals.append_text(plain(f" ({proposal.status})", "italic dim"))
        if proposal.next_step:
            proposals.append("\n  next: ", style="dim")
            proposals.append_text(plain(proposal.next_step, "dim"))
    if not points.proposals:
        proposals.append("\n none", style="dim")
    actions = heading("Pending action items", gap=True)
    for item in points.action_items:
        actions.append("\n▸ ")
        actions.append(f"({item.side}) ", style="bold" if item.side == "ours" else "")
        actions.append_text(plain(item.text))
        if item.due:
            actions.append_text(plain(f" — due {item.due}", "bold red" if item.overdue else "dim"))
    if not points.action_items:
        actions.append("\n none", style="dim")
    return Group(proposals, actions)


def present_view(detail: MeetingDetail, other_note_takers: list[str]) -> Text:
    """The attendance list, ours first, and who else takes notes of this meeting."""
    text = Text()
    for attendee in detail.attendance:
        if text:
            text.append("\n")
        text.append(f"{attendee.side:<7}", style="bold" if attendee.side == "ours" else "dim")
        text.append_text(plain(attendee.name))
        if attendee.role:
            text.append_text(plain(f" ({attendee.role})", "dim"))
    if not text:
        text = Text("No attendance recorded.", style="dim")
    if other_note_takers:
        text.append("\n\nAlso taking notes: ", style="bold")
        text.append_text(plain(", ".join(other_note_takers)))
    return text
