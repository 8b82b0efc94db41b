"""A synthetic department at the scale of the performance budgets, always the same.

1,000 organisations, 5,000 people, 10,000 meetings over twenty years, 100,000 notes (mostly
short, some pages long; German, French, Vietnamese, Czech, Polish and English, diacritics
kept), 5,000 proposals each with a history along its db.lifecycle path, 20,000 action items
and 200 visits with generated checklists. `random.Random(SEED)` drives everything, so the same
version of the generator always builds the same database. The scale, seed, date and words are
in benchmarks.department_content; the rows of each kind, in benchmarks.department_rows; this
module builds and caches the file.

How it goes through `db`:
- every organisation, person, meeting, proposal and status change is checked by the db
  layer's own input classes (OrganisationInput, PersonInput, MeetingInput, ProposalInput)
  and lifecycle (check_transition) before it is written, and all text goes through
  db.text.clean_text;
- visits are created with db.visit_changes.create_visit and their checklists with
  db.checklists.changes.generate_checklist, one transaction each, as the app does;
- the bulk (organisations, people, meetings and their links, notes, proposals, histories,
  action items) is inserted as rows of the db.models tables with `insert(Model)` executemany
  inside `database.write(...)` sessions: 100,000 notes one transaction each (synchronous=FULL,
  an fsync per commit) would take longer than the whole benchmark may. The FTS5 triggers of
  migration 0005 index every row as it is inserted, as they would for the app's own writes.

The file is cached under $BILATERAL_BENCH_CACHE (default: the temp dir) in a name keyed by the
scale, GENERATOR_VERSION and a digest of the migrations, so a second run reuses it; benchmarks
work on a copy and never change the cached file. After a schema change, the newest department of
the same scale and generator is copied and upgraded by the app's own migrations (at ×10 a
generation takes many minutes; an upgrade, seconds) rather than generated again.
"""

import contextlib
import hashlib
import os
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.department_content import SCALE, SEED
from benchmarks.department_rows import STEPS, State

GENERATOR_VERSION = 1


def cache_dir() -> Path:
    """Where generated databases are kept between runs."""
    root = os.environ.get("BILATERAL_BENCH_CACHE") or tempfile.gettempdir()
    return Path(root) / "bilateral-bench"


def generator_key() -> str:
    """The scale and GENERATOR_VERSION: the same key always generates the same records."""
    scale = "" if SCALE == 1 else f"x{SCALE}-"
    return f"{scale}v{GENERATOR_VERSION}"


def cache_key() -> str:
    """The generator's key and a digest of the migrations: a schema change makes a new file."""
    digest = hashlib.sha256()
    versions = Path(__file__).resolve().parent.parent / "db" / "migrations" / "versions"
    for path in sorted(versions.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return f"{generator_key()}-{digest.hexdigest()[:12]}"


def department_database(log=print) -> Path:  # noqa: ANN001 - a print-like callable
    """The cached department database: generated, or upgraded from an older schema's, if missing."""
    target = cache_dir() / f"department-{cache_key()}.db"
    if target.exists():
        log(f"department database: cached {target} ({target.stat().st_size / 1e6:.0f} MB)")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_suffix(".building")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    older = older_schema(target)
    if older is not None:
        shutil.copyfile(older, building)
        upgrade(building)
        how = f"upgraded from {older.name}"
    else:
        counts = generate(building, log)
        how = f"generated ({', '.join(f'{n:,} {k}' for k, n in counts.items())})"
    shutil.move(building, target)
    seconds = time.perf_counter() - started
    log(f"department database: {how} in {seconds:.0f} s, {target.stat().st_size / 1e6:.0f} MB")
    return target


def older_schema(target: Path) -> Path | None:
    """The newest cached department of the same scale and generator, other than `target`."""
    same = [
        path for path in cache_dir().glob(f"department-{generator_key()}-*.db") if path != target
    ]
    return max(same, key=lambda path: path.stat().st_mtime, default=None)


def upgrade(path: Path) -> None:
    """Bring a copied department up to the current schema, as the app does on opening it."""
    from db.migrate import bring_up_to_date
    from db.opening import open_database

    database = open_database(path, migrate=False)
    try:
        backup = bring_up_to_date(database)
    finally:
        database.close()
    if backup is not None:
        backup.unlink()
    _checkpoint(path)


def generate(path: Path, log=print) -> dict[str, int]:  # noqa: ANN001
    """Build the department in a new database file at `path`; the number of each record."""
    from db.opening import open_database

    rng = random.Random(SEED)
    database = open_database(path)
    try:
        state = State(rng)
        counts = {}
        for name, step in STEPS:
            started = time.perf_counter()
            counts[name] = step(database, state)
            log(f"  {name:<14} {counts[name]:>7,}  {time.perf_counter() - started:6.1f} s")
    finally:
        database.close()
    _checkpoint(path)
    return counts


def _checkpoint(path: Path) -> None:
    # Everything into the main file, so that the cached file is complete on its own. No
    # ANALYZE: the app never runs it, so the query planner sees what a user's file gives it.
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


if __name__ == "__main__":
    department_database()
