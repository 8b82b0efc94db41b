"""Exporting a visit's checklist as a TOML file (the format of db.checklists.toml_format)."""

import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.checklists.queries import in_checklist_order
from db.checklists.toml_format import (
    SCHEMA,
    ChecklistNotExportable,
    ExportFailed,
    date_problem,
    shown,
    string_problem,
)
from db.documents.cleared import UpTo
from db.documents.item_sources import kept_items
from db.engine import Database
from db.errors import NotFound
from db.files import write_atomically
from db.lookups import existing
from db.models import Checklist, ChecklistItem, Organisation, Person, Visit, VisitLeg


class NoChecklist(NotFound):
    """The visit has no checklist yet: there is nothing to export."""


@dataclass(frozen=True)
class ChecklistExport:
    """A checklist as a TOML document: how many items it holds, the highest handling marking
    among the records it tells of, and how many records above the level were left out."""

    text: str
    items: int
    marking: str
    left_out: int


def export_checklist(database: Database, visit_id: int, up_to: int | None = None) -> str:
    """The visit's checklist as a TOML document (see checklist_export)."""
    return checklist_export(database, visit_id, up_to).text


def checklist_export(
    database: Database, visit_id: int, up_to: int | None = None
) -> ChecklistExport:
    """The visit's checklist as a TOML document (dismissed items left out), up to the handling
    marking of rank `up_to` (None: every record): an item drawn from a record above it is left
    out, and so are the head of delegation and a stop's organisation when marked above it.

    Raises NotFound for a missing visit, AboveTheLevel for a visit marked above the level,
    NoChecklist when none was generated yet, and ChecklistNotExportable, naming each item,
    for text a file cannot hold faithfully.
    """
    with database.reading() as session:
        visit = existing(session, Visit, visit_id, f"Visit {visit_id} does not exist.")
        cut = UpTo.read(session, up_to)
        cut.refuse_above(visit, f"Visit {visit_id}")
        checklist = session.scalar(select(Checklist).where(col(Checklist.visit_id) == visit_id))
        if checklist is None:
            raise NoChecklist(
                f"The visit {shown(visit.title)} has no checklist yet. Generate it first: "
                "on the Visits screen, or with `bilateral export checklist VISIT --generate`."
            )
        visit_table = _visit_table(session, visit, cut)
        sections = _sections(session, checklist.id or 0, cut)
        document = _present(
            {
                "schema": SCHEMA,
                "marking": cut.marking,
                "visit": visit_table,
                "sections": sections,
            }
        )
    problems = list(_problems(document))
    if problems:
        raise ChecklistNotExportable(
            "Not exported: a checklist file cannot hold these faithfully. "
            "Edit them and export again.\n" + "\n".join(f"  {line}" for line in problems)
        )
    return ChecklistExport(
        text=_render(document, cut.left_out_sentence()),
        items=sum(len(section["items"]) for section in sections),
        marking=cut.marking,
        left_out=cut.left_out,
    )


def write_export(text: str, path: str | os.PathLike[str]) -> dict[str, Any]:
    """Write an exported document to `path` atomically, readable by the user only.

    The text is parsed back first: a document that does not parse never replaces anything.
    Returns the document as parsed. Raises ExportFailed with the reason in words.
    """
    target = Path(path).expanduser()
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ExportFailed(
            f"Not written: the export does not read back as TOML ({error})."
        ) from None
    try:
        _make_folders(target)
        if target.is_dir():
            raise ExportFailed(f"Cannot write {target}: it is a directory.")
        write_atomically(target, text.encode("utf-8"))
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise ExportFailed(
            f"Cannot write {target}: {reason}. Any file already there was left as it was."
        ) from None
    return parsed


