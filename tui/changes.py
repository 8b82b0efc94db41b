"""What other sessions save, shown as it happens: the open list or page reloads in place and a
short notice says who changed what ("Saved by anna · checklist updated").

A list or page on top reloads keeping the cursor on its row; a form or dialog on top is left
alone (the page under it reloads when it is shown again, as after any change). The same notice
is not repeated within QUIET_SECONDS (someone typing live notes saves every few seconds).
"""

import time

from textual.app import App
from textual.screen import ModalScreen

from db.change_feed import Change, ChangeFeed
from db.engine import Database

QUIET_SECONDS = 30.0
NOTICE_SECONDS = 4.0
# What the user calls each table's records, in the order a notice names them.
NOUNS = {
    "checklistitem": "checklist",
    "checklist": "checklist",
    "visit": "visits",
    "visitleg": "visits",
    "visitmember": "visits",
    "meeting": "meetings",
    "meetingpartner": "meetings",
    "attendance": "meetings",
    "meetingtopic": "meetings",
    "note": "notes",
    "actionitem": "action items",
    "proposal": "proposals",
    "statuschange": "proposals",
    "proposalmeeting": "proposals",
    "proposaltopic": "proposals",
    "organisation": "partners",
    "milestone": "partners",
    "person": "people",
    "brief": "briefs",
    "topic": "topics",
    "markinglevel": "markings",
}


def notice(changes: list[Change]) -> str:
    """ "Saved by anna · checklist updated", naming each person and kind of record once."""
    actors = list(dict.fromkeys(change.actor or "someone" for change in changes))
    tables = {table for change in changes for table in change.tables}
    nouns = [noun for table, noun in NOUNS.items() if table in tables]
    what = ", ".join(dict.fromkeys(nouns)) or "records"
    return f"Saved by {' and '.join(actors)} · {what} updated"


class ChangeNotices:
    """Listens for other sessions' changes to the app's database while the app runs."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.feed: ChangeFeed | None = None
        self.last_said: dict[str, float] = {}

    def start(self, database: Database) -> None:
        self.feed = ChangeFeed(database, self.heard_in_feed)
        self.feed.start()

    def stop(self) -> None:
        if self.feed is not None:
            self.feed.stop()

    def heard_in_feed(self, changes: list[Change]) -> None:
        if self.app.is_running:
            self.app.call_from_thread(self.heard, changes)

    def heard(self, changes: list[Change]) -> None:
        """Reload what is shown; say who changed what (nothing to say for another program)."""
        screen = self.app.screen
        reload = getattr(screen, "after_change", None)
        if reload is not None and not isinstance(screen, ModalScreen):
            reload()
        if not changes:
            return
        message, now = notice(changes), time.monotonic()
        if now - self.last_said.get(message, -QUIET_SECONDS) >= QUIET_SECONDS:
            self.last_said[message] = now
            self.app.notify(message, timeout=NOTICE_SECONDS)
