"""Briefs' own text; meetings' time zone and calendar UID; people's e-mail and phone."""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def user_zone() -> str:
    """The IANA name of this computer's time zone ("" when it has none)."""
    try:
        import tzlocal

        return tzlocal.get_localzone_name() or ""
    except Exception:  # noqa: BLE001 - any failure means: not known
        return ""


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch copy: on SQLite a recreated table would lose its search
    # triggers (migration 0005).
    for column in ("email", "phone"):
        op.add_column("person", sa.Column(column, sa.String(), nullable=False, server_default=""))
    op.add_column("meeting", sa.Column("time_zone", sa.String(), nullable=False, server_default=""))
    op.add_column(
        "meeting", sa.Column("calendar_uid", sa.String(), nullable=False, server_default="")
    )
    # Meetings so far were typed in the user's own wall-clock time.
    op.execute(sa.text("UPDATE meeting SET time_zone = :zone").bindparams(zone=user_zone()))
    random_hex = (
        "md5(random()::text || id::text)"
        if op.get_bind().dialect.name == "postgresql"
        else "lower(hex(randomblob(16)))"
    )
    op.execute(f"UPDATE meeting SET calendar_uid = {random_hex} || '@bilateral'")
    op.create_index("ix_meeting_calendar_uid", "meeting", ["calendar_uid"])
    op.create_table(
        "brief",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "visit_id",
            sa.Integer(),
            sa.ForeignKey("visit.id", ondelete="CASCADE"),
            nullable=True,
            unique=True,
        ),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meeting.id", ondelete="CASCADE"),
            nullable=True,
            unique=True,
        ),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("talking_points", sa.String(), nullable=False),
        sa.Column("their_objectives", sa.String(), nullable=False),
        sa.Column("press_line", sa.String(), nullable=False),
        sa.Column("handling", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("brief")
    op.drop_index("ix_meeting_calendar_uid", "meeting")
    for table, column in (
        ("meeting", "calendar_uid"),
        ("meeting", "time_zone"),
        ("person", "phone"),
        ("person", "email"),
    ):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(column)
