"""Keeping a form's draft: written in the background, one write at a time, newest last."""

import logging
import threading
from datetime import datetime
from typing import Any

from db.errors import BilateralError
from screens.context import AppContext

log = logging.getLogger("bilateral")


class DraftKeeper:
    """The draft of one form of one record ("meeting:12"); thread-safe.

    Every snapshot of the fields gets a number; a write never replaces a newer one, and
    none happens once the draft was dropped (the form saved or discarded).
    """

    def __init__(self, context: AppContext, form: str, title: str) -> None:
        self.context = context
        self.form = form
        self.title = title
        self._lock = threading.Lock()
        self._taken = 0
        self._written = 0
        self._dropped = False

    def number(self) -> int:
        """The number of a new snapshot (call on the app's thread when taking one)."""
        self._taken += 1
        return self._taken

    def write(self, number: int, fields: dict[str, Any]) -> None:
        """Store snapshot `number` unless a newer one is stored or the draft was dropped."""
        from db.draft_changes import save_draft

        with self._lock:
            if self._dropped or number <= self._written:
                return
            try:
                save_draft(self.context.database(), self.form, self.title, fields)
            except BilateralError as error:
                # The form keeps the text on screen; the next pause tries again.
                log.warning("draft of %s not kept: %s", self.form, error)
                return
            self._written = number

    def drop(self) -> None:
        """The form was saved or deliberately discarded: forget the draft for good."""
        with self._lock:
            self._dropped = True
            self._delete()

    def forget_older(self) -> None:
        """The offered draft was declined: delete it, and keep drafting what comes next."""
        with self._lock:
            self._delete()

    def _delete(self) -> None:
        from db.draft_changes import delete_draft

        try:
            delete_draft(self.context.database(), self.form)
        except BilateralError as error:
            log.warning("draft of %s not deleted: %s", self.form, error)


def when_typed(saved_at: datetime, now: datetime) -> str:
    """'14:32' today, else '30 Nov 14:32': when a draft was typed, as the offer says it."""
    if saved_at.date() == now.date():
        return f"{saved_at:%H:%M}"
    return f"{saved_at.day} {saved_at:%b %H:%M}"
