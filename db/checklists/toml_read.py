"""Importing a checklist file: every problem found first, then one transaction or nothing."""

import os
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.checklists.toml_format import (
    ITEM_KEYS,
    LEG_KEYS,
    MAX_FILE_BYTES,
    SCHEMA,
    SECTION_KEYS,
    TOP_KEYS,
    VISIT_KEYS,
    ChecklistFileRefused,
    date_problem,
    shown,
    string_problem,
)
from db.engine import Database
from db.models import Checklist, ChecklistItem, Visit
from db.versioned import touch

_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")
_REPORTED_MAX = 50
_ID_MAX = 2**63 - 1
_LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class ImportResult:
    """What an import changed in a visit's checklist."""

    visit_id: int
    visit_title: str
    ticked: int = 0
    unticked: int = 0
    edited: int = 0
    added: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.ticked or self.unticked or self.edited or self.added)


@dataclass(frozen=True)
class _FileItem:
    """An item as the file gives it, with its place for messages."""

    place: str
    section: str | None
    id: int | None
    text: str
    due: date | None
    done: bool
    owner: str


def read_checklist_file(path: str | os.PathLike[str]) -> str:
    """The text of a checklist file, refused when too large or not UTF-8 text."""
    source = Path(path).expanduser()
    try:
        with source.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _too_large(size)
            content = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise ChecklistFileRefused({"file": f"{source} cannot be read: {reason}"}) from None
    if len(content) > MAX_FILE_BYTES:
        raise _too_large(len(content))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ChecklistFileRefused(
            {"file": f"is not UTF-8 text (byte {error.start:,} cannot be read)"}
        ) from None


