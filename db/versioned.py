"""Versioned updates: a row changes only if nobody changed it since it was read."""

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session
from sqlmodel import col

from db.clock import utcnow
from db.errors import StaleEdit
from db.folded import folded_values
from db.lookups import existing
from db.models import Versioned


def update_versioned(
    session: Session,
    table: type[Versioned],
    record_id: int,
    expected_version: int,
    values: Mapping[str, object],
    noun: str,
) -> None:
    """Save `values` into the record, with `updated_at` stamped and its version raised, if it
    is still at `expected_version`. NotFound when it was deleted meanwhile, StaleEdit when
    someone saved it since; `noun` names it in the message ('organisation', 'visit'…). The
    text the lists match is folded anew with it (db.folded)."""
    record = cast(Any, table)  # every versioned table has an `id` column
    result = session.execute(
        update(table)
        .where(col(record.id) == record_id, col(table.version) == expected_version)
        .values(
            **values,
            **folded_values(session, table, record_id, values),
            updated_at=utcnow(),
            version=expected_version + 1,
        )
    )
    if cast("CursorResult[Any]", result).rowcount == 0:
        _explain_missed_update(session, table, record_id, noun)


def touch(record: Versioned) -> None:
    """Count a change to a record loaded in the session as a save: its version raised by one
    and `updated_at` stamped (what update_versioned does in SQL)."""
    record.version += 1
    record.updated_at = utcnow()


def _explain_missed_update(
    session: Session, table: type[Versioned], record_id: int, noun: str
) -> None:
    existing(
        session, table, record_id, f"This {noun} was deleted by someone else; nothing was saved."
    )
    raise StaleEdit.of(noun)
