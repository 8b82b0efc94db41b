"""Changes to people: create, update (row versions) and delete, refused while referenced."""

from dataclasses import asdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.engine import Database
from db.errors import InUse
from db.lookups import added, existing
from db.models import (
    Attendance,
    Organisation,
    Person,
    VisitMember,
)
from db.partner_input import PersonInput
from db.record_markings import checked_marking
from db.text import counted, fold
from db.versioned import update_versioned


def refuse_if_person_in_use(session: Session, person: Person) -> None:
    attended = session.scalar(
        select(func.count()).select_from(Attendance).where(col(Attendance.person_id) == person.id)
    )
    delegations = session.scalar(
        select(func.count()).select_from(VisitMember).where(col(VisitMember.person_id) == person.id)
    )
    if attended or delegations:
        raise InUse(
            f"Cannot delete {person.full_name}: attended {counted(attended or 0, 'meeting')} and "
            f"is in {counted(delegations or 0, 'delegation')}. The record of who was there must "
            "stay."
        )


def _person_values(clean: PersonInput) -> dict[str, Any]:
    return {**asdict(clean), "sort_name": clean.sort_name or fold(clean.full_name)}


def create_person(database: Database, data: PersonInput) -> int:
    """Save a new person; returns the id. Raises Invalid for bad input."""
    clean = data.cleaned()

    def work(session: Session) -> int:
        checked_marking(session, clean.marking)
        if clean.organisation_id is not None:
            existing(
                session,
                Organisation,
                clean.organisation_id,
                "The organisation was deleted; the person was not saved.",
            )
        return added(session, Person(**_person_values(clean)))

    return database.write(work)


def update_person(
    database: Database, person_id: int, expected_version: int, data: PersonInput
) -> None:
    """Save changes to a person, refused with StaleEdit when someone saved it meanwhile."""
    clean = data.cleaned()

    def work(session: Session) -> None:
        checked_marking(session, clean.marking)
        update_versioned(
            session, Person, person_id, expected_version, _person_values(clean), "person"
        )

    database.write(work)


def delete_person(database: Database, person_id: int) -> None:
    """Delete a person who attended no meeting and is in no delegation."""

    def work(session: Session) -> None:
        person = existing(session, Person, person_id, "This person was already deleted.")
        refuse_if_person_in_use(session, person)
        session.delete(person)

    database.write(work)
