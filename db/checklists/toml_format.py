"""The checklist file format (TOML): its version, limits and value rules, and finding a visit.

Writing is in db.checklists.toml_write, reading back in db.checklists.toml_read; both hold
every value to the rules here, so that whatever is exported can be imported again.
"""

import re
from collections.abc import Sequence
from datetime import date

from sqlalchemy import Row, func, literal, select
from sqlmodel import col

from db.dates import show_date
from db.engine import Database
from db.errors import BilateralError, Invalid, NotFound
from db.lists import like_pattern
from db.lookups import existing
from db.models import Visit, id_col
from db.text import clean_line, fold

SCHEMA = "bilateral-checklist/1"
MAX_FILE_BYTES = 1_000_000
MAX_STRING = 2000
FIRST_YEAR = 1900
LAST_YEAR = 2200

# `marking` names the highest handling marking the file holds (files before it have none).
TOP_KEYS = ("schema", "marking", "visit", "sections")
VISIT_KEYS = (
    "id",
    "title",
    "direction",
    "level",
    "status",
    "starts",
    "ends",
    "head_of_delegation",
    "legs",
)
LEG_KEYS = ("organisation", "city", "country", "starts", "ends")
SECTION_KEYS = ("title", "items")
ITEM_KEYS = ("id", "text", "due", "done", "owner", "source")

# Control characters other than tab and newline: TOML would need escapes, a terminal obeys them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SHOWN_MAX = 60
_LISTED_MAX = 20


class ChecklistNotExportable(BilateralError):
    """The checklist holds something a checklist file cannot carry faithfully."""


class ExportFailed(BilateralError):
    """The export file could not be written; an existing file was left as it was."""


class AmbiguousVisit(BilateralError):
    """A visit reference that matches more than one visit."""


class ChecklistFileRefused(Invalid):
    """An import file refused; `problems` maps each place in the file to what is wrong there."""

    def __str__(self) -> str:
        lines = [f"  {place}: {message}" for place, message in self.problems.items()]
        return "The checklist file was not imported; nothing was changed:\n" + "\n".join(lines)


def shown(value: str) -> str:
    """User text quoted for a message: control characters escaped, long text cut short."""
    if len(value) > _SHOWN_MAX:
        value = value[: _SHOWN_MAX - 1] + "…"
    return repr(value)


def string_problem(value: str) -> str | None:
    """What keeps `value` out of a checklist file, or None when it may go in."""
    if len(value) > MAX_STRING:
        return f"is {len(value):,} characters long; at most {MAX_STRING:,} allowed"
    control = _CONTROL.search(value)
    if control:
        return f"contains the control character U+{ord(control.group()):04X}"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a character that is not valid Unicode text"
    return None


def date_problem(value: date) -> str | None:
    """What keeps a date out of a checklist file, or None when it may go in."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        return f"{value.isoformat()} is outside the years {FIRST_YEAR}–{LAST_YEAR}"
    return None


def find_visit(database: Database, ref: str) -> int:
    """The id of the visit `ref` names: its id, or a unique part of its title.

    Case and diacritics are ignored; a whole-title match wins over partial ones.
    Raises NotFound or AmbiguousVisit, listing the visits it could have meant.
    """
    words = fold(clean_line(ref))
    if not words:
        raise NotFound("Name a visit by its id or a part of its title.")
    with database.reading() as session:
        if words.isdecimal():
            by_id = session.get(Visit, int(words)) if len(words) < 19 else None
            if by_id is not None:
                return by_id.id or 0
        matches = session.execute(
            select(
                id_col(Visit.id), col(Visit.title), col(Visit.starts_on), col(Visit.date_precision)
            )
            .where(func.fold(Visit.title).like(literal(like_pattern(words)), escape="\\"))
            .order_by(col(Visit.starts_on).desc(), col(Visit.id))
        ).all()
        if not matches:
            every = session.execute(
                select(
                    id_col(Visit.id),
                    col(Visit.title),
                    col(Visit.starts_on),
                    col(Visit.date_precision),
                ).order_by(col(Visit.starts_on).desc(), col(Visit.id))
            ).all()
    if len(matches) == 1:
        return matches[0][0]  # its id, typed (a Row's attributes are not)
    exact = [row for row in matches if fold(row.title) == words]
    if len(exact) == 1:
        return exact[0][0]  # its id
    if matches:
        raise AmbiguousVisit(
            f"{shown(ref)} matches {len(matches)} visits; give its id or more of its title:\n"
            + _visit_lines(matches)
        )
    if not every:
        raise NotFound("There are no visits in this database yet.")
    raise NotFound(f"No visit matches {shown(ref)}. The visits are:\n" + _visit_lines(every))


def _visit_lines(rows: Sequence[Row[int, str, date | None, str]]) -> str:
    # The first day as much of it as is known: "(2025)", "(Oct 2025)", "(7 Oct 2025)".
    lines = [
        f"  {row.id:>4}  {clean_line(row.title)}"
        + (f" ({show_date(row.starts_on, row.date_precision)})" if row.starts_on else "")
        for row in rows[:_LISTED_MAX]
    ]
    if len(rows) > _LISTED_MAX:
        lines.append(f"  … and {len(rows) - _LISTED_MAX} more")
    return "\n".join(lines)


def suggested_file_name(database: Database, visit_id: int, today: date) -> str:
    """A file name for a visit's checklist: its title as a slug and its first day (or today)."""
    with database.reading() as session:
        visit = existing(session, Visit, visit_id, f"Visit {visit_id} does not exist.")
        slug = re.sub(r"[^a-z0-9]+", "-", fold(visit.title)).strip("-")[:60].strip("-")
        day = visit.starts_on if visit.date_precision == "day" and visit.starts_on else today
    return f"{slug or f'visit-{visit_id}'}-{day.isoformat()}.toml"
