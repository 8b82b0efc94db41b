"""Encryption at rest: recognising an encrypted database file, and the passphrase that opens it.

An encrypted database is an SQLCipher file (AES-256; its key derived from the passphrase with
PBKDF2-HMAC-SHA512): without the passphrase its bytes are indistinguishable from random ones.
Only SQLCipher's module (`sqlcipher3`) opens it, and it is imported only when such a file is
met; plain files stay with the standard library's `sqlite3`.

A passphrase that opened a file is remembered for the rest of the run (in this process's
memory only), so that the backups taken later find it.
"""

import hashlib
import os
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from types import ModuleType
from typing import Any

from db.errors import BilateralError, DatabaseUnreadable

PASSPHRASE_ENV = "BILATERAL_PASSPHRASE"
SQLITE_HEADER = b"SQLite format 3\x00"
# The smallest page size: every database file, encrypted or not, is made of whole pages.
PAGE_UNIT = 512
TRIES = 3

# Asks the user: given the question, returns what they typed, or None when nobody can answer.
Asker = Callable[[str], str | None]

_known: dict[Path, str] = {}
_asker: list[Asker] = []


class PassphraseNeeded(DatabaseUnreadable):
    """The file is encrypted (or damaged) and no passphrase was given."""


class WrongPassphrase(DatabaseUnreadable):
    """The passphrase does not open the file (or the file is damaged); it was not changed."""


class PassphraseRefused(BilateralError):
    """A new passphrase was refused: empty, or typed differently the second time."""


def cipher() -> ModuleType:
    """SQLCipher's DB-API module."""
    from sqlcipher3 import dbapi2  # type: ignore[import-untyped]

    module: ModuleType = dbapi2
    return module


def database_errors() -> tuple[type[Exception], ...]:
    """The database errors of the drivers in use (sqlcipher3's are not sqlite3's)."""
    loaded = sys.modules.get("sqlcipher3.dbapi2")
    if loaded is None:
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, loaded.DatabaseError)


def is_encrypted(path: Path) -> bool:
    """True for a file that holds an encrypted database (or is damaged beyond recognition):
    made of whole pages, but without the header every plain SQLite file starts with."""
    try:
        if not path.is_file():
            return False
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return size > 0 and size % PAGE_UNIT == 0 and header != SQLITE_HEADER


# SQLCipher 4's key derivation, as `file_key` repeats it.
KDF_ITERATIONS = 256_000
SALT_BYTES = 16
_file_keys: dict[tuple[bytes, str], str] = {}


def _quoted(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def apply_key(connection: Any, passphrase: str, file: Path | None = None) -> None:
    """Give a new SQLCipher connection its key; it must come before anything reads the file.
    For an encrypted `file` that exists, the key derived once in this run (`file_key`)."""
    # A wrong key is told to the user in words; SQLCipher would also print it on stderr.
    connection.execute("PRAGMA cipher_log_level = NONE")
    if file is not None and is_encrypted(file):
        connection.execute(f'PRAGMA key = "{file_key(file, passphrase)}"')
    else:
        connection.execute(f"PRAGMA key = {_quoted(passphrase)}")


def file_key(file: Path, passphrase: str) -> str:
    """The raw key of an existing encrypted file, derived from the passphrase as SQLCipher 4
    derives it (PBKDF2-HMAC-SHA512 over the file's salt, its first 16 bytes): once per run,
    so that every later connection skips the 0.1 s derivation. A wrong passphrase gives a
    wrong key, refused as a wrong passphrase is."""
    with file.open("rb") as opened:
        salt = opened.read(SALT_BYTES)
    # By salt, not by name: a file encrypted again at the same place has a new salt.
    key = _file_keys.get((salt, passphrase))
    if key is None:
        derived = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, KDF_ITERATIONS, 32)
        key = _file_keys[(salt, passphrase)] = f"x'{derived.hex()}'"
    return key


