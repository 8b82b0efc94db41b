"""Pickers: enter picks among the matches of what is typed, never older ones."""

import time

from screens.pickers import PickerScreen
from tests.pilot import press, running, show


async def test_enter_typed_before_the_matches_arrive_picks_among_them(app_paths, demo_database):
    def search(text: str) -> list[tuple[int, str]]:
        if not text:
            return [(1, "Austrian Institute of Technology"), (2, "Ministry of the Interior")]
        time.sleep(0.3)  # a slow search: enter comes first
        return [(2, "Ministry of the Interior")] if "interior".startswith(text) else []

    picked = []
    async with running(app_paths) as pilot:
        await show(pilot, PickerScreen("Add a partner", search), picked.append)
        await press(pilot, *"interior", "enter")
    assert picked == [2]
