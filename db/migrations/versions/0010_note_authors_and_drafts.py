"""Live documents per note-taker (author, version); drafts of unsaved forms."""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy: on SQLite a recreated table would lose its search
    # triggers (migration 0005).
    op.add_column("note", sa.Column("author", sa.String(), nullable=False, server_default=""))
    op.add_column("note", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    # An existing live document belongs to whoever saved it last.
    op.execute("UPDATE note SET author = changed_by WHERE is_live")
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("form", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("fields", sa.String(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("author", "form"),
    )


def downgrade() -> None:
    op.drop_table("draft")
    for column in ("version", "author"):
        with op.batch_alter_table("note") as batch_op:
            batch_op.drop_column(column)
