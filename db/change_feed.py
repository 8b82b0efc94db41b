"""Changes saved by other sessions, heard while they are open.

Every write unit of work (db.engine.Database.write) that changed records announces it as it
commits: who saved it (the actor), which tables it touched, and from which session
(`Database.origin`, so that a session ignores its own). On PostgreSQL the announcement is a
`NOTIFY bilateral_changes` sent in the same transaction, heard by a listening session the moment
it commits. On SQLite it is a row of `changesignal` written in the same transaction; a session
checks `PRAGMA data_version` (it changes when another connection commits) every POLL_SECONDS and
reads the rows that are new. Only the newest KEPT rows are kept.

`ChangeFeed` listens in a thread of its own and hands each batch of other sessions' changes to
a callback.
"""

import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, cast

from sqlalchemy import Engine, delete, insert, text
from sqlalchemy.orm import Session

from db.clock import utcnow
from db.models import ChangeSignal


class _Opened(Protocol):
    """What the feed needs of an open database (db.engine.Database)."""

    @property
    def engine(self) -> Engine: ...

    @property
    def origin(self) -> str: ...

    @property
    def is_sqlite(self) -> bool: ...


log = logging.getLogger("bilateral")

CHANNEL = "bilateral_changes"
POLL_SECONDS = 1.0
# After the feed's connection failed (the server restarted, the file went away).
RETRY_SECONDS = 5.0
KEPT = 1000
PRUNE_EVERY = 100
# Tables whose changes nobody else needs to hear of: unsaved form text, the signals themselves.
UNANNOUNCED = frozenset({"draft", "changesignal"})


@dataclass(frozen=True)
class Change:
    """A change another session saved: who, and which tables it touched."""

    actor: str
    tables: frozenset[str]


def announce(session: Session, actor: str, origin: str, tables: Iterable[str]) -> None:
    """Announce the change `session` is about to commit, if it touched any table worth it."""
    touched = sorted(set(tables) - UNANNOUNCED)
    if not touched:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        payload = json.dumps({"actor": actor, "tables": touched, "origin": origin})
        connection.execute(
            text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
        )
        return
    signals = ChangeSignal.__table__  # type: ignore[attr-defined]
    added = connection.execute(
        insert(signals).values(
            saved_at=utcnow(), actor=actor, tables=",".join(touched), origin=origin
        )
    )
    signal_id = added.lastrowid
    if signal_id % PRUNE_EVERY == 0:
        connection.execute(delete(signals).where(signals.c.id <= signal_id - KEPT))


class _Listener(Protocol):
    def wait(self, seconds: float) -> list[Change] | None:
        """Changes other sessions saved within `seconds`: None when there were none; an empty
        list when something changed without saying who (another program)."""

    def close(self) -> None: ...


def _own_connection(database: _Opened) -> Any:
    """A driver connection detached from the pool: the feed's for as long as it runs."""
    pooled = database.engine.raw_connection()
    connection = cast(Any, pooled.driver_connection)
    pooled.detach()
    return connection


class _SqliteListener:
    def __init__(self, database: _Opened) -> None:
        self.origin = database.origin
        self.connection = _own_connection(database)
        self.version = self._version()
        newest = self.connection.execute("SELECT max(id) FROM changesignal").fetchone()[0]
        self.last_id = newest or 0
        self.stopped = threading.Event()

    def _version(self) -> int:
        return int(self.connection.execute("PRAGMA data_version").fetchone()[0])

    def wait(self, seconds: float) -> list[Change] | None:
        if self.stopped.wait(seconds):
            return None
        version = self._version()
        if version == self.version:
            return None
        self.version = version
        rows = self.connection.execute(
            "SELECT id, actor, tables, origin FROM changesignal WHERE id > ? ORDER BY id",
            (self.last_id,),
        ).fetchall()
        if not rows:
            return []
        self.last_id = rows[-1][0]
        others = [
            Change(actor, frozenset(tables.split(",")))
            for _, actor, tables, origin in rows
            if origin != self.origin
        ]
        return others or None

    def close(self) -> None:
        self.stopped.set()
        self.connection.close()


class _PostgresListener:
    def __init__(self, database: _Opened) -> None:
        self.origin = database.origin
        self.connection = _own_connection(database)
        self.connection.rollback()
        self.connection.autocommit = True
        self.connection.execute(f"LISTEN {CHANNEL}")

    def wait(self, seconds: float) -> list[Change] | None:
        changes = []
        for notice in self.connection.notifies(timeout=seconds, stop_after=1):
            said = json.loads(notice.payload)
            if said.get("origin") != self.origin:
                tables = frozenset(said.get("tables", []))
                changes.append(Change(str(said.get("actor", "")), tables))
        return changes or None

    def close(self) -> None:
        self.connection.close()


class ChangeFeed:
    """Hears the changes other sessions save to `database`; `heard(changes)` is called with each
    batch, in the feed's own thread (an empty batch: something changed, nobody said who)."""

    def __init__(self, database: _Opened, heard: Callable[[list[Change]], None]) -> None:
        self.database = database
        self.heard = heard
        self._stop = threading.Event()
        self._listener: _Listener | None = None
        self._thread = threading.Thread(target=self._run, name="change-feed", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop listening (at the latest POLL_SECONDS later; the thread closes its connection)."""
        self._stop.set()
        if self._listener is not None and isinstance(self._listener, _SqliteListener):
            self._listener.stopped.set()

    def _listen(self) -> _Listener:
        if self.database.is_sqlite:
            return _SqliteListener(self.database)
        return _PostgresListener(self.database)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listener = self._listen()
                try:
                    while not self._stop.is_set():
                        changes = self._listener.wait(POLL_SECONDS)
                        if changes is not None and not self._stop.is_set():
                            self.heard(changes)
                finally:
                    self._listener.close()
            except Exception as error:  # noqa: BLE001 - the feed must outlive any failure
                log.warning("listening for other sessions' changes failed: %s", error)
                self._stop.wait(RETRY_SECONDS)
