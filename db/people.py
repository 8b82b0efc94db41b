"""Finding people: type a few letters of a name, title or organisation."""

from sqlalchemy import func, literal, or_, select

from db.engine import Database
from db.lists import like_pattern, query_words
from db.meeting_records import PersonChoice
from db.models import Organisation, Person


def search_people(database: Database, query: str, limit: int = 20) -> tuple[PersonChoice, ...]:
    """People whose name, title or organisation holds every word (case and accents ignored)."""
    statement = (
        select(Person, Organisation.name, Organisation.country, Organisation.is_own)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .order_by(Person.sort_name, Person.id)
        .limit(limit)
    )
    for word in query_words(query):
        pattern = literal(like_pattern(word))
        statement = statement.where(
            or_(
                func.fold(Person.full_name).like(pattern, escape="\\"),
                func.fold(Person.title).like(pattern, escape="\\"),
                func.fold(Organisation.name).like(pattern, escape="\\"),
                func.fold(Organisation.short_name).like(pattern, escape="\\"),
            )
        )
    with database.reading() as session:
        rows = session.execute(statement).all()
    choices = []
    for person, organisation, country, is_own in rows:
        details = ", ".join(
            part
            for part in (person.title, f"{organisation} ({country})" if country else organisation)
            if part
        )
        label = f"{person.full_name} — {details}" if details else person.full_name
        choices.append(
            PersonChoice(person.id, person.full_name, label, person.organisation_id, bool(is_own))
        )
    return tuple(choices)
