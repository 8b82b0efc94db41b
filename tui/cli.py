"""The `bilateral` command. Only the TUI start imports Textual; the rest stays light."""

import sys
from importlib.metadata import PackageNotFoundError, version

import click

from tui.paths import DB_ENV, resolve_paths


def _version() -> str:
    try:
        return version("bilateral")
    except PackageNotFoundError:
        return "unknown"


def _open(db_target: str):  # noqa: ANN202 - db.engine.Database, imported lazily
    from db.engine import open_database
    from db.errors import BilateralError

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
@click.version_option(_version(), "--version", prog_name="bilateral")
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
    """Print where the database, configuration, exports and log live."""
    click.echo(f"database  {paths.database}")
    click.echo(f"config    {paths.config_file}")
    click.echo(f"exports   {paths.exports_dir}")
    click.echo(f"log       {paths.log_file}")
