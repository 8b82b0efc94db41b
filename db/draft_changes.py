"""Keeping and dropping drafts: what someone typed in a record form and has not saved."""

import json
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.clock import utcnow
from db.drafts import DRAFT_MAX
from db.engine import Database
from db.models import Draft


def save_draft(database: Database, form: str, title: str, fields: dict[str, Any]) -> None:
    """Keep (or replace) the author's draft of this form."""
    text = json.dumps(fields, ensure_ascii=False)
    if len(text) > DRAFT_MAX:
        return  # a draft is a safety net: an absurd one is not worth failing a keystroke over

    def work(session: Session) -> None:
        draft = session.scalars(
            select(Draft).where(col(Draft.author) == database.actor, col(Draft.form) == form)
        ).first()
        if draft is None:
            session.add(
                Draft(author=database.actor, form=form, title=title, fields=text, saved_at=utcnow())
            )
        else:
            draft.title, draft.fields, draft.saved_at = title, text, utcnow()

    database.write(work)


def delete_draft(database: Database, form: str) -> None:
    """Forget the author's draft of this form (saved or deliberately discarded)."""

    def work(session: Session) -> None:
        session.execute(
            delete(Draft).where(col(Draft.author) == database.actor, col(Draft.form) == form)
        )

    database.write(work)
