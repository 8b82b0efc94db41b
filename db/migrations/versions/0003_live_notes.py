"""Live notes: live-document flag and date precision on notes, meeting versions, action partner."""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("note") as batch_op:
        batch_op.add_column(
            sa.Column("is_live", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("taken_precision", sa.String(), nullable=False, server_default="minute")
        )
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("actionitem") as batch_op:
        batch_op.add_column(sa.Column("partner_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_actionitem_partner_id", ["partner_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_actionitem_partner_id_organisation",
            "organisation",
            ["partner_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("actionitem") as batch_op:
        batch_op.drop_constraint("fk_actionitem_partner_id_organisation", type_="foreignkey")
        batch_op.drop_index("ix_actionitem_partner_id")
        batch_op.drop_column("partner_id")
    with op.batch_alter_table("meeting") as batch_op:
        batch_op.drop_column("version")
    with op.batch_alter_table("note") as batch_op:
        batch_op.drop_column("taken_precision")
        batch_op.drop_column("is_live")
