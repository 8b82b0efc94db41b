"""Changes to organisations: create, update (row versions), and delete what nothing else needs."""

from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.engine import Database
from db.errors import InUse
from db.lookups import added, existing
from db.models import (
    Milestone,
    Organisation,
    Person,
)
from db.partner_input import OrganisationInput
from db.partners import organisation_references
from db.person_changes import refuse_if_person_in_use
from db.record_markings import checked_marking
from db.text import counted
from db.versioned import update_versioned


def create_organisation(database: Database, data: OrganisationInput) -> int:
    """Save a new organisation; returns its id. Raises Invalid for bad input."""
    clean = data.cleaned()

    def work(session: Session) -> int:
        checked_marking(session, clean.marking)
        return added(session, Organisation(**asdict(clean)))

    return database.write(work)


def update_organisation(
    database: Database, organisation_id: int, expected_version: int, data: OrganisationInput
) -> None:
    """Save changes, refused with StaleEdit if someone saved it since `expected_version`."""
    clean = data.cleaned()
    if clean.parent_id == organisation_id:
        from db.errors import Invalid

        raise Invalid({"parent_id": "an organisation cannot be its own parent"})

    def work(session: Session) -> None:
        checked_marking(session, clean.marking)
        update_versioned(
            session,
            Organisation,
            organisation_id,
            expected_version,
            asdict(clean),
            "organisation",
        )

    database.write(work)


def delete_organisation(database: Database, organisation_id: int, *, with_people: bool) -> None:
    """Delete an organisation (and, when asked, its people).

    Refused with InUse while meetings, proposals, visit stops or sub-organisations refer to it,
    or while it has people and `with_people` is false.
    """
    references = organisation_references(database, organisation_id)
    if references.blocking:
        raise InUse(
            f"Cannot delete: {references.blocking} refer to this organisation. "
            "Move or delete them first."
        )
    if references.people and not with_people:
        raise InUse(f"This organisation has {counted(references.people, 'person', 'people')}.")

    def work(session: Session) -> None:
        org = existing(
            session, Organisation, organisation_id, "This organisation was already deleted."
        )
        people = session.scalars(
            select(Person).where(col(Person.organisation_id) == organisation_id)
        ).all()
        for person in people:
            refuse_if_person_in_use(session, person)
            session.delete(person)
        session.flush()
        milestones = Milestone.__table__  # type: ignore[attr-defined]  # SQLModel's stubs lack __table__
        session.execute(milestones.delete().where(col(Milestone.organisation_id) == org.id))
        session.delete(org)

    database.write(work)
