"""Encryption at rest: an encrypted database, its backups and its copies say nothing without the
passphrase; encrypting, decrypting and re-keying lose nothing, even when killed midway."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

from db import encryption
from db.backups import back_up_today, restore
from db.database_copy import database_checksum
from db.demo import load_demo
from db.encryption import PASSPHRASE_ENV, PassphraseNeeded, WrongPassphrase, is_encrypted
from db.engine import Database
from db.errors import DatabaseBusy
from db.file_encryption import (
    RewriteRefused,
    decrypt_database,
    encrypt_database,
    rekey_database,
)
from db.migrate import backup_sqlite
from db.models import Organisation
from db.opening import open_database
from db.partner_changes import create_organisation
from db.partner_input import OrganisationInput
from db.partners import list_partners
from tests.helpers.clock import TODAY
from tests.helpers.processes import ROOT, start_python
from tests.pilot import settle
from tui.app import BilateralApp

PASSPHRASE = "Hồ Gươm, 7 o'clock"
DEMO_WORDS = ("Lương Tam Quang", "Webinger", "Austrian")


@pytest.fixture(autouse=True)
def nothing_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts without a passphrase in memory or in the environment."""
    monkeypatch.setattr(encryption, "_known", {})
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)


@pytest.fixture(scope="module")
def plain_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plain database holding the demo data, made once; tests work on copies."""
    path = tmp_path_factory.mktemp("plain") / "demo.db"
    database = open_database(path)
    load_demo(database, today=TODAY)
    database.close()
    return path


def _copy_of(plain: Path, folder: Path) -> Path:
    path = folder / "bilateral.db"
    shutil.copyfile(plain, path)
    return path


@pytest.fixture(scope="module")
def encrypted_demo(plain_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = _copy_of(plain_demo, tmp_path_factory.mktemp("encrypted"))
    encrypt_database(path, PASSPHRASE)
    encryption.forget_passphrase(path)
    return path


@pytest.fixture
def encrypted(encrypted_demo: Path, tmp_path: Path) -> Path:
    return _copy_of(encrypted_demo, tmp_path)


def _checksum(path: Path, passphrase: str | None = None) -> str:
    database = open_database(path, passphrase=passphrase)
    try:
        return database_checksum(database)
    finally:
        database.close()


def _partners(database: Database) -> list[str]:
    return sorted(row.name for row in list_partners(database, limit=100).rows)


def _says_nothing(path: Path) -> None:
    """The file holds none of the demo's names, and the standard sqlite3 cannot read it."""
    data = path.read_bytes()
    assert [word for word in DEMO_WORDS if word.encode() in data] == []
    assert is_encrypted(path)
    connection = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    connection.close()


def test_an_encrypted_database_shows_nothing_and_opens_with_its_passphrase(encrypted):
    _says_nothing(encrypted)
    database = open_database(encrypted, passphrase=PASSPHRASE)
    try:
        assert "Austrian Institute of Technology" in _partners(database)
        create_organisation(database, OrganisationInput(name="Webinger Consulting"))
    finally:
        database.close()
    # Written through the engine (WAL, then folded in at close): still nothing readable.
    _says_nothing(encrypted)


def test_a_wrong_or_missing_passphrase_is_said_in_words_and_changes_nothing(encrypted):
    before = encrypted.read_bytes()
    with pytest.raises(WrongPassphrase, match="the passphrase given does not open it"):
        open_database(encrypted, passphrase="Hồ Gươm, 8 o'clock")
    with pytest.raises(PassphraseNeeded, match=f"encrypted .*{PASSPHRASE_ENV}"):
        open_database(encrypted)
    assert encrypted.read_bytes() == before
    leftovers = [p for p in encrypted.parent.iterdir() if p != encrypted and p.stat().st_size]
    assert leftovers == []


def test_scripts_give_the_passphrase_in_the_environment(encrypted, monkeypatch):
    monkeypatch.setenv(PASSPHRASE_ENV, "not it")
    with pytest.raises(WrongPassphrase, match=PASSPHRASE_ENV):
        open_database(encrypted)
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    database = open_database(encrypted)
    try:
        assert "Austrian Institute of Technology" in _partners(database)
    finally:
        database.close()


def test_encrypt_rekey_decrypt_keep_every_record(plain_demo, tmp_path):
    path = _copy_of(plain_demo, tmp_path)
    original = _checksum(path)

    encrypted = encrypt_database(path, PASSPHRASE)
    assert encrypted.checksum == original and encrypted.plain_overwritten
    assert encrypted.rows["organisation"] > 0 and encrypted.rows["search_fts"] > 0
    with pytest.raises(RewriteRefused, match="encrypted already"):
        encrypt_database(path, "again")

    rekey_database(path, PASSPHRASE, "new words")
    encryption.forget_passphrase(path)
    with pytest.raises(WrongPassphrase):
        open_database(path, passphrase=PASSPHRASE)
    assert _checksum(path, "new words") == original

    decrypted = decrypt_database(path, "new words")
    assert decrypted.checksum == original and not is_encrypted(path)
    assert _checksum(path) == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bilateral.db"]


