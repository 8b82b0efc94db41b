"""Helpers for filtered, paged lists done in SQL."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    SQLColumnExpression,
    and_,
    false,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, QueryableAttribute, Session
from sqlalchemy.sql.selectable import GenerativeSelect
from sqlmodel import col

from db.countries import COUNTRY_NAMES
from db.engine import Database
from db.folded import FirstLine
from db.models import Organisation, Person, id_col
from db.partner_shapes import PAGE_SIZE as PAGE_SIZE
from db.partner_shapes import Page
from db.text import clean_line, fold


def rows_wanted(limit: int, counted: bool) -> int:
    """How many rows a page asks for: without counting, one more than it shows, which tells
    whether more follow. Counting every match can cost more than the page's rows (a filter
    typed into 10,000 meetings): the screens show the rows first and count after."""
    return limit if counted else limit + 1


@dataclass(frozen=True)
class PageRequest:
    """Which page of a list is asked for, and whether to count every match."""

    offset: int = 0
    limit: int = PAGE_SIZE
    counted: bool = True


_Statement = TypeVar("_Statement", bound=GenerativeSelect)


def paged(statement: _Statement, wanted: PageRequest) -> _Statement:
    """`statement` (ordered) cut to the page's rows (see rows_wanted)."""
    return statement.offset(wanted.offset).limit(rows_wanted(wanted.limit, wanted.counted))


def read_page(
    session: Session,
    statement: Select[*tuple[Any, ...]],
    counting: Select[int],
    wanted: PageRequest,
) -> Page[Row[*tuple[Any, ...]]]:
    """The rows of a page (`statement`, cut by `paged` with the same arguments) and, when
    `wanted.counted`, how many rows match in all (`counting` selects that count). The row asked for
    beyond the limit is not shown: it only tells that more follow."""
    total = (session.scalar(counting) or 0) if wanted.counted else None
    rows = session.execute(statement).all() if rows_wanted(wanted.limit, wanted.counted) else []
    shown = tuple(rows[: wanted.limit])
    return Page(rows=shown, total=total, offset=wanted.offset, more=len(rows) > wanted.limit)


_Shown = TypeVar("_Shown")


def page_of(
    database: Database,
    statement: Select[*tuple[Any, ...]],
    counting: Select[int],
    wanted: PageRequest,
    shown: Callable[[Row[*tuple[Any, ...]]], _Shown],
) -> Page[_Shown]:
    """A page read as read_page reads it, in a session of its own; `shown` makes each row into
    what the list shows."""
    with database.reading() as session:
        found = read_page(session, statement, counting, wanted)
    return found.with_rows(shown(row) for row in found.rows)


def like_pattern(word: str) -> str:
    """A LIKE pattern matching `word` anywhere, with LIKE's wildcards taken literally."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def query_words(query: str) -> list[str]:
    """The words of a filter, folded (no case, no diacritics)."""
    return fold(clean_line(query)).split()


def query_patterns(query: str) -> list[str]:
    """A LIKE pattern for each word of a filter (see query_words and like_pattern)."""
    return [like_pattern(word) for word in query_words(query)]


def folded_like(folded: SQLColumnExpression[str], pattern: str) -> ColumnElement[bool]:
    """`folded` (text without case or diacritics, as db.folded stores it) is like `pattern`."""
    return folded.like(literal(pattern), escape="\\")


def named_like(folded: SQLColumnExpression[str], pattern: str) -> ColumnElement[bool]:
    """The first line of `folded`, the words naming its record, is like `pattern` (the whole
    column first: on PostgreSQL its trigram index finds the candidates)."""
    return and_(folded_like(folded, pattern), folded_like(FirstLine(folded), pattern))


def words_filter(
    query: str,
    folded: SQLColumnExpression[str],
    *,
    country: SQLColumnExpression[str] | None = None,
) -> ColumnElement[bool] | None:
    """Every word of `query` must appear in the `folded` text of a record (db.folded), which
    ignores case and diacritics.

    With `country`, a word also matches rows whose country code names it ('austr' → AT).
    """
    words = query_words(query)
    if not words:
        return None
    clauses = []
    for word in words:
        matches = [folded_like(folded, like_pattern(word))]
        if country is not None:
            codes = [code for code, name in COUNTRY_NAMES.items() if word in fold(name)]
            matches.append(country.in_(codes) if codes else false())
        clauses.append(or_(*matches))
    return and_(*clauses)


def value_matches(column: Mapped[str], pattern: str) -> ColumnElement[bool]:
    """`column` folded is like `pattern`, folding each distinct value once per statement (for
    columns with few distinct values, such as a visit's direction or a proposal's owner):
    fold() is a Python function, and a call per row costs more than the whole lookup."""
    # A model's attribute, as sqlmodel.col() hands it over: its table and key are known.
    attribute = cast("QueryableAttribute[str]", column)
    own = attribute.table.alias().c[attribute.key]
    values = (
        select(own)
        .group_by(own)
        # fold() of an aggregate: SQLite would move a plain HAVING term into the WHERE clause
        # and fold every row again.
        .having(func.fold(func.min(own)).like(literal(pattern), escape="\\"))
        .correlate(None)
    )
    return column.in_(values)


def organisations_matching(pattern: str) -> Select[int]:
    """The ids of the organisations whose name or short name folded is like `pattern`, for an
    uncorrelated IN: worked out once per statement, not once per row of the list."""
    return (
        select(id_col(Organisation.id))
        .where(named_like(col(Organisation.folded), pattern))
        .correlate(None)
    )


def people_matching(pattern: str) -> Select[int]:
    """The ids of the people whose name folded is like `pattern` ('hung' finds Lê Quốc Hùng),
    for an uncorrelated IN: worked out once per statement, not once per row of the list."""
    return select(id_col(Person.id)).where(named_like(col(Person.folded), pattern)).correlate(None)
