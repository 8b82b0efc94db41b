"""Indexes for a ministry's size: search's word index split by kind and meetings newest first
(PostgreSQL), Today's open action items along their due dates, proposals by due date; on
SQLite, the folded text of rows other programs wrote since 0016."""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The kinds of search_document rows (db.search.hits.KINDS).
KINDS = ("organisation", "person", "meeting", "note", "proposal", "action", "visit")

# table, the columns naming the record, the other columns: the same as 0016's.
FOLDED = (
    ("organisation", ("name", "short_name"), ("kind", "country")),
    ("person", ("full_name",), ("position", "title")),
    ("meeting", ("title",), ("summary", "place", "kind")),
    ("proposal", ("title",), ("kind", "owner")),
)

# One index over every kind made each kind's count and newest matches read the matches of all
# kinds (a common word: tens of thousands of rows visited in the table to learn their kind).
# Each kind's own index lets search read its newest matches of one kind, either by the word
# index or, for a common word, backwards along the primary key, stopping early.


def upgrade() -> None:
    op.create_index(
        "ix_actionitem_open_due",
        "actionitem",
        ["due_on", "id"],
        sqlite_where=sa.text("NOT done"),
        postgresql_where=sa.text("NOT done"),
    )
    op.create_index("ix_proposal_due_on", "proposal", ["due_on"])
    if op.get_bind().dialect.name != "postgresql":
        _fill_folded()
        return
    for kind in KINDS:
        op.execute(
            f"CREATE INDEX search_document_{kind} ON search_document USING gin (document) "
            f"WHERE kind = '{kind}'"
        )
    op.execute("DROP INDEX search_document_match")
    # Meetings newest first (the list, Today): PostgreSQL cannot read ix_meeting_starts_at
    # backwards for DESC NULLS LAST, and sorted every meeting instead; SQLite can.
    op.execute("CREATE INDEX ix_meeting_recent ON meeting (starts_at DESC NULLS LAST, id DESC)")
    op.execute("ANALYZE search_document")


def _fill_folded() -> None:
    # Rows another program wrote (no fold() there) have none; the app's connections fold.
    for table, naming, other in FOLDED:
        first = " || ' ' || ".join(naming)
        lines = " || char(10) || ".join((first, *other))
        op.execute(f"UPDATE {table} SET folded = fold({lines}) WHERE folded = ''")


def downgrade() -> None:
    op.drop_index("ix_proposal_due_on", "proposal")
    op.drop_index("ix_actionitem_open_due", "actionitem")
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_meeting_recent")
    op.execute("CREATE INDEX search_document_match ON search_document USING gin (document)")
    for kind in KINDS:
        op.execute(f"DROP INDEX search_document_{kind}")
