"""Handling markings as lists, pages and search show them: the level's name, blank for the
lowest level (most records), so that a marked record stands out."""

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Row, Select

from db.engine import Database
from db.lists import PageRequest, read_page
from db.markings import Levels, levels_in
from db.partner_shapes import Page

_Shown = TypeVar("_Shown")


def marking_name(levels: Levels, rank: int) -> str:
    """The name of the level a record is marked at; "" for the lowest level."""
    return levels.name(rank) if rank > 0 else ""


def page_with_markings(
    database: Database,
    statement: Select[*tuple[Any, ...]],
    counting: Select[int],
    wanted: PageRequest,
    shown: Callable[[Row[*tuple[Any, ...]], Levels], _Shown],
) -> Page[_Shown]:
    """A page as db.lists.page_of reads it, the department's levels read once with it;
    `shown` makes each row, with those levels, into what the list shows."""
    with database.reading() as session:
        found = read_page(session, statement, counting, wanted)
        if not found.rows:
            return found.with_rows(())
        levels = levels_in(session)
    return found.with_rows(shown(row, levels) for row in found.rows)
