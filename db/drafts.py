"""Drafts: what someone typed in a record form and has not saved, kept against a crash.

A draft belongs to its author (the database's actor) and to one form of one record
("meeting:12", "partner:new"). It lives in the database, so that it travels with the
backups and, in team mode, follows its author to another machine. Saving or discarding the
form deletes it.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from db.engine import Database
from db.models import Draft

# A form's fields are short, but a pasted text may be long: refuse the absurd.
DRAFT_MAX = 2_000_000


@dataclass(frozen=True)
class DraftRow:
    """A kept draft: which form, how it is called, its fields, when it was written (local)."""

    form: str
    title: str
    fields: dict[str, Any]
    saved_at: datetime


def _local(moment: datetime) -> datetime:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone().replace(tzinfo=None)


def _line(draft: Draft) -> DraftRow:
    try:
        fields = json.loads(draft.fields)
    except ValueError:
        fields = {}
    return DraftRow(
        draft.form, draft.title, fields if isinstance(fields, dict) else {}, _local(draft.saved_at)
    )


def get_draft(database: Database, form: str) -> DraftRow | None:
    """The author's draft of this form, if one is kept."""
    with database.reading() as session:
        draft = session.scalars(
            select(Draft).where(col(Draft.author) == database.actor, col(Draft.form) == form)
        ).first()
        return _line(draft) if draft else None


def waiting_drafts(database: Database) -> list[DraftRow]:
    """The author's drafts, newest first (said at start-up)."""
    with database.reading() as session:
        drafts = session.scalars(
            select(Draft)
            .where(col(Draft.author) == database.actor)
            .order_by(col(Draft.saved_at).desc())
        ).all()
        return [_line(draft) for draft in drafts]
