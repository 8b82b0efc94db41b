"""Where a visit's meetings take place: the zones of its stops, and the days of each."""

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.engine import Database
from db.models import VisitLeg
from db.zones import StopZone, stop_zones


def visit_stop_zones(session: Session, visit_id: int) -> tuple[StopZone, ...]:
    """The zones of a visit's stops, in the order of the visit."""
    stops = session.execute(
        select(
            col(VisitLeg.city),
            col(VisitLeg.country),
            col(VisitLeg.starts_on),
            col(VisitLeg.ends_on),
        )
        .where(col(VisitLeg.visit_id) == visit_id)
        .order_by(col(VisitLeg.position), col(VisitLeg.id))
    )
    return stop_zones((city, country, first, last) for city, country, first, last in stops)


def stops_of_visit(database: Database, visit_id: int) -> tuple[StopZone, ...]:
    """The zones of a visit's stops with their days (none for a visit gone meanwhile)."""
    with database.reading() as session:
        return visit_stop_zones(session, visit_id)
