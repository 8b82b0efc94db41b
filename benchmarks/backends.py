"""The backends a benchmark run measures, each holding its own copy of the cached department.

- SQLite: a copy of the cached file in the run's temporary folder. With
  BILATERAL_BENCH_ENCRYPTED=1 the copy is encrypted first (SQLCipher, the passphrase passed as
  BILATERAL_PASSPHRASE), to measure what encryption at rest costs.
- PostgreSQL: a throwaway server with the department copied into it
  (benchmarks.postgres_server).
BILATERAL_BENCH_BACKENDS (sqlite, postgresql, or both comma-separated: the default) limits a run.
"""

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

BACKENDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
BACKENDS_ENV = "BILATERAL_BENCH_BACKENDS"
ENCRYPTED_ENV = "BILATERAL_BENCH_ENCRYPTED"
BENCH_PASSPHRASE = "benchmark passphrase"


@dataclass(frozen=True)
class Target:
    """Where one backend's steps run."""

    backend: str
    # The department: a file path or a URL, as `bilateral --db` takes it.
    database: str
    # An empty database for a step that fills its own, by name: its path or URL.
    new_database: Callable[[str], str]
    # How the copy was made (seconds, size), kept in the results.
    setup: dict[str, object] = field(default_factory=dict)


def backends_asked() -> list[str]:
    """The backends named in BILATERAL_BENCH_BACKENDS, or all of them."""
    text = os.environ.get(BACKENDS_ENV, "")
    asked = [name.strip().lower() for name in text.split(",") if name.strip()] or list(BACKENDS)
    unknown = [name for name in asked if name not in BACKENDS]
    if unknown:
        raise SystemExit(
            f"{BACKENDS_ENV} names {', '.join(unknown)}: use sqlite, postgresql or both "
            "(comma-separated)."
        )
    return asked


def encrypt_copy(database: Path, log: Callable[[str], None]) -> None:
    """Encrypt the SQLite copy; the app and every step find the passphrase in the environment."""
    from db.encryption import PASSPHRASE_ENV
    from db.file_encryption import encrypt_database

    started = time.perf_counter()
    encrypt_database(database, BENCH_PASSPHRASE)
    os.environ[PASSPHRASE_ENV] = BENCH_PASSPHRASE
    log(f"encrypted the copy (SQLCipher) in {time.perf_counter() - started:.0f} s")


@contextmanager
def prepared(
    backend: str, cached: Path, workdir: Path, log: Callable[[str], None]
) -> Iterator[Target]:
    """The department on `backend`, for as long as the block runs.

    Raises benchmarks.postgres_server.PostgresUnavailable when PostgreSQL cannot start here.
    """
    if backend == "sqlite":
        database = workdir / "department.db"
        shutil.copyfile(cached, database)
        encrypted = bool(os.environ.get(ENCRYPTED_ENV))
        if encrypted:
            encrypt_copy(database, log)
        yield Target(
            backend,
            str(database),
            lambda name: str(workdir / f"{name}.db"),
            {"encrypted": encrypted, "database_mb": database.stat().st_size / 1e6},
        )
        return
    from benchmarks.postgres_server import department_on_postgresql

    with department_on_postgresql(cached, log) as served:
        yield Target(backend, served.url, served.new_database, dict(served.setup))
