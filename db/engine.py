"""Opening a database: the engine, its SQLite settings, and read/write units of work.

Nothing here runs at import time; `open_database` is the one way in.
"""

import getpass
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from sqlalchemy import Connection, Engine, Update, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import ORMExecuteState, Session

from db.cancelling import QueryHandle, Superseded, current_handle
from db.change_feed import announce
from db.errors import DatabaseBusy, DatabaseUnavailable
from db.folded import fill_folded
from db.locations import database_url as database_url
from db.locations import sqlite_path as sqlite_path
from db.text import fold

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
WRITE_ATTEMPTS = 4
_WRITE_OPTION = "bilateral_write"


def create_private_file(path: Path) -> None:
    """Create an empty file readable by the user only; SQLite gives -wal/-shm the same mode."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Take transaction control away from pysqlite so that BEGIN is ours to emit.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA journal_mode = WAL")
        dbapi_connection.execute("PRAGMA synchronous = FULL")
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        dbapi_connection.create_function("fold", 1, _sql_fold, deterministic=True)

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sql_fold(value: str | None) -> str | None:
    return None if value is None else fold(value)


# PostgreSQL's "try again" codes: serialization failure, deadlock detected.
_RETRY_SQLSTATES = {"40001", "40P01"}


def _is_busy(error: DBAPIError) -> bool:
    if getattr(error.orig, "sqlstate", None) in _RETRY_SQLSTATES:
        return True
    message = str(error.orig).lower()
    return "database is locked" in message or "database is busy" in message


def failure_reason(error: DBAPIError) -> str:
    """The driver's message, first line only: 'database or disk is full', 'server closed…'."""
    return str(error.orig).strip().splitlines()[0] if str(error.orig).strip() else "unknown error"


# PostgreSQL's insufficient_privilege: a team role's clearance or privileges refuse the write.
_REFUSED_SQLSTATE = "42501"


def _refusal(error: DBAPIError) -> str:
    if "row-level security" in failure_reason(error):
        return (
            "This would put a record above your clearance on the team server (or attach "
            "something to a record you may not see); nothing was saved. Choose a lower "
            "marking, or ask someone cleared for it."
        )
    return (
        f"The team server does not let you make this change ({failure_reason(error)}); nothing "
        "was saved. Ask the administrator for the privileges it needs."
    )


# PostgreSQL's query_canceled; SQLite says "interrupted".
_CANCELED_SQLSTATE = "57014"


def _interrupted(error: DBAPIError) -> bool:
    return getattr(error.orig, "sqlstate", None) == _CANCELED_SQLSTATE or (
        str(error.orig) == "interrupted"
    )


def _cancellable(session: Session, handle: QueryHandle | None) -> AbstractContextManager[None]:
    """The read's connection registered with `handle`, which can then interrupt it."""
    if handle is None:
        return nullcontext()
    return handle.reading_on(session.connection().connection.dbapi_connection)


class WriteSession(Session):
    """A write unit of work; records on it who makes the change (see `_stamp_changes`)."""


event.listen(WriteSession, "before_flush", fill_folded)


# The records that remember who last changed them.
_STAMPED = ("Meeting", "Note", "Proposal", "ChecklistItem")


@event.listens_for(WriteSession, "before_flush")
def _stamp_changes(session: Session, _context: object, _instances: object) -> None:
    actor = session.info.get("actor", "")
    for record in (*session.new, *session.dirty):
        if type(record).__name__ in _STAMPED and session.is_modified(record):
            record.changed_by = actor


@event.listens_for(WriteSession, "do_orm_execute")
def _stamp_updates(state: ORMExecuteState) -> None:
    mapper = state.bind_mapper
    if state.is_update and mapper is not None and mapper.class_.__name__ in _STAMPED:
        update = cast(Update, state.statement)  # is_update: the statement is an UPDATE
        state.statement = update.values(changed_by=state.session.info.get("actor", ""))


def _touched(session: Session) -> set[str]:
    """The tables a write unit of work changed so far (for db.change_feed.announce)."""
    return cast(set[str], session.info.setdefault("touched", set()))


