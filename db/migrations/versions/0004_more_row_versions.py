"""Row versions on proposals, visits and checklist items; dismissed generated checklist items."""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("proposal", "visit", "checklistitem"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )
    with op.batch_alter_table("checklistitem") as batch_op:
        batch_op.add_column(
            sa.Column("dismissed", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("checklistitem") as batch_op:
        batch_op.drop_column("dismissed")
    for table in ("checklistitem", "visit", "proposal"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("version")
