"""Writing a visit's or a meeting's documents to files, and reading a calendar into a visit:
the handling marking and the file name asked (defaults offered), the work done in a thread,
the outcome said."""

import os
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.markup import escape

from db.text import counted
from screens.context import AppContext
from screens.dialogs import ChoiceScreen, PromptScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from db.documents.exports import DocumentWritten
    from db.markings import Levels
    from db.visit_shapes import VisitDetail

WRITE_HINT = "enter writes the file (readable by you only) · esc cancels"
# The keys answering the question of the level, highest level first (at most 12 levels).
LEVEL_KEYS = "1234567890ab"
# A file name made of a title keeps letters, digits, spaces and dashes, at most this long.
FILE_TITLE_MAX = 80


def file_title(title: str, fallback: str) -> str:
    """A title as it can name a file: 'Return visit Austrian Ministry of the Interior…'."""
    words = re.sub(r"[^\w\- ]+", " ", title).split()
    return " ".join(words)[:FILE_TITLE_MAX].strip() or fallback


def left_out(count: int, level: str) -> str:
    """'Left out 3 records above RESTRICTED.', or '' when none was."""
    return f"Left out {counted(count, 'record')} above {level}." if count else ""


def level_question(levels: "Levels") -> ChoiceScreen:
    """Up to which handling marking a file goes: the levels, highest first (its button has
    the focus), each answered by its rank."""
    ranks = range(levels.highest_rank, -1, -1)
    # A button reads its label as markup; a level's name is the department's own text.
    return ChoiceScreen(
        "Up to which handling marking? Records marked above it are left out.",
        tuple(
            (str(rank), escape(levels.name(rank)), key)
            for rank, key in zip(ranks, LEVEL_KEYS, strict=False)
        ),
    )


def write_file(
    screen: "Screen",
    context: AppContext,
    *,
    heading: str,
    default: Callable[[], Path],
    notice: str,
    write: Callable[[Path, int | None, str], str],
) -> None:
    """Ask up to which handling marking the file goes, then where to write it, offering the
    `default` path (both worked out in a thread); then say `notice` and `write` it in a thread
    (given the path, the rank of the level, None for the highest, and the level's name). What
    `write` returns is said once it is done, a refusal (db.errors.BilateralError) in its own
    words."""

    def offer() -> None:
        from db.markings import marking_levels

        levels = marking_levels(context.database())
        path = str(default())
        screen.app.call_from_thread(
            screen.app.push_screen, level_question(levels), partial(level_chosen, levels, path)
        )

    def level_chosen(levels: "Levels", path: str, answer: str | None) -> None:
        if answer is None:
            return
        rank = int(answer)
        up_to = None if rank == levels.highest_rank else rank
        prompt = PromptScreen(heading, path, WRITE_HINT)
        screen.app.push_screen(prompt, partial(chosen, up_to, levels.name(rank)))

    def chosen(up_to: int | None, level: str, answer: str | None) -> None:
        if answer and answer.strip():
            screen.app.notify(notice)
            target = Path(answer.strip()).expanduser()
            screen.run_worker(
                partial(run, target, up_to, level),
                thread=True,
                group="document-write",
                exit_on_error=False,
            )

    def run(target: Path, up_to: int | None, level: str) -> None:
        from db.errors import BilateralError

        try:
            message = write(target, up_to, level)
        except BilateralError as error:
            screen.app.call_from_thread(
                screen.app.notify, f"Nothing written: {error}", severity="error", timeout=15
            )
            return
        screen.app.call_from_thread(screen.app.notify, message, timeout=10)

    screen.run_worker(offer, thread=True, group="document-path", exit_on_error=False)


def written(what: str, document: "DocumentWritten", level: str) -> str:
    """'Brief written to PATH', and what the user should know about it."""
    return " ".join(
        part
        for part in (
            f"{what} written to {document.path}.",
            left_out(document.left_out, level),
            *document.warnings,
        )
        if part
    )


def write_brief(
    screen: "Screen",
    context: AppContext,
    title: str,
    *,
    visit_id: int | None = None,
    meeting_id: int | None = None,
) -> None:
    """Write the whole brief of the visit or meeting named `title` (PDF, or Markdown when the
    file name ends in .md)."""

    def default() -> Path:
        from db.documents.exports import document_path

        return document_path(context.exports_dir, "brief", title, context.today())

    def write(target: Path, up_to: int | None, level: str) -> str:
        from db.documents.exports import export_brief

        document = export_brief(
            context.database(),
            target,
            visit_id=visit_id,
            meeting_id=meeting_id,
            prepared_by=context.me,
            today=context.today(),
            up_to=up_to,
        )
        return written("Brief", document, level)

    write_file(
        screen,
        context,
        heading="Write the brief (.pdf, or .md for Markdown) to",
        default=default,
        notice="Writing the brief…",
        write=write,
    )


