"""Change signals: each saved change noted (who, which tables), for the other open sessions."""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "changesignal",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("tables", sa.String(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("changesignal")
