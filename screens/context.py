"""What every screen needs from the shell: the database (once open) and today's date.

The database opens in a worker while the first frame is drawn; a screen's worker asks for
it with `database()`, which waits until it is ready.
"""

import gc
import getpass
import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.engine import Database


class DatabaseNotOpen(Exception):
    """The database could not be opened; the message says why."""


class AppContext:
    """Shared by the App and its screens; safe to use from worker threads."""

    def __init__(
        self,
        now: Callable[[], datetime] = datetime.now,
        me: str = "",
        templates_dir: Path | None = None,
        exports_dir: Path | None = None,
    ) -> None:
        self._ready = threading.Event()
        self._database: Database | None = None
        self._error: str | None = None
        self.now = now
        # Whose items the "mine" views show: matched against owners, ignoring case and accents.
        self.me = me or getpass.getuser()
        # The user's own checklist templates, beside the built-in ones.
        self.templates_dir = templates_dir
        # Where checklist exports are offered to go (the working folder when not told).
        self.exports_dir = exports_dir or Path.cwd()
        # Screens holding unsaved text register here, so quitting can save them first.
        self.live_editors: set = set()
        # Record forms open now (screens.forms.FormScreen): quitting asks about unsaved ones.
        self.open_forms: set = set()
        # Called once, when the first screen has drawn its first rows (the app's idle work).
        self.on_first_rows: Callable[[], None] | None = None

    def today(self) -> date:
        """Today's date (from the injectable clock, so tests can fix it)."""
        return self.now().date()

    def screen_shown(self) -> None:
        """A screen has drawn its first rows (call from the app's thread)."""
        # What was built so far lives on: keep the collector from scanning it again and again
        # (a full collection of the start-up objects paused a screen's opening for ~100 ms).
        gc.freeze()
        if self.on_first_rows is not None:
            first, self.on_first_rows = self.on_first_rows, None
            first()

    def set_database(self, database: "Database") -> None:
        self._database = database
        self._ready.set()

    def set_error(self, message: str) -> None:
        self._error = message
        self._ready.set()

    @property
    def is_ready(self) -> bool:
        return self._ready.is_set() and self._database is not None

    def database(self, timeout: float | None = 60) -> "Database":
        """The open database, waiting for it to open (call from a worker thread)."""
        if not self._ready.wait(timeout):
            raise DatabaseNotOpen("The database is taking too long to open.")
        if self._database is None:
            raise DatabaseNotOpen(self._error or "The database is not open.")
        return self._database