def connect(
    path: Path,
    passphrase: str | None,
    *,
    read_only: bool = False,
    through_sqlcipher: bool = False,
    timeout: float = 5.0,
) -> Any:
    """A connection to the database file: through SQLCipher and keyed when a passphrase is
    given (or `through_sqlcipher`), else through the standard library. Read-only connections
    never write to the file."""
    module = cipher() if passphrase is not None or through_sqlcipher else sqlite3
    if read_only:
        connection = module.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout, isolation_level=None
        )
    else:
        connection = module.connect(path, timeout=timeout, isolation_level=None)
    if passphrase is not None:
        apply_key(connection, passphrase, path)
    return connection


def opens(path: Path, passphrase: str) -> bool:
    """True if the passphrase opens the encrypted file (looked at read-only)."""
    try:
        with closing(connect(path, passphrase, read_only=True)) as connection:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except cipher().DatabaseError as error:
        if "not a database" in str(error):
            return False
        raise DatabaseUnreadable(
            f"Cannot read the database {path}: {error}. It was left untouched."
        ) from error
    return True


def remember_passphrase(path: Path, passphrase: str) -> None:
    """Keep the passphrase that opens `path` for the rest of this run."""
    _known[path.resolve()] = passphrase


def forget_passphrase(path: Path) -> None:
    """The file at `path` is no longer encrypted with the passphrase kept for it."""
    _known.pop(path.resolve(), None)


def ask_with(asker: Asker | None) -> None:
    """Who is asked for a passphrase not known yet (None: nobody, the call fails instead)."""
    _asker[:] = [] if asker is None else [asker]


def _ask(question: str) -> str | None:
    return _asker[0](question) if _asker else None


def check_new_passphrase(first: str, second: str) -> str:
    """A new passphrase typed twice, if it can be used; else PassphraseRefused."""
    if not first:
        raise PassphraseRefused("An empty passphrase protects nothing; nothing was changed.")
    if "\x00" in first:
        raise PassphraseRefused("A passphrase cannot hold a NUL character; nothing was changed.")
    if first != second:
        raise PassphraseRefused(
            "The passphrase was typed differently the second time; nothing was changed."
        )
    return first


def _untouched(path: Path, why: str) -> str:
    return f"Cannot read the database {path}: {why}. It was left untouched."


def _checked(path: Path, passphrase: str, source: str) -> str:
    if _known.get(path) != passphrase and not opens(path, passphrase):
        raise WrongPassphrase(_untouched(path, f"{source} does not open it (or it is damaged)"))
    remember_passphrase(path, passphrase)
    return passphrase


def _question(path: Path, attempt: int) -> str:
    if attempt == 1:
        return f"Passphrase for {path}"
    return f"That passphrase does not open {path}. Passphrase (try {attempt} of {TRIES})"


def passphrase_for(path: Path, given: str | None = None, *, ask: bool = True) -> str:
    """The passphrase that opens the encrypted file at `path`; remembered for this run.

    `given` alone is tried if there is one. Else, in turn: the one that opened it before,
    $BILATERAL_PASSPHRASE, those that opened other files (a backup shares its database's) and,
    if `ask`, the user, up to three times. Raises WrongPassphrase or PassphraseNeeded; the file
    is never changed.
    """
    where = path.resolve()
    if given is not None:
        return _checked(where, given, "the passphrase given")
    if where in _known:
        return _known[where]
    if from_environment := os.environ.get(PASSPHRASE_ENV):
        return _checked(where, from_environment, PASSPHRASE_ENV)
    for other in dict.fromkeys(_known.values()):
        if opens(where, other):
            remember_passphrase(where, other)
            return other
    for attempt in range(1, TRIES + 1):
        answer = _ask(_question(path, attempt)) if ask else None
        if answer is None:
            raise PassphraseNeeded(
                _untouched(
                    path,
                    "it is encrypted (or damaged) and no passphrase was given; type it in a "
                    f"terminal, or set {PASSPHRASE_ENV}",
                )
            )
        if opens(where, answer):
            remember_passphrase(where, answer)
            return answer
    raise WrongPassphrase(
        _untouched(path, f"none of the {TRIES} passphrases typed opens it (or it is damaged)")
    )


def key_for(path: Path, *, ask: bool = True) -> str | None:
    """None for a plain database file; the passphrase of an encrypted one (`passphrase_for`)."""
    return passphrase_for(path, ask=ask) if is_encrypted(path) else None
