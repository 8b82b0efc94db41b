"""Changes to visits: create, update (row versions), delete, and a meeting of the programme."""

from datetime import date
from typing import Any, cast

from sqlalchemy import CursorResult, delete
from sqlalchemy.orm import Session
from sqlmodel import col

from db.engine import Database
from db.errors import Invalid, NotFound
from db.lookups import added, existing
from db.meeting_changes import create_meeting
from db.meeting_input import MeetingInput
from db.models import Organisation, Person, Proposal, Visit, VisitLeg, VisitMember
from db.record_markings import checked_marking
from db.versioned import update_versioned
from db.visit_input import VisitInput
from db.visits import programme_partner_ids


def _check_references(session: Session, visit_id: int | None, clean: VisitInput) -> None:
    """Refuse (Invalid, nothing saved) people, organisations or a proposal that do not fit,
    or a marking that is not one of the levels."""
    problems: dict[str, str] = {}
    try:
        checked_marking(session, clean.marking)
    except Invalid as error:
        problems.update(error.problems)
    if clean.head_person_id is not None and session.get(Person, clean.head_person_id) is None:
        problems["head_person_id"] = "that person no longer exists"
    if any(session.get(Person, person) is None for person in clean.member_person_ids):
        problems["member_person_ids"] = "a member of the delegation no longer exists"
    leg_organisations = {leg.organisation_id for leg in clean.clean_stops}
    if any(session.get(Organisation, org) is None for org in leg_organisations):
        problems["legs"] = "an organisation of a stop no longer exists"
    if clean.signing_proposal_id is not None:
        proposal = session.get(Proposal, clean.signing_proposal_id)
        partners = leg_organisations | programme_partner_ids(session, visit_id)
        if proposal is None:
            problems["signing_proposal_id"] = "that proposal no longer exists"
        elif proposal.partner_id not in partners:
            problems["signing_proposal_id"] = (
                "the proposal is with an organisation this visit does not meet "
                "(add it as a stop or to a meeting of the programme)"
            )
    if problems:
        raise Invalid(problems)


def _visit_values(clean: VisitInput) -> dict[str, Any]:
    return {
        "title": clean.title,
        "direction": clean.direction,
        "level": clean.level,
        "status": clean.status,
        "starts_on": clean.starts_on,
        "ends_on": clean.ends_on,
        "date_precision": clean.date_precision,
        "head_person_id": clean.head_person_id,
        "purpose": clean.purpose,
        "signing_proposal_id": clean.signing_proposal_id,
        "marking": clean.marking,
    }


def _write_links(session: Session, visit_id: int, clean: VisitInput) -> None:
    session.execute(delete(VisitLeg).where(col(VisitLeg.visit_id) == visit_id))
    session.execute(delete(VisitMember).where(col(VisitMember.visit_id) == visit_id))
    for position, leg in enumerate(clean.clean_stops):
        organisation = session.get(Organisation, leg.organisation_id)
        session.add(
            VisitLeg(
                visit_id=visit_id,
                position=position,
                organisation_id=leg.organisation_id,
                city=leg.city,
                country=leg.country or (organisation.country if organisation else ""),
                starts_on=leg.starts_on,
                ends_on=leg.ends_on,
            )
        )
    if clean.head_person_id is not None:
        session.add(VisitMember(visit_id=visit_id, person_id=clean.head_person_id, role="head"))
    for person_id in clean.member_person_ids:
        session.add(VisitMember(visit_id=visit_id, person_id=person_id, role="member"))


def create_visit(database: Database, data: VisitInput, today: date | None = None) -> int:
    """Save a new visit with its legs and delegation; returns its id. Invalid for bad input."""
    clean = data.cleaned(today)

    def work(session: Session) -> int:
        _check_references(session, None, clean)
        visit_id = added(session, Visit(**_visit_values(clean)))
        _write_links(session, visit_id, clean)
        return visit_id

    return database.write(work)


def update_visit(
    database: Database,
    visit_id: int,
    expected_version: int,
    data: VisitInput,
    today: date | None = None,
) -> None:
    """Save changes to a visit; StaleEdit when someone saved it since `expected_version`."""
    clean = data.cleaned(today)

    def work(session: Session) -> None:
        _check_references(session, visit_id, clean)
        update_versioned(session, Visit, visit_id, expected_version, _visit_values(clean), "visit")
        _write_links(session, visit_id, clean)

    database.write(work)


def delete_visit(database: Database, visit_id: int) -> None:
    """Delete a visit with its legs, delegation list and checklist; its meetings stay."""

    def work(session: Session) -> None:
        deleted = cast(
            CursorResult[Any], session.execute(delete(Visit).where(col(Visit.id) == visit_id))
        )
        if deleted.rowcount == 0:
            raise NotFound("This visit was already deleted.")

    database.write(work)


def add_programme_meeting(
    database: Database,
    visit_id: int,
    title: str,
    starts: str,
    organisation_id: int | None,
    today: date | None = None,
) -> int:
    """Plan a meeting of the visit's programme with one partner, marked as the visit is;
    returns the meeting's id."""
    with database.reading() as session:
        visit = existing(
            session, Visit, visit_id, "This visit no longer exists; no meeting was planned."
        )
    return create_meeting(
        database,
        MeetingInput(
            title=title,
            starts=starts,
            status="planned",
            visit_id=visit_id,
            partner_ids=(organisation_id,) if organisation_id is not None else (),
            marking=visit.marking,
        ),
        today,
    )
