"""Helpers for driving the app with Textual's Pilot."""

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.worker import WorkerCancelled

from tests.helpers.clock import fixed_now
from tui.app import BilateralApp
from tui.config import Config
from tui.paths import Paths

SIZE = (120, 40)


def make_app(paths: Paths, config: Config | None = None) -> BilateralApp:
    """The app on the test's database, with the test clock."""
    return BilateralApp(paths, config, now=fixed_now)


@asynccontextmanager
async def running(
    paths: Paths,
    config: Config | None = None,
    size: tuple[int, int] = SIZE,
    *,
    app: Callable[[Paths, Config | None], BilateralApp] = make_app,
) -> AsyncIterator[Pilot]:
    """The app (`make_app`'s unless told) running in a terminal of `size`, settled after its
    start; its Pilot. The app stays reachable as `pilot.app` after it has ended."""
    started = app(paths, config)
    async with started.run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot


@asynccontextmanager
async def taking_notes(
    paths: Paths, meeting_id: int, config: Config | None = None, size: tuple[int, int] = SIZE
) -> AsyncIterator[Pilot]:
    """The app running with live notes open for the meeting (loaded); its Pilot."""
    from screens.notes.live import LiveNotesScreen

    async with running(paths, config, size) as pilot:
        await show(pilot, LiveNotesScreen(pilot.app.context, meeting_id))
        yield pilot


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


async def press(pilot: Pilot, *keys: str) -> None:
    """Press the keys (as Pilot does), then settle."""
    await pilot.press(*keys)
    await settle(pilot)


async def show(
    pilot: Pilot, screen: Screen, callback: Callable[[Any], None] | None = None
) -> Screen:
    """Push `screen` (a record's page, a form…; `callback` gets what it is dismissed with)
    and settle; the screen shown then."""
    pilot.app.push_screen(screen, callback)
    await settle(pilot)
    return pilot.app.screen


def screen_text(pilot: Pilot) -> str:
    """Everything visible on the screen now, as plain text lines (what a user reads)."""
    strips = pilot.app.screen._compositor.render_strips()  # noqa: SLF001 - no public API for this
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def notices(pilot: Pilot) -> str:
    """The messages of the notifications currently shown (toasts wrap, so read them here)."""
    return "\n".join(n.message for n in pilot.app._notifications)  # noqa: SLF001


def steady_cursors(app: App) -> None:
    """Stop every text cursor blinking, in every screen of the stack: the cursor of the
    focused field is then shown steadily, so that a snapshot does not depend on when in the
    blink it is taken."""
    for screen in app.screen_stack:
        for field in screen.query("Input, TextArea"):
            field.cursor_blink = False


async def answer_level(pilot: Pilot) -> None:
    """An export first asks up to which handling marking: a choice of the demo's levels, the
    highest first and focused; enter picks it."""
    from textual.widgets import Button

    from screens.dialogs import ChoiceScreen

    choice = pilot.app.screen
    assert isinstance(choice, ChoiceScreen)
    buttons = list(choice.query(Button))
    assert [str(button.label) for button in buttons] == [
        "CONFIDENTIAL (1)",
        "RESTRICTED (2)",
        "UNCLASSIFIED (3)",
    ]
    assert pilot.app.focused is buttons[0]
    await press(pilot, "enter")


async def wait_for(pilot: Pilot, done: Callable[[], bool], what: str, guard: float = 30) -> None:
    """Let the app run until `done()` holds; fail saying `what` after `guard` seconds (a guard
    against a hanging test only: what it waits for comes long before)."""
    deadline = time.monotonic() + guard
    while not done():
        assert time.monotonic() < deadline, what
        await pilot.pause(0.01)
