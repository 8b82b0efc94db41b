"""One session of the app on the department database: screens, filters, search, memory.

Run by benchmarks.run as a fresh process per round (`python -m benchmarks.screens DB`, DB a
file path or a URL), so every round opens each screen for the first time, and the memory figure
is the app's alone.
The app runs headless under Textual's Pilot (120×40), with the benchmark's fixed today.

Each screen is opened twice: first as the session's first showing (built ahead while Today
was read: the time that took is `built_ahead_ms`), then again after the others (its rows are
loaded again).
"First rows drawn": the clock starts at the key press (or the filter text set in the box, as
a paste) and stops when the compositor has painted a data row of the screen's table holding
the rows loaded for it: a wrapper around DataTable.render_line notes the first line below the
header painted after the screen's `show_page` (the Dashboard: `show`) ran for that request.
Search as you type: each key of a query is pressed, and the time runs until the search
screen's results for the text typed so far are painted (OptionList.render_line after
SearchScreen.show); then the next key. Memory: VmRSS of this process after visiting
every screen (and the search), read from /proc/self/status.
"""

import asyncio
import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

FIXED_NOW = datetime(2026, 11, 26, 9, 0)
SCREEN_KEYS = ("p", "m", "o", "v", "h")
FILTERS = (
    ("p", "ministry"),
    ("m", "wien"),
    ("o", "training"),
    ("v", "hà nội"),
)
SEARCH_QUERIES = {
    "rare word": "Rückübernahmeabkommen",
    "common word": "cooperation",
    "prefix": "cyber",
    "diacritics": "da nang",
}


class Probe:
    """When the rows asked for were painted."""

    def __init__(self) -> None:
        self.shown_at: float | None = None
        self.drawn_at: float | None = None
        self.screen_type: type | None = None
        self.query: str | None = None
        # (request → rows handed to the screen, → painted) of each wait, in ms.
        self.splits: list[tuple[float, float]] = []
        self.painted_event = asyncio.Event()
        # How long each screen's fetch (its SQL, in a worker thread) took, in ms.
        self.fetches: list[tuple[str, float]] = []

    def arm(self, screen_type: type, query: str | None = None) -> float:
        self.shown_at = self.drawn_at = None
        self.painted_event = asyncio.Event()
        self.screen_type, self.query = screen_type, query
        return time.perf_counter()

    def shown(self, screen: object, query: str | None) -> None:
        if isinstance(screen, self.screen_type or ()) and (self.query in (None, query)):
            self.shown_at = time.perf_counter()

    def painted(self, screen: object) -> None:
        waiting = self.shown_at is not None and self.drawn_at is None
        if waiting and isinstance(screen, self.screen_type or ()):
            self.drawn_at = time.perf_counter()
            self.painted_event.set()

    async def wait(self, started: float, limit: float = 30) -> float:
        if self.drawn_at is None:
            await asyncio.wait_for(self.painted_event.wait(), limit)
        assert self.shown_at is not None
        self.splits.append(
            ((self.shown_at - started) * 1000, (self.drawn_at - self.shown_at) * 1000)
        )
        return (self.drawn_at - started) * 1000


