"""Global search on SQLite: the FTS5 table `search_fts` that migration 0005 creates and its
triggers keep in step with the records."""

import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from itertools import product
from typing import cast

from sqlalchemy.orm import Session

from db.errors import DatabaseUnavailable
from db.markings import Levels, levels_in
from db.search.hits import SearchHit
from db.search.targets import TARGETS, attended_meetings

# As migration 0005 numbers them: an index row's rowid is its kind's code << 40 | the record's id.
KIND_CODES = {
    "organisation": 1,
    "person": 2,
    "meeting": 3,
    "note": 4,
    "proposal": 5,
    "action": 6,
    "visit": 7,
}
_ID_BITS = 40
TITLE_WEIGHT = 4.0
PREFIX_FROM = 2
# Migration 0009 indexes prefixes of 2 to 6 letters. A longer prefix would make FTS5 merge the
# lists of every word it covers in each statement: it is looked up once in the vocabulary and
# searched as those words instead (when they are not too many).
LONGEST_INDEXED_PREFIX = 6
MOST_WORDS_FOR_A_PREFIX = 64
# Ranking costs a bm25 per match: a kind matching more records than this shows its newest first.
RANK_LIMIT = 1000
SNIPPET_TOKENS = 12
# unicode61 does not fold đ: a typed d also looks for đ, in up to this many places of a word.
D_PLACES = 3
# Control characters, which db.text strips from everything stored: they cannot occur in it.
MARK_START, MARK_END = "\x02", "\x03"
_SPACES = re.compile(r"\s+")

# The statements go straight to the sqlite3 connection: a keystroke runs some twenty of them,
# and SQLAlchemy's work per statement cost more than FTS5's.
_OF_KIND = "search_fts MATCH :match AND rowid >= :low AND rowid < :high"
_COUNT = f"SELECT count(*) FROM search_fts WHERE {_OF_KIND}"
_BEST = (
    f"SELECT rowid FROM search_fts WHERE {_OF_KIND} "
    "ORDER BY bm25(search_fts, :title_weight, 1.0) LIMIT :limit"
)
_NEWEST = f"SELECT rowid FROM search_fts WHERE {_OF_KIND} ORDER BY rowid DESC LIMIT :limit"
# The range goes to FTS5, which scans it once; `+rowid IN` stays with SQLite (FTS5 would
# evaluate the whole query again for each rowid of the list).
_SNIPPETS = """
    SELECT rowid, snippet(search_fts, -1, :start, :end, '…', :tokens)
    FROM search_fts
    WHERE search_fts MATCH :match AND rowid >= :low AND rowid <= :high
    AND +rowid IN (SELECT value FROM json_each(:rowids))
"""
# Meetings are found by who attended them too: the meetings of the people whose names (the
# title column of a person's index row) hold the words. The people are looked up once per
# statement (an uncorrelated IN), as are their meetings.
_PEOPLE = (
    "SELECT rowid - :people_low FROM search_fts "
    "WHERE search_fts MATCH :named AND rowid >= :people_low AND rowid < :people_high"
)
_ATTENDED_BY_PEOPLE = f"SELECT meeting_id FROM attendance WHERE person_id IN ({_PEOPLE})"
_COUNT_WITH_ATTENDED = (
    f"SELECT count(*) FROM (SELECT rowid - :low FROM search_fts WHERE {_OF_KIND} "
    f"UNION {_ATTENDED_BY_PEOPLE})"
)
_ATTENDED = f"""
    SELECT id FROM meeting
    WHERE id IN ({_ATTENDED_BY_PEOPLE}) AND id NOT IN (SELECT value FROM json_each(:shown))
    ORDER BY starts_at IS NULL, starts_at DESC, id DESC LIMIT :limit
"""
_ATTENDEES = f"""
    SELECT attendance.meeting_id, person.full_name
    FROM attendance JOIN person ON person.id = attendance.person_id
    WHERE attendance.meeting_id IN (SELECT value FROM json_each(:meetings))
    AND attendance.person_id IN ({_PEOPLE})
    ORDER BY person.sort_name, person.id
"""
_VOCABULARY = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, search_fts, row)"
)
_WORDS_FROM = (
    "SELECT term FROM temp.search_terms WHERE term >= :first AND term < :after LIMIT :limit"
)


def spellings(word: str) -> tuple[str, ...]:
    """`word` with đ read as d, and each of its first D_PLACES d's read either way."""
    plain = word.replace("đ", "d")
    places = [i for i, letter in enumerate(plain) if letter == "d"][:D_PLACES]
    found = []
    for letters in product("dđ", repeat=len(places)):
        spelled = list(plain)
        for place, letter in zip(places, letters, strict=True):
            spelled[place] = letter
        found.append("".join(spelled))
    return tuple(found)


def index_form(spelled: str) -> str:
    """A word as the index stores it (unicode61, remove_diacritics 2): lower case, no accents."""
    decomposed = unicodedata.normalize("NFD", spelled)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def match_expression(
    words: Iterable[str], words_starting: Callable[[str], Sequence[str]] | None = None
) -> str:
    """An FTS5 query requiring every word, each quoted: never a syntax error.

    Words match as prefixes from two letters on; one letter matches only itself, since as a
    prefix it would match nearly every record (and cost a scan of the whole index). With
    `words_starting` (the indexed words beginning with a prefix), a prefix longer than the
    indexed ones is spelled out as the words it covers.
    """

    def quoted(spelled: str) -> str:
        return '"' + spelled.replace('"', '""') + '"'

    def term(spelled: str) -> str:
        if len(spelled) < PREFIX_FROM:
            return quoted(spelled)
        if words_starting is not None and len(spelled) > LONGEST_INDEXED_PREFIX:
            covered = words_starting(index_form(spelled))
            if 0 < len(covered) <= MOST_WORDS_FOR_A_PREFIX:
                return " OR ".join(map(quoted, covered))
        return quoted(spelled) + "*"

    return " AND ".join("(" + " OR ".join(map(term, spellings(w))) + ")" for w in words)


