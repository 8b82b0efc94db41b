"""A throwaway PostgreSQL server holding a copy of the department, for the benchmark.

The server is the one the test suite starts (tests.postgres.Server, imported: initdb in a
temporary folder, a Unix socket only, run as the `postgres` user when we are root), restarted
with PostgreSQL's default durability (the tests turn fsync off; a user's server keeps it on, and
the benchmark measures writes too). The department is copied into it from the cached SQLite file
with the app's own copy (db.database_copy.copy_database), then vacuumed and analysed: the copy
leaves the planner without statistics, and autovacuum would otherwise do that work in the middle
of the measurements. Nothing is cached: every run copies again (a few minutes).
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import psycopg

from tests.postgres import PostgresUnavailable, Server, _binary

__all__ = ["PostgresUnavailable", "ServedDepartment", "department_on_postgresql"]

DEPARTMENT = "department"
# The tests' socket and address settings, without their fsync=off and full_page_writes=off.
DURABLE_OPTIONS = "-c listen_addresses='' -k {socket_dir}"


class DurableServer(Server):
    """The tests' throwaway server, running with fsync and full page writes on."""

    def start(self) -> None:
        super().start()
        options = DURABLE_OPTIONS.format(socket_dir=self.socket_dir)
        log_file = str(self.root / "server.log")
        pg_ctl = _binary("pg_ctl")
        self._run(pg_ctl, "-D", str(self.data), "-o", options, "-w", "-l", log_file, "restart")

    def connect(self, database: str) -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.socket_dir), user="postgres", dbname=database, autocommit=True
        )

    def create_database(self, name: str) -> str:
        """A new, empty database on this server (bilateral migrates it when it opens it)."""
        with self.admin() as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)


class ServedDepartment(NamedTuple):
    """The department on a running server, and how it got there."""

    url: str
    new_database: Callable[[str], str]
    setup: dict[str, float]


def copy_department(
    server: DurableServer, sqlite_file: Path, log: Callable[[str], None]
) -> ServedDepartment:
    """Copy the department into a new database on `server`, vacuumed and analysed."""
    from db.database_copy import copy_database
    from db.opening import open_database

    url = server.create_database(DEPARTMENT)
    started = time.perf_counter()

    def progress(table: str, rows: int) -> None:
        log(f"  copied {table:<22} {rows:>8,} rows  {time.perf_counter() - started:5.0f} s")

    source, target = open_database(sqlite_file), open_database(url)
    try:
        report = copy_database(source, target, progress=progress)
    finally:
        source.close()
        target.close()
    copied = time.perf_counter() - started
    with server.connect(DEPARTMENT) as connection:
        connection.execute("VACUUM (ANALYZE)")
        size = connection.execute("SELECT pg_database_size(%s)", (DEPARTMENT,)).fetchone()
    setup = {
        "copy_s": copied,
        "vacuum_analyze_s": time.perf_counter() - started - copied,
        "rows": report.total_rows,
        "database_mb": (size[0] if size else 0) / 1e6,
    }
    log(
        f"PostgreSQL: department copied in {copied:.0f} s ({report.total_rows:,} rows), "
        f"vacuumed and analysed in {setup['vacuum_analyze_s']:.0f} s, "
        f"pg_database_size {setup['database_mb']:.0f} MB"
    )
    return ServedDepartment(url, server.create_database, setup)


@contextmanager
def department_on_postgresql(
    sqlite_file: Path, log: Callable[[str], None]
) -> Iterator[ServedDepartment]:
    """A running server holding the department (its URL, a maker of empty databases).

    Raises PostgresUnavailable when no server can be started here; the server and its folder
    are removed on leaving.
    """
    server = DurableServer()
    try:
        server.start()
        yield copy_department(server, sqlite_file, log)
    finally:
        server.stop()
