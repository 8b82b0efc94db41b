"""Clearances on the team server: up to which handling marking a PostgreSQL role sees records.

The server enforces them (row-level security, migration 0013): a role sees and changes only
records marked at or below its clearance, and a role without one sees the lowest level only.
Granting a clearance also gives the role the privileges it needs to work with bilateral;
the clearances themselves and the list of levels stay the administrator's to change.
"""

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session
from sqlmodel import col

from db.engine import Database
from db.errors import BilateralError
from db.markings import levels_in
from db.models import Clearance
from db.text import clean_line

ON_SQLITE = (
    "Clearances are for the team server (PostgreSQL): whoever can open a SQLite file reads "
    "every record in it. Nothing was changed."
)
# Read by every team role; written only by the administrator (the tables' owner).
READ_ONLY_TABLES = ("markinglevel", "alembic_version")

_ROLE = text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = :role")
_OWNER = text("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = to_regclass('clearance')")


class NoSuchRole(BilateralError):
    """The server has no role of that name."""


def _team_server(database: Database) -> None:
    if database.is_sqlite:
        raise BilateralError(ON_SQLITE)


def _quoted(session: Session, name: str) -> str:
    """A name quoted as an SQL identifier, whatever it holds (for `_run`)."""
    return session.get_bind().dialect.identifier_preparer.quote_identifier(name)


def _run(session: Session, statement: str) -> None:
    """A statement naming roles, tables and schemas, quoted by `_quoted`, as the driver takes it."""
    session.connection().exec_driver_sql(statement)


def _existing_role(session: Session, role: str) -> str:
    """The role's name quoted for SQL; refused when no such role exists or it sees every
    record anyway (a superuser, a role bypassing row-level security, the tables' owner)."""
    bypasses = session.scalar(_ROLE, {"role": role})
    if bypasses is None:
        raise NoSuchRole(
            f"The server has no role {role!r}; create it first (CREATE ROLE … LOGIN "
            "PASSWORD …). Nothing was changed."
        )
    if bypasses or session.scalar(_OWNER) == role:
        raise BilateralError(
            f"{role!r} administers the server and sees every record whatever its clearance; "
            "give clearances to team roles only. Nothing was changed."
        )
    return _quoted(session, role)


def _schema(session: Session) -> str:
    return _quoted(session, session.scalar(text("SELECT current_schema()")) or "public")


def grant_clearance(database: Database, role: str, up_to: int) -> None:
    """Let `role` see and change records marked up to rank `up_to`, and give it the
    privileges bilateral needs: the tables' records, their sequences, reading the levels.
    Granting again changes the clearance."""
    _team_server(database)
    role = clean_line(role)

    def grant(session: Session) -> None:
        levels = levels_in(session)
        if not 0 <= up_to <= levels.highest_rank:
            raise BilateralError(
                f"There is no level {up_to}; the levels are {', '.join(levels.names)} "
                "(lowest first). Nothing was changed."
            )
        quoted = _existing_role(session, role)
        schema = _schema(session)
        session.merge(Clearance(role_name=role, up_to=up_to))
        for statement in (
            f"GRANT USAGE ON SCHEMA {schema} TO {quoted}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {quoted}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {quoted}",
        ):
            _run(session, statement)
        # A role that could write the clearances could raise its own.
        _run(session, f"REVOKE ALL ON clearance FROM {quoted}")
        for table in READ_ONLY_TABLES:
            _run(session, f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {quoted}")

    database.write(grant)


def revoke_clearance(database: Database, role: str) -> None:
    """Take the role's clearance and its privileges on bilateral's records away."""
    _team_server(database)
    role = clean_line(role)

    def revoke(session: Session) -> None:
        removed = session.execute(delete(Clearance).where(col(Clearance.role_name) == role))
        if not getattr(removed, "rowcount", 0):
            raise BilateralError(f"{role!r} has no clearance; nothing was changed.")
        if session.scalar(_ROLE, {"role": role}) is None:
            return  # the role was dropped since: only its clearance was left
        quoted = _quoted(session, role)
        schema = _schema(session)
        _run(session, f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {quoted}")
        _run(session, f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {quoted}")
        _run(session, f"REVOKE USAGE ON SCHEMA {schema} FROM {quoted}")

    database.write(revoke)


def list_clearances(database: Database) -> list[tuple[str, int]]:
    """Each role with a clearance and the rank it is cleared up to, by name."""
    _team_server(database)
    with database.reading() as session:
        rows = session.execute(
            select(col(Clearance.role_name), col(Clearance.up_to)).order_by(
                col(Clearance.role_name)
            )
        )
        return [(role, up_to) for role, up_to in rows]
