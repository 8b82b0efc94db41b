"""Shared fixtures: a private data/config home per test, databases with and without demo data."""

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from db.demo import load_demo
from db.engine import Database
from db.opening import open_database
from tests.postgres import REQUIRED, PostgresUnavailable, Server
from tui.paths import Paths

# Fixed so that snapshots and relative dates do not change from day to day.
NOW = datetime(2026, 11, 26, 14, 30)
TODAY = NOW.date()


def fixed_now() -> datetime:
    """The clock of the app under test."""
    return NOW


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real user's data and config directories."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("BILATERAL_DB", raising=False)
    return tmp_path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bilateral.db"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Modules that set BOTH_BACKENDS = True run their database tests on SQLite and PostgreSQL.
    if getattr(metafunc.module, "BOTH_BACKENDS", False) and "database" in metafunc.fixturenames:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Server]:
    server = None
    try:
        server = Server()
        server.start()
        server.prepare_template()
    except PostgresUnavailable as error:
        if server is not None:
            server.stop()
        if os.environ.get(REQUIRED):
            pytest.fail(f"PostgreSQL is required ({REQUIRED} is set) but: {error}")
        pytest.skip(f"PostgreSQL cannot be started here: {error}")
    yield server
    server.stop()


@pytest.fixture
def database(request: pytest.FixtureRequest, backend: str, db_path: Path) -> Iterator[Database]:
    if backend == "postgresql":
        target: str | Path = request.getfixturevalue("postgres_server").new_database()
    else:
        target = db_path
    opened = open_database(target)
    # Records written by fixtures name nobody: pages and snapshots must not show the login name.
    opened.actor = ""
    yield opened
    opened.close()


@pytest.fixture
def demo_database(database: Database) -> Database:
    load_demo(database, today=TODAY)
    return database


@pytest.fixture
def app_paths(request: pytest.FixtureRequest, tmp_path: Path, db_path: Path, backend: str) -> Paths:
    on_server = backend == "postgresql"
    return Paths(
        database=request.getfixturevalue("database").url if on_server else str(db_path),
        config_file=tmp_path / "config" / "config.toml",
        exports_dir=tmp_path / "exports",
        log_file=tmp_path / "bilateral.log",
    )
