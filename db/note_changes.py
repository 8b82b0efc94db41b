"""Changes from live notes: the document saved as typed, what the note-taker marks in it, and
the handling marking of the notes (never below their meeting's)."""

from dataclasses import replace
from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session
from sqlmodel import col

from db.clock import utcnow
from db.engine import Database
from db.errors import Invalid, NotFound
from db.lookups import added, existing
from db.markings import levels_in
from db.meeting_input import CommitmentInput
from db.meeting_shapes import LiveSave, LiveVersion
from db.models import (
    ActionItem,
    Meeting,
    Note,
    Organisation,
    ProposalMeeting,
    require_id,
)
from db.notes import LIVE_TEXT_MAX
from db.proposal_changes import add_new_proposal
from db.proposal_input import ProposalInput
from db.record_markings import checked_marking
from db.text import clean_text
from db.validation import required_line


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
            saved = cast(
                CursorResult[Any],
                session.execute(
                    update(Note)
                    .where(
                        col(Note.id) == seen.note_id,
                        col(Note.version) == seen.version,
                        col(Note.author).in_((me, "")),
                    )
                    .values(text=cleaned, author=me, version=seen.version + 1, updated_at=utcnow())
                ),
            )
            if saved.rowcount == 1:
                return LiveSave(LiveVersion(seen.note_id, seen.version + 1))
            # Moved on, or deleted (then nobody's text is at stake and None says so).
            moved_by = session.scalar(select(col(Note.author)).where(col(Note.id) == seen.note_id))
        else:
            moved_by = session.scalar(
                select(col(Note.author))
                .where(
                    col(Note.meeting_id) == meeting_id, col(Note.is_live), col(Note.author) == me
                )
                .limit(1)
            )
        meeting = existing(
            session,
            Meeting,
            meeting_id,
            "The meeting was deleted; the notes stay on screen, unsaved.",
        )
        note = Note(
            meeting_id=meeting_id,
            kind="note",
            is_live=True,
            text=cleaned,
            author=me,
            marking=meeting.marking,
        )
        return LiveSave(LiveVersion(added(session, note), note.version), kept_apart_from=moved_by)

    return database.write(work)


def _marked_note(session: Session, meeting: Meeting, kind: str, text: str) -> int:
    """A note of what was marked in the meeting, at the meeting's marking; its id."""
    return added(
        session,
        Note(meeting_id=require_id(meeting), kind=kind, text=text, marking=meeting.marking),
    )


def mark_decision(database: Database, meeting_id: int, text: str) -> int:
    """Record a line of the notes as a decision of the meeting."""
    line = required_line("text", text, 2000)

    def work(session: Session) -> int:
        meeting = existing(session, Meeting, meeting_id, "The meeting was deleted; nothing saved.")
        return _marked_note(session, meeting, "decision", line)

    return database.write(work)


def raise_note_marking(database: Database, note_id: int) -> int:
    """Mark a note one level higher (the highest level stays); returns its new rank.

    The note's version stays: a live editor holding the document saves on into it."""

    def work(session: Session) -> int:
        note = existing(session, Note, note_id, "These notes were deleted; nothing was marked.")
        note.marking = max(note.marking, levels_in(session).raised(note.marking))
        return note.marking

    return database.write(work)


def _check_partner(session: Session, meeting_id: int, partner_id: int | None) -> None:
    if partner_id is None:
        return
    existing(
        session, Organisation, partner_id, "That partner was deleted meanwhile; nothing was saved."
    )


def add_commitment(
    database: Database, meeting_id: int, data: CommitmentInput, today: date | None = None
) -> int:
    """A commitment made in the meeting: an action item (and a note saying so)."""
    clean = data.cleaned(today)

    def work(session: Session) -> int:
        meeting = existing(
            session, Meeting, meeting_id, "The meeting was deleted; nothing was saved."
        )
        _check_partner(session, meeting_id, clean.partner_id)
        item_id = added(
            session,
            ActionItem(
                text=clean.text,
                side=clean.side,
                owner=clean.owner,
                due_on=clean.due_on,
                meeting_id=meeting_id,
                partner_id=clean.partner_id,
            ),
        )
        _marked_note(session, meeting, "commitment", clean.text)
        return item_id

    return database.write(work)


def add_proposal(
    database: Database, meeting_id: int, data: ProposalInput, on: date | None = None
) -> int:
    """A new proposal raised in the meeting, with its first status dated and linked here,
    marked at least as the meeting is.

    The status is dated by the meeting when it was held before `on` (notes of a 2025 meeting
    typed up today record a 2025 proposal), else `on`: `data.since` is not used."""
    clean = data.cleaned(on)

    def work(session: Session) -> int:
        meeting = existing(
            session, Meeting, meeting_id, "The meeting was deleted; nothing was saved."
        )
        _check_partner(session, meeting_id, clean.partner_id)
        marking = max(checked_marking(session, clean.marking), meeting.marking)
        held = meeting.starts_at.date() if meeting.starts_at else None
        changed_on: date | None
        if held is not None and (on is None or held <= on):
            changed_on = held
            precision = (
                meeting.date_precision if meeting.date_precision in ("year", "month") else "day"
            )
        else:
            changed_on, precision = on, "day"
        proposal_id = add_new_proposal(
            session,
            replace(clean, marking=marking),
            changed_on=changed_on,
            precision=precision,
            meeting_id=meeting_id,
            comment="Raised during the meeting.",
        )
        session.add(
            ProposalMeeting(proposal_id=proposal_id, meeting_id=meeting_id, raised_here=True)
        )
        _marked_note(session, meeting, "proposal", clean.title)
        return proposal_id

    return database.write(work)


def update_action_item(
    database: Database, item_id: int, data: CommitmentInput, today: date | None = None
) -> None:
    """Fix an action item's text, side, owner or due date (e.g. at wrap-up); its partner stays."""
    clean = data.cleaned(today)

    def work(session: Session) -> None:
        result = cast(
            CursorResult[Any],
            session.execute(
                update(ActionItem)
                .where(col(ActionItem.id) == item_id)
                .values(
                    text=clean.text,
                    side=clean.side,
                    owner=clean.owner,
                    due_on=clean.due_on,
                    updated_at=utcnow(),
                )
            ),
        )
        if result.rowcount == 0:
            raise NotFound("This action item was deleted meanwhile.")

    database.write(work)
