"""Global search: one box over every kind of record, hits grouped by kind and ranked.

Cheap to import (no SQLAlchemy), so screens can type against these shapes. The database's own
full-text index does the work, behind SearchBackend (SQLite FTS5: db.search.sqlite;
PostgreSQL tsvector: db.search.postgres).
"""

from typing import TYPE_CHECKING

from db.search.hits import KINDS, SearchBackend, SearchResults, SearchUnavailable, search_words

if TYPE_CHECKING:
    from db.engine import Database

_BACKEND_NAMES = {"postgresql": "PostgreSQL"}


def search(database: "Database", text: str, *, per_kind: int = 10) -> SearchResults:
    """Records matching every word of `text` (case and accents ignored, words as prefixes).

    Any text is a search: without letters or digits it finds nothing. Raises
    SearchUnavailable on a database backend that has no search yet.
    """
    words = search_words(text)
    if not words or per_kind < 1:
        return SearchResults(query=text, groups=(), matches={})
    backend = _backend(database.engine.dialect.name)
    with database.reading() as session:
        hits, matches = backend.find(session, words, per_kind)
    groups = tuple(
        (kind, of_kind) for kind in KINDS if (of_kind := tuple(h for h in hits if h.kind == kind))
    )
    return SearchResults(query=text, groups=groups, matches=matches)


def _backend(dialect: str) -> SearchBackend:
    if dialect == "sqlite":
        from db.search.sqlite import SqliteSearch

        return SqliteSearch()
    if dialect == "postgresql":
        from db.search.postgres import PostgresSearch

        return PostgresSearch()
    name = _BACKEND_NAMES.get(dialect, dialect)
    raise SearchUnavailable(f"Search on {name} is not available yet.")
