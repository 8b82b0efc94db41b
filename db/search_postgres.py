"""Global search on PostgreSQL: the `search_document` table of migration 0007 (a tsvector of
the fold()ed text, kept by triggers), ranked with ts_rank."""

import re
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

from db.search import SearchHit
from db.search_targets import TARGETS
from db.text import fold

PREFIX_FROM = 2
SNIPPET_WORDS = 12
SNIPPET_LEAD = 3
_TOKENS = re.compile(r"\w+|\W+")

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


def ts_query(words: Iterable[str]) -> str:
    """A tsquery requiring every word (folded), from two letters on as a prefix.

    The words hold letters and digits only (db.search.search_words), so quoting each as a
    lexeme makes any typed text a valid query.
    """
    terms = []
    for word in words:
        folded = "".join(c for c in fold(word) if c.isalnum())
        if folded:
            terms.append(f"'{folded}'" + (":*" if len(folded) >= PREFIX_FROM else ""))
    return " & ".join(terms)


def snippet(source: str, words: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """A few words of `source` around the first that matches, matching words marked."""
    keys = [fold(w) for w in words]
    tokens = _TOKENS.findall(" ".join(source.split()))

    def matches(token: str) -> bool:
        folded = fold(token)
        return token[:1].isalnum() and any(
            folded.startswith(k) if len(k) >= PREFIX_FROM else folded == k for k in keys
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
    segments: list[tuple[str, bool]] = []
    for piece, matched in pieces:
        if segments and not matched and not segments[-1][1]:
            segments[-1] = (segments[-1][0] + piece, False)
        else:
            segments.append((piece, matched))
    return tuple(segments)


class PostgresSearch:
    """SearchBackend over the tsvector index, best ts_rank first within each kind."""

    def find(
        self, session: Session, words: tuple[str, ...], per_kind: int
    ) -> tuple[list[SearchHit], dict[str, int]]:
        query = ts_query(words)
        if not query:
            return [], {}
        matches = {kind: count for kind, count in session.execute(_COUNTS, {"query": query})}
        rows = session.execute(_BEST, {"query": query, "per_kind": per_kind}).all()
        hits = []
        for kind in TARGETS:
            found = [row for row in rows if row.kind == kind]
            if not found:
                continue
            targets = TARGETS[kind](session, [row.record_id for row in found])
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
                        note_id=target.note_id,
                    )
                )
        return hits, matches
