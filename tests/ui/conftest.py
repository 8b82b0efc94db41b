"""Fixtures of the user-interface tests."""

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.pilot import SIZE, make_app, press, settle, steady_cursors
from tui.paths import Paths

# A step towards a snapshot: a string is typed, a tuple holds key names; the app settles after.
Step = str | tuple[str, ...]


@pytest.fixture
def app_snapshot(snap_compare, app_paths: Paths) -> Callable[..., bool]:  # noqa: ANN001
    """Compare the app on the test's database with its stored snapshot, taken after `steps`
    and then `after(pilot)`, with every text cursor steady (a blink must not decide whether
    a snapshot matches)."""

    def matches(
        *steps: Step,
        size: tuple[int, int] = SIZE,
        after: Callable[[Pilot], Awaitable[None]] | None = None,
    ) -> bool:
        async def run_before(pilot: Pilot) -> None:
            await settle(pilot)
            for step in steps:
                await press(pilot, *step)
            if after is not None:
                await after(pilot)
            steady_cursors(pilot.app)
            await settle(pilot)

        return snap_compare(make_app(app_paths), terminal_size=size, run_before=run_before)

    return matches
