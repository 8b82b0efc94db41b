"""What a search hit shows and where it leads, read from the records (any backend)."""

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.marking_names import marking_name
from db.markings import Levels
from db.models import (
    ActionItem,
    Meeting,
    Note,
    Organisation,
    Person,
    Proposal,
    Visit,
    id_col,
)
from db.search.hits import SearchHit, cjk_split
from db.text import fold

ACTION_TITLE_MAX = 80
PREFIX_FROM = 2
SNIPPET_WORDS = 12
SNIPPET_LEAD = 3
# A meeting found by who attended it names at most this many of them.
ATTENDEES_NAMED = 3
_SPACES = re.compile(r"\s+")
_TOKENS = re.compile(r"\w+|\W+")


class Target(NamedTuple):
    """A hit's title, where enter goes, its record's marking, and for a note its id."""

    title: str
    opens: tuple[str, int]
    marking: str = ""
    note_id: int | None = None


def _short(line: str, limit: int) -> str:
    line = _SPACES.sub(" ", line).strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


# The targets of records of one kind, by id, their markings named with the levels given.
_Targets = Callable[[Session, list[int], Levels], dict[int, Target]]


def _titled(id_column: int | None, title: str, marking: int, opens: str) -> _Targets:
    """The targets of records that a column titles and that open their own page (`opens`)."""

    def targets(session: Session, ids: list[int], levels: Levels) -> dict[int, Target]:
        rows = session.execute(
            select(id_col(id_column), col(title), col(marking)).where(col(id_column).in_(ids))
        )
        return {
            id_: Target(name, (opens, id_), marking_name(levels, rank)) for id_, name, rank in rows
        }

    return targets


def _people(session: Session, ids: list[int], levels: Levels) -> dict[int, Target]:
    rows = session.execute(
        select(
            id_col(Person.id),
            col(Person.full_name),
            col(Person.organisation_id),
            col(Person.marking),
        ).where(col(Person.id).in_(ids))
    )
    return {
        id_: Target(
            name,
            ("partner", org) if org is not None else ("person", id_),
            marking_name(levels, rank),
        )
        for id_, name, org, rank in rows
    }


def _notes(session: Session, ids: list[int], levels: Levels) -> dict[int, Target]:
    rows = session.execute(
        select(id_col(Note.id), col(Note.meeting_id), col(Meeting.title), col(Note.marking))
        .join(Meeting, col(Meeting.id) == Note.meeting_id)
        .where(col(Note.id).in_(ids))
    )
    return {
        id_: Target(title, ("meeting", meeting), marking_name(levels, rank), id_)
        for id_, meeting, title, rank in rows
    }


def _action_opens(
    id_: int, meeting: int | None, partner: int | None, proposal: int | None
) -> tuple[str, int]:
    if meeting is not None:
        return ("meeting", meeting)
    if partner is not None:
        return ("partner", partner)
    if proposal is not None:
        return ("proposal", proposal)
    return ("action", id_)


def _actions(session: Session, ids: list[int], _levels: Levels) -> dict[int, Target]:
    rows = session.execute(
        select(
            id_col(ActionItem.id),
            col(ActionItem.text),
            col(ActionItem.meeting_id),
            col(ActionItem.partner_id),
            col(ActionItem.proposal_id),
        ).where(col(ActionItem.id).in_(ids))
    )
    return {
        id_: Target(_short(line, ACTION_TITLE_MAX), _action_opens(id_, meeting, partner, proposal))
        for id_, line, meeting, partner, proposal in rows
    }


TARGETS: dict[str, _Targets] = {
    "organisation": _titled(Organisation.id, Organisation.name, Organisation.marking, "partner"),
    "person": _people,
    "meeting": _titled(Meeting.id, Meeting.title, Meeting.marking, "meeting"),
    "note": _notes,
    "proposal": _titled(Proposal.id, Proposal.title, Proposal.marking, "proposal"),
    "action": _actions,
    "visit": _titled(Visit.id, Visit.title, Visit.marking, "visit"),
}


def snippet(source: str, words: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """A few words of `source` around the first that matches, matching words marked (a CJK
    run of the words wherever it stands inside a longer run)."""
    others, runs = cjk_split(words)
    keys = [fold(w) for w in others]
    tokens = _TOKENS.findall(" ".join(source.split()))
    if runs:
        inside = re.compile(
            "(" + "|".join(map(re.escape, sorted(runs, key=len, reverse=True))) + ")"
        )
        tokens = [piece for token in tokens for piece in inside.split(token) if piece]

    def matches(token: str) -> bool:
        folded = fold(token)
        return token in runs or (
            token[:1].isalnum()
            and any(folded.startswith(k) if len(k) >= PREFIX_FROM else folded == k for k in keys)
        )

    word_places = [i for i, token in enumerate(tokens) if token[:1].isalnum()]
    first = next((n for n, i in enumerate(word_places) if matches(tokens[i])), None)
    if first is None:
        return ()
    start = max(0, first - SNIPPET_LEAD)
    chosen = word_places[start : start + SNIPPET_WORDS]
    window = tokens[chosen[0] : chosen[-1] + 1]
    pieces = [("…", False)] if start > 0 else []
    pieces += [(token, matches(token)) for token in window]
    if chosen[-1] < word_places[-1]:
        pieces.append(("…", False))
    return _merged(pieces)


def attended_meetings(
    session: Session,
    ids: list[int],
    attendees: Iterable[tuple[int, str]],
    words: tuple[str, ...],
    levels: Levels,
) -> list[SearchHit]:
    """Meetings found through who attended them, in the order of `ids`; `attendees` are the
    (meeting id, name) pairs of the people whose names matched."""
    names: dict[int, list[str]] = {}
    for meeting_id, name in attendees:
        names.setdefault(meeting_id, []).append(name)
    targets = TARGETS["meeting"](session, ids, levels)
    return [
        SearchHit(
            kind="meeting",
            record_id=meeting_id,
            title=target.title,
            snippet=attendance_snippet(names.get(meeting_id, []), words),
            opens=target.opens,
            marking=target.marking,
        )
        for meeting_id in ids
        if (target := targets.get(meeting_id)) is not None
    ]


def attendance_snippet(names: list[str], words: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """'attended by Lê Quốc Hùng' with the words matched in the names marked: the snippet of
    a meeting found through the people who attended it."""
    pieces: list[tuple[str, bool]] = [("attended by ", False)]
    for number, name in enumerate(names[:ATTENDEES_NAMED]):
        if number:
            pieces.append((", ", False))
        pieces.extend(snippet(name, words) or ((name, False),))
    if len(names) > ATTENDEES_NAMED:
        pieces.append((f" and {len(names) - ATTENDEES_NAMED} more", False))
    return _merged(pieces)


def _merged(pieces: list[tuple[str, bool]]) -> tuple[tuple[str, bool], ...]:
    """Neighbouring unmatched pieces joined into one segment."""
    segments: list[tuple[str, bool]] = []
    for piece, matched in pieces:
        if segments and not matched and not segments[-1][1]:
            segments[-1] = (segments[-1][0] + piece, False)
        else:
            segments.append((piece, matched))
    return tuple(segments)
