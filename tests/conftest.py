"""Shared fixtures: a private data/config home per test, databases with and without demo data."""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from db.demo import load_demo
from db.engine import Database, open_database
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


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    opened = open_database(db_path)
    yield opened
    opened.close()


@pytest.fixture
def demo_database(database: Database) -> Database:
    load_demo(database, today=TODAY)
    return database


@pytest.fixture
def app_paths(tmp_path: Path, db_path: Path) -> Paths:
    return Paths(
        database=str(db_path),
        config_file=tmp_path / "config" / "config.toml",
        exports_dir=tmp_path / "exports",
        log_file=tmp_path / "bilateral.log",
    )
