"""Global search on PostgreSQL: the `search_document` table of migration 0007 (a tsvector of
the fold()ed text, kept by triggers, indexed per kind since migration 0017), ranked with
ts_rank; a kind matching more than RANK_LIMIT records shows its newest first, and its count
stops there (COUNTED_UP_TO)."""

from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Row, TextClause, text
from sqlalchemy.orm import Session

from db.lists import like_pattern
from db.markings import Levels, levels_in
from db.search.hits import COUNTED_UP_TO, RANK_LIMIT, SearchHit, cjk_split
from db.search.targets import TARGETS, attended_meetings, snippet
from db.text import fold

PREFIX_FROM = 2


class Found(NamedTuple):
    """Where the rows matching a query are: the condition on search_document, the same for
    people by their names alone (the title, weight A), and the order of the best of a kind."""

    matched: str
    named: str
    rank: str


WORDS_FOUND = Found(
    "document @@ to_tsquery('simple', :query)",
    "document @@ to_tsquery('simple', :named)",
    "ts_rank(document, to_tsquery('simple', :query)) DESC",
)


def found_with_runs(runs: tuple[str, ...], with_words: bool) -> Found:
    """Where the rows holding every CJK run (in the trigram-indexed `cjk` column of migration
    0014) are, and with `with_words` every other word too: ranked by those words, else titles
    holding every run first."""
    held = [f"cjk LIKE :cjk_{place}" for place in range(len(runs))]
    in_title = [f"title LIKE :cjk_{place}" for place in range(len(runs))]
    if with_words:
        return Found(
            " AND ".join([WORDS_FOUND.matched, *held]),
            " AND ".join([WORDS_FOUND.named, *held, *in_title]),
            WORDS_FOUND.rank,
        )
    return Found(
        " AND ".join(held), " AND ".join([*held, *in_title]), f"({' AND '.join(in_title)}) DESC"
    )


class Statements(NamedTuple):
    """The statements of one search, built around where its rows are."""

    counts: TextClause
    best: TextClause
    count_attended_only: TextClause
    attended: TextClause
    attendees: TextClause


def _newest_of_kind(kind: str, matched: str) -> str:
    # The kind written out, so that its own index (migration 0017) is used: the planner then
    # reads a common word's newest matches backwards along the primary key, a rare word's by
    # the word index, never every match of every kind.
    return (
        f"(SELECT '{kind}' AS kind, record_id FROM search_document "
        f"WHERE kind = '{kind}' AND {matched} ORDER BY record_id DESC LIMIT :counted)"
    )


