"""Backups of a SQLite database: verified copies, the rolling daily and weekly set, restoring.

Every copy is made with SQLite's online backup API (consistent while bilateral writes), is
checked with `PRAGMA integrity_check`, and gets its final name only once it is complete and
on disk: a crash leaves at worst a hidden `*.partial` file, never a half copy that looks whole.
PostgreSQL databases are backed up with the server's own tools (`server_tools_hint`).
The copies of an encrypted database are encrypted with the same passphrase.
"""

import os
import re
import shlex
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterable
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from db.encryption import (
    connect,
    database_errors,
    forget_passphrase,
    is_encrypted,
    key_for,
    remember_passphrase,
)
from db.errors import BilateralError, DatabaseBusy, DatabaseUnreadable, SchemaTooNew
from db.files import flush_to_disk

DAILY_KEPT = 7
WEEKLY_KEPT = 4
SQLITE_HEADER = b"SQLite format 3\x00"
PARTIAL = ".partial"
# A partial copy this old was left by a crash; a younger one may be another start's, in progress.
STALE_PARTIAL_S = 24 * 3600


@dataclass(frozen=True)
class Opened:
    """A database this process has open: its passphrase (None: a plain file)."""

    passphrase: str | None


def aside_path(path: Path, label: str, when: datetime | None = None) -> Path:
    """A free name beside `path`: `<name>.<label>-<timestamp>` (then `-1`, `-2`… if taken)."""
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.{label}-{stamp}")
    counter = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.{label}-{stamp}-{counter}")
        counter += 1
    return candidate


def integrity_problems(connection: sqlite3.Connection) -> list[str]:
    """What `PRAGMA integrity_check` finds wrong (nothing: an empty list)."""
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


