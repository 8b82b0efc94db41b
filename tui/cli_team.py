"""`bilateral team` (clearances of the team server's roles) and `bilateral markings` (the
department's handling markings, lowest first)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from db.engine import Database


def add_team_commands(group: click.Group) -> None:
    """Give the `bilateral` command its `team` and `markings` commands."""
    group.add_command(team)
    group.add_command(markings)


@contextmanager
def _database(target: str, team_server: bool = False) -> Iterator["Database"]:
    """The open database, closed afterwards; errors as messages. With `team_server`, a
    SQLite file is refused before anything opens (or creates) it."""
    from db.errors import BilateralError
    from db.locations import database_url, sqlite_path
    from db.opening import open_database

    if team_server and sqlite_path(database_url(target)) is not None:
        from db.team import ON_SQLITE

        raise click.ClickException(ON_SQLITE)
    try:
        database = open_database(target)
    except BilateralError as error:
        raise click.ClickException(str(error)) from None
    try:
        yield database
    except BilateralError as error:
        raise click.ClickException(str(error)) from None
    finally:
        database.close()


@click.group()
def team() -> None:
    """Who may see what on the team server: clearances of PostgreSQL roles.

    A role sees and changes records marked up to its clearance, no higher; a role without
    one sees the lowest level only. Run these as the administrator (the tables' owner).
    """


@team.command(name="grant")
@click.argument("role")
@click.option("--up-to", "level", required=True, metavar="LEVEL", help="The highest marking.")
@click.pass_obj
def grant_command(paths, role: str, level: str) -> None:  # noqa: ANN001 - tui.paths.Paths
    """Clear ROLE (a PostgreSQL role) for records marked up to LEVEL, with the privileges it
    needs to use bilateral. Granting again changes the clearance."""
    from db.markings import marking_levels
    from db.team import grant_clearance

    with _database(paths.database, team_server=True) as database:
        levels = marking_levels(database)
        grant_clearance(database, role, levels.rank(level))
        name = levels.name(levels.rank(level))
    click.echo(f"{role} may now see and change records marked up to {name}.")


@team.command(name="revoke")
@click.argument("role")
@click.pass_obj
def revoke_command(paths, role: str) -> None:  # noqa: ANN001 - tui.paths.Paths
    """Take ROLE's clearance and its privileges on bilateral's records away."""
    from db.team import revoke_clearance

    with _database(paths.database, team_server=True) as database:
        revoke_clearance(database, role)
    click.echo(f"{role} has no clearance any more and cannot read bilateral's records.")


@team.command(name="list")
@click.pass_obj
def list_command(paths) -> None:  # noqa: ANN001 - tui.paths.Paths
    """Print each role with a clearance and the highest marking it may see."""
    from db.markings import marking_levels
    from db.team import list_clearances

    with _database(paths.database, team_server=True) as database:
        clearances = list_clearances(database)
        levels = marking_levels(database)
    if not clearances:
        click.echo(f"No role has a clearance: a role with privileges sees {levels.lowest} only.")
        return
    width = max(len(role) for role, _ in clearances)
    for role, up_to in clearances:
        click.echo(f"{role:<{width}}  up to {levels.name(up_to)}")


@click.group(invoke_without_command=True)
@click.pass_context
def markings(ctx: click.Context) -> None:
    """Print the handling markings, lowest first (`markings set` replaces them)."""
    if ctx.invoked_subcommand is not None:
        return
    from db.markings import marking_levels

    with _database(ctx.obj.database) as database:
        levels = marking_levels(database)
    for rank, name in enumerate(levels.names):
        click.echo(f"{rank}  {name}")


@markings.command(name="set")
@click.argument("names", nargs=-1, required=True, metavar="NAME...")
@click.pass_obj
def set_command(paths, names: tuple[str, ...]) -> None:  # noqa: ANN001 - tui.paths.Paths
    """Replace the handling markings with NAME..., lowest first. Records keep their rank:
    the first name is what a record at the lowest level is marked."""
    from db.markings import set_marking_levels

    with _database(paths.database) as database:
        levels = set_marking_levels(database, list(names))
    click.echo("The handling markings are now, lowest first: " + ", ".join(levels.names) + ".")
