"""Global search on SQLite: the FTS5 table `search_fts` that migration 0005 creates and its
triggers keep in step with the records."""

import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from itertools import product
from typing import NamedTuple, cast

from sqlalchemy.orm import Session

from db.errors import DatabaseUnavailable
from db.markings import Levels, levels_in
from db.search.hits import COUNTED_UP_TO, RANK_LIMIT, SearchHit, cjk_split
from db.search.targets import TARGETS, attended_meetings, snippet

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
SNIPPET_TOKENS = 12
# unicode61 does not fold đ: a typed d also looks for đ, in up to this many places of a word.
D_PLACES = 3
# Control characters, which db.text strips from everything stored: they cannot occur in it.
MARK_START, MARK_END = "\x02", "\x03"
_SPACES = re.compile(r"\s+")

# The statements go straight to the sqlite3 connection: a keystroke runs some twenty of them,
# and SQLAlchemy's work per statement cost more than FTS5's.


class Found(NamedTuple):
    """Where the index rows matching a query are: the FTS5 table read, the condition on its
    rows of one kind (rowids :low to :high), the same for people by their names alone, and the
    order of the best."""

    table: str
    of_kind: str
    named: str
    rank: str


WORDS_FOUND = Found(
    "search_fts",
    "search_fts MATCH :match AND rowid >= :low AND rowid < :high",
    "search_fts MATCH :named AND rowid >= :people_low AND rowid < :people_high",
    "bm25(search_fts, :title_weight, 1.0)",
)
# Migration 0014's trigram table holds the CJK runs of the records that have some. A trigram
# query needs three characters; a shorter run is looked for with LIKE, which `+` leaves to
# SQLite (SQLite 3.40's FTS5 finds nothing for a LIKE pattern of fewer than three characters).
TRIGRAM = 3


def _runs_found(runs: tuple[str, ...], low: str, high: str, named: bool) -> str:
    """The condition on the trigram table's rows holding every run, within a range of rowids."""
    conditions = []
    if any(len(run) >= TRIGRAM for run in runs):
        conditions.append(f"search_cjk_fts MATCH :{'cjk_named' if named else 'cjk_match'}")
    for place, run in enumerate(runs):
        if len(run) < TRIGRAM:
            title = f"+title LIKE :cjk_{place}"
            conditions.append(title if named else f"({title} OR +body LIKE :cjk_{place})")
    return " AND ".join([*conditions, f"rowid >= :{low} AND rowid < :{high}"])


def found_with_runs(runs: tuple[str, ...], with_words: bool) -> Found:
    """Where the rows holding every CJK run are, and with `with_words` every other word too
    (ranked by those words, else by the runs: the title weighted, or with LIKE alone titles
    holding every run first, newest first)."""
    of_kind = _runs_found(runs, "low", "high", named=False)
    named = _runs_found(runs, "people_low", "people_high", named=True)
    if with_words:
        held = "+rowid IN (SELECT rowid FROM search_cjk_fts WHERE {})"
        return Found(
            WORDS_FOUND.table,
            f"{WORDS_FOUND.of_kind} AND {held.format(of_kind)}",
            f"{WORDS_FOUND.named} AND {held.format(named)}",
            WORDS_FOUND.rank,
        )
    if any(len(run) >= TRIGRAM for run in runs):
        rank = "bm25(search_cjk_fts, :title_weight, 1.0)"
    else:
        in_title = " AND ".join(f"+title LIKE :cjk_{place}" for place in range(len(runs)))
        rank = f"({in_title}) DESC, rowid DESC"
    return Found("search_cjk_fts", of_kind, named, rank)


def runs_parameters(runs: tuple[str, ...]) -> dict[str, str]:
    """The trigram query of the runs (also in titles alone), and a LIKE pattern for each."""
    long = " AND ".join('"' + run + '"' for run in runs if len(run) >= TRIGRAM)
    patterns = {f"cjk_{place}": f"%{run}%" for place, run in enumerate(runs)}
    return {"cjk_match": long, "cjk_named": f"title : ({long})", **patterns}


class Statements(NamedTuple):
    """The statements of one search, built around where its rows are."""

    of_kind_count: str
    best: str
    newest: str
    count_with_attended: str
    attended: str
    attendees: str


@cache
def statements(found: Found) -> Statements:
    """The statements reading the rows `found` says: how many of a kind, the best, the newest,
    and the meetings attended by the people named."""
    of_kind = f"SELECT rowid FROM {found.table} WHERE {found.of_kind}"
    # Meetings are found by who attended them too: the meetings of the people whose names (the
    # title column of a person's index row) hold the words. The people are looked up once per
    # statement (an uncorrelated IN), as are their meetings.
    people = f"SELECT rowid - :people_low FROM {found.table} WHERE {found.named}"
    attended_by_people = f"SELECT meeting_id FROM attendance WHERE person_id IN ({people})"
    return Statements(
        of_kind_count=(
            f"SELECT count(*) FROM (SELECT 1 FROM {found.table} WHERE {found.of_kind} "
            "LIMIT :counted)"
        ),
        best=f"{of_kind} ORDER BY {found.rank} LIMIT :limit",
        newest=f"{of_kind} ORDER BY rowid DESC LIMIT :limit",
        count_with_attended=(
            f"SELECT count(*) FROM (SELECT rowid - :low FROM {found.table} "
            f"WHERE {found.of_kind} UNION {attended_by_people} LIMIT :counted)"
        ),
        attended=f"""
            SELECT id FROM meeting
            WHERE id IN ({attended_by_people})
            AND id NOT IN (SELECT value FROM json_each(:shown))
            ORDER BY starts_at IS NULL, starts_at DESC, id DESC LIMIT :limit
        """,
        attendees=f"""
            SELECT attendance.meeting_id, person.full_name
            FROM attendance JOIN person ON person.id = attendance.person_id
            WHERE attendance.meeting_id IN (SELECT value FROM json_each(:meetings))
            AND attendance.person_id IN ({people})
            ORDER BY person.sort_name, person.id
        """,
    )


