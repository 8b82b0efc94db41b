"""Global search on PostgreSQL: the `search_document` table of migration 0007 (a tsvector of
the fold()ed text, kept by triggers), ranked with ts_rank."""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.orm import Session

from db.markings import Levels, levels_in
from db.search.hits import SearchHit
from db.search.targets import TARGETS, attended_meetings, snippet
from db.text import fold

PREFIX_FROM = 2

_COUNTS = text(
    "SELECT kind, count(*) FROM search_document "
    "WHERE document @@ to_tsquery('simple', :query) GROUP BY kind"
)
_BEST = text(
    """
    SELECT kind, record_id, title, body FROM (
        SELECT kind, record_id, title, body, row_number() OVER (
            PARTITION BY kind
            ORDER BY ts_rank(document, to_tsquery('simple', :query)) DESC, record_id DESC
        ) AS place
        FROM search_document WHERE document @@ to_tsquery('simple', :query)
    ) AS ranked
    WHERE place <= :per_kind
    ORDER BY kind, place
    """
)
# Meetings are found by who attended them too: the meetings of the people whose names (the
# title, weight A) hold the words, looked up once per statement.
_PEOPLE = (
    "SELECT record_id FROM search_document "
    "WHERE kind = 'person' AND document @@ to_tsquery('simple', :named)"
)
_ATTENDED_BY_PEOPLE = f"SELECT meeting_id FROM attendance WHERE person_id IN ({_PEOPLE})"
_COUNT_WITH_ATTENDED = text(
    "SELECT count(*) FROM (SELECT record_id FROM search_document "
    "WHERE kind = 'meeting' AND document @@ to_tsquery('simple', :query) "
    f"UNION {_ATTENDED_BY_PEOPLE}) AS found"
)
_ATTENDED = text(
    f"""
    SELECT id FROM meeting
    WHERE id IN ({_ATTENDED_BY_PEOPLE}) AND NOT (id = ANY(:shown))
    ORDER BY starts_at DESC NULLS LAST, id DESC LIMIT :limit
    """
)
_ATTENDEES = text(
    f"""
    SELECT attendance.meeting_id, person.full_name
    FROM attendance JOIN person ON person.id = attendance.person_id
    WHERE attendance.meeting_id = ANY(:meetings) AND attendance.person_id IN ({_PEOPLE})
    ORDER BY person.sort_name, person.id
    """
)


def ts_query(words: Iterable[str], weight: str = "") -> str:
    """A tsquery requiring every word (folded), from two letters on as a prefix; with
    `weight` "A", in the title only (a person's name).

    The words hold letters and digits only (db.search.search_words), so quoting each as a
    lexeme makes any typed text a valid query.
    """
    terms = []
    for word in words:
        folded = "".join(c for c in fold(word) if c.isalnum())
        if folded:
            label = ("*" if len(folded) >= PREFIX_FROM else "") + weight
            terms.append(f"'{folded}'" + (f":{label}" if label else ""))
    return " & ".join(terms)


class PostgresSearch:
    """SearchBackend over the tsvector index, best ts_rank first within each kind."""

    def find(
        self, session: Session, words: tuple[str, ...], per_kind: int
    ) -> tuple[list[SearchHit], dict[str, int]]:
        query = ts_query(words)
        if not query:
            return [], {}
        matches = {kind: count for kind, count in session.execute(_COUNTS, {"query": query})}
        named = ts_query(words, "A")
        attended = False
        if "person" in matches:
            meetings = session.scalar(_COUNT_WITH_ATTENDED, {"query": query, "named": named})
            attended = (meetings or 0) > matches.get("meeting", 0)
            if attended:
                matches["meeting"] = meetings
        rows = session.execute(_BEST, {"query": query, "per_kind": per_kind}).all()
        levels = levels_in(session)
        hits = []
        for kind in TARGETS:
            found = [row for row in rows if row.kind == kind]
            if not found and not (kind == "meeting" and attended):
                continue
            targets = TARGETS[kind](session, [row.record_id for row in found], levels)
            for row in found:
                target = targets.get(row.record_id)
                if target is None:
                    continue
                hits.append(
                    SearchHit(
                        kind=kind,
                        record_id=row.record_id,
                        title=target.title,
                        snippet=snippet(row.body, words) or snippet(row.title, words),
                        opens=target.opens,
                        marking=target.marking,
                        note_id=target.note_id,
                    )
                )
            if kind == "meeting" and attended:
                hits += _attended_hits(session, named, words, found, per_kind, levels)
        return hits, matches


def _attended_hits(
    session: Session,
    named: str,
    words: tuple[str, ...],
    found: list[Row[*tuple[Any, ...]]],
    per_kind: int,
    levels: Levels,
) -> list[SearchHit]:
    """Meetings attended by the people found (newest first, after the meetings `found` by
    their own text), each saying who of them attended."""
    if len(found) >= per_kind:
        return []
    shown = [row.record_id for row in found]
    ids = list(
        session.scalars(_ATTENDED, {"named": named, "shown": shown, "limit": per_kind - len(shown)})
    )
    if not ids:
        return []
    attendees = session.execute(_ATTENDEES, {"named": named, "meetings": ids})
    return attended_meetings(session, ids, attendees, words, levels)
