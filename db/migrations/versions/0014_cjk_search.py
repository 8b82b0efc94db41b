"""Search: Chinese, Japanese and Korean words found inside a longer run of their script."""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# These scripts put no spaces between words, so the word indexes of 0005 and 0007 hold a whole
# run ("中华人民共和国公安部") as one word. Each index gets the CJK runs of the records beside it,
# searchable by any part: on SQLite a trigram FTS5 table holding only the records that have
# such runs, kept by triggers in plain SQL like 0005's; on PostgreSQL a `cjk` column of
# search_document with a trigram index (pg_trgm), kept by the trigger function of 0007.

# The same ranges as db.search.hits.CJK_RANGES.
CJK_RANGES = (
    (0x1100, 0x11FF),
    (0x3005, 0x3007),
    (0x3041, 0x30FF),
    (0x3131, 0x318E),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),
    (0x20000, 0x3FFFF),
)
CJK_CLASS = "[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in CJK_RANGES) + "]"

# kind, code, table, title column (None: no title), body columns: the same as 0005's.
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
    """0005's body: the non-empty columns joined by ' · '."""
    parts = " || ".join(f"iif({row}{c} <> '', ' · ' || {row}{c}, '')" for c in columns)
    return f"substr({parts}, 4)"


def _rowid(code: int, row: str) -> str:
    return f"({code} << 40) + {row}id"


def _runs(value: str) -> str:
    """SQL for the CJK runs of `value`, one space between two runs (plain SQL: any program
    writing the file keeps the index right).

    The text is walked as UTF-8 bytes, since substr() of a BLOB takes no time and of a TEXT a
    scan from its start: each character is the first of the (up to) four bytes at its place.
    """
    utf8 = f"CAST({value} AS BLOB)"
    step = "max(1, length(CAST(c AS BLOB)))"
    return (
        "(WITH RECURSIVE walk(at, c, after_cjk) AS ("
        f"SELECT 1, substr(CAST(substr({utf8}, 1, 4) AS TEXT), 1, 1), 0 UNION ALL "
        f"SELECT at + {step}, substr(CAST(substr({utf8}, at + {step}, 4) AS TEXT), 1, 1), "
        f"c GLOB '{CJK_CLASS}' FROM walk WHERE at <= length({utf8})) "
        f"SELECT trim(group_concat(CASE WHEN c GLOB '{CJK_CLASS}' THEN c "
        "WHEN after_cjk THEN ' ' ELSE '' END, '')) FROM walk)"
    )


# The runs are taken in one place: the triggers of the records insert their index row's text
# into the view `search_cjk_input`, whose INSTEAD OF trigger stores the runs of a text holding
# CJK. (Written into each trigger, the walk made the schema eight times longer, and SQLite reads
# the schema again after each transaction that changed the temporary one, as a search does.)
INPUT = (
    "CREATE VIEW search_cjk_input (id, title, body) AS SELECT NULL, NULL, NULL WHERE 0",
    "CREATE TRIGGER search_cjk_input_insert INSTEAD OF INSERT ON search_cjk_input BEGIN "
    "INSERT INTO search_cjk_fts (rowid, title, body) "
    f"SELECT new.id, {_runs('new.title')}, {_runs('new.body')} "
    f"WHERE new.title GLOB '*{CJK_CLASS}*' OR new.body GLOB '*{CJK_CLASS}*'; END",
)


def _cjk_insert(code: int, title: str | None, body: tuple[str, ...], table: str | None) -> str:
    """Index the records of `table` (None: the trigger's new record) by their text as 0005
    indexes it."""
    row = "" if table else "new."
    source = f" FROM {table}" if table else ""
    return (
        "INSERT INTO search_cjk_input (id, title, body) "
        f"SELECT {_rowid(code, row)}, {_title(title, row)}, {_body(body, row)}{source}"
    )


