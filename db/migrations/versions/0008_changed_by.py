"""Who made the last change to meetings, notes, proposals and checklist items."""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("meeting", "note", "proposal", "checklistitem")


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy: on SQLite a recreated table would lose its search
    # triggers (migration 0005).
    for table in TABLES:
        op.add_column(
            table, sa.Column("changed_by", sa.String(), nullable=False, server_default="")
        )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("changed_by")
