"""Backups: the rolling daily/weekly set taken at start, `bilateral backup` and `restore`."""

import hashlib
import os
import sqlite3
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from db import backups
from db.backups import back_up_today, days_to_keep, prune
from db.errors import DatabaseUnreadable
from db.migrate import backup_sqlite
from db.partner_changes import create_organisation
from db.partner_input import OrganisationInput
from db.partners import list_partners
from tests.helpers.files import integrity, mode, opened
from tests.helpers.processes import run_python
from tests.pilot import notices, settle
from tui.app import BilateralApp
from tui.cli import main


def _checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _partners(path: Path) -> list[str]:
    with opened(path) as database:
        return sorted(row.name for row in list_partners(database, limit=100).rows)


def _backup_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# -- the rolling set ----------------------------------------------------------------------


def test_forty_days_of_starts_keep_the_last_seven_days_and_the_first_copy_of_four_weeks(
    database, db_path
):
    folder = db_path.parent / "backups"
    first = date(2026, 11, 2)  # a Monday
    for offset in range(40):
        day = first + timedelta(days=offset)
        create_organisation(database, OrganisationInput(name=f"Partner of {day}"))
        taken = back_up_today(db_path, folder, day)
        assert taken == folder / f"bilateral-{day}.db"
        stamp = taken.stat().st_mtime_ns
        # Later starts the same day take nothing: at most one copy a day.
        assert back_up_today(db_path, folder, day) is None
        assert back_up_today(db_path, folder, day) is None
        assert taken.stat().st_mtime_ns == stamp
        assert len(_backup_names(folder)) <= 7 + 4

    # The last day is Friday 11 Dec (ISO week 50): its week's first copy is a daily one too.
    dailies = [f"2026-12-{day:02d}" for day in range(5, 12)]
    weeklies = ["2026-11-16", "2026-11-23", "2026-11-30"]  # Mondays of weeks 47, 48, 49
    assert _backup_names(folder) == sorted(f"bilateral-{d}.db" for d in weeklies + dailies)
    for path in folder.iterdir():
        assert integrity(path) == "ok"
        assert mode(path) == 0o600
    assert mode(folder) == 0o700
    # Each copy holds its day's records: the Monday of week 47 had seen 15 days.
    kept = sqlite3.connect(folder / "bilateral-2026-11-16.db")
    assert kept.execute("SELECT count(*) FROM organisation").fetchone() == (15,)
    kept.close()


def test_the_daily_copies_are_the_last_seven_days_that_have_one_not_the_calendars():
    # Copies on 1–10 Nov, then bilateral was not started until 1 Dec.
    days = [date(2026, 11, d) for d in range(1, 11)] + [date(2026, 12, 1)]
    kept = days_to_keep(days)
    last_seven = {date(2026, 11, d) for d in range(5, 11)} | {date(2026, 12, 1)}
    # ISO weeks 44 (Sun 1 Nov), 45 (Mon 2 Nov) and 46 (Mon 9 Nov); week 49 is 1 Dec.
    first_of_weeks = {date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 9)}
    assert kept == last_seven | first_of_weeks


def test_a_copy_that_fails_its_check_is_not_kept_and_stale_partials_are_cleared(
    database, db_path, monkeypatch
):
    folder = db_path.parent / "backups"
    monkeypatch.setattr(backups, "integrity_problems", lambda _connection: ["page 3: boom"])
    with pytest.raises(DatabaseUnreadable, match="integrity check"):
        back_up_today(db_path, folder, date(2026, 12, 1))
    assert _backup_names(folder) == []
    monkeypatch.undo()

    stale = folder / ".bilateral-2026-11-30.db.x1.partial"  # what a crash mid-copy leaves
    young = folder / ".bilateral-2026-12-01.db.x2.partial"  # another start, copying now
    for partial in (stale, young):
        partial.write_bytes(b"half a copy")
    old = time.time() - 2 * 24 * 3600
    os.utime(stale, (old, old))
    back_up_today(db_path, folder, date(2026, 12, 1))
    assert _backup_names(folder) == [young.name, "bilateral-2026-12-01.db"]
    assert prune(db_path, folder, date(2026, 12, 1)) == []


