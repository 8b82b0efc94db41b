"""Changes from live notes: the document saved as typed, and what the note-taker marks in it."""

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.clock import utcnow
from db.engine import Database
from db.errors import Invalid, NotFound
from db.lifecycle import PROPOSAL_KINDS
from db.meeting_shapes import LiveSave, LiveVersion
from db.models import (
    ActionItem,
    Meeting,
    Note,
    Organisation,
    Proposal,
    ProposalMeeting,
    StatusChange,
)
from db.notes import LIVE_TEXT_MAX
from db.text import clean_text
from db.validation import optional_line, required_line
from db.vocab import PROPOSED_BY, SIDES


def save_live_document(
    database: Database, meeting_id: int, text: str, seen: LiveVersion | None
) -> LiveSave:
    """Store the whole text of the caller's live document: the one the editor last loaded or
    saved (`seen`), or a new one when it holds none yet.

    A save never overwrites what its editor has not seen. When that document was saved
    meanwhile by someone else (the caller in another window, another note-taker taking over a
    document nobody owned), or the caller began one in another window while this editor held
    none, the text is kept as a new document of the caller's, and the answer says whose
    document moved on (LiveSave.kept_apart_from). Nothing is lost either way.
    """
    cleaned = clean_text(text)
    if len(cleaned) > LIVE_TEXT_MAX:
        raise Invalid({"notes": f"are {len(cleaned):,} characters; at most {LIVE_TEXT_MAX:,}"})
    me = database.actor

    def work(session: Session) -> LiveSave:
        if seen is not None:
            saved = session.execute(
                update(Note)
                .where(
                    Note.id == seen.note_id,
                    Note.version == seen.version,
                    Note.author.in_((me, "")),
                )
                .values(text=cleaned, author=me, version=seen.version + 1, updated_at=utcnow())
            )
            if saved.rowcount == 1:
                return LiveSave(LiveVersion(seen.note_id, seen.version + 1))
            # Moved on, or deleted (then nobody's text is at stake and None says so).
            moved_by = session.scalar(select(Note.author).where(Note.id == seen.note_id))
        else:
            moved_by = session.scalar(
                select(Note.author)
                .where(Note.meeting_id == meeting_id, Note.is_live, Note.author == me)
                .limit(1)
            )
        if session.get(Meeting, meeting_id) is None:
            raise NotFound("The meeting was deleted; the notes stay on screen, unsaved.")
        note = Note(meeting_id=meeting_id, kind="note", is_live=True, text=cleaned, author=me)
        session.add(note)
        session.flush()
        assert note.id is not None
        return LiveSave(LiveVersion(note.id, note.version), kept_apart_from=moved_by)

    return database.write(work)


def _marked_note(session: Session, meeting_id: int, kind: str, text: str) -> None:
    session.add(Note(meeting_id=meeting_id, kind=kind, text=text))


def mark_decision(database: Database, meeting_id: int, text: str) -> int:
    """Record a line of the notes as a decision of the meeting."""
    line = required_line("text", text, 2000)

    def work(session: Session) -> int:
        note = Note(meeting_id=meeting_id, kind="decision", text=line)
        session.add(note)
        session.flush()
        assert note.id is not None
        return note.id

    return database.write(work)


def _check_partner(session: Session, meeting_id: int, partner_id: int | None) -> None:
    if partner_id is None:
        return
    if session.get(Organisation, partner_id) is None:
        raise NotFound("That partner was deleted meanwhile; nothing was saved.")


def add_commitment(
    database: Database,
    meeting_id: int,
    *,
    text: str,
    side: str,
    owner: str = "",
    due_on: date | None = None,
    partner_id: int | None = None,
) -> int:
    """A commitment made in the meeting: an action item (and a note saying so)."""
    problems: dict[str, str] = {}
    try:
        line = required_line("text", text, 2000)
    except Invalid as error:
        problems.update(error.problems)
    try:
        owner_line = optional_line("owner", owner, 200)
    except Invalid as error:
        problems.update(error.problems)
    if side not in SIDES:
        problems["side"] = "must be ours or theirs"
    if problems:
        raise Invalid(problems)

    def work(session: Session) -> int:
        if session.get(Meeting, meeting_id) is None:
            raise NotFound("The meeting was deleted; nothing was saved.")
        _check_partner(session, meeting_id, partner_id)
        item = ActionItem(
            text=line,
            side=side,
            owner=owner_line,
            due_on=due_on,
            meeting_id=meeting_id,
            partner_id=partner_id,
        )
        session.add(item)
        _marked_note(session, meeting_id, "commitment", line)
        session.flush()
        assert item.id is not None
        return item.id

    return database.write(work)


def add_proposal(
    database: Database,
    meeting_id: int,
    *,
    title: str,
    kind: str,
    proposed_by: str,
    partner_id: int | None,
    on: date | None = None,
) -> int:
    """A new proposal raised in the meeting, with its first status dated and linked here.

    The status is dated by the meeting when it was held before `on` (notes of a 2025 meeting
    typed up today record a 2025 proposal), else `on`."""
    problems: dict[str, str] = {}
    try:
        clean_title = required_line("title", title, 500)
    except Invalid as error:
        problems.update(error.problems)
    if kind not in PROPOSAL_KINDS:
        problems["kind"] = f"must be one of: {', '.join(PROPOSAL_KINDS)}"
    if proposed_by not in (*PROPOSED_BY, ""):
        problems["proposed_by"] = "must be us, them or jointly"
    if problems:
        raise Invalid(problems)

    def work(session: Session) -> int:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("The meeting was deleted; nothing was saved.")
        _check_partner(session, meeting_id, partner_id)
        proposal = Proposal(
            title=clean_title,
            kind=kind,
            proposed_by=proposed_by,
            partner_id=partner_id,
            status="proposed",
        )
        session.add(proposal)
        session.flush()
        assert proposal.id is not None
        session.add(
            ProposalMeeting(proposal_id=proposal.id, meeting_id=meeting_id, raised_here=True)
        )
        held = meeting.starts_at.date() if meeting.starts_at else None
        if held is not None and (on is None or held <= on):
            changed_on = held
            precision = (
                meeting.date_precision if meeting.date_precision in ("year", "month") else "day"
            )
        else:
            changed_on, precision = on, "day"
        session.add(
            StatusChange(
                proposal_id=proposal.id,
                new_status="proposed",
                changed_on=changed_on,
                date_precision=precision,
                meeting_id=meeting_id,
                comment="Raised during the meeting.",
            )
        )
        _marked_note(session, meeting_id, "proposal", clean_title)
        return proposal.id

    return database.write(work)


def update_action_item(
    database: Database,
    item_id: int,
    *,
    text: str,
    side: str,
    owner: str,
    due_on: date | None,
) -> None:
    """Fix an action item's text, side, owner or due date (e.g. at wrap-up)."""
    line = required_line("text", text, 2000)
    owner_line = optional_line("owner", owner, 200)
    if side not in SIDES:
        raise Invalid({"side": "must be ours or theirs"})

    def work(session: Session) -> None:
        result = session.execute(
            update(ActionItem)
            .where(ActionItem.id == item_id)
            .values(text=line, side=side, owner=owner_line, due_on=due_on, updated_at=utcnow())
        )
        if result.rowcount == 0:
            raise NotFound("This action item was deleted meanwhile.")

    database.write(work)
