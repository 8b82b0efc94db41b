"""Helpers for driving the app with Textual's Pilot."""

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from tests.conftest import fixed_now
from tui.app import BilateralApp
from tui.config import Config
from tui.paths import Paths


def make_app(paths: Paths, config: Config | None = None) -> BilateralApp:
    """The app on the test's database, with the test clock."""
    return BilateralApp(paths, config, now=fixed_now)


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Let workers finish and the screen catch up with what they posted.

    A worker replaced by a newer one of its group (exclusive) ends cancelled: that is the app
    working as meant, so waiting simply goes on for the others.
    """
    for _ in range(rounds):
        await pilot.pause()
        for _attempt in range(10):
            try:
                await pilot.app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                await pilot.pause()
        await pilot.pause()


def screen_text(pilot: Pilot) -> str:
    """Everything visible on the screen now, as plain text lines (what a user reads)."""
    strips = pilot.app.screen._compositor.render_strips()  # noqa: SLF001 - no public API for this
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def notices(pilot: Pilot) -> str:
    """The messages of the notifications currently shown (toasts wrap, so read them here)."""
    return "\n".join(n.message for n in pilot.app._notifications)  # noqa: SLF001