def import_checklist(database: Database, text: str) -> ImportResult:
    """Apply a checklist file to its visit's checklist, all of it or nothing.

    Items with an id update that item (done, text, due, owner); items without one are
    added as the user's own. Raises ChecklistFileRefused listing every problem, each with
    its place in the file (`sections[2].items[5].due`, counted from 1).
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        raise _too_large(size)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ChecklistFileRefused({"file": f"is not valid TOML: {error}"}) from None
    schema = document.get("schema")
    if schema != SCHEMA:
        found = "missing" if schema is None else f"is {shown(str(schema))}"
        raise ChecklistFileRefused(
            {"schema": f"{found}; this bilateral reads only schema = {SCHEMA!r}"}
        )
    checker = _Checker()
    visit_id, title, items = checker.document(document)

    def work(session: Session) -> ImportResult:
        if visit_id is None or title is None:
            checker.refuse()  # document() noted why they are missing
        assert visit_id is not None and title is not None
        return _apply(session, checker, visit_id, title, items)

    return database.write(work)


def _too_large(size: int) -> ChecklistFileRefused:
    return ChecklistFileRefused(
        {"file": f"is {size:,} bytes; a checklist file is at most {MAX_FILE_BYTES:,} bytes"}
    )


class _Checker:
    """Reads the parsed document, noting every problem with its place."""

    def __init__(self) -> None:
        self.problems: dict[str, str] = {}

    def add(self, place: str, message: str) -> None:
        self.problems.setdefault(place, message)

    def refuse(self) -> None:
        """Raise ChecklistFileRefused when anything was found (the first few, then a count)."""
        if not self.problems:
            return
        places = list(self.problems)
        shown_problems = {place: self.problems[place] for place in places[:_REPORTED_MAX]}
        if len(places) > _REPORTED_MAX:
            shown_problems["…"] = f"and {len(places) - _REPORTED_MAX:,} more problems"
        raise ChecklistFileRefused(shown_problems)

    def refuse_with(self, place: str, message: str) -> NoReturn:
        """Note a problem and raise ChecklistFileRefused (with any found before)."""
        self.add(place, message)
        self.refuse()
        raise AssertionError("unreachable: refuse() raises once a problem is noted")

    def document(self, document: dict[str, Any]) -> tuple[int | None, str | None, list[_FileItem]]:
        """The visit id and title, and the items, as far as they could be read."""
        self.keys(document, TOP_KEYS, "")
        self.string(document, "marking", "")
        visit = self.table(document, "visit", "", required=True)
        visit_id = title = None
        if visit is not None:
            self.keys(visit, VISIT_KEYS, "visit")
            visit_id = self.identifier(visit, "id", "visit", required=True)
            title = self.string(visit, "title", "visit", required=True)
            for key in ("direction", "level", "status", "head_of_delegation"):
                self.string(visit, key, "visit")
            for key in ("starts", "ends"):
                self.date(visit, key, "visit")
            for place, leg in self.tables(visit, "legs", "visit"):
                self.keys(leg, LEG_KEYS, place)
                for key in ("organisation", "city", "country"):
                    self.string(leg, key, place)
                for key in ("starts", "ends"):
                    self.date(leg, key, place)
        items = []
        for place, section in self.tables(document, "sections", ""):
            self.keys(section, SECTION_KEYS, place)
            section_title = self.string(section, "title", place, required=True)
            for item_place, item in self.tables(section, "items", place):
                items.append(self.item(item, item_place, section_title))
        return visit_id, title, items

    def item(self, item: dict[str, Any], place: str, section: str | None) -> _FileItem:
        self.keys(item, ITEM_KEYS, place)
        self.string(item, "source", place)
        return _FileItem(
            place=place,
            section=section,
            id=self.identifier(item, "id", place),
            text=self.string(item, "text", place, required=True) or "",
            due=self.date(item, "due", place),
            done=self.boolean(item, "done", place),
            owner=self.string(item, "owner", place) or "",
        )

    def keys(self, table: dict[str, Any], allowed: tuple[str, ...], place: str) -> None:
        for key in table:
            if key not in allowed:
                self.add(_at(place, key), f"unknown key (allowed here: {', '.join(allowed)})")

    def table(
        self, table: dict[str, Any], key: str, place: str, *, required: bool = False
    ) -> dict[str, Any] | None:
        value = table.get(key)
        if value is None:
            if required:
                self.add(_at(place, key), "missing")
            return None
        if not isinstance(value, dict):
            self.add(_at(place, key), f"not a table ([{_at(place, key)}])")
            return None
        return value

    def tables(
        self, table: dict[str, Any], key: str, place: str
    ) -> list[tuple[str, dict[str, Any]]]:
        """The tables of an array of tables, each with its place; absent means none."""
        value = table.get(key, [])
        where = _at(place, key)
        if not isinstance(value, list):
            self.add(where, f"not a list of tables ([[{where}]])")
            return []
        found: list[tuple[str, dict[str, Any]]] = []
        for index, entry in enumerate(value, start=1):
            if isinstance(entry, dict):
                found.append((f"{where}[{index}]", entry))
            else:
                self.add(f"{where}[{index}]", "not a table")
        return found

    def string(
        self, table: dict[str, Any], key: str, place: str, *, required: bool = False
    ) -> str | None:
        value = table.get(key)
        where = _at(place, key)
        if value is None:
            if required:
                self.add(where, "missing")
            return None
        if not isinstance(value, str):
            self.add(where, "not text (write it in double quotes)")
            return None
        problem = string_problem(value)
        if problem is None and required and not value.strip():
            problem = "is empty"
        if problem:
            self.add(where, problem)
            return None
        return value

    def date(self, table: dict[str, Any], key: str, place: str) -> date | None:
        value = table.get(key)
        if value is None:
            return None
        # tomllib gives datetime (a date subclass) for a date with a time: refused too.
        if type(value) is not date:
            self.add(_at(place, key), "not a date (write it as 2026-12-01, without quotes)")
            return None
        problem = date_problem(value)
        if problem:
            self.add(_at(place, key), problem)
            return None
        return value

    def boolean(self, table: dict[str, Any], key: str, place: str) -> bool:
        value = table.get(key, False)
        if type(value) is not bool:
            self.add(_at(place, key), "not true or false")
            return False
        return value

    def identifier(
        self, table: dict[str, Any], key: str, place: str, *, required: bool = False
    ) -> int | None:
        value = table.get(key)
        if value is None:
            if required:
                self.add(_at(place, key), "missing")
            return None
        if type(value) is not int or not 0 < value <= _ID_MAX:
            self.add(_at(place, key), "not an id (a whole number, as exported)")
            return None
        return value


def _at(place: str, key: str) -> str:
    shown_key = key if _PLAIN_KEY.fullmatch(key) else shown(key)
    return f"{place}.{shown_key}" if place else shown_key


def _apply(
    session: Session, checker: _Checker, visit_id: int, title: str, items: list[_FileItem]
) -> ImportResult:
    """Check the file against the database and, if nothing is wrong, change the checklist."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        checker.refuse_with("visit.id", f"there is no visit {visit_id} in this database")
    if title != visit.title:
        checker.add(
            "visit.title",
            f"is {shown(title)}, but visit {visit_id} is {shown(visit.title)}: "
            "the file is for another visit or another database",
        )
    checklist = session.scalar(select(Checklist).where(col(Checklist.visit_id) == visit_id))
    if checklist is None:
        checker.refuse_with("visit.id", f"visit {visit_id} has no checklist yet; generate it first")
    existing = {
        item.id: item
        for item in session.scalars(
            select(ChecklistItem).where(col(ChecklistItem.checklist_id) == checklist.id)
        )
    }
    _check_ids(session, checker, items, existing)
    checker.refuse()
    return _change(session, checklist.id or 0, visit, items, existing)


