"""The `bilateral` command. Only the TUI start imports Textual; the rest stays light."""

import sys
from contextlib import closing
from datetime import date
from pathlib import Path

import click

from tui.cli_documents import (
    export_brief_command,
    export_calendar_command,
    export_report_command,
    export_target,
    import_calendar_command,
    level_rank,
    report_left_out,
    up_to_option,
)
from tui.paths import DB_ENV, resolve_paths


def _open(db_target: str):  # noqa: ANN202 - db.engine.Database, imported lazily
    from db.errors import BilateralError
    from db.opening import open_database

    try:
        return open_database(db_target)
    except BilateralError as error:
        raise click.ClickException(str(error)) from None


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_target",
    metavar="PATH|URL",
    help=f"Database file or URL (default: the user data directory; env {DB_ENV}).",
)
# The version is looked up when asked for: importlib.metadata would slow every start.
@click.version_option(package_name="bilateral", prog_name="bilateral")
@click.pass_context
def main(ctx: click.Context, db_target: str | None) -> None:
    """bilateral: partners, meetings, proposals and visit checklists, in the terminal.

    Without a command, starts the application.
    """
    ctx.obj = resolve_paths(db_target)
    if ctx.invoked_subcommand is None:
        from tui.run import run_app

        sys.exit(run_app(ctx.obj))


@main.command()
@click.option("--force", is_flag=True, help="Add the demo records even if the database has data.")
@click.pass_obj
def demo(paths, force: bool) -> None:  # noqa: ANN001 - tui.paths.Paths
    """Load the demo data set (two 2025 delegation visits) into the database."""
    from db.demo import load_demo
    from db.errors import BilateralError

    database = _open(paths.database)
    try:
        load_demo(database, force=force)
    except BilateralError as error:
        raise click.ClickException(str(error)) from None
    finally:
        database.close()
    click.echo(f"Demo data loaded into {paths.database}")


@main.command()
@click.pass_obj
def paths(paths) -> None:  # noqa: ANN001 - tui.paths.Paths
    """Print where the database, backups, configuration, exports and log live."""
    click.echo(f"database  {paths.database}")
    click.echo(f"backups   {paths.backups_dir or 'none here: back up the server with pg_dump'}")
    click.echo(f"config    {paths.config_file}")
    click.echo(f"exports   {paths.exports_dir}")
    click.echo(f"log       {paths.log_file}")


@main.command()
@click.pass_obj
def keys(paths) -> None:  # noqa: ANN001 - tui.paths.Paths
    """Print every key, by screen: its binding id, key(s) and what it does.

    The keys are those in effect: a key remapped in the config file's [keymap] (by its
    binding id) shows with its default beside it.
    """
    from screens.help import key_catalogue
    from tui.app import BilateralApp
    from tui.config import load_config

    config = load_config(paths.config_file)
    for problem in config.problems:
        click.echo(problem, err=True)
    groups = key_catalogue(BilateralApp)
    bindings = [entry.binding for _, entries in groups for entry in entries]

    def keys_of(binding) -> str:  # noqa: ANN001 - textual.binding.Binding
        remapped = config.keymap.get(binding.id or "")
        return f"{remapped} (default {binding.key})" if remapped else binding.key

    id_width = max(len(binding.id or "") for binding in bindings)
    key_width = max(len(keys_of(binding)) for binding in bindings)
    click.echo(
        "Keys by screen: binding id, key(s), what it does. To remap one, in the config file "
        f'({paths.config_file}):\n  [keymap]\n  "partners.add" = "n"'
    )
    for heading, entries in groups:
        click.echo(f"\n{heading}")
        for binding, where in entries:
            what = f"{binding.description} ({where})" if where else binding.description
            if binding.tooltip:
                what = f"{what} — {binding.tooltip}"
            click.echo(
                f"  {binding.id or '(no id)':<{id_width}}  {keys_of(binding):<{key_width}}  {what}"
            )
    unknown = sorted(set(config.keymap) - {binding.id for binding in bindings})
    if unknown:
        click.echo(
            f"[keymap] in {paths.config_file} names no binding id: {', '.join(unknown)}", err=True
        )


def _sqlite_file(paths, restoring: bool = False) -> Path:  # noqa: ANN001 - tui.paths.Paths
    """The database's file, decided from its path or URL before anything connects."""
    from db.backups import server_tools_hint
    from db.engine import database_url, sqlite_path

    url = database_url(paths.database)
    file = sqlite_path(url)
    if file is not None:
        return file
    if url.startswith("postgresql"):
        raise click.ClickException(server_tools_hint(url, restoring))
    raise click.ClickException(f"{paths.database} is not a SQLite database file.")


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: today's copy in the backups folder, replacing an earlier one).",
)
@click.pass_obj
def backup(paths, output: Path | None) -> None:  # noqa: ANN001 - tui.paths.Paths
    """Back up the database now: a copy made and checked by SQLite itself."""
    from db.backups import back_up_now
    from db.errors import BilateralError

    database = _sqlite_file(paths)
    try:
        target = back_up_now(database, paths.backups_dir, date.today(), output)
    except BilateralError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"Nothing was backed up: {error}") from None
    click.echo(f"Backed up {database} to {target} ({_size(target.stat().st_size)}, checked).")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def restore(paths, file: Path) -> None:  # noqa: ANN001 - tui.paths.Paths
    """Replace the database with a backup FILE, checked first; the replaced one is kept."""
    from datetime import datetime

    from db.backups import restore as restore_database
    from db.errors import BilateralError
    from db.schema import HEAD_REVISION

    database = _sqlite_file(paths, restoring=True)
    try:
        restored = restore_database(file, database, datetime.now())
    except BilateralError as error:
        raise click.ClickException(f"Not restored: {error} {database} was not changed.") from None
    except OSError as error:
        raise click.ClickException(f"Not restored: {error}") from None
    click.echo(f"Restored {database} from {file} (schema {restored.revision}).")
    if restored.revision != HEAD_REVISION:
        click.echo("Its schema is older: it is upgraded, after a copy, when next opened.")
    if restored.kept_aside is not None:
        click.echo(f"The database it replaced is kept as {restored.kept_aside}")


