"""PostgreSQL: the search index (tsvector over folded text), kept in step by triggers."""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The PostgreSQL counterpart of the FTS5 index of 0005: one row per record in
# `search_document`, its `document` built from fold()ed title (weight A) and body (weight B).
# One trigger function serves every table; its arguments name the kind and the columns.

# kind, table, title column ('' for none), body columns: the same as 0005's.
SOURCES = (
    ("organisation", "organisation", "name", ("short_name", "description")),
    ("person", "person", "full_name", ("title", "position", "protocol_notes")),
    ("meeting", "meeting", "title", ("place", "summary")),
    ("note", "note", "", ("text",)),
    ("proposal", "proposal", "title", ("description", "next_step", "owner")),
    ("action", "actionitem", "text", ("owner",)),
    ("visit", "visit", "title", ("purpose",)),
)

SYNC = """
CREATE FUNCTION search_document_sync() RETURNS trigger LANGUAGE plpgsql AS $$
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
    INSERT INTO search_document (kind, record_id, title, body, document)
    VALUES (TG_ARGV[0], NEW.id, title_text, body_text,
            setweight(to_tsvector('simple', fold(title_text)), 'A')
            || setweight(to_tsvector('simple', fold(body_text)), 'B'))
    ON CONFLICT (kind, record_id) DO UPDATE
        SET title = EXCLUDED.title, body = EXCLUDED.body, document = EXCLUDED.document;
    RETURN NEW;
END $$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE search_document (kind text NOT NULL, record_id integer NOT NULL, "
        "title text NOT NULL, body text NOT NULL, document tsvector NOT NULL, "
        "PRIMARY KEY (kind, record_id))"
    )
    op.execute("CREATE INDEX search_document_match ON search_document USING gin (document)")
    op.execute(SYNC)
    for kind, table, title, body in SOURCES:
        arguments = ", ".join(f"'{value}'" for value in (kind, title, *body))
        op.execute(
            f"CREATE TRIGGER search_document_{kind} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION search_document_sync({arguments})"
        )
        # Fill the index from the records already there (the trigger does the work).
        op.execute(f"UPDATE {table} SET id = id")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for kind, table, _title, _body in SOURCES:
        op.execute(f"DROP TRIGGER IF EXISTS search_document_{kind} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS search_document_sync()")
    op.execute("DROP TABLE IF EXISTS search_document")
