"""Row versions on organisations and people, so a stale edit is refused instead of overwriting."""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VERSIONED = ("organisation", "person")


def upgrade() -> None:
    for table in _VERSIONED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )


def downgrade() -> None:
    for table in _VERSIONED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("version")
