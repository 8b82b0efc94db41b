"""Folded text: what each list filter looks in, stored without case or diacritics, so that a
filter needs no fold() of every row; and meetings indexed by their visit."""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table, the columns naming the record (the first line, apart by spaces), the other columns
# (a line each): the same as db.folded.FOLDED.
SOURCES = (
    ("organisation", ("name", "short_name"), ("kind", "country")),
    ("person", ("full_name",), ("position", "title")),
    ("meeting", ("title",), ("summary", "place", "kind")),
    ("proposal", ("title",), ("kind", "owner")),
)
# The triggers of 0007 and 0013 that an UPDATE of every row would run for nothing: the search
# index holds no folded text, and the fill is nobody's change.
QUIET = {
    "organisation": ("search_document_organisation",),
    "person": ("search_document_person",),
    "meeting": ("search_document_meeting", "meeting_changed_by_team_role"),
    "proposal": ("search_document_proposal", "proposal_changed_by_team_role"),
}
# Rows filled per statement on SQLite (fold() is a Python function there): a long upgrade
# still moves on in steps of a few hundred milliseconds.
BATCH = 20_000
# A line break as both SQL dialects write it in a string.
NEWLINE = "'\n'"


def _folded(naming: tuple[str, ...], other: tuple[str, ...], row: str = "") -> str:
    """SQL for the folded text of a row (`row` 'NEW.' or 'OLD.' inside a trigger)."""
    first = " || ' ' || ".join(f"{row}{name}" for name in naming)
    lines = f" || {NEWLINE} || ".join((first, *(f"{row}{name}" for name in other)))
    return f"fold({lines})"


def _postgres_fill(table: str, naming: tuple[str, ...], other: tuple[str, ...]) -> str:
    """A trigger function filling `folded` for the writers that do not (other programs): an
    inserted row without it, an updated row whose words changed while it stayed the same.
    The app's own value is kept: its fold and unaccent's differ on a few letters (Ł)."""
    new, old = _folded(naming, other, "NEW."), _folded(naming, other, "OLD.")
    return f"""
CREATE FUNCTION {table}_folded_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.folded = '' THEN
            NEW.folded := {new};
        END IF;
    ELSIF NEW.folded = OLD.folded AND {new} IS DISTINCT FROM {old} THEN
        NEW.folded := {new};
    END IF;
    RETURN NEW;
END $$
"""


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    # Plain ADD COLUMN, not a batch copy: on SQLite a recreated table would lose its search
    # triggers (migration 0005).
    for table, naming, other in SOURCES:
        op.add_column(table, sa.Column("folded", sa.String(), nullable=False, server_default=""))
        if postgres:
            _fill_postgres(table, naming, other)
        else:
            _fill_sqlite(table, naming, other)
    op.create_index("ix_meeting_visit_id", "meeting", ["visit_id"])


def _fill_sqlite(table: str, naming: tuple[str, ...], other: tuple[str, ...]) -> None:
    # The app's connections have fold() (db.engine), the function the app folds with.
    bind = op.get_bind()
    last = bind.execute(sa.text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()
    for start in range(0, last, BATCH):
        bind.execute(
            sa.text(
                f"UPDATE {table} SET folded = {_folded(naming, other)} "
                "WHERE id > :start AND id <= :end"
            ),
            {"start": start, "end": start + BATCH},
        )


def _fill_postgres(table: str, naming: tuple[str, ...], other: tuple[str, ...]) -> None:
    for trigger in QUIET[table]:
        op.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    op.execute(f"UPDATE {table} SET folded = {_folded(naming, other)}")
    for trigger in QUIET[table]:
        op.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
    op.execute(_postgres_fill(table, naming, other))
    op.execute(
        f"CREATE TRIGGER {table}_folded_fill BEFORE INSERT OR UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_folded_fill()"
    )
    op.execute(
        f"CREATE INDEX ix_{table}_folded_trigram ON {table} USING gin (folded public.gin_trgm_ops)"
    )


def downgrade() -> None:
    op.drop_index("ix_meeting_visit_id", "meeting")
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, _naming, _other in SOURCES:
        if postgres:
            op.execute(f"DROP TRIGGER {table}_folded_fill ON {table}")
            op.execute(f"DROP FUNCTION {table}_folded_fill()")
            op.execute(f"DROP INDEX ix_{table}_folded_trigram")
        # Plain DROP COLUMN, as ADD COLUMN above.
        op.drop_column(table, "folded")
