"""Start the TUI: logging to a private file, the passphrase of an encrypted database, the App."""

import logging
import os
import sys

from tui.config import load_config
from tui.paths import Paths


def setup_logging(paths: Paths) -> None:
    """Log warnings and errors to a file readable by the user only.

    What the user typed never reaches it: the engines keep statement parameters out of
    their errors (`db.engine.make_engine`)."""
    paths.log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(paths.log_file, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
    handler = logging.StreamHandler(os.fdopen(fd, "a", encoding="utf-8"))
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("bilateral")
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def unlock_database(paths: Paths) -> None:
    """Ask on the terminal for the passphrase of an encrypted database file, before the app
    shows anything; the app then finds it remembered. Raises db.errors.BilateralError."""
    from db.encryption import PASSPHRASE_ENV, is_encrypted, passphrase_for
    from db.locations import database_url, sqlite_path

    file = sqlite_path(database_url(paths.database))
    # A passphrase from the environment is checked when the app opens the database, after its
    # first frame: only one to be typed must be asked for before anything is shown.
    if file is not None and is_encrypted(file) and not os.environ.get(PASSPHRASE_ENV):
        passphrase_for(file)


def run_app(paths: Paths) -> int:
    """Run the application until the user quits; returns the exit code."""
    from db.errors import BilateralError

    setup_logging(paths)
    try:
        unlock_database(paths)
    except BilateralError as error:
        print(error, file=sys.stderr)
        return 2
    from tui.app import BilateralApp

    app = BilateralApp(paths, load_config(paths.config_file))
    app.run()
    return app.return_code or 0
