"""Encrypting a database file, decrypting it, or changing its passphrase: verified first.

Each writes a whole new file with SQLCipher's `sqlcipher_export` under a hidden name beside
the database, checks it (SQLite's integrity check, every table's row count, the content
checksum of `db.database_copy`) and only then renames it over the database. Meanwhile the
database's write lock is held: other programs may read it, none may change it. A crash leaves
the database as it was, or the finished file in its place; at worst a hidden `*.partial`
file stays beside it.

Encrypting then writes zeros over the plain file's bytes before the system frees them. That
is best effort: see `Rewritten.plain_overwritten`.
"""

import glob
import os
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError

from db.backups import PARTIAL, SQLITE_HEADER, dated_backups, integrity_problems
from db.encryption import (
    cipher,
    connect,
    forget_passphrase,
    is_encrypted,
    passphrase_for,
    remember_passphrase,
)
from db.engine import Database
from db.errors import BilateralError, DatabaseBusy
from db.files import flush_to_disk
from db.schema import HEAD_REVISION

_ZEROS = bytes(1 << 20)


class RewriteRefused(BilateralError):
    """Nothing was started: the file is (not) encrypted already, or not at this schema."""


class RewriteFailed(BilateralError):
    """The new file did not verify; it was removed and the database left as it was."""


@dataclass(frozen=True)
class Rewritten:
    """A database file rewritten: the rows of every table (equal in the old and the new file),
    their content checksum, and whether the plain file's bytes were overwritten (False when
    another name, a hard link, still refers to them, or when there was no plain file)."""

    rows: dict[str, int]
    checksum: str
    plain_overwritten: bool = False

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def encrypt_database(path: Path, passphrase: str) -> Rewritten:
    """Replace the plain database file at `path` with an encrypted copy; its plain bytes are
    overwritten before they are freed."""
    if not path.is_file():
        raise RewriteRefused(f"There is no database at {path}; nothing was encrypted.")
    if is_encrypted(path):
        raise RewriteRefused(
            f"{path} is encrypted already (`bilateral rekey` changes its passphrase); "
            "nothing was changed."
        )
    done = _rewrite(path, None, passphrase)
    remember_passphrase(path, passphrase)
    return done


def decrypt_database(path: Path, passphrase: str) -> Rewritten:
    """Replace the encrypted database file at `path` with a plain copy."""
    _require_encrypted(path, "decrypted")
    done = _rewrite(path, passphrase_for(path, passphrase), None)
    forget_passphrase(path)
    return done


def rekey_database(path: Path, old: str, new: str) -> Rewritten:
    """Replace the encrypted database file at `path` with a copy under the passphrase `new`."""
    _require_encrypted(path, "changed")
    done = _rewrite(path, passphrase_for(path, old), new)
    remember_passphrase(path, new)
    return done


def plain_copies(path: Path, backups_dir: Path | None) -> list[Path]:
    """The unencrypted copies of the database kept beside it: rolling backups, the copies
    taken before upgrades and before restores."""
    found = list(dated_backups(path, backups_dir).values()) if backups_dir else []
    for label in ("bak", "before-restore"):
        found += map(Path, glob.glob(glob.escape(str(path)) + f".{label}-*"))
    return sorted(copy for copy in found if copy.is_file() and _is_plain(copy))


