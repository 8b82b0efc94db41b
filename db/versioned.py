"""Versioned updates: a row changes only if nobody changed it since it was read."""

from sqlalchemy.orm import Session

from db.errors import NotFound, StaleEdit


def _explain_missed_update(session: Session, table: type, record_id: int, noun: str) -> None:
    if session.get(table, record_id) is None:
        raise NotFound(f"This {noun} was deleted by someone else; nothing was saved.")
    raise StaleEdit.of(noun)