def _triggers(
    kind: str, code: int, table: str, title: str | None, body: tuple[str, ...]
) -> tuple[str, str, str]:
    insert = _cjk_insert(code, title, body, None) + ";"
    delete = f"DELETE FROM search_cjk_fts WHERE rowid = {_rowid(code, 'old.')};"
    watched = ", ".join(["id", *([title] if title else []), *body])
    return (
        f"CREATE TRIGGER search_cjk_{kind}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER search_cjk_{kind}_update AFTER UPDATE OF {watched} ON {table} "
        f"BEGIN {delete} {insert} END",
        f"CREATE TRIGGER search_cjk_{kind}_delete AFTER DELETE ON {table} BEGIN {delete} END",
    )


def _postgres_runs(value: str) -> str:
    return f"trim(regexp_replace({value}, '[^{CJK_CLASS[1:]}+', ' ', 'g'))"


def _search_sync(with_cjk: bool) -> str:
    """The trigger function of 0013; `with_cjk`, also filling the `cjk` column."""
    columns, values, updates = "", "", ""
    if with_cjk:
        columns = ", cjk"
        values = ", " + _postgres_runs("title_text || ' ' || body_text")
        updates = ", cjk = EXCLUDED.cjk"
    return f"""
CREATE OR REPLACE FUNCTION search_document_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    fields jsonb;
    title_text text := '';
    body_text text := '';
    part text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_document WHERE kind = TG_ARGV[0] AND record_id = OLD.id;
        RETURN OLD;
    END IF;
    fields := to_jsonb(NEW);
    IF TG_ARGV[1] <> '' THEN
        title_text := coalesce(fields ->> TG_ARGV[1], '');
    END IF;
    FOR i IN 2 .. TG_NARGS - 1 LOOP
        part := coalesce(fields ->> TG_ARGV[i], '');
        IF part <> '' THEN
            body_text := body_text || CASE WHEN body_text = '' THEN '' ELSE ' · ' END || part;
        END IF;
    END LOOP;
    INSERT INTO search_document (kind, record_id, title, body, document, marking{columns})
    VALUES (TG_ARGV[0], NEW.id, title_text, body_text,
            setweight(to_tsvector('simple', fold(title_text)), 'A')
            || setweight(to_tsvector('simple', fold(body_text)), 'B'),
            coalesce((fields ->> 'marking')::integer, 0){values})
    ON CONFLICT (kind, record_id) DO UPDATE
        SET title = EXCLUDED.title, body = EXCLUDED.body, document = EXCLUDED.document,
            marking = EXCLUDED.marking{updates};
    RETURN NEW;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
        op.execute("ALTER TABLE search_document ADD COLUMN cjk text NOT NULL DEFAULT ''")
        op.execute(
            "UPDATE search_document SET cjk = "
            + _postgres_runs("title || ' ' || body")
            + f" WHERE title || ' ' || body ~ '{CJK_CLASS}'"
        )
        op.execute(
            "CREATE INDEX search_document_cjk ON search_document "
            "USING gin (cjk public.gin_trgm_ops)"
        )
        op.execute(_search_sync(with_cjk=True))
        return
    op.execute("CREATE VIRTUAL TABLE search_cjk_fts USING fts5(title, body, tokenize = 'trigram')")
    for statement in INPUT:
        op.execute(statement)
    for kind, code, table, title, body in SOURCES:
        op.execute(_cjk_insert(code, title, body, table))
        for statement in _triggers(kind, code, table, title, body):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # pg_trgm stays: it may have been there before, and holds no data.
        op.execute(_search_sync(with_cjk=False))
        op.execute("DROP INDEX search_document_cjk")
        op.execute("ALTER TABLE search_document DROP COLUMN cjk")
        return
    for kind, *_ in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_cjk_{kind}_{event}")
    op.execute("DROP VIEW IF EXISTS search_cjk_input")
    op.execute("DROP TABLE IF EXISTS search_cjk_fts")