@cache
def statements(found: Found) -> Statements:
    """The statements reading the rows `found` says: the newest :counted matches of each kind
    (their count and ids, newest first), the best of the rows asked for, and the meetings
    attended by the people named."""
    # Meetings are found by who attended them too: the meetings of the people whose names
    # hold the words, looked up once per statement.
    people = f"SELECT record_id FROM search_document WHERE kind = 'person' AND {found.named}"
    attended_by_people = f"SELECT meeting_id FROM attendance WHERE person_id IN ({people})"
    newest = " UNION ALL ".join(_newest_of_kind(kind, found.matched) for kind in TARGETS)
    return Statements(
        counts=text(
            f"SELECT kind, count(*), array_agg(record_id ORDER BY record_id DESC) "
            f"FROM ({newest}) AS found GROUP BY kind"
        ),
        best=text(
            f"""
            SELECT kind, record_id, title, body FROM (
                SELECT kind, record_id, title, body, row_number() OVER (
                    PARTITION BY kind ORDER BY {found.rank}, record_id DESC
                ) AS place
                FROM search_document WHERE (kind, record_id) IN (
                    SELECT * FROM unnest(CAST(:kinds AS text[]), CAST(:ids AS integer[]))
                )
            ) AS ranked
            WHERE place <= :per_kind
            ORDER BY kind, place
            """
        ),
        count_attended_only=text(
            f"""
            SELECT count(*) FROM (
                SELECT 1 FROM meeting WHERE id IN ({attended_by_people})
                AND NOT EXISTS (
                    SELECT 1 FROM search_document WHERE kind = 'meeting'
                    AND record_id = meeting.id AND {found.matched}
                )
                LIMIT :counted
            ) AS attended_only
            """
        ),
        attended=text(
            f"""
            SELECT id FROM meeting
            WHERE id IN ({attended_by_people}) AND NOT (id = ANY(:shown))
            ORDER BY starts_at DESC NULLS LAST, id DESC LIMIT :limit
            """
        ),
        attendees=text(
            f"""
            SELECT attendance.meeting_id, person.full_name
            FROM attendance JOIN person ON person.id = attendance.person_id
            WHERE attendance.meeting_id = ANY(:meetings) AND attendance.person_id IN ({people})
            ORDER BY person.sort_name, person.id
            """
        ),
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
    """SearchBackend over the tsvector index, best ts_rank first within each kind; CJK runs in
    the words are looked for inside the runs of the records."""

    def find(
        self, session: Session, words: tuple[str, ...], per_kind: int
    ) -> tuple[list[SearchHit], dict[str, int]]:
        others, runs = cjk_split(words)
        query = ts_query(others)
        if not query and not runs:
            return [], {}
        read = statements(found_with_runs(runs, bool(query)) if runs else WORDS_FOUND)
        named = ts_query(others, "A")
        given = {
            "query": query,
            "named": named,
            **{f"cjk_{place}": like_pattern(run) for place, run in enumerate(runs)},
        }
        own: dict[str, int] = {}
        matched: dict[str, list[int]] = {}
        counted = {**given, "counted": COUNTED_UP_TO}
        for kind, count, ids in session.execute(read.counts, counted):
            own[kind], matched[kind] = count, ids
        matches = dict(own)
        attended = False
        # Meetings counted up to the limit by their own text: those only attended by the
        # people found would neither change the count nor be shown.
        if "person" in own and own.get("meeting", 0) < COUNTED_UP_TO:
            attended_only = session.scalar(read.count_attended_only, counted) or 0
            attended = attended_only > 0
            if attended:
                matches["meeting"] = min(own.get("meeting", 0) + attended_only, COUNTED_UP_TO)
        rows = _best_and_newest(session, read, given, matched, per_kind)
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
                hits += _attended_hits(session, read, given, words, found, per_kind, levels)
        return hits, matches


def _best_and_newest(
    session: Session,
    read: Statements,
    given: dict[str, str],
    matched: dict[str, list[int]],
    per_kind: int,
) -> list[Row[Any]]:
    """The best `per_kind` rows of each kind whose matching ids are all in `matched` (at most
    RANK_LIMIT of them), and the newest of each kind matching more: ranking them all would
    cost a ts_rank per match."""
    kinds: list[str] = []
    ids: list[int] = []
    newest: set[str] = set()
    for kind, of_kind in matched.items():
        if len(of_kind) > RANK_LIMIT:
            newest.add(kind)
            of_kind = of_kind[:per_kind]
        kinds += [kind] * len(of_kind)
        ids += of_kind
    if not ids:
        return []
    rows = list(
        session.execute(read.best, {**given, "kinds": kinds, "ids": ids, "per_kind": per_kind})
    )
    # Stable: the ranked kinds keep their order, the newest-first kinds get theirs.
    return sorted(rows, key=lambda row: -row.record_id if row.kind in newest else 0)


def _attended_hits(
    session: Session,
    read: Statements,
    given: dict[str, str],
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
        session.scalars(read.attended, {**given, "shown": shown, "limit": per_kind - len(shown)})
    )
    if not ids:
        return []
    attendees = session.execute(read.attendees, {**given, "meetings": ids})
    return attended_meetings(session, ids, attendees, words, levels)
