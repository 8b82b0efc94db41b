"""Global search: an FTS5 index over the records, kept in step by triggers (SQLite only)."""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The index row of a record has rowid = its kind's code << 40 | record id: a trigger finds it
# without scanning, and a search can rank one kind at a time (a range of rowids). The triggers
# use plain SQL only: any program writing the file keeps the index right. A later batch migration
# that recreates one of these tables drops its triggers and must create them again.

# kind, code, table, title column (None: no title), body columns
SOURCES = (
    ("organisation", 1, "organisation", "name", ("short_name", "description")),
    ("person", 2, "person", "full_name", ("title", "position", "protocol_notes")),
    ("meeting", 3, "meeting", "title", ("place", "summary")),
    ("note", 4, "note", None, ("text",)),
    ("proposal", 5, "proposal", "title", ("description", "next_step", "owner")),
    ("action", 6, "actionitem", "text", ("owner",)),
    ("visit", 7, "visit", "title", ("purpose",)),
)


def _title(column: str | None, row: str) -> str:
    return f"{row}{column}" if column else "NULL"


def _body(columns: tuple[str, ...], row: str) -> str:
    """The non-empty columns joined by ' · ' (each gets the 3-character separator; the first
    one is cut off again)."""
    parts = " || ".join(f"iif({row}{c} <> '', ' · ' || {row}{c}, '')" for c in columns)
    return f"substr({parts}, 4)"


def _rowid(code: int, row: str) -> str:
    return f"({code} << 40) + {row}id"


def _index_row(code: int, title: str | None, body: tuple[str, ...], row: str) -> str:
    return f"{_rowid(code, row)}, {_title(title, row)}, {_body(body, row)}"


def _triggers(
    kind: str, code: int, table: str, title: str | None, body: tuple[str, ...]
) -> tuple[str, str, str]:
    insert = (
        f"INSERT INTO search_fts (rowid, title, body) "
        f"VALUES ({_index_row(code, title, body, 'new.')});"
    )
    delete = f"DELETE FROM search_fts WHERE rowid = {_rowid(code, 'old.')};"
    watched = ", ".join(["id", *([title] if title else []), *body])
    return (
        f"CREATE TRIGGER search_fts_{kind}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER search_fts_{kind}_update AFTER UPDATE OF {watched} ON {table} "
        f"BEGIN {delete} {insert} END",
        f"CREATE TRIGGER search_fts_{kind}_delete AFTER DELETE ON {table} BEGIN {delete} END",
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    for kind, code, table, title, body in SOURCES:
        op.execute(
            f"INSERT INTO search_fts (rowid, title, body) "
            f"SELECT {_index_row(code, title, body, '')} FROM {table}"
        )
        for statement in _triggers(kind, code, table, title, body):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for kind, *_ in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_fts_{kind}_{event}")
    op.execute("DROP TABLE IF EXISTS search_fts")