def test_backups_of_an_encrypted_database_are_encrypted_and_restore_with_it(encrypted, monkeypatch):
    database = open_database(encrypted, passphrase=PASSPHRASE)
    kept = _partners(database)
    rolling = back_up_today(encrypted, encrypted.parent / "backups", date(2026, 12, 1))
    before_upgrade = backup_sqlite(encrypted)
    create_organisation(database, OrganisationInput(name="Added after the backup"))
    database.close()
    assert rolling is not None
    for copy in (rolling, before_upgrade):
        _says_nothing(copy)

    encryption.forget_passphrase(encrypted)
    encryption.forget_passphrase(rolling)
    with pytest.raises(PassphraseNeeded):
        restore(rolling, encrypted, datetime(2026, 12, 2, 9, 0))

    with monkeypatch.context() as scripted:
        scripted.setenv(PASSPHRASE_ENV, PASSPHRASE)
        done = restore(rolling, encrypted, datetime(2026, 12, 2, 9, 0))
    assert done.kept_aside is not None
    _says_nothing(encrypted)
    _says_nothing(done.kept_aside)
    encryption.forget_passphrase(encrypted)
    database = open_database(encrypted, passphrase=PASSPHRASE)
    try:
        assert _partners(database) == kept
    finally:
        database.close()


async def test_the_app_opens_an_encrypted_database_and_backs_it_up_encrypted(encrypted, app_paths):
    # As `bilateral` does before the app starts: the passphrase asked for, then remembered.
    encryption.passphrase_for(encrypted, PASSPHRASE)
    app = BilateralApp(app_paths)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):  # opening the database starts the backup: wait for both
            await settle(pilot)
            await app.workers.wait_for_complete()
        assert "Austrian Institute of Technology" in _partners(app.context.database())
    [rolling] = (encrypted.parent / "backups").iterdir()
    _says_nothing(rolling)


def test_errors_never_carry_what_the_user_typed(encrypted):
    # They reach the log: statement parameters (note text, names) stay out of them.
    database = open_database(encrypted, passphrase=PASSPHRASE)
    secret = "Minister's private remark about the visa quota"
    try:
        with pytest.raises(Exception) as caught:
            database.write(
                lambda session: session.execute(
                    insert(Organisation), [{"id": 1, "name": secret, "version": 1}]
                )
            )
    finally:
        database.close()
    assert "UNIQUE" in str(caught.value) and secret not in str(caught.value)


HOLDER = """
import sys
from db.opening import open_database
database = open_database(sys.argv[1])
with database.reading() as session:
    session.connection()
print("ready", flush=True)
sys.stdin.readline()
"""


def test_encrypting_waits_for_every_other_program_to_close_the_database(plain_demo, tmp_path):
    path = _copy_of(plain_demo, tmp_path)
    holder = start_python(HOLDER, path, stdin=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "ready", holder.communicate()[0]
        with pytest.raises(DatabaseBusy, match="is open in bilateral"):
            encrypt_database(path, PASSPHRASE)
    finally:
        holder.communicate("quit\n")
    assert not is_encrypted(path) and _partial(tmp_path) is None


# -- kill -9 while encrypting ---------------------------------------------------------------

ENCRYPT = [sys.executable, "-m", "tui", "--db"]


@pytest.fixture(scope="module")
def big_plain(plain_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo and 4,000 organisations more (a few MB, so that encrypting takes a moment),
    and its checksum."""
    path = _copy_of(plain_demo, tmp_path_factory.mktemp("big"))
    database = open_database(path)
    rows = [{"name": f"Partner {n} " + "x" * 120, "description": "y" * 40} for n in range(4_000)]
    database.write(lambda session: session.execute(insert(Organisation), rows))
    checksum = database_checksum(database)
    database.close()
    assert 1_000_000 < path.stat().st_size < 5_000_000
    return path, checksum


def _partial(folder: Path) -> Path | None:
    return next(folder.glob(".bilateral.db.*.partial"), None)


def _killed_when(path: Path, moment: str) -> None:
    """Run `bilateral encrypt` on `path` and kill it (SIGKILL) at `moment`."""
    environment = {**os.environ, PASSPHRASE_ENV: PASSPHRASE}
    process = subprocess.Popen(
        [*ENCRYPT, str(path), "encrypt"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        seen = False
        while process.poll() is None:
            partial = _partial(path.parent)
            seen = seen or partial is not None
            if moment == "copy appears" and partial is not None:
                break
            if moment == "copy written" and partial is not None and partial.stat().st_size:
                break
            if moment == "copy renamed" and seen and partial is None:
                break
            time.sleep(0.001)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()


@pytest.mark.parametrize("moment", ["copy appears", "copy written", "copy renamed"])
def test_a_kill_while_encrypting_leaves_the_database_whole(big_plain, tmp_path, moment):
    plain, original = big_plain
    path = _copy_of(plain, tmp_path)

    _killed_when(path, moment)

    if moment == "copy appears":
        assert not is_encrypted(path), "killed before the encrypted file was complete"
    passphrase = PASSPHRASE if is_encrypted(path) else None
    connection = encryption.connect(path, passphrase)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    assert _checksum(path, passphrase) == original


def test_a_file_encrypted_again_with_the_same_passphrase_opens_in_the_same_run(
    plain_demo, tmp_path
):
    # Connections reuse the key derived once per file: encrypting again gives the file a new
    # salt, and with it a new key, which the same run must not mistake for the old one.
    path = _copy_of(plain_demo, tmp_path)
    encrypt_database(path, PASSPHRASE)
    first = open_database(path, passphrase=PASSPHRASE)
    assert list_partners(first, "austria").rows
    first.close()
    decrypt_database(path, PASSPHRASE)
    encrypt_database(path, PASSPHRASE)
    again = open_database(path, passphrase=PASSPHRASE)
    try:
        assert list_partners(again, "austria").rows
    finally:
        again.close()
    with pytest.raises(WrongPassphrase):
        open_database(path, passphrase="not it")
