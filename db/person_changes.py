"""Changes to people: create, update (row versions) and delete, refused while referenced."""

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.clock import utcnow
from db.engine import Database
from db.errors import InUse, NotFound
from db.models import (
    Attendance,
    Organisation,
    Person,
    VisitMember,
)
from db.partner_input import PersonInput
from db.text import counted, fold
from db.versioned import _explain_missed_update


def _refuse_if_person_in_use(session: Session, person: Person) -> None:
    attended = session.scalar(
        select(func.count()).select_from(Attendance).where(Attendance.person_id == person.id)
    )
    delegations = session.scalar(
        select(func.count()).select_from(VisitMember).where(VisitMember.person_id == person.id)
    )
    if attended or delegations:
        raise InUse(
            f"Cannot delete {person.full_name}: attended {counted(attended or 0, 'meeting')} and "
            f"is in {counted(delegations or 0, 'delegation')}. The record of who was there must "
            "stay."
        )


def _sort_name(clean: PersonInput) -> str:
    return clean.sort_name or fold(clean.full_name)


def create_person(database: Database, data: PersonInput) -> int:
    """Save a new person; returns the id. Raises Invalid for bad input."""
    clean = data.cleaned()

    def work(session: Session) -> int:
        if clean.organisation_id is not None and not session.get(
            Organisation, clean.organisation_id
        ):
            raise NotFound("The organisation was deleted; the person was not saved.")
        person = Person(
            full_name=clean.full_name,
            sort_name=_sort_name(clean),
            title=clean.title,
            position=clean.position,
            organisation_id=clean.organisation_id,
            form_of_address=clean.form_of_address,
            languages=clean.languages,
            protocol_notes=clean.protocol_notes,
        )
        session.add(person)
        session.flush()
        assert person.id is not None
        return person.id

    return database.write(work)


def update_person(
    database: Database, person_id: int, expected_version: int, data: PersonInput
) -> None:
    """Save changes to a person, refused with StaleEdit when someone saved it meanwhile."""
    clean = data.cleaned()

    def work(session: Session) -> None:
        result = session.execute(
            update(Person)
            .where(Person.id == person_id, Person.version == expected_version)
            .values(
                full_name=clean.full_name,
                sort_name=_sort_name(clean),
                title=clean.title,
                position=clean.position,
                organisation_id=clean.organisation_id,
                form_of_address=clean.form_of_address,
                languages=clean.languages,
                protocol_notes=clean.protocol_notes,
                updated_at=utcnow(),
                version=expected_version + 1,
            )
        )
        if result.rowcount == 0:
            _explain_missed_update(session, Person, person_id, "person")

    database.write(work)


def delete_person(database: Database, person_id: int) -> None:
    """Delete a person who attended no meeting and is in no delegation."""

    def work(session: Session) -> None:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound("This person was already deleted.")
        _refuse_if_person_in_use(session, person)
        session.delete(person)

    database.write(work)