def _check_ids(
    session: Session,
    checker: _Checker,
    items: list[_FileItem],
    existing: dict[int | None, ChecklistItem],
) -> None:
    seen: dict[int, str] = {}
    foreign: list[tuple[int, _FileItem]] = []
    for item in items:
        if item.id is None:
            continue
        where = f"{item.place}.id"
        if item.id in seen:
            checker.add(where, f"item {item.id} appears twice (also at {seen[item.id]})")
            continue
        seen[item.id] = item.place
        stored = existing.get(item.id)
        if stored is None:
            foreign.append((item.id, item))
        elif stored.dismissed:
            checker.add(where, f"item {item.id} was removed from this checklist")
        elif item.section is not None and stored.section != item.section:
            checker.add(
                where,
                f"item {item.id} is in section {shown(stored.section)}; moving items between "
                "sections is not supported (leave it there, or drop its id to add a copy)",
            )
    owners = _visits_of_items(session, [id_ for id_, _ in foreign])
    for id_, item in foreign:
        other = owners.get(id_)
        checker.add(
            f"{item.place}.id",
            f"item {item.id} belongs to the checklist of another visit ({shown(other)})"
            if other is not None
            else f"there is no checklist item {item.id}",
        )


def _visits_of_items(session: Session, ids: list[int]) -> dict[int, str]:
    """The title of the visit whose checklist holds each of `ids`."""
    found: dict[int, str] = {}
    for start in range(0, len(ids), _LOOKUP_CHUNK):
        rows = session.execute(
            select(col(ChecklistItem.id), col(Visit.title))
            .join(Checklist, col(Checklist.id) == col(ChecklistItem.checklist_id))
            .join(Visit, col(Visit.id) == col(Checklist.visit_id))
            .where(col(ChecklistItem.id).in_(ids[start : start + _LOOKUP_CHUNK]))
        ).all()
        found.update({row.id: row.title for row in rows})
    return found


def _change(
    session: Session,
    checklist_id: int,
    visit: Visit,
    items: list[_FileItem],
    existing: dict[int | None, ChecklistItem],
) -> ImportResult:
    counts = {"ticked": 0, "unticked": 0, "edited": 0, "added": 0}
    # New items go last: positions then never collide, however the generator counts them.
    end = session.scalar(
        select(func.max(col(ChecklistItem.position))).where(
            col(ChecklistItem.checklist_id) == checklist_id
        )
    )
    position = -1 if end is None else end
    for item in items:
        stored = existing.get(item.id) if item.id is not None else None
        if stored is None:
            position += 1
            assert item.section is not None  # a section without a title was refused
            session.add(
                ChecklistItem(
                    checklist_id=checklist_id,
                    section=item.section,
                    position=position,
                    text=item.text,
                    due_on=item.due,
                    done=item.done,
                    owner=item.owner,
                    source="own",
                )
            )
            counts["added"] += 1
            continue
        edited = (stored.text, stored.due_on, stored.owner) != (item.text, item.due, item.owner)
        if not edited and stored.done == item.done:
            continue
        if stored.done != item.done:
            counts["ticked" if item.done else "unticked"] += 1
        if edited:
            counts["edited"] += 1
            stored.edited = True
        stored.text, stored.due_on, stored.owner = item.text, item.due, item.owner
        stored.done = item.done
        touch(stored)
    return ImportResult(visit_id=visit.id or 0, visit_title=visit.title, **counts)
