"""`bilateral encrypt`, `decrypt`, `rekey`, and the passphrase asked for on the terminal."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from db import encryption
from db.backups import back_up_today
from db.demo import load_demo
from db.encryption import PASSPHRASE_ENV, is_encrypted
from db.file_encryption import encrypt_database
from db.opening import open_database
from tests.helpers.clock import TODAY
from tui.cli import main

PASSPHRASE = "Hồ Gươm, 7 o'clock"


@pytest.fixture(autouse=True)
def nothing_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each command starts without a passphrase in memory or in the environment."""
    monkeypatch.setattr(encryption, "_known", {})
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)


@pytest.fixture(scope="module")
def plain_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plain") / "demo.db"
    database = open_database(path)
    load_demo(database, today=TODAY)
    database.close()
    return path


@pytest.fixture
def plain(plain_demo: Path, tmp_path: Path) -> Path:
    path = tmp_path / "bilateral.db"
    shutil.copyfile(plain_demo, path)
    return path


@pytest.fixture(scope="module")
def encrypted_demo(plain_demo: Path) -> Path:
    path = plain_demo.with_name("encrypted.db")
    shutil.copyfile(plain_demo, path)
    encrypt_database(path, PASSPHRASE)
    encryption.forget_passphrase(path)
    return path


@pytest.fixture
def encrypted(encrypted_demo: Path, tmp_path: Path) -> Path:
    path = tmp_path / "bilateral.db"
    shutil.copyfile(encrypted_demo, path)
    return path


def _bilateral(path: Path, *args: str, typed: list[str] | None = None):  # noqa: ANN202
    encryption.forget_passphrase(path)
    lines = "".join(f"{line}\n" for line in typed or [])
    return CliRunner().invoke(main, ["--db", str(path), *args], input=lines)


def test_encrypt_asks_twice_then_checks_the_copy_before_it_replaces_the_file(plain):
    rolling = back_up_today(plain, plain.parent / "backups", date(2026, 12, 1))

    result = _bilateral(plain, "encrypt", typed=[PASSPHRASE, PASSPHRASE])

    assert result.exit_code == 0, result.output
    assert "New passphrase" in result.output and "Type it again" in result.output
    assert PASSPHRASE not in result.output
    assert "rows in" in result.output and "match" in result.output
    assert "bytes were overwritten" in result.output
    # The plain backup taken before is named, so that the user can delete it.
    assert f"not encrypted; delete them if they must not be read:\n  {rolling}" in result.output
    assert is_encrypted(plain) and b"Webinger" not in plain.read_bytes()


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["", ""], "An empty passphrase protects nothing"),
        ([PASSPHRASE, PASSPHRASE + "!"], "typed differently the second time"),
    ],
)
def test_encrypt_refuses_an_empty_or_mismatched_passphrase(plain, typed, said):
    result = _bilateral(plain, "encrypt", typed=typed)
    assert result.exit_code == 1
    assert said in result.output and "nothing was changed" in result.output
    assert not is_encrypted(plain)
    assert sorted(p.name for p in plain.parent.iterdir()) == ["bilateral.db"]


def test_a_command_on_an_encrypted_database_asks_and_says_a_wrong_passphrase(encrypted):
    result = _bilateral(encrypted, "backup", typed=["wrong", PASSPHRASE])
    assert result.exit_code == 0, result.output
    assert f"Passphrase for {encrypted}" in result.output
    assert f"That passphrase does not open {encrypted}. Passphrase (try 2 of 3)" in result.output
    [copy] = (encrypted.parent / "backups").iterdir()
    assert is_encrypted(copy) and b"Webinger" not in copy.read_bytes()


def test_three_wrong_passphrases_leave_the_database_untouched(encrypted):
    before = encrypted.read_bytes()
    result = _bilateral(encrypted, "demo", "--force", typed=["one", "two", "three", PASSPHRASE])
    assert result.exit_code == 1
    assert "none of the 3 passphrases typed opens it" in result.output
    assert "left untouched" in result.output and "Traceback" not in result.output
    assert encrypted.read_bytes() == before


def test_the_app_asks_for_the_passphrase_before_it_starts(encrypted):
    result = _bilateral(encrypted, typed=["one", "two", "three"])
    assert result.exit_code == 2
    assert "none of the 3 passphrases typed opens it" in result.output


def test_scripts_give_the_passphrase_in_the_environment(encrypted, monkeypatch):
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    result = _bilateral(encrypted, "backup")
    assert result.exit_code == 0, result.output
    assert "Passphrase" not in result.output


def test_rekey_asks_the_old_passphrase_once_and_the_new_one_twice(encrypted):
    result = _bilateral(encrypted, "rekey", typed=[PASSPHRASE, "new words", "new words"])
    assert result.exit_code == 0, result.output
    assert "Changed the passphrase" in result.output

    old = _bilateral(encrypted, "backup", typed=[PASSPHRASE])
    assert old.exit_code == 1 and "does not open" in old.output
    new = _bilateral(encrypted, "backup", typed=["new words"])
    assert new.exit_code == 0, new.output


def test_decrypt_asks_for_confirmation_unless_told_yes(encrypted, monkeypatch):
    assert "is encrypted already" in _bilateral(encrypted, "encrypt").output
    declined = _bilateral(encrypted, "decrypt", typed=[PASSPHRASE, "n"])
    assert declined.exit_code == 1 and "readable by anyone who gets the disk" in declined.output
    assert is_encrypted(encrypted)

    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    done = _bilateral(encrypted, "decrypt", "--yes")
    assert done.exit_code == 0, done.output
    assert not is_encrypted(encrypted) and b"Webinger" in encrypted.read_bytes()
    for command in ("decrypt", "rekey"):
        refused = _bilateral(encrypted, command)
        assert refused.exit_code == 1 and "is not encrypted" in refused.output


@pytest.mark.parametrize(
    "command", [("checklist", "--generate"), ("brief",), ("report",), ("calendar",)]
)
def test_exports_from_an_encrypted_database_must_say_where_the_plain_file_goes(
    encrypted, private_home, command
):
    kind, *options = command
    result = _bilateral(
        encrypted, "export", kind, "MPS delegation to Austria", *options, typed=[PASSPHRASE]
    )
    assert result.exit_code == 1
    assert "encrypted" in result.output and "-o FILE" in result.output
    assert not (private_home / "data" / "bilateral" / "exports").exists()


def test_an_export_from_an_encrypted_database_goes_where_it_is_told(encrypted, tmp_path):
    target = tmp_path / "report.md"
    result = _bilateral(
        encrypted,
        "export",
        "report",
        "MPS delegation to Austria",
        "-o",
        str(target),
        typed=[PASSPHRASE],
    )
    assert result.exit_code == 0, result.output
    assert "Working session with the Austrian Ministry of the Interior" in target.read_text()
