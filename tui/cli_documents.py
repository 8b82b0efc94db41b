"""The CLI's documents and calendar: `export brief|report|calendar`, `import calendar`.

Attached to the `export` and `import` groups by tui.cli; imports stay inside the commands so
that `bilateral --help` stays quick.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tui.paths import Paths

if TYPE_CHECKING:
    from db.engine import Database

OUTPUT_HELP = "File to write (default: the exports directory, named after the record)."
UP_TO_HELP = (
    "Leave out every record marked above this handling marking (a level's name, in any case; "
    "default: every record)."
)

up_to_option = click.option("--up-to", "up_to", metavar="LEVEL", help=UP_TO_HELP)


def _open(paths: Paths):  # noqa: ANN202 - db.engine.Database, imported lazily
    from db.errors import BilateralError
    from db.opening import open_database

    try:
        return open_database(paths.database)
    except BilateralError as error:
        raise click.ClickException(str(error)) from None


@contextmanager
def working_on(paths: Paths) -> Iterator["Database"]:
    """The database, open while a command works on it; a BilateralError ends the command with
    its sentence."""
    from db.errors import BilateralError

    database = _open(paths)
    try:
        yield database
    except BilateralError as error:
        raise click.ClickException(str(error)) from None
    finally:
        database.close()


def visit_export(
    database,  # noqa: ANN001 - db.engine.Database
    paths: Paths,
    visit: str,
    output: Path | None,
    kind: str,
    suffix: str = ".pdf",
) -> tuple[int, Path]:
    """The visit VISIT names, and where its `kind` of document goes."""
    from db.checklists.toml_format import find_visit
    from db.documents.exports import document_path

    visit_id = find_visit(database, visit)
    title = visit_title(database, visit_id)
    target = export_target(
        database,
        output,
        lambda: document_path(paths.exports_dir, kind, title, date.today(), suffix),
    )
    return visit_id, target


def export_target(database, output: Path | None, default: Callable[[], Path]) -> Path:  # noqa: ANN001
    """Where an export goes. An export is a plain file: from an encrypted database the user
    must say where it goes (-o), never a default folder they did not choose."""
    if output is not None:
        return output
    if database.path is not None:
        from db.encryption import is_encrypted

        if is_encrypted(database.path):
            raise click.ClickException(
                "The database is encrypted and an export is a plain, readable file: say where "
                "it goes with -o FILE. Nothing was written."
            )
    return default()


def level_rank(database, name: str | None) -> tuple[int | None, str]:  # noqa: ANN001 - db.engine.Database
    """The rank of the level named (None without one) and its name as the database spells it;
    an unknown name raises db.markings.UnknownLevel, in words."""
    if name is None:
        return None, ""
    from db.markings import marking_levels

    levels = marking_levels(database)
    rank = levels.rank(name)
    return rank, levels.name(rank)


def report_left_out(left_out: int, level: str) -> None:
    """Say how many records above the level were left out, if any were."""
    if left_out:
        from db.text import counted

        click.echo(f"Left out {counted(left_out, 'record')} above {level}.")


def _prepared_by(paths: Paths) -> str:
    import getpass

    from tui.config import load_config

    return load_config(paths.config_file).me or getpass.getuser()


def _report_written(written, level: str) -> None:  # noqa: ANN001 - db.documents.exports.DocumentWritten
    kind = "PDF" if written.format == "pdf" else "Markdown"
    click.echo(f"Wrote {written.path} ({kind}).")
    report_left_out(written.left_out, level)
    for warning in written.warnings:
        click.echo(f"Note: {warning}", err=True)


@click.command(name="brief")
@click.argument("visit", required=False)
@click.option("--meeting", "meeting_id", type=int, help="The brief of one meeting, by its id.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"{OUTPUT_HELP} .md writes Markdown, .pdf a PDF.",
)
@up_to_option
@click.pass_obj
def export_brief_command(
    paths: Paths,
    visit: str | None,
    meeting_id: int | None,
    output: Path | None,
    up_to: str | None,
) -> None:
    """Write the brief of a visit (VISIT: its id or a unique part of its title) or of one
    meeting (--meeting ID): cover, purpose, talking points, programme, delegations, each
    partner's background, checklist status."""
    from db.documents.exports import document_path, export_brief
    from db.meetings import get_meeting

    if (visit is None) == (meeting_id is None):
        raise click.UsageError("Name a visit, or give --meeting ID (one of the two).")
    with working_on(paths) as database:
        rank, level = level_rank(database, up_to)
        if meeting_id is None:
            visit_id, target = visit_export(database, paths, visit or "", output, "brief")
        else:
            title = get_meeting(database, meeting_id).title
            visit_id, target = (
                None,
                export_target(
                    database,
                    output,
                    lambda: document_path(paths.exports_dir, "brief", title, date.today()),
                ),
            )
        written = export_brief(
            database,
            target,
            visit_id=visit_id,
            meeting_id=meeting_id,
            prepared_by=_prepared_by(paths),
            today=date.today(),
            up_to=rank,
        )
    _report_written(written, level)