def test_the_copy_taken_before_an_upgrade_is_checked_and_private(database, db_path):
    copy = backup_sqlite(db_path)
    assert copy.name.startswith("bilateral.db.bak-")
    assert integrity(copy) == "ok" and mode(copy) == 0o600


# -- the app takes it at start ------------------------------------------------------------


class Clock:
    """The app's clock, moved by the test between starts."""

    def __init__(self, now: datetime) -> None:
        self.current = now

    def __call__(self) -> datetime:
        return self.current


async def _start(app_paths, clock: Clock) -> BilateralApp:  # noqa: ANN001 - tui.paths.Paths
    app = BilateralApp(app_paths, now=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(50):
            if not any(w.group == "backup" and w.is_running for w in app.workers):
                break
            await pilot.pause(0.05)
        app.shown_notices = notices(pilot)
    return app


async def test_the_app_takes_one_copy_a_day_at_start_by_its_own_clock(
    app_paths, demo_database, db_path
):
    folder = db_path.parent / "backups"
    clock = Clock(datetime(2026, 12, 1, 8, 30))
    await _start(app_paths, clock)
    assert _backup_names(folder) == ["bilateral-2026-12-01.db"]
    first = folder / "bilateral-2026-12-01.db"
    stamp = (first.stat().st_ino, first.stat().st_mtime_ns)

    clock.current = datetime(2026, 12, 1, 17, 0)  # started again the same afternoon
    await _start(app_paths, clock)
    assert _backup_names(folder) == ["bilateral-2026-12-01.db"]
    assert (first.stat().st_ino, first.stat().st_mtime_ns) == stamp

    clock.current = datetime(2026, 12, 2, 9, 0)
    await _start(app_paths, clock)
    assert _backup_names(folder) == ["bilateral-2026-12-01.db", "bilateral-2026-12-02.db"]
    assert _partners(folder / "bilateral-2026-12-02.db") == _partners(db_path)


async def test_a_backup_that_fails_at_start_is_said_and_the_app_goes_on(
    app_paths, demo_database, db_path, monkeypatch
):
    monkeypatch.setattr(backups, "integrity_problems", lambda _connection: ["page 3: boom"])
    app = await _start(app_paths, Clock(datetime(2026, 12, 1, 8, 30)))
    assert "Today's backup could not be taken" in app.shown_notices
    assert app.return_code in (None, 0)
    assert _backup_names(db_path.parent / "backups") == []


# -- bilateral backup ---------------------------------------------------------------------


def test_backup_to_a_file_writes_a_checked_private_copy(demo_database, db_path, tmp_path):
    target = tmp_path / "usb" / "copy.db"
    result = CliRunner().invoke(main, ["--db", str(db_path), "backup", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert str(target) in result.output and "MB" in result.output
    assert integrity(target) == "ok" and mode(target) == 0o600
    assert _partners(target) == _partners(db_path)


def test_backup_without_a_file_writes_todays_copy_beside_the_database(database, db_path):
    result = CliRunner().invoke(main, ["--db", str(db_path), "backup"])
    assert result.exit_code == 0, result.output
    expected = db_path.parent / "backups" / f"bilateral-{date.today()}.db"
    assert str(expected) in result.output
    assert integrity(expected) == "ok"


def test_backup_refuses_to_write_over_the_database_itself(database, db_path):
    before = _checksum(db_path)
    result = CliRunner().invoke(main, ["--db", str(db_path), "backup", "-o", str(db_path)])
    assert result.exit_code == 1 and "the database itself" in result.output
    assert _checksum(db_path) == before


@pytest.mark.parametrize(
    ("command", "tool"), [(["backup"], "pg_dump"), (["restore", "x.db"], "pg_restore")]
)
def test_on_postgresql_backup_and_restore_point_to_the_servers_tools(command, tool):
    # Decided from the URL: nothing connects to the (unreachable) server.
    url = "postgresql://hoa:secret@db.invalid:5433/bilateral"
    result = CliRunner().invoke(main, ["--db", url, *command])
    assert result.exit_code == 1
    assert f"{tool} " in result.output and "-h db.invalid -p 5433 -U hoa" in result.output
    assert "secret" not in result.output and "Traceback" not in result.output


def test_paths_shows_the_backups_folder(private_home, tmp_path):
    default = CliRunner().invoke(main, ["paths"])
    lines = dict(line.split(None, 1) for line in default.output.splitlines())
    assert lines["backups"] == str(private_home / "data" / "bilateral" / "backups")
    given = CliRunner().invoke(main, ["--db", str(tmp_path / "team.db"), "paths"])
    assert f"backups   {tmp_path / 'backups'}" in given.output


# -- bilateral restore --------------------------------------------------------------------


def _truncated(path: Path, source: Path) -> None:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _not_bilateral(path: Path, _source: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipe (name TEXT)")
    connection.commit()
    connection.close()


def _newer(path: Path, source: Path) -> None:
    path.write_bytes(source.read_bytes())
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()


def _text(path: Path, _source: Path) -> None:
    path.write_text("not a database at all\n" * 200)


BAD_FILES = {
    "truncated": (_truncated, "damaged"),
    "another program's database": (_not_bilateral, "not a bilateral database"),
    "newer schema": (_newer, "newer version of bilateral (schema 9999)"),
    "not SQLite": (_text, "not an SQLite database file"),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_restore_refuses_a_bad_file_and_leaves_the_database_as_it_was(
    demo_database, db_path, tmp_path, kind
):
    make, message = BAD_FILES[kind]
    good = tmp_path / "good.db"
    backups.copy_verified(db_path, good)
    candidate = tmp_path / "candidate.db"
    make(candidate, good)
    demo_database.close()
    before = _checksum(db_path)
    siblings = _backup_names(db_path.parent)

    result = CliRunner().invoke(main, ["--db", str(db_path), "restore", str(candidate)])

    assert result.exit_code == 1
    assert "Not restored" in result.output and message in result.output
    assert f"{db_path} was not changed" in result.output.replace("\n", " ")
    assert "Traceback" not in result.output
    assert _checksum(db_path) == before
    assert _backup_names(db_path.parent) == siblings  # no copy kept aside, no partial left


def test_restore_is_refused_while_the_database_is_open(demo_database, db_path, tmp_path):
    good = tmp_path / "good.db"
    backups.copy_verified(db_path, good)
    before = _checksum(db_path)
    result = CliRunner().invoke(main, ["--db", str(db_path), "restore", str(good)])
    assert result.exit_code == 1 and "is open in bilateral" in result.output
    assert _checksum(db_path) == before
    assert not list(tmp_path.glob("*before-restore*"))


ADD_AND_CRASH = """
import os, sys
from db.opening import open_database
from db.partner_changes import create_organisation
from db.partner_input import OrganisationInput
create_organisation(open_database(sys.argv[1]), OrganisationInput(name="Added after the backup"))
os._exit(0)  # like a crash: the change stays in the -wal file, not in the database file
"""


def test_restore_puts_the_backup_in_place_and_keeps_the_replaced_database(
    demo_database, db_path, tmp_path
):
    backed_up = tmp_path / "monday.db"
    CliRunner().invoke(main, ["--db", str(db_path), "backup", "-o", str(backed_up)])
    demo_database.close()
    crashed = run_python(ADD_AND_CRASH, db_path)
    assert crashed.returncode == 0, crashed.stderr
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.stat().st_size > 0
    before_restore = _partners(db_path)
    assert "Added after the backup" in before_restore

    result = CliRunner().invoke(main, ["--db", str(db_path), "restore", str(backed_up)])

    assert result.exit_code == 0, result.output
    [aside] = tmp_path.glob("bilateral.db.before-restore-*")
    assert str(aside) in result.output.replace("\n", "")
    assert mode(aside) == 0o600 and mode(db_path) == 0o600
    assert not wal.exists()  # the old -wal went into the replaced database, not the new one
    assert _partners(aside) == before_restore
    assert _partners(db_path) == _partners(backed_up)
    assert "Added after the backup" not in _partners(db_path)


def test_restore_over_a_damaged_database_keeps_the_damaged_file_aside(
    demo_database, db_path, tmp_path
):
    good = tmp_path / "good.db"
    backups.copy_verified(db_path, good)
    demo_database.close()
    db_path.write_bytes(b"scribbled over by something " * 500)

    result = CliRunner().invoke(main, ["--db", str(db_path), "restore", str(good)])

    assert result.exit_code == 0, result.output
    [aside] = tmp_path.glob("bilateral.db.before-restore-*")
    assert aside.read_bytes() == b"scribbled over by something " * 500
    assert _partners(db_path) == _partners(good)
