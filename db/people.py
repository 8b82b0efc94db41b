"""Finding people: type a few letters of a name, position or organisation.

A person's `title` is the honorific (Dr., Prof.) that goes before the name, their `position`
the job (Deputy Minister): one line about a person reads 'Name — Position'.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Row, func, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.engine import Database
from db.lists import (
    PAGE_SIZE,
    PageRequest,
    folded_like,
    named_like,
    organisations_matching,
    paged,
    query_patterns,
)
from db.lookups import copied, existing
from db.marking_names import marking_name, page_with_markings
from db.markings import Levels, levels_in
from db.meeting_shapes import PersonChoice, person_label
from db.models import Organisation, Person, id_col, require_id
from db.partner_input import PersonInput
from db.partner_shapes import Page, PersonRow


@dataclass(frozen=True)
class PersonListRow:
    """A line of the People list."""

    id: int
    full_name: str
    title: str
    position: str
    organisation_id: int | None
    organisation: str
    country: str
    # The handling marking: its level's name, "" for the lowest level.
    marking: str


def _matches(like: str) -> ColumnElement[bool]:
    return or_(
        folded_like(col(Person.folded), like),
        col(Person.organisation_id).in_(organisations_matching(like)),
    )


def list_people(
    database: Database,
    query: str = "",
    *,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    counted: bool = True,
) -> Page[PersonListRow]:
    """Everyone, with or without an organisation, by sort name: each word of `query` in the
    name, position, honorific or organisation (case and accents ignored)."""
    conditions = [_matches(like) for like in query_patterns(query)]
    order = (col(Person.sort_name), col(Person.id))
    wanted = PageRequest(offset, limit, counted)
    statement = paged(
        select(
            id_col(Person.id),
            col(Person.full_name),
            col(Person.title),
            col(Person.position),
            col(Person.organisation_id),
            func.coalesce(col(Organisation.name), "").label("organisation"),
            func.coalesce(col(Organisation.country), "").label("country"),
            col(Person.marking),
        )
        .outerjoin(Organisation, col(Organisation.id) == col(Person.organisation_id))
        .where(*conditions)
        .order_by(*order),
        wanted,
    )
    counting = select(func.count()).select_from(Person).where(*conditions)
    return page_with_markings(database, statement, counting, wanted, _person_list_row)


def _person_list_row(row: Row[*tuple[Any, ...]], levels: Levels) -> PersonListRow:
    values = row._asdict()
    return PersonListRow(marking=marking_name(levels, values.pop("marking")), **values)


def search_people(database: Database, query: str, limit: int = 20) -> tuple[PersonChoice, ...]:
    """People whose name, position, honorific or organisation holds every word (case and
    accents ignored), labelled 'Name — Position, Organisation (CC)'."""
    statement = (
        select(Person, col(Organisation.name), col(Organisation.country), col(Organisation.is_own))
        .outerjoin(Organisation, col(Organisation.id) == col(Person.organisation_id))
        .order_by(col(Person.sort_name), col(Person.id))
        .limit(limit)
    )
    for like in query_patterns(query):
        statement = statement.where(
            or_(folded_like(col(Person.folded), like), named_like(col(Organisation.folded), like))
        )
    with database.reading() as session:
        rows = session.execute(statement).all()
    choices = []
    for person, organisation, country, is_own in rows:
        where = f"{organisation} ({country})" if country else organisation or ""
        label = person_label(person.full_name, person.position, where)
        choices.append(
            PersonChoice(
                require_id(person), person.full_name, label, person.organisation_id, bool(is_own)
            )
        )
    return tuple(choices)


def person_row(person: Person, levels: Levels) -> PersonRow:
    return copied(
        PersonRow, person, id=require_id(person), marking=marking_name(levels, person.marking)
    )


def people_of(session: Session, organisation_id: int) -> Sequence[Person]:
    """The people of an organisation, by sort name."""
    return session.scalars(
        select(Person)
        .where(col(Person.organisation_id) == organisation_id)
        .order_by(col(Person.sort_name), col(Person.id))
    ).all()


def get_person(database: Database, person_id: int) -> PersonRow:
    """One person, as the person form needs it."""
    with database.reading() as session:
        person = existing(session, Person, person_id)
        return person_row(person, levels_in(session))


def person_as_input(row: PersonRow, levels: Levels) -> PersonInput:
    """The form values of an existing person; its marking read back with the department's
    `levels`."""
    from db.record_markings import rank_named

    return PersonInput(
        full_name=row.full_name,
        organisation_id=row.organisation_id,
        title=row.title,
        position=row.position,
        form_of_address=row.form_of_address,
        languages=row.languages,
        protocol_notes=row.protocol_notes,
        sort_name=row.sort_name,
        pronunciation=row.pronunciation,
        email=row.email,
        phone=row.phone,
        marking=rank_named(levels, row.marking),
    )