@event.listens_for(WriteSession, "after_flush")
def _note_flushed(session: Session, _context: object) -> None:
    for record in (*session.new, *session.dirty, *session.deleted):
        if record in session.deleted or session.is_modified(record):
            _touched(session).add(type(record).__table__.name)


@event.listens_for(WriteSession, "do_orm_execute")
def _note_statements(state: ORMExecuteState) -> None:
    mapper = state.bind_mapper
    if (state.is_insert or state.is_update or state.is_delete) and mapper is not None:
        _touched(state.session).add(mapper.local_table.name)  # type: ignore[attr-defined]


@dataclass
class Database:
    """An open database: run reads and writes against it in short sessions.

    `actor` names who makes the changes (the app sets it from the config's `me`); `origin`
    tells this session's changes from others' (db.change_feed), to which saves are announced
    unless `announces` is off (a database opened as it is, whose schema may predate that).
    """

    engine: Engine
    url: str
    path: Path | None
    actor: str = field(default_factory=getpass.getuser)
    origin: str = field(default_factory=lambda: uuid.uuid4().hex)
    announces: bool = True
    # An encrypted SQLite file's passphrase (None: plain, or a server). Known here, so that
    # nothing in this process has to open the file outside SQLite to tell (see db.backups).
    passphrase: str | None = field(default=None, repr=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed.

        Inside a `QueryHandle` (db.cancelling), cancelling the handle stops the read in the
        database: it raises `Superseded`.
        """
        handle = current_handle()
        try:
            with Session(self.engine) as session, _cancellable(session, handle):
                yield session
        except OperationalError as error:
            if handle is not None and handle.cancelled and _interrupted(error):
                raise Superseded() from error
            raise DatabaseUnavailable(
                f"The database could not be read ({failure_reason(error)}). Nothing was changed.",
                failure_reason(error),
            ) from error

    def write(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one IMMEDIATE transaction, retrying the whole unit while busy."""
        writer = self.engine.execution_options(**{_WRITE_OPTION: True})
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with WriteSession(writer, expire_on_commit=False) as session:
                    session.info["actor"] = self.actor
                    result = work(session)
                    session.flush()
                    if self.announces:
                        announce(session, self.actor, self.origin, _touched(session))
                    session.commit()
                    return result
            except OperationalError as error:
                if not _is_busy(error):
                    raise DatabaseUnavailable(
                        f"The database could not be written ({failure_reason(error)}); nothing was "
                        "saved. What you typed is still here: try again once that is fixed.",
                        failure_reason(error),
                    ) from error
                if attempt == WRITE_ATTEMPTS - 1:
                    raise DatabaseBusy(
                        "The database stayed busy (another copy of bilateral is writing); "
                        "nothing was saved. Try again."
                    ) from error
                time.sleep(0.05 * (2**attempt))
            except DBAPIError as error:
                if getattr(error.orig, "sqlstate", None) != _REFUSED_SQLSTATE:
                    raise
                raise DatabaseUnavailable(_refusal(error), failure_reason(error)) from error
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.engine.dispose()


def safe_url(url: str) -> str:
    """The URL as it can be shown: without a password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str, passphrase: str | None = None) -> Engine:
    """An engine for `url`, with bilateral's SQLite settings (WAL, busy timeout) for SQLite;
    `passphrase` opens an encrypted SQLite file (it never goes into the URL).

    Statement parameters (what the user typed) stay out of error messages and so of the log.
    """
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None and not path.exists():
            create_private_file(path)
        if passphrase is None:
            engine = create_engine(url, connect_args=_SQLITE_CONNECT, hide_parameters=True)
        else:
            engine = _encrypted_engine(url, passphrase)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


_SQLITE_CONNECT = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}


def _encrypted_engine(url: str, passphrase: str) -> Engine:
    from db.encryption import apply_key, cipher

    engine = create_engine(url, module=cipher(), connect_args=_SQLITE_CONNECT, hide_parameters=True)

    file = sqlite_path(url)

    def key_first(dbapi_connection: object, _record: object) -> None:
        apply_key(dbapi_connection, passphrase, file)

    event.listen(engine, "connect", key_first, insert=True)
    return engine
