"""The text the list filters look in, folded once when a record is saved.

Organisations, people, meetings and proposals keep in their `folded` column the text their
list matches (db.lists), without case or diacritics (db.text.fold): a filter then looks for
each word with a plain LIKE, instead of folding every row it reads. The first line names the
record (an organisation's name and short name, a person's full name, a title), each other
column has a line of its own: no typed word spans two, and `FirstLine` matches the name alone.

The app keeps it current on every write: records added or changed in a write session
(`fill_folded`, before each flush) and versioned updates (`folded_values`, db.versioned).
On PostgreSQL a trigger (migration 0016) fills it for rows that other programs write. On
SQLite those rows keep '' until the app saves them: no filter finds them by their words.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from db.text import fold


@dataclass(frozen=True)
class FoldedColumns:
    """The columns of a table's folded text: `naming` on the first line (apart by spaces),
    then each of `other` on a line of its own."""

    naming: tuple[str, ...]
    other: tuple[str, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return (*self.naming, *self.other)


# The same as migration 0016's.
FOLDED = {
    "organisation": FoldedColumns(("name", "short_name"), ("kind", "country")),
    "person": FoldedColumns(("full_name",), ("position", "title")),
    "meeting": FoldedColumns(("title",), ("summary", "place", "kind")),
    "proposal": FoldedColumns(("title",), ("kind", "owner")),
}


def folded_text(table_name: str, values: Mapping[str, Any]) -> str:
    """The folded text of a row of `table_name` holding `values` (every source column)."""
    columns = FOLDED[table_name]
    lines = (" ".join(values[name] for name in columns.naming), *(values[n] for n in columns.other))
    return fold("\n".join(lines))


def fill_folded(session: Session, _context: object, _instances: object) -> None:
    """Before a flush: the folded text of every record added or changed, made anew."""
    for record in (*session.new, *session.dirty):
        table_name = getattr(type(record), "__tablename__", None)
        if table_name not in FOLDED:
            continue
        text = folded_text(
            table_name, {name: getattr(record, name) for name in FOLDED[table_name].sources}
        )
        if record.folded != text:
            record.folded = text


def folded_values(
    session: Session, model: type[Any], record_id: int, values: Mapping[str, Any]
) -> dict[str, str]:
    """What an UPDATE of `values` into a record of `model` must also set: its new folded
    text, when `values` change any of its columns (those not in `values` are read from it)."""
    columns = FOLDED.get(model.__tablename__)
    if columns is None or not set(columns.sources) & set(values):
        return {}
    if missing := [name for name in columns.sources if name not in values]:
        stored = session.execute(
            select(*(getattr(model, name) for name in missing)).where(model.id == record_id)
        ).one_or_none()
        if stored is None:
            return {}
        values = {**values, **stored._asdict()}
    return {"folded": folded_text(model.__tablename__, values)}


class FirstLine(FunctionElement[str]):
    """The first line of a folded text: the words that name its record."""

    type = String()
    inherit_cache = True
    name = "first_line"


@compiles(FirstLine, "sqlite")
def _first_line_in_sqlite(element: FirstLine, compiler: SQLCompiler, **kw: Any) -> str:
    text = compiler.process(element.clauses, **kw)
    return f"substr({text}, 1, instr({text}, char(10)) - 1)"


@compiles(FirstLine, "postgresql")
def _first_line_in_postgresql(element: FirstLine, compiler: SQLCompiler, **kw: Any) -> str:
    return f"split_part({compiler.process(element.clauses, **kw)}, chr(10), 1)"
