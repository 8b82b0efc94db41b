"""A read superseded by a newer request is stopped in the database, not left to run to its end."""

import threading
import time

from sqlalchemy import text

from db.cancelling import QueryHandle, Superseded
from db.engine import Database
from db.meetings import list_meetings

# Each backend stops a running query its own way (interrupt, cancel request).
BOTH_BACKENDS = True

# Guards against a hanging test only: a stopped read ends long before.
GUARD_SECONDS = 30
SLOW_QUERIES = {
    "sqlite": (
        "WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter "
        "WHERE n < 1000000000000) SELECT count(*) FROM counter"
    ),
    "postgresql": "SELECT pg_sleep(60)",
}


def slow_read_in_thread(database: Database, handle: QueryHandle) -> tuple[threading.Thread, list]:
    """A thread reading with a query that would run for hours; what it raised, when it ends."""
    raised: list[BaseException] = []

    def read() -> None:
        try:
            with handle, database.reading() as session:
                session.execute(text(SLOW_QUERIES[database.engine.dialect.name])).all()
        except BaseException as error:  # noqa: BLE001 - the test looks at what it was
            raised.append(error)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, raised


def wait_until_reading(handle: QueryHandle) -> None:
    deadline = time.monotonic() + GUARD_SECONDS
    while not handle.is_reading:
        assert time.monotonic() < deadline, "the read never started"
        time.sleep(0.01)


def test_a_cancelled_read_stops_in_the_database_and_the_database_reads_on(demo_database):
    handle = QueryHandle()
    thread, raised = slow_read_in_thread(demo_database, handle)
    wait_until_reading(handle)

    handle.cancel()
    thread.join(GUARD_SECONDS)

    assert not thread.is_alive(), "the read ran on after it was cancelled"
    assert len(raised) == 1 and isinstance(raised[0], Superseded)
    assert not handle.is_reading
    # The connection went back to the pool healthy: the next reads on it work.
    for _ in range(3):
        assert list_meetings(demo_database, "").rows


def test_a_handle_cancelled_before_its_read_stops_the_read_before_it_runs(database):
    handle = QueryHandle()
    handle.cancel()
    thread, raised = slow_read_in_thread(database, handle)
    thread.join(GUARD_SECONDS)

    assert not thread.is_alive()
    assert len(raised) == 1 and isinstance(raised[0], Superseded)


def test_reads_of_a_new_handle_are_not_stopped_by_the_one_it_replaced(demo_database):
    first = QueryHandle()
    second = first.replaced()

    assert first.cancelled and not second.cancelled
    with second:
        assert list_meetings(demo_database, "").rows