@main.group(name="export")
def export_group() -> None:
    """Write records to files."""


@export_group.command(name="checklist")
@click.argument("visit")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: the exports directory, named after the visit).",
)
@click.option(
    "--generate",
    is_flag=True,
    help="Generate the checklist first, or bring it up to date with the records.",
)
@up_to_option
@click.pass_obj
def export_checklist_command(  # noqa: ANN001 - tui.paths.Paths
    paths, visit: str, output: Path | None, generate: bool, up_to: str | None
) -> None:
    """Export a visit's checklist as TOML. VISIT is its id or a unique part of its title."""
    from db.checklists.changes import generate_checklist
    from db.checklists.toml_format import find_visit, suggested_file_name
    from db.checklists.toml_write import checklist_export, write_export
    from db.errors import BilateralError
    from db.text import counted

    database = _open(paths.database)
    try:
        rank, level = level_rank(database, up_to)
        visit_id = find_visit(database, visit)
        if generate:
            generate_checklist(
                database, visit_id, today=date.today(), templates_dir=paths.templates_dir
            )
        exported = checklist_export(database, visit_id, rank)
        target = export_target(
            database,
            output,
            lambda: paths.exports_dir / suggested_file_name(database, visit_id, date.today()),
        )
        write_export(exported.text, target)
    except BilateralError as error:
        raise click.ClickException(str(error)) from None
    finally:
        database.close()
    click.echo(f"Wrote {counted(exported.items, 'item')} to {target}")
    report_left_out(exported.left_out, level)


@main.group(name="import")
def import_group() -> None:
    """Read records back from files."""


export_group.add_command(export_brief_command)
export_group.add_command(export_report_command)
export_group.add_command(export_calendar_command)
import_group.add_command(import_calendar_command)


@import_group.command(name="checklist")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def import_checklist_command(paths, file: Path) -> None:  # noqa: ANN001 - tui.paths.Paths
    """Apply a checklist file (exported, then edited) to its visit's checklist."""
    from db.checklists.toml_read import import_checklist, read_checklist_file
    from db.errors import BilateralError

    try:
        text = read_checklist_file(file)
    except BilateralError as error:
        raise click.ClickException(str(error)) from None
    database = _open(paths.database)
    try:
        result = import_checklist(database, text)
    except BilateralError as error:
        raise click.ClickException(str(error)) from None
    finally:
        database.close()
    if not result.changed:
        click.echo(f"Nothing to change: the checklist of {result.visit_title!r} matches {file}")
        return
    counts = (
        (result.ticked, "ticked"),
        (result.unticked, "unticked"),
        (result.edited, "edited"),
        (result.added, "added"),
    )
    summary = ", ".join(f"{number} {what}" for number, what in counts if number)
    click.echo(f"Imported {file} into the checklist of {result.visit_title!r}: {summary}")


def _sqlite_files(file: Path | None) -> list[Path]:
    """A SQLite database file and the files SQLite keeps beside it."""
    if file is None:
        return []
    return [file, *(file.with_name(file.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]


@main.command(name="copy")
@click.option("--from", "source", required=True, metavar="PATH|URL", help="Database to copy.")
@click.option(
    "--to", "target", required=True, metavar="PATH|URL", help="Empty database to copy into."
)
def copy_command(source: str, target: str) -> None:
    """Copy a whole database into an empty one (SQLite or PostgreSQL), verified by checksum."""
    from db.database_copy import copy_database
    from db.engine import database_url, sqlite_path
    from db.errors import BilateralError
    from db.text import counted

    source_file = sqlite_path(database_url(source))
    if source_file is not None and not source_file.exists():
        raise click.ClickException(f"There is no database at {source_file}; nothing was copied.")
    # A new SQLite file made for the copy goes again if the copy fails (a file that was there
    # before is left as it is).
    target_file = sqlite_path(database_url(target))
    new_file = target_file is not None and not target_file.exists()
    made = [path for path in _sqlite_files(target_file) if new_file and not path.exists()]
    try:
        with closing(_open(source)) as origin, closing(_open(target)) as destination:
            try:
                report = copy_database(
                    origin,
                    destination,
                    progress=lambda table, rows: click.echo(
                        f"  {table:<16} {rows:>7,} row{'' if rows == 1 else 's'}"
                    ),
                )
            except BilateralError as error:
                raise click.ClickException(str(error)) from None
    except (Exception, KeyboardInterrupt) as failure:
        if not made:
            raise
        for path in made:
            path.unlink(missing_ok=True)
        if isinstance(failure, click.ClickException):
            raise click.ClickException(
                f"{failure.message} The new file {target_file} was removed again."
            ) from None
        raise
    click.echo(
        f"Copied {counted(report.total_rows, 'row')} in {counted(len(report.rows), 'table')}; "
        f"checksum {report.checksum[:16]}… matches."
    )


from tui.cli_encryption import add_encryption_commands  # noqa: E402 - needs `main` defined
from tui.cli_team import add_team_commands  # noqa: E402 - needs `main` defined

add_encryption_commands(main)
add_team_commands(main)