# The range goes to FTS5, which scans it once; `+rowid IN` stays with SQLite (FTS5 would
# evaluate the whole query again for each rowid of the list).
_SNIPPETS = """
    SELECT rowid, snippet(search_fts, -1, :start, :end, '…', :tokens)
    FROM search_fts
    WHERE search_fts MATCH :match AND rowid >= :low AND rowid <= :high
    AND +rowid IN (SELECT value FROM json_each(:rowids))
"""
# A search for CJK runs marks them in the record's own text (the index holds only the runs).
_TEXTS = (
    "SELECT rowid, title, body FROM search_fts "
    "WHERE rowid IN (SELECT value FROM json_each(:rowids))"
)
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


def _snippets(
    raw: sqlite3.Connection, match: str, words: tuple[str, ...], runs: bool, rowids: list[int]
) -> dict[int, tuple[tuple[str, bool], ...]]:
    """The snippet of each index row: FTS5's for words, the record's text marked for `runs`."""
    if runs:
        texts = raw.execute(_TEXTS, {"rowids": json.dumps(rowids)})
        return {
            rowid: snippet(body, words) or snippet(title or "", words)
            for rowid, title, body in texts
        }
    snippets = raw.execute(
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
    )
    return {rowid: snippet_segments(text or "") for rowid, text in snippets}


def _hits(
    session: Session,
    kind: str,
    rowids: list[int],
    snippets: dict[int, tuple[tuple[str, bool], ...]],
    levels: Levels,
) -> list[SearchHit]:
    """The hits of one kind for these index rows, in their order."""
    record_ids = [rowid & ((1 << _ID_BITS) - 1) for rowid in rowids]
    targets = TARGETS[kind](session, record_ids, levels)
    return [
        SearchHit(
            kind=kind,
            record_id=record_id,
            title=target.title,
            snippet=snippets.get(rowid, ()),
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
    read: Statements,
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
            read.attended, {**people, "shown": json.dumps(shown), "limit": per_kind - len(shown)}
        )
    ]
    if not ids:
        return []
    attendees = raw.execute(read.attendees, {**people, "meetings": json.dumps(ids)})
    return attended_meetings(session, ids, attendees, words, levels)


class SqliteSearch:
    """SearchBackend over the FTS5 index: ranked by bm25, the title weighted above the rest.
    CJK runs in the words are looked for in the trigram table of migration 0014."""

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
        others, runs = cjk_split(words)
        match = ""
        if others:

            def words_starting(prefix: str) -> Sequence[str]:
                # Made when first needed: it changes the temporary schema, which costs a new
                # reading of the whole schema when the read ends.
                raw.execute(_VOCABULARY)
                bounds = {
                    "first": prefix,
                    "after": prefix + "\U0010ffff",
                    "limit": MOST_WORDS_FOR_A_PREFIX + 1,
                }
                return [term for (term,) in raw.execute(_WORDS_FROM, bounds)]

            match = match_expression(others, words_starting)
        read = statements(found_with_runs(runs, bool(others)) if runs else WORDS_FOUND)
        levels = levels_in(session)
        matches: dict[str, int] = {}
        hits = []
        people = {
            "named": f"title : ({match})",
            "people_low": KIND_CODES["person"] << _ID_BITS,
            "people_high": (KIND_CODES["person"] + 1) << _ID_BITS,
            **(runs_parameters(runs) if runs else {}),
        }
        for kind, code in KIND_CODES.items():
            of_kind = {
                **people,
                "match": match,
                "low": code << _ID_BITS,
                "high": (code + 1) << _ID_BITS,
                "counted": COUNTED_UP_TO,
            }
            (own,) = raw.execute(read.of_kind_count, of_kind).fetchone()
            count = own
            # Counted up to the limit by their own text, meetings only attended by the people
            # found would neither change the count nor be shown.
            attended = kind == "meeting" and "person" in matches and own < COUNTED_UP_TO
            if attended:
                (count,) = raw.execute(read.count_with_attended, of_kind).fetchone()
                attended = count > own
            if not count:
                continue
            matches[kind] = count
            rowids = []
            if own:
                ranked = {**of_kind, "limit": per_kind, "title_weight": TITLE_WEIGHT}
                statement = read.best if own <= RANK_LIMIT else read.newest
                rowids = [rowid for (rowid,) in raw.execute(statement, ranked)]
                snippets = _snippets(raw, match, words, bool(runs), rowids)
                hits += _hits(session, kind, rowids, snippets, levels)
            if attended and len(rowids) < per_kind:
                shown = [rowid - of_kind["low"] for rowid in rowids]
                hits += _attended_hits(session, raw, read, words, people, shown, per_kind, levels)
        return hits, matches
