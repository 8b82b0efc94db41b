"""Shared fixtures: a private data/config home per test, databases with and without demo data.

They serve every folder below (db, ui, cli, reliability); plain helpers are in tests.helpers,
tests.pilot, tests.terminal and tests.postgres.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from db.checklists.changes import generate_checklist
from db.demo import load_demo
from db.engine import Database
from db.opening import open_database
from db.visits import list_visits
from tests.helpers.clock import TODAY
from tests.postgres import BACKENDS, REQUIRED, PostgresUnavailable, Server
from tui.paths import Paths


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real user's data and config directories."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("BILATERAL_DB", raising=False)
    # The user's own time zone decides what pages show ("10:00 Vienna · 09:00 UTC"): the same
    # on every machine the tests run on.
    monkeypatch.setenv("TZ", "UTC")
    return tmp_path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "bilateral.db"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # The one way to run tests on both backends: a module that sets BOTH_BACKENDS = True runs
    # each of its tests that opens a database (any fixture built on `backend`) on SQLite and
    # on PostgreSQL. The others run on SQLite.
    if getattr(metafunc.module, "BOTH_BACKENDS", False) and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture(scope="module")
def backend(request: pytest.FixtureRequest) -> str:
    """The backend of the test's database, "sqlite" or "postgresql"; module-scoped, so that a
    module may share one database per backend among tests that only read it."""
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
def checklist_visit(demo_database: Database) -> int:
    """The demo's upcoming visit, its checklist generated from the records; its id."""
    visit = list_visits(demo_database, today=TODAY).rows[0].id
    generate_checklist(demo_database, visit, today=TODAY)
    return visit


@pytest.fixture
def app_paths(request: pytest.FixtureRequest, tmp_path: Path, db_path: Path, backend: str) -> Paths:
    on_server = backend == "postgresql"
    return Paths(
        database=request.getfixturevalue("database").url if on_server else str(db_path),
        config_file=tmp_path / "config" / "config.toml",
        exports_dir=tmp_path / "exports",
        log_file=tmp_path / "bilateral.log",
    )
