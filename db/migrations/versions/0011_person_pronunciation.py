"""How a person's name is pronounced, for the principal's brief beside each attendee."""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy: on SQLite a recreated table would lose its search
    # triggers (migration 0005).
    op.add_column(
        "person", sa.Column("pronunciation", sa.String(), nullable=False, server_default="")
    )


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("pronunciation")