def snippet_segments(snippet: str) -> tuple[tuple[str, bool], ...]:
    """An FTS5 snippet split at its markers into (text, matched) segments on one line."""
    plain, *marked = snippet.split(MARK_START)
    pieces = [(plain, False)]
    for piece in marked:
        word, _, rest = piece.partition(MARK_END)
        pieces += [(word, True), (rest, False)]
    return tuple((_SPACES.sub(" ", piece), matched) for piece, matched in pieces if piece)


def _hits(
    session: Session,
    raw: sqlite3.Connection,
    kind: str,
    match: str,
    rowids: list[int],
    levels: Levels,
) -> list[SearchHit]:
    """The hits of one kind for these index rows, in their order."""
    snippets = dict(
        raw.execute(
            _SNIPPETS,
            {
                "match": match,
                "low": min(rowids),
                "high": max(rowids),
                "rowids": json.dumps(rowids),
                "start": MARK_START,
                "end": MARK_END,
                "tokens": SNIPPET_TOKENS,
            },
        ).fetchall()
    )
    record_ids = [rowid & ((1 << _ID_BITS) - 1) for rowid in rowids]
    targets = TARGETS[kind](session, record_ids, levels)
    return [
        SearchHit(
            kind=kind,
            record_id=record_id,
            title=target.title,
            snippet=snippet_segments(snippets.get(rowid) or ""),
            opens=target.opens,
            marking=target.marking,
            note_id=target.note_id,
        )
        for rowid, record_id in zip(rowids, record_ids, strict=True)
        if (target := targets.get(record_id)) is not None
    ]


def _attended_hits(
    session: Session,
    raw: sqlite3.Connection,
    words: tuple[str, ...],
    people: dict[str, object],
    shown: list[int],
    per_kind: int,
    levels: Levels,
) -> list[SearchHit]:
    """Meetings attended by the people found (newest first, after those found by their own
    text and not among `shown`), each saying who of them attended."""
    ids = [
        meeting_id
        for (meeting_id,) in raw.execute(
            _ATTENDED, {**people, "shown": json.dumps(shown), "limit": per_kind - len(shown)}
        )
    ]
    if not ids:
        return []
    attendees = raw.execute(_ATTENDEES, {**people, "meetings": json.dumps(ids)})
    return attended_meetings(session, ids, attendees, words, levels)


class SqliteSearch:
    """SearchBackend over the FTS5 index: ranked by bm25, the title weighted above the rest."""

    def find(
        self, session: Session, words: tuple[str, ...], per_kind: int
    ) -> tuple[list[SearchHit], dict[str, int]]:
        # The SQLite backend's connection: a sqlite3.Connection, never None while checked out.
        raw = cast(sqlite3.Connection, session.connection().connection.driver_connection)
        try:
            return self._find(session, raw, words, per_kind)
        except sqlite3.OperationalError as error:
            raise DatabaseUnavailable(
                f"The database could not be read ({error}). Nothing was changed.", str(error)
            ) from error

    def _find(
        self, session: Session, raw: sqlite3.Connection, words: tuple[str, ...], per_kind: int
    ) -> tuple[list[SearchHit], dict[str, int]]:
        raw.execute(_VOCABULARY)

        def words_starting(prefix: str) -> Sequence[str]:
            bounds = {
                "first": prefix,
                "after": prefix + "\U0010ffff",
                "limit": MOST_WORDS_FOR_A_PREFIX + 1,
            }
            return [term for (term,) in raw.execute(_WORDS_FROM, bounds)]

        match = match_expression(words, words_starting)
        levels = levels_in(session)
        matches: dict[str, int] = {}
        hits = []
        people = {
            "named": f"title : ({match})",
            "people_low": KIND_CODES["person"] << _ID_BITS,
            "people_high": (KIND_CODES["person"] + 1) << _ID_BITS,
        }
        for kind, code in KIND_CODES.items():
            of_kind = {"match": match, "low": code << _ID_BITS, "high": (code + 1) << _ID_BITS}
            (own,) = raw.execute(_COUNT, of_kind).fetchone()
            count = own
            attended = kind == "meeting" and "person" in matches
            if attended:
                (count,) = raw.execute(_COUNT_WITH_ATTENDED, {**of_kind, **people}).fetchone()
                attended = count > own
            if not count:
                continue
            matches[kind] = count
            rowids = []
            if own:
                ranked = {**of_kind, "limit": per_kind, "title_weight": TITLE_WEIGHT}
                statement = _BEST if own <= RANK_LIMIT else _NEWEST
                rowids = [rowid for (rowid,) in raw.execute(statement, ranked)]
                hits += _hits(session, raw, kind, match, rowids, levels)
            if attended and len(rowids) < per_kind:
                shown = [rowid - of_kind["low"] for rowid in rowids]
                hits += _attended_hits(session, raw, words, people, shown, per_kind, levels)
        return hits, matches