def install(probe: Probe) -> None:
    """Wrap the few methods that say when rows arrive and when they are painted."""
    from textual.widgets import DataTable, OptionList

    from screens.listing import ListScreen
    from screens.search import SearchScreen
    from screens.today import TodayScreen

    show_page = ListScreen.show_page

    def listing_shown(self, query, page):  # noqa: ANN001, ANN202
        show_page(self, query, page)
        if page.offset == 0:
            probe.shown(self, query)

    dashboard_show = TodayScreen.show

    def dashboard_shown(self, board):  # noqa: ANN001, ANN202
        dashboard_show(self, board)
        probe.shown(self, None)

    search_show = SearchScreen.show

    def search_shown(self, results):  # noqa: ANN001, ANN202
        search_show(self, results)
        probe.shown(self, results.query)

    table_line = DataTable.render_line

    def table_painted(self, y):  # noqa: ANN001, ANN202
        strip = table_line(self, y)
        if y >= self.header_height and self.row_count:
            probe.painted(self.screen)
        return strip

    option_line = OptionList.render_line

    def options_painted(self, y):  # noqa: ANN001, ANN202
        strip = option_line(self, y)
        probe.painted(self.screen)
        return strip

    for screen_type in ListScreen.__subclasses__():
        fetch = screen_type.fetch

        def timed_fetch(self, query, offset, fetch=fetch, **paging):  # noqa: ANN001, ANN202, ANN003
            started = time.perf_counter()
            try:
                return fetch(self, query, offset, **paging)
            finally:
                probe.fetches.append((type(self).__name__, (time.perf_counter() - started) * 1000))

        screen_type.fetch = timed_fetch
    ListScreen.show_page = listing_shown
    TodayScreen.show = dashboard_shown
    SearchScreen.show = search_shown
    DataTable.render_line = table_painted
    OptionList.render_line = options_painted


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def session(database: str, workdir: Path) -> dict[str, object]:
    from screens.meetings.list import MeetingsScreen
    from screens.partners.list import PartnersScreen
    from screens.proposals.list import ProposalsScreen
    from screens.search import SearchScreen
    from screens.today import TodayScreen
    from screens.visits.list import VisitsScreen
    from tui.app import BilateralApp
    from tui.config import Config
    from tui.paths import Paths

    screen_types = {
        "h": TodayScreen,
        "p": PartnersScreen,
        "m": MeetingsScreen,
        "o": ProposalsScreen,
        "v": VisitsScreen,
    }
    probe = Probe()
    install(probe)
    paths = Paths(database, workdir / "c.toml", workdir / "e", workdir / "l.log")
    app = BilateralApp(paths, Config(me="Huber"), now=lambda: FIXED_NOW)
    results: dict[str, object] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        started = probe.arm(TodayScreen)
        results["dashboard_at_start_ms"] = await probe.wait(started - 0)
        # The other screens are built while the user reads Today (tui.modes): how long that
        # takes; the screens are opened once it is done, as a reader's first key would be.
        shown_at = time.perf_counter()

        def built() -> bool:
            ready = app.modes.ready.values()
            return len(ready) == len(SCREEN_KEYS) - 1 and all(s.is_mounted for s in ready)

        while not built() and time.perf_counter() - shown_at < 30:
            await asyncio.sleep(0.01)
        await app.workers.wait_for_complete()
        results["built_ahead_ms"] = (time.perf_counter() - shown_at) * 1000

        async def open_each() -> dict[str, float]:
            opened = {}
            for key in SCREEN_KEYS:
                started = probe.arm(screen_types[key])
                await pilot.press(key)
                opened[key] = await probe.wait(started)
                await app.workers.wait_for_complete()
                await pilot.pause()
            return opened

        results["open_ms"] = await open_each()
        results["open_again_ms"] = await open_each()
        filtered = {}
        for key, text in FILTERS:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            box = app.screen.query_one("#filter")
            started = probe.arm(screen_types[key], text)
            box.value = text
            filtered[f"{key} {text}"] = await probe.wait(started)
            await app.workers.wait_for_complete()
            box.value = ""
            await app.workers.wait_for_complete()
            await pilot.pause()
        results["filter_ms"] = filtered
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        typed: dict[str, list[float]] = {}
        for name, query in SEARCH_QUERIES.items():
            box = app.screen.query_one("#search-query")
            box.value = ""
            await app.workers.wait_for_complete()
            await pilot.pause()
            latencies = []
            for index, char in enumerate(query):
                started = probe.arm(SearchScreen, query[: index + 1])
                await pilot.press("space" if char == " " else char)
                latencies.append(await probe.wait(started))
                await app.workers.wait_for_complete()
            typed[name] = latencies
        results["search_keystroke_ms"] = typed
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results["resident_mb"] = resident_mb()
    results["splits_ms"] = probe.splits
    results["fetch_ms"] = probe.fetches
    return results


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        results = asyncio.run(session(sys.argv[1], Path(workdir)))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