def _verified_partial(
    source: Path, folder: Path, name: str, read_only: bool = False, passphrase: str | None = None
) -> Path:
    """A checked copy of `source` on disk in `folder` under a hidden temporary name (0600),
    encrypted with `passphrase` (that of `source`) if it is given.

    `read_only` for a file that is not ours (a read-only look at a WAL file, though, leaves
    empty -wal and -shm files behind, which a read-write one removes when it closes)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=PARTIAL, dir=folder)
    os.close(fd)
    partial = Path(temporary)
    try:
        with (
            closing(connect(source, passphrase, read_only=read_only)) as origin,
            closing(connect(partial, passphrase)) as copy,
        ):
            origin.backup(copy)
            # One self-contained file, no -wal beside it (bilateral turns WAL on when it opens).
            copy.execute("PRAGMA journal_mode = DELETE").fetchall()
            problems = integrity_problems(copy)
        if problems:
            raise DatabaseUnreadable(
                f"The copy of {source} failed SQLite's integrity check ({problems[0]}); "
                "it was not kept."
            )
        flush_to_disk(partial)
    except database_errors() as error:
        partial.unlink(missing_ok=True)
        raise DatabaseUnreadable(
            f"Cannot copy the database {source}: {error}. It may be damaged; nothing was kept."
        ) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial


def _put_in_place(partial: Path, target: Path) -> None:
    os.replace(partial, target)
    flush_to_disk(target.parent)


def copy_verified(source: Path, target: Path, opened: Opened | None = None) -> int:
    """Copy the SQLite database `source` to `target` (0600), checked, atomically; its size.
    The copy of an encrypted database is encrypted with its passphrase.

    `opened`: the database is open in this process, with this passphrase. Its file is then not
    looked at to tell whether it is encrypted: closing any handle on a database file drops every
    POSIX lock the process holds on it, SQLite's too, and another process closing its last
    connection would then delete the WAL this one still writes into."""
    passphrase = opened.passphrase if opened is not None else key_for(source)
    _put_in_place(_verified_partial(source, target.parent, target.name, False, passphrase), target)
    return target.stat().st_size


# -- the rolling set: one copy a day, the last 7 days and 4 weeks ------------------------------


def backup_name(database: Path, day: date) -> str:
    """`bilateral-2026-12-01.db` for bilateral.db on that day."""
    return f"{database.stem}-{day.isoformat()}.db"


def dated_backups(database: Path, folder: Path) -> dict[date, Path]:
    """The rolling copies of `database` in `folder`, by day."""
    pattern = re.compile(re.escape(database.stem) + r"-(\d{4}-\d{2}-\d{2})\.db")
    found: dict[date, Path] = {}
    if folder.is_dir():
        for path in folder.iterdir():
            match = pattern.fullmatch(path.name)
            if match:
                with suppress(ValueError):
                    found[date.fromisoformat(match[1])] = path
    return found


def days_to_keep(days: Iterable[date]) -> set[date]:
    """The last DAILY_KEPT days that have a copy, and the first copy of each of the last
    WEEKLY_KEPT ISO weeks that have one (a week's copy never changes once taken)."""
    newest_first = sorted(days, reverse=True)
    first_of_week: dict[tuple[int, int], date] = {}
    for day in newest_first:  # older days come later and win: the first of each week stays
        first_of_week[(day.isocalendar().year, day.isocalendar().week)] = day
    weeks = sorted(first_of_week, reverse=True)[:WEEKLY_KEPT]
    return set(newest_first[:DAILY_KEPT]) | {first_of_week[week] for week in weeks}


def prune(database: Path, folder: Path, today: date) -> list[Path]:
    """Delete the copies `days_to_keep` does not keep, and stale partial copies; the deleted."""
    copies = dated_backups(database, folder)
    # Copies dated after today (a clock that was wrong once) are neither counted nor deleted.
    kept = days_to_keep(day for day in copies if day <= today)
    deleted = [path for day, path in copies.items() if day <= today and day not in kept]
    deleted += [
        path
        for path in folder.glob(f".{database.stem}-*{PARTIAL}")
        if time.time() - path.stat().st_mtime > STALE_PARTIAL_S
    ]
    for path in deleted:
        path.unlink(missing_ok=True)
    return deleted


def back_up_today(
    database: Path, folder: Path, today: date, opened: Opened | None = None
) -> Path | None:
    """Today's rolling copy of `database`, unless `folder` has one already (then None);
    `opened` as for copy_verified."""
    target = folder / backup_name(database, today)
    if target.exists():
        return None
    copy_verified(database, target, opened)
    prune(database, folder, today)
    return target


def back_up_now(database: Path, folder: Path, today: date, output: Path | None = None) -> Path:
    """A copy now: to `output`, else as today's rolling copy (replacing an earlier one)."""
    if not database.is_file():
        raise DatabaseUnreadable(f"There is no database at {database}; nothing was backed up.")
    if output is not None and output.resolve() in _database_files(database):
        raise DatabaseUnreadable(f"{output} is the database itself; nothing was backed up.")
    target = output or folder / backup_name(database, today)
    copy_verified(database, target)
    if output is None:
        prune(database, folder, today)
    return target


def _database_files(database: Path) -> set[Path]:
    main = database.resolve()
    return {main, *(main.with_name(main.name + suffix) for suffix in ("-wal", "-shm"))}


# -- restoring ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    """A restore done: the schema revision put back, and where the replaced database went."""

    revision: str
    kept_aside: Path | None


def check_restorable(candidate: Path, database: Path) -> str:
    """The schema revision of `candidate` if it may replace `database`; else the error why."""
    from db.schema import preflight_sqlite

    if not candidate.is_file():
        raise DatabaseUnreadable(f"There is no file at {candidate}.")
    if candidate.resolve() in _database_files(database):
        raise DatabaseUnreadable(f"{candidate} is the database itself.")
    with candidate.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER and not is_encrypted(candidate):
            raise DatabaseUnreadable(f"{candidate} is not an SQLite database file.")
    try:
        # Refuses damaged, foreign and newer files, and encrypted ones without their passphrase.
        revision = preflight_sqlite(candidate, key_for(candidate))
    except SchemaTooNew as error:
        raise SchemaTooNew(f"{candidate}: {error}") from None
    if revision is None:
        raise DatabaseUnreadable(
            f"{candidate} is not a bilateral database (it has no schema revision)."
        )
    return revision


def _release(database: Path) -> None:
    """Fold the WAL into the file and remove -wal/-shm; refused while anyone has it open.

    An encrypted database whose passphrase is not at hand is set aside as it is."""
    try:
        passphrase = key_for(database, ask=False)
    except BilateralError:
        return
    try:
        with closing(connect(database, passphrase, timeout=1)) as connection:
            # Leaving WAL needs the only connection: an open bilateral makes this fail.
            connection.execute("PRAGMA journal_mode = DELETE").fetchall()
    except database_errors() as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseBusy(
                f"{database} is open in bilateral (or another program): quit it, then restore."
            ) from error
        # Else it is damaged (or unreadable): it is set aside as it is, with its -wal and -shm.


def _set_aside(database: Path, aside: Path) -> None:
    try:
        os.link(database, aside)
    except OSError:  # a file system without hard links
        os.close(os.open(aside, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        shutil.copyfile(database, aside)
        flush_to_disk(aside)
    for suffix in ("-wal", "-shm"):
        leftover = database.with_name(database.name + suffix)
        if leftover.exists():
            os.replace(leftover, aside.with_name(aside.name + suffix))


def restore(candidate: Path, database: Path, now: datetime) -> Restored:
    """Replace `database` with a checked copy of `candidate` (encrypted with its passphrase if
    it is encrypted), keeping the replaced one aside as `<name>.before-restore-<timestamp>`.
    A refusal leaves `database` as it was."""
    revision = check_restorable(candidate, database)
    passphrase = key_for(candidate)
    partial = _verified_partial(candidate, database.parent, database.name, True, passphrase)
    aside = None
    try:
        if database.exists():
            _release(database)
            aside = aside_path(database, "before-restore", now)
            _set_aside(database, aside)
        _put_in_place(partial, database)
    finally:
        partial.unlink(missing_ok=True)
    if passphrase is None:
        forget_passphrase(database)
    else:
        remember_passphrase(database, passphrase)
    if aside is not None:
        aside.chmod(0o600)
    return Restored(revision, aside)


def server_tools_hint(url: str, restoring: bool = False) -> str:
    """What to do instead for a database on a PostgreSQL server: pg_dump / pg_restore."""
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    options = "".join(
        f" {flag} {shlex.quote(str(value))}"
        for flag, value in (("-h", parts.host), ("-p", parts.port), ("-U", parts.username))
        if value
    )
    name = shlex.quote(parts.database or "bilateral")
    if restoring:
        return (
            "The database is on a PostgreSQL server; bilateral restores only SQLite files. "
            f"Use the server's own tools, e.g.: pg_restore --clean{options} -d {name} "
            "bilateral.dump"
        )
    return (
        "The database is on a PostgreSQL server; bilateral backs up only SQLite files, so "
        f"nothing was written. Use the server's own tools, e.g.: pg_dump -Fc{options} "
        f"-f bilateral.dump {name}"
    )
