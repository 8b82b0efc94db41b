"""`bilateral encrypt`, `decrypt` and `rekey`, and the passphrase typed on the terminal.

An encrypted database asks for its passphrase (hidden) before any command reads it, three
tries at most; `BILATERAL_PASSPHRASE` answers instead, for scripts.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click


def ask_on_terminal(question: str) -> str | None:
    """What the user types (hidden) for `question`; None when no command of this thread can
    ask (the app's workers) or the input ended."""
    if click.get_current_context(silent=True) is None:
        return None
    try:
        answer: str = click.prompt(question, hide_input=True)
    except click.Abort:
        return None
    return answer


def add_encryption_commands(group: click.Group) -> None:
    """Give the `bilateral` command its encryption commands, and a terminal to ask on."""
    from db.encryption import ask_with

    for command in (encrypt, decrypt, rekey):
        group.add_command(command)
    ask_with(ask_on_terminal)


@contextmanager
def _refusals(file: Path) -> Iterator[None]:
    """Errors as messages (each says what became of the database)."""
    from db.errors import BilateralError

    try:
        yield
    except BilateralError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"{error}; {file} was left as it was.") from None


def _database_file(database: str) -> Path:
    from db.locations import database_url, sqlite_path

    file = sqlite_path(database_url(database))
    if file is None:
        raise click.ClickException(
            "The database is on a server: bilateral encrypts only SQLite files. Protect it "
            "with the server's own encryption at rest (disk or tablespace encryption)."
        )
    if not file.is_file():
        raise click.ClickException(f"There is no database at {file}; nothing was changed.")
    return file.resolve()


def _new_passphrase(from_environment: bool) -> str:
    """A new passphrase: $BILATERAL_PASSPHRASE if allowed and set, else typed twice."""
    from db.encryption import PASSPHRASE_ENV, check_new_passphrase

    if from_environment and (given := os.environ.get(PASSPHRASE_ENV)):
        return given
    first = click.prompt("New passphrase", hide_input=True, default="", show_default=False)
    second = click.prompt("Type it again", hide_input=True, default="", show_default=False)
    return check_new_passphrase(first, second)


def _matching(report) -> str:  # noqa: ANN001 - db.file_encryption.Rewritten
    from db.text import counted

    return (
        f"{counted(report.total_rows, 'row')} in {counted(len(report.rows), 'table')} and the "
        f"checksum {report.checksum[:16]}… match"
    )


@click.command()
@click.pass_obj
def encrypt(paths) -> None:  # noqa: ANN001 - tui.paths.Paths
    """Encrypt the database file with a passphrase; its backups from now on too.

    The passphrase is typed twice, or taken from BILATERAL_PASSPHRASE (for scripts).
    """
    from db.encryption import is_encrypted
    from db.file_encryption import encrypt_database, plain_copies
    from db.opening import open_database

    file = _database_file(paths.database)
    if is_encrypted(file):
        raise click.ClickException(
            f"{file} is encrypted already (`bilateral rekey` changes its passphrase); "
            "nothing was changed."
        )
    with _refusals(file):
        passphrase = _new_passphrase(from_environment=True)
        open_database(file).close()  # brought to this version's schema first
        report = encrypt_database(file, passphrase)
    click.echo(f"Encrypted {file}: {_matching(report)}.")
    if report.plain_overwritten:
        click.echo("The plain file's bytes were overwritten before it was removed.")
    else:
        click.echo("The plain file is still reachable under another name (a hard link).")
    if copies := plain_copies(file, paths.backups_dir):
        click.echo("These older copies are not encrypted; delete them if they must not be read:")
        for copy in copies:
            click.echo(f"  {copy}")
    click.echo("Keep the passphrase safe: without it nobody can read the database or its backups.")


@click.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@click.pass_obj
def decrypt(paths, yes: bool) -> None:  # noqa: ANN001 - tui.paths.Paths
    """Turn the encrypted database file back into a plain one, readable without a passphrase."""
    from db.encryption import is_encrypted, passphrase_for
    from db.file_encryption import decrypt_database

    file = _database_file(paths.database)
    if not is_encrypted(file):
        raise click.ClickException(f"{file} is not encrypted; nothing was changed.")
    with _refusals(file):
        passphrase = passphrase_for(file)
        if not yes:
            click.confirm(
                f"Write {file} back as a plain file, readable by anyone who gets the disk?",
                abort=True,
            )
        report = decrypt_database(file, passphrase)
    click.echo(f"Decrypted {file}: {_matching(report)}.")
    click.echo("Its backups taken while it was encrypted stay encrypted, with that passphrase.")


@click.command()
@click.pass_obj
def rekey(paths) -> None:  # noqa: ANN001 - tui.paths.Paths
    """Change the passphrase of the encrypted database file."""
    from db.encryption import is_encrypted, passphrase_for
    from db.file_encryption import rekey_database

    file = _database_file(paths.database)
    if not is_encrypted(file):
        raise click.ClickException(
            f"{file} is not encrypted (`bilateral encrypt` encrypts it); nothing was changed."
        )
    with _refusals(file):
        old = passphrase_for(file)
        new = _new_passphrase(from_environment=False)
        report = rekey_database(file, old, new)
    click.echo(f"Changed the passphrase of {file}: {_matching(report)}.")
    click.echo("Backups taken before keep the old passphrase.")
