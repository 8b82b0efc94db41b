"""Copying a whole database into an empty one, on the same or the other backend, verified.

Every table of the model is copied in foreign-key order with its primary keys, in one
transaction on the target, and checked there before it commits: the same row counts and
the same content checksum as the source. The search indexes are not copied: the target's
triggers fill them as the rows arrive.
"""

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

from sqlalchemy import Connection, Row, Table, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

import db.models  # noqa: F401 - fills SQLModel.metadata with the tables
from db.engine import Database
from db.errors import BilateralError
from db.schema import current_revision, head_revision
from db.text import counted

BATCH_SIZE = 1000


class CopyRefused(BilateralError):
    """The copy was not started: same database, a target with records, an old schema."""


class CopyFailed(BilateralError):
    """The copy could not be written or did not verify; the target was left as it was."""


@dataclass(frozen=True)
class CopyReport:
    """What was copied: rows per table (in the order copied) and the checksum both share."""

    rows: dict[str, int]
    checksum: str

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


# Tables a new database gets rows in from its migrations (the default marking levels): the
# source's rows replace them.
SEEDED = ("markinglevel",)


def _tables() -> Sequence[Table]:
    return SQLModel.metadata.sorted_tables


def _normalised(value: object) -> object:
    """A value as both backends give it: timestamps in UTC to the microsecond, dates as ISO."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"No checksum form for {type(value).__name__} values")


class _TableHash:
    """The rows of one table, counted and hashed in primary-key order."""

    def __init__(self, table: Table) -> None:
        self.rows = 0
        self._hash = hashlib.sha256(json.dumps([table.name, list(table.columns.keys())]).encode())

    def add(self, row: Row[*tuple[Any, ...]]) -> None:
        self.rows += 1
        line = json.dumps([_normalised(value) for value in row], separators=(",", ":"))
        self._hash.update(b"\n" + line.encode())

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def _read_table(
    connection: Connection,
    table: Table,
    on_batch: Callable[[Sequence[Row[*tuple[Any, ...]]]], None] | None = None,
) -> _TableHash:
    """Stream a table in batches, hashing every row and handing each batch to `on_batch`."""
    hashed = _TableHash(table)
    statement = select(table).order_by(*table.primary_key.columns)
    result = connection.execution_options(yield_per=BATCH_SIZE).execute(statement)
    for batch in result.partitions():
        for row in batch:
            hashed.add(row)
        if on_batch is not None:
            on_batch(batch)
    return hashed


def _combined(digests: dict[str, str]) -> str:
    """One checksum over the tables' digests, taken in order of table name."""
    whole = hashlib.sha256()
    for name in sorted(digests):
        whole.update(f"{name} {digests[name]}\n".encode())
    return whole.hexdigest()


@contextmanager
def _snapshot(database: Database) -> Iterator[Connection]:
    """A read transaction that sees one moment of the database throughout."""
    with database.engine.connect() as connection:
        if not database.is_sqlite:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


def _table_hashes(connection: Connection) -> dict[str, _TableHash]:
    return {table.name: _read_table(connection, table) for table in _tables()}


def database_checksum(database: Database) -> str:
    """sha256 over every table and row, equal for equal content on SQLite and PostgreSQL."""
    with _snapshot(database) as connection:
        hashes = _table_hashes(connection)
    return _combined({name: hashed.hexdigest() for name, hashed in hashes.items()})


def _where(database: Database) -> str:
    return str(database.path) if database.path else make_url(database.url).database or "?"


def _same_database(one: Database, other: Database) -> bool:
    if one.path is not None or other.path is not None:
        return one.path is not None and other.path is not None and one.path.samefile(other.path)
    if one.is_sqlite:
        return False  # in memory: every connection has its own
    first, second = make_url(one.url), make_url(other.url)
    return (first.get_backend_name(), first.host, first.port, first.database, first.query) == (
        second.get_backend_name(),
        second.host,
        second.port,
        second.database,
        second.query,
    )


def _require_head(database: Database) -> None:
    if current_revision(database) != head_revision():
        raise CopyRefused(
            f"The database {_where(database)} is not at this version's schema; open it with "
            "bilateral first. Nothing was copied."
        )


def _require_empty(connection: Connection, target: Database) -> None:
    held = {
        table.name: count
        for table in _tables()
        if table.name not in SEEDED
        and (count := connection.scalar(select(func.count()).select_from(table)))
    }
    if held:
        listed = ", ".join(f"{count:,} in {name}" for name, count in list(held.items())[:3])
        more = ", …" if len(held) > 3 else ""
        raise CopyRefused(
            f"The target database {_where(target)} already holds records ({listed}{more}); "
            "a copy goes only into an empty database. Nothing was changed."
        )


def _mismatches(connection: Connection, expected: dict[str, _TableHash]) -> list[str]:
    copied = _table_hashes(connection)
    problems = []
    for name, source in expected.items():
        target = copied[name]
        if target.rows != source.rows:
            problems.append(
                f"{name} has {counted(source.rows, 'row')} in the source, {target.rows:,} here"
            )
        elif target.hexdigest() != source.hexdigest():
            problems.append(
                f"{name} has the same {counted(source.rows, 'row')} but different content"
            )
    return problems


def _reset_sequences(connection: Connection) -> None:
    """Point PostgreSQL's id sequences past the copied ids, so that new rows get fresh ones."""
    if connection.dialect.name != "postgresql":
        return
    quote = connection.dialect.identifier_preparer
    for table in _tables():
        column = table.autoincrement_column
        if column is None:
            continue
        name, key = quote.format_table(table), quote.quote(column.name)
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"coalesce(max({key}), 0) + 1, false) FROM {name}"
            ),
            {"table": name, "column": column.name},
        )


def _write(connection: Connection, table: Table, batch: Sequence[Row[*tuple[Any, ...]]]) -> None:
    connection.execute(insert(table), [row._asdict() for row in batch])


def copy_database(
    source: Database,
    target: Database,
    *,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy every record of `source` into the empty `target`, all or nothing, and verify it.

    `progress(table, rows)` is called as each table is copied. Raises CopyRefused (nothing
    changed) for the same database, a target holding records or a schema not at head, and
    CopyFailed (target rolled back) when a row cannot be written or the copy does not verify.
    """
    if _same_database(source, target):
        raise CopyRefused(
            f"{_where(source)} is both the source and the target; nothing was copied."
        )
    _require_head(source)
    _require_head(target)
    with _snapshot(source) as reader:

        def work(session: Session) -> dict[str, _TableHash]:
            writer = session.connection()
            _require_empty(writer, target)
            for seeded in SEEDED:
                writer.execute(SQLModel.metadata.tables[seeded].delete())
            copied = {}
            for table in _tables():
                try:
                    copied[table.name] = _read_table(reader, table, partial(_write, writer, table))
                except (DataError, IntegrityError) as error:
                    reason = (str(error.orig).strip() or "refused").splitlines()[0]
                    raise CopyFailed(
                        f"A row of {table.name} could not be written to {_where(target)} "
                        f"({reason}); nothing was copied."
                    ) from error
                if progress is not None:
                    progress(table.name, copied[table.name].rows)
            if problems := _mismatches(writer, copied):
                raise CopyFailed(
                    "The copy does not match the source: " + "; ".join(problems) + ". "
                    f"It was rolled back: {_where(target)} is as empty as before."
                )
            _reset_sequences(writer)
            return copied

        copied = target.write(work)
    digests = {name: hashed.hexdigest() for name, hashed in copied.items()}
    return CopyReport(
        rows={name: hashed.rows for name, hashed in copied.items()}, checksum=_combined(digests)
    )