def _make_folders(target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (FileExistsError, NotADirectoryError):
        files = (part for part in target.parents if part.exists() and not part.is_dir())
        blocking = next(files, target.parent)
        raise ExportFailed(f"Cannot write {target}: {blocking} is a file, not a folder.") from None


def _visit_table(session: Session, visit: Visit, cut: UpTo) -> dict[str, Any]:
    starts, ends = (
        (visit.starts_on, visit.ends_on) if visit.date_precision == "day" else (None, None)
    )
    head = session.get(Person, visit.head_person_id) if visit.head_person_id else None
    if head is not None and not cut.keeps(head):
        head = None
    table: dict[str, Any] = {
        "direction": visit.direction,
        "level": visit.level,
        "status": visit.status,
        "starts": starts,
        "ends": ends,
        "head_of_delegation": head.full_name if head else None,
    }
    legs = session.execute(
        select(VisitLeg, Organisation)
        .outerjoin(Organisation, col(Organisation.id) == col(VisitLeg.organisation_id))
        .where(col(VisitLeg.visit_id) == visit.id)
        .order_by(col(VisitLeg.position), col(VisitLeg.id))
    ).all()
    table["legs"] = [
        _present(
            {
                "organisation": organisation.name
                if organisation is not None and cut.keeps(organisation)
                else None,
                "city": leg.city,
                "country": leg.country,
                "starts": leg.starts_on,
                "ends": leg.ends_on,
            }
        )
        for leg, organisation in legs
    ]
    return {"id": visit.id, "title": visit.title, **_present(table)}


def _sections(session: Session, checklist_id: int, cut: UpTo) -> list[dict[str, Any]]:
    every = session.scalars(
        select(ChecklistItem).where(
            col(ChecklistItem.checklist_id) == checklist_id, col(ChecklistItem.dismissed).is_(False)
        )
    ).all()
    items = kept_items(session, cut, every)
    # In the order the checklist screen shows them (db.checklists.queries.get_checklist).
    return [
        {
            "title": title,
            "items": [
                {
                    "id": item.id,
                    "text": item.text,
                    **_present({"due": item.due_on}),
                    "done": item.done,
                    **_present({"owner": item.owner, "source": item.source}),
                }
                for item in of_section
            ],
        }
        for title, of_section in in_checklist_order(items).items()
    ]


def _present(table: dict[str, Any]) -> dict[str, Any]:
    """The table without unknown or empty values: TOML has no null; absent means unknown."""
    return {key: value for key, value in table.items() if value not in (None, "", [])}


def _problems(document: dict[str, Any]) -> Iterator[str]:
    visit = document["visit"]
    for key, value in visit.items():
        yield from _value_problems(f"visit {key}", value)
    for index, leg in enumerate(visit.get("legs", []), start=1):
        for key, value in leg.items():
            yield from _value_problems(f"visit stop {index} {key}", value)
    for section in document.get("sections", []):
        title = section["title"]
        holding = ", ".join(f"item {item['id']}" for item in section["items"])
        if not title.strip():
            yield f"the section holding {holding} has no title"
        yield from _value_problems(f"section {shown(title)} (holding {holding}): title", title)
        for item in section["items"]:
            place = f"item {item['id']} ({shown(item['text'])}) in section {shown(title)}:"
            if not item["text"].strip():
                yield f"{place} text is empty"
            for key, value in item.items():
                yield from _value_problems(f"{place} {key}", value)


def _value_problems(place: str, value: object) -> Iterator[str]:
    problem = None
    if isinstance(value, str):
        problem = string_problem(value)
    elif isinstance(value, date):
        problem = date_problem(value)
    if problem:
        yield f"{place} {problem}"


def _render(document: dict[str, Any], left_out: str) -> str:
    """TOML with one `key = value` per line: [visit], [[visit.legs]], [[sections.items]],
    under its schema and marking, and a comment saying what was left out.

    tomli-w writes every value; the headers are ours, because tomli-w would put short
    tables inline, which is harder to edit by hand.
    """
    visit = dict(document["visit"])
    legs = visit.pop("legs", [])
    parts = [
        tomli_w.dumps({"schema": document["schema"]}),
        "# The highest handling marking among the records in this file:\n",
        tomli_w.dumps({"marking": document["marking"]}),
        f"# {left_out}\n" if left_out else "",
        "\n[visit]\n",
        tomli_w.dumps(visit),
    ]
    for leg in legs:
        parts += ["\n[[visit.legs]]\n", tomli_w.dumps(leg)]
    for section in document.get("sections", []):
        parts += ["\n[[sections]]\n", tomli_w.dumps({"title": section["title"]})]
        for item in section["items"]:
            parts += ["\n[[sections.items]]\n", tomli_w.dumps(item)]
    text = "".join(parts)
    if tomllib.loads(text) != document:
        raise ChecklistNotExportable("Not exported: the file would not read back as written.")
    return text