def write_report(screen: "Screen", context: AppContext, title: str, visit_id: int) -> None:
    """Write the record of discussion of the visit named `title`."""

    def default() -> Path:
        from db.documents.exports import document_path

        return document_path(context.exports_dir, "report", title, context.today())

    def write(target: Path, up_to: int | None, level: str) -> str:
        from db.documents.exports import export_report

        document = export_report(
            context.database(),
            target,
            visit_id=visit_id,
            prepared_by=context.me,
            today=context.today(),
            up_to=up_to,
        )
        return written("Visit report", document, level)

    write_file(
        screen,
        context,
        heading="Write the visit report (.pdf, or .md for Markdown) to",
        default=default,
        notice="Writing the visit report…",
        write=write,
    )


def write_calendar(screen: "Screen", context: AppContext, title: str, visit_id: int) -> None:
    """Write the visit's programme (and its checklist's open items) as an iCalendar file."""

    def write(target: Path, up_to: int | None, level: str) -> str:
        from db.calendar.export import export_calendar

        calendar = export_calendar(context.database(), visit_id, target, up_to=up_to)
        done = (
            f"{counted(calendar.events, 'meeting')} and {counted(calendar.todos, 'open item')} "
            f"written to {calendar.path}."
        )
        return " ".join(part for part in (done, left_out(calendar.left_out, level)) if part)

    write_file(
        screen,
        context,
        heading="Write the programme as an iCalendar file (.ics) to",
        default=lambda: context.exports_dir / f"{file_title(title, 'programme')}.ics",
        notice="Writing the calendar…",
        write=write,
    )


def write_checklist(screen: "Screen", context: AppContext, visit_id: int) -> None:
    """Export the visit's checklist as a TOML file."""

    def default() -> Path:
        from db.checklists.toml_format import suggested_file_name

        name = suggested_file_name(context.database(), visit_id, context.today())
        return context.exports_dir / name

    def write(target: Path, up_to: int | None, level: str) -> str:
        from db.checklists.toml_write import checklist_export, write_export

        exported = checklist_export(context.database(), visit_id, up_to)
        write_export(exported.text, target)
        done = f"Wrote {counted(exported.items, 'item')} to {target}."
        return " ".join(part for part in (done, left_out(exported.left_out, level)) if part)

    write_file(
        screen,
        context,
        heading="Export the checklist as TOML to",
        default=default,
        notice="Exporting the checklist…",
        write=write,
    )


def import_calendar(screen: "Screen", context: AppContext, visit_id: int) -> None:
    """Ask for an iCalendar file, read it (in a thread) and offer its events for the visit's
    programme (screens.calendar_import); a file that cannot be read is refused in words."""

    def chosen(answer: str | None) -> None:
        if answer and answer.strip():
            source = Path(answer.strip()).expanduser()
            screen.app.notify(f"Reading {source}…")
            screen.run_worker(
                partial(read, source), thread=True, group="calendar-read", exit_on_error=False
            )

    def read(source: Path) -> None:
        from db.calendar.read import read_calendar
        from db.errors import BilateralError
        from db.partners import organisation_choices
        from db.visits import get_visit
        from screens.calendar_import import CalendarImportScreen

        database = context.database()
        try:
            preview = read_calendar(database, source, visit_id=visit_id)
            visit = get_visit(database, visit_id, context.today())
            partner_id = visit_partner(context, visit)
        except BilateralError as error:
            screen.app.call_from_thread(
                screen.app.notify, f"Nothing imported: {error}", severity="error", timeout=15
            )
            return
        partners = organisation_choices(database)
        preview_screen = CalendarImportScreen(context, visit, preview, partners, partner_id)
        screen.app.call_from_thread(screen.app.push_screen, preview_screen)

    prompt = PromptScreen(
        "Import a calendar (.ics) into this visit's programme from",
        f"{context.exports_dir}{os.sep}",
        "enter reads the file and shows its events first · esc cancels",
    )
    screen.app.push_screen(prompt, chosen)


def visit_partner(context: AppContext, visit: "VisitDetail") -> int | None:
    """Whom a visit's meetings are with: the first partner of its first programme meeting,
    else the organisation of its first stop (in a thread)."""
    from db.meetings import get_meeting

    if visit.programme:
        partners = get_meeting(context.database(), visit.programme[0].id, context.today()).partners
        if partners:
            return partners[0].id
    return next((stop.organisation_id for stop in visit.legs if stop.organisation_id), None)