@click.command(name="report")
@click.argument("visit")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"{OUTPUT_HELP} .md writes Markdown, .pdf a PDF.",
)
@up_to_option
@click.pass_obj
def export_report_command(paths: Paths, visit: str, output: Path | None, up_to: str | None) -> None:
    """Write the record of discussion of a visit: each meeting held, its attendees, outcomes,
    decisions, commitments and proposals, then the open follow-ups."""
    from db.documents.exports import export_report

    with working_on(paths) as database:
        rank, level = level_rank(database, up_to)
        visit_id, target = visit_export(database, paths, visit, output, "report")
        written = export_report(
            database,
            target,
            visit_id=visit_id,
            prepared_by=_prepared_by(paths),
            today=date.today(),
            up_to=rank,
        )
    _report_written(written, level)


@click.command(name="calendar")
@click.argument("visit")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"{OUTPUT_HELP} An iCalendar (.ics) file.",
)
@up_to_option
@click.pass_obj
def export_calendar_command(
    paths: Paths, visit: str, output: Path | None, up_to: str | None
) -> None:
    """Write a visit's programme as an iCalendar file: an event per meeting (in its own time
    zone) and the checklist's open items as tasks."""
    from db.calendar.export import export_calendar
    from db.text import counted

    with working_on(paths) as database:
        rank, level = level_rank(database, up_to)
        visit_id, target = visit_export(database, paths, visit, output, "calendar", ".ics")
        written = export_calendar(database, visit_id, target, up_to=rank)
    click.echo(
        f"Wrote {counted(written.events, 'event')} and {counted(written.todos, 'task')} "
        f"to {written.path}"
    )
    report_left_out(written.left_out, level)


@click.command(name="calendar")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--visit", help="Plan the meetings in this visit (its id or part of its title).")
@click.option("--partner", help="The partner the meetings are with (its id or part of its name).")
@click.option("--dry-run", is_flag=True, help="List what would be imported; change nothing.")
@click.pass_obj
def import_calendar_command(
    paths: Paths, file: Path, visit: str | None, partner: str | None, dry_run: bool
) -> None:
    """Plan meetings from an iCalendar file (an invitation from Outlook or Google, or a
    partner's programme): every event not already here becomes a planned meeting."""
    from db.calendar.apply import import_events
    from db.calendar.read import read_calendar
    from db.checklists.toml_format import find_visit
    from db.partners import find_partner
    from db.text import counted

    with working_on(paths) as database:
        visit_id = find_visit(database, visit) if visit else None
        partner_id = find_partner(database, partner) if partner else None
        preview = read_calendar(database, file, visit_id=visit_id)
        for event in preview.events:
            click.echo(event_line(event))
        for note in preview.notes:
            click.echo(note)
        new = [event.uid for event in preview.events if not event.already_here]
        if dry_run:
            click.echo(
                f"Dry run: {counted(len(new), 'meeting')} would be planned; nothing was changed."
            )
            return
        imported = import_events(database, preview, new, visit_id=visit_id, partner_id=partner_id)
    click.echo(
        f"Planned {counted(len(imported.created), 'meeting')} from {file}"
        + (
            f"; {imported.unchanged:,} already here, left as they were."
            if imported.unchanged
            else "."
        )
    )


def event_line(event) -> str:  # noqa: ANN001 - db.calendar.read.EventPreview
    """One event of a calendar file, as the import lists it."""
    when = event.starts_at.strftime("%Y-%m-%d" if event.all_day else "%Y-%m-%d %H:%M")
    zone = f" {event.time_zone}" if event.time_zone and not event.all_day else ""
    matched = sum(1 for attendee in event.attendees if attendee.person_id is not None)
    people = f" · {matched}/{len(event.attendees)} attendees known" if event.attendees else ""
    here = " · already here" if event.already_here else ""
    place = f" · {event.place}" if event.place else ""
    return f"  {when}{zone} · {event.title}{place}{people}{here}"


def visit_title(database, visit_id: int) -> str:  # noqa: ANN001 - db.engine.Database
    from db.visits import get_visit

    return get_visit(database, visit_id, date.today()).title