def _is_plain(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _require_encrypted(path: Path, what: str) -> None:
    if not path.is_file():
        raise RewriteRefused(f"There is no database at {path}; nothing was {what}.")
    if not is_encrypted(path):
        raise RewriteRefused(f"{path} is not encrypted; nothing was {what}.")


# Every connection here goes through SQLCipher's library, plain files too: two SQLite
# libraries in one process do not see each other's locks on a file.
def _connect(path: Path, passphrase: str | None, read_only: bool = False) -> Any:
    return connect(path, passphrase, read_only=read_only, through_sqlcipher=True, timeout=1)


def _rewrite(path: Path, old_key: str | None, new_key: str | None) -> Rewritten:
    lock = _connect(path, old_key)
    plain_file = None
    try:
        _hold_write_lock(lock, path)
        partial = _export(path, old_key, new_key)
        try:
            rows, checksum = _verified(path, old_key, partial, new_key)
            flush_to_disk(partial)
            if old_key is None:
                plain_file = os.open(path, os.O_RDWR)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            if plain_file is not None:
                os.close(plain_file)
            raise
    except (cipher().Error, DBAPIError) as error:
        reason = getattr(error, "orig", error)
        raise RewriteFailed(
            f"The new file could not be written or checked ({reason}); {path} was left as it was."
        ) from error
    finally:
        # Before the plain file's descriptor closes: closing any descriptor of a file drops
        # the locks this process holds on it.
        lock.close()
    flush_to_disk(path.parent)
    if plain_file is None:
        return Rewritten(rows, checksum)
    try:
        return Rewritten(rows, checksum, _overwrite_unlinked(plain_file))
    finally:
        os.close(plain_file)


def _hold_write_lock(lock: Any, path: Path) -> None:
    """Fold a WAL into the file, then hold the write lock (readers may still read)."""
    try:
        lock.execute("PRAGMA journal_mode = DELETE").fetchall()
        lock.execute("BEGIN IMMEDIATE")
        row = lock.execute("SELECT version_num FROM alembic_version").fetchone()
    except cipher().DatabaseError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseBusy(
                f"{path} is open in bilateral (or another program): quit it, then try again. "
                "Nothing was changed."
            ) from error
        raise RewriteRefused(
            f"Cannot read the database {path} ({error}); nothing was changed."
        ) from error
    if row is None or row[0] != HEAD_REVISION:
        raise RewriteRefused(
            f"{path} is not at this version's schema: open it with bilateral once first. "
            "Nothing was changed."
        )


def _export(path: Path, old_key: str | None, new_key: str | None) -> Path:
    """A copy of the database under a hidden name beside it (0600), encrypted with `new_key`
    (plain without one)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PARTIAL, dir=path.parent)
    os.close(fd)
    partial = Path(name)
    try:
        with closing(_connect(path, old_key, read_only=True)) as source:
            source.execute("ATTACH DATABASE ? AS target KEY ?", (str(partial), new_key or ""))
            # A crash throws the unfinished file away: no journal, and one flush at the end.
            source.execute("PRAGMA target.journal_mode = OFF").fetchall()
            source.execute("PRAGMA target.synchronous = OFF")
            source.execute("BEGIN")
            source.execute("SELECT sqlcipher_export('target')").fetchall()
            source.execute("COMMIT")
            source.execute("DETACH DATABASE target")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial


def _row_counts(connection: Any) -> dict[str, int]:
    names = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    counts = {}
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        counts[name] = connection.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
    return counts


def _checksum(path: Path, passphrase: str | None) -> str:
    from db.database_copy import database_checksum

    engine = create_engine(
        "sqlite://",
        module=cipher(),
        creator=lambda: _connect(path, passphrase, read_only=True),
        hide_parameters=True,
    )
    try:
        return database_checksum(Database(engine=engine, url="sqlite://", path=path, actor=""))
    finally:
        engine.dispose()


def _verified(
    path: Path, old_key: str | None, partial: Path, new_key: str | None
) -> tuple[dict[str, int], str]:
    """The rows per table and the checksum, once the copy matches the database in both."""
    with closing(_connect(partial, new_key)) as copy:
        problems = integrity_problems(copy)
        copied = _row_counts(copy)
    if problems:
        raise RewriteFailed(
            f"The new file failed SQLite's integrity check ({problems[0]}); it was removed and "
            f"{path} left as it was."
        )
    with closing(_connect(path, old_key, read_only=True)) as source:
        rows = _row_counts(source)
    if copied != rows:
        differing = ", ".join(
            f"{name} ({rows.get(name, 0):,} rows, {copied.get(name, 0):,} in the copy)"
            for name in sorted(set(rows) | set(copied))
            if rows.get(name) != copied.get(name)
        )
        raise RewriteFailed(
            f"The new file does not hold the same rows: {differing}. It was removed and "
            f"{path} left as it was."
        )
    checksum = _checksum(path, old_key)
    if _checksum(partial, new_key) != checksum:
        raise RewriteFailed(
            "The new file holds the same number of rows but different content; it was "
            f"removed and {path} left as it was."
        )
    return rows, checksum


def _overwrite_unlinked(fd: int) -> bool:
    """Write zeros over the whole of a file no name refers to any more, and flush them;
    False (nothing written) while another name still refers to it."""
    status = os.fstat(fd)
    if status.st_nlink > 0:
        return False
    os.lseek(fd, 0, os.SEEK_SET)
    remaining = status.st_size
    while remaining > 0:
        remaining -= os.write(fd, _ZEROS[: min(remaining, len(_ZEROS))])
    os.fsync(fd)
    return True
