"""CPU time a typed word costs, with the superseded queries stopped in the database and without.

Each keystroke in a list's filter or in search starts a query; the next keystroke stops the
one before (db.cancelling). Here a fast typist's word (a key every KEY_INTERVAL_S) is typed
into the Meetings filter and into search, in a headless app (Textual's Pilot, 120×40) on the
department, and the process's CPU time (every thread: time.process_time) is taken from the
first key until the word's own results are in and every worker has ended. Run twice by
benchmarks.run, as `python -m benchmarks.typing_cpu DB` and with `--without-stopping`, which
makes stopping a query do nothing: the queries of the letters typed before then run to their
end, as they did before queries could be stopped.
"""

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.screens import FIXED_NOW

KEY_INTERVAL_S = 0.06
WORDS = (("m", "wien"), ("search", "cooperation"))
ROUNDS = 3


async def type_word(pilot, word: str) -> float:  # noqa: ANN001 - Textual's Pilot
    """CPU seconds from the first key of `word` until everything it started has ended."""
    app = pilot.app
    started = time.process_time()
    for char in word:
        await pilot.press(char)
        await asyncio.sleep(KEY_INTERVAL_S)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return time.process_time() - started


async def session(database: str, workdir: Path) -> dict[str, list[float]]:
    from tui.app import BilateralApp
    from tui.config import Config
    from tui.paths import Paths

    paths = Paths(database, workdir / "c.toml", workdir / "e", workdir / "l.log")
    app = BilateralApp(paths, Config(me="Huber"), now=lambda: FIXED_NOW)
    spent: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.context.is_ready:
            await asyncio.sleep(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause(2)  # the screens built ahead meanwhile
        for where, word in WORDS:
            spent[f"{where} {word}"] = []
            for _ in range(ROUNDS):
                await pilot.press("ctrl+f" if where == "search" else where)
                if where != "search":
                    await pilot.press("slash")
                await app.workers.wait_for_complete()
                await pilot.pause()
                spent[f"{where} {word}"].append(await type_word(pilot, word))
                await pilot.press("escape")
                await app.workers.wait_for_complete()
                await pilot.pause()
    return spent


def main() -> None:
    database = sys.argv[1]
    if "--without-stopping" in sys.argv[2:]:
        from db.cancelling import QueryHandle

        QueryHandle.cancel = lambda self: None  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as workdir:
        print(json.dumps(asyncio.run(session(database, Path(workdir)))))


if __name__ == "__main__":
    main()
