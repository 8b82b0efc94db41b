"""Reads that a newer request can stop in the database, not only ignore once they end.

A worker runs its reads inside a `QueryHandle` (`with handle:`); while it does, every
connection `Database.reading()` hands it is registered with the handle. `cancel()`, from any
thread, stops what runs on them: the read raises `Superseded`.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import TracebackType

from db.errors import BilateralError

# How often a cancelled read is interrupted again while it still runs: an interrupt that
# arrives between two statements stops nothing.
RETRY_SECONDS = 0.1
# How long a request to stop a query on the server may take before it is sent again.
SERVER_CANCEL_TIMEOUT = 5.0

_current = threading.local()


class Superseded(BilateralError):
    """A newer request took over: this read was stopped before it finished."""

    def __init__(self) -> None:
        super().__init__("A newer request replaced this one before it finished.")


class QueryHandle:
    """The reads of one request (a page of a list, a search), which a newer one can cancel.

    Thread-safe: the worker enters it around its reads, any other thread may `cancel()` it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: list[object] = []
        self._cancelled = False

    def __enter__(self) -> "QueryHandle":
        _current.handle = self
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _error: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        _current.handle = None

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    @property
    def is_reading(self) -> bool:
        """Whether a read of this handle holds a connection now."""
        with self._lock:
            return bool(self._connections)

    def cancel(self) -> None:
        """Stop the reads of this handle: the running one in the database, later ones before
        they start. Returns at once; the interrupting goes on in a thread of its own."""
        if self._cancelled:
            return
        with self._lock:
            self._cancelled = True
            if not self._connections:
                return
        threading.Thread(target=self._interrupt_until_done, name="cancel-read", daemon=True).start()

    def replaced(self) -> "QueryHandle":
        """Cancel this handle; a new one for the request that takes over."""
        self.cancel()
        return QueryHandle()

    @contextmanager
    def reading_on(self, connection: object) -> Iterator[None]:
        """Register a read's DB-API connection while it runs; Superseded if already cancelled."""
        with self._lock:
            if self._cancelled:
                raise Superseded()
            self._connections.append(connection)
        try:
            yield
        finally:
            # Waits for an interrupt under way: the connection goes back to the pool after it.
            with self._lock:
                self._connections.remove(connection)

    def _interrupt_until_done(self) -> None:
        while True:
            with self._lock:
                if not self._connections:
                    return
                for connection in self._connections:
                    _interrupt(connection)
            time.sleep(RETRY_SECONDS)


def current_handle() -> QueryHandle | None:
    """The handle the calling thread's reads run inside, if any."""
    handle: QueryHandle | None = getattr(_current, "handle", None)
    return handle


def _interrupt(connection: object) -> None:
    if hasattr(connection, "interrupt"):  # sqlite3, sqlcipher3: stops the running statement
        connection.interrupt()
        return
    import psycopg

    # A server that does not answer in time is asked again in the next round.
    if isinstance(connection, psycopg.Connection):
        with suppress(psycopg.Error):
            connection.cancel_safe(timeout=SERVER_CANCEL_TIMEOUT)
