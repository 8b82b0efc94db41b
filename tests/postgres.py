"""A throwaway PostgreSQL server for the tests that run on both backends.

Started once per test session in a temporary directory, on a Unix socket only (no TCP
port to collide with), as the `postgres` user when the tests run as root (PostgreSQL
refuses to run as root). Each test gets its own database, copied from a migrated template.
"""

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg

# The backends a test runs on when its module sets BOTH_BACKENDS (see conftest.py).
BACKENDS = ("sqlite", "postgresql")
# CI sets this so that a server that cannot be started fails the run instead of skipping.
REQUIRED = "BILATERAL_REQUIRE_POSTGRES"
TEMPLATE = "bilateral_template"
BINARIES = ("initdb", "pg_ctl")


class PostgresUnavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def _binary(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/lib/postgresql/15/bin")
    if found is None:
        raise PostgresUnavailable(f"{name} is not installed")
    return found


class Server:
    """One postgres process with its data directory and socket in a temporary folder."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="bilateral-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.user: str | None = None
        if os.geteuid() == 0:
            try:
                self.user = pwd.getpwnam("postgres").pw_name
            except KeyError:
                raise PostgresUnavailable("running as root and there is no postgres user") from None
            os.chmod(self.root, 0o755)
            shutil.chown(self.root, self.user)

    def _run(self, *command: str) -> None:
        full = ["runuser", "-u", self.user, "--", *command] if self.user else list(command)
        result = subprocess.run(full, capture_output=True, text=True, timeout=120, check=False)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{' '.join(command[:2])} failed: {result.stderr.strip()}")

    def start(self) -> None:
        initdb, pg_ctl = (_binary(name) for name in BINARIES)
        self._run(
            initdb,
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-c listen_addresses='' -k {self.socket_dir} -c fsync=off -c full_page_writes=off"
        )
        self._run(
            pg_ctl,
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.root / "server.log"),
            "start",
        )

    def stop(self) -> None:
        """Stop the server if it runs, and remove its folder."""
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(PostgresUnavailable):
                self._run(_binary("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}"

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.socket_dir), user="postgres", dbname="postgres", autocommit=True
        )

    def prepare_template(self) -> None:
        """A database migrated to head, which every test database copies."""
        from db.opening import open_database

        with self.admin() as connection:
            connection.execute(f"CREATE DATABASE {TEMPLATE}")
        open_database(self.url(TEMPLATE)).close()

    def new_database(self) -> str:
        """A fresh, migrated database; returns its URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        with self.admin() as connection:
            connection.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)
