"""How long a keystroke waits in live notes holding a 100,000-character note, autosave on.

Run with `make bench` (or `python -m benchmarks.live_notes`). While 400 keys are typed in
bursts (the autosave runs during them, at least every half second, and in the pauses), a
probe measures how late a 5 ms timer fires: the longest a keystroke could wait to be
handled. Budget: a keystroke never waits for the disk, so the lag must not grow with the
note or with the saves. benchmarks.run measures it on each backend, in a new database there.
"""

import asyncio
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

KEYSTROKES = 400
NOTE_LENGTH = 100_000


async def measure(
    workdir: Path, note_length: int = NOTE_LENGTH, target: str | None = None
) -> dict[str, float]:
    """The lags on a new database at `target` (a file path or URL; default: a file in
    `workdir`), filled with the demo data and the note."""
    from db.demo import load_demo
    from db.meetings import list_meetings
    from db.note_changes import save_live_document
    from db.notes import live_document
    from db.opening import open_database
    from screens.notes.live import LiveNotesScreen
    from tui.app import BilateralApp
    from tui.paths import Paths

    db_target = target or str(workdir / "bench.db")
    database = open_database(db_target)
    load_demo(database, today=date.today())
    meeting_id = list_meetings(database, "vienna").rows[0].id
    # Paragraphs of a few hundred characters, as typed in a meeting.
    line = "Webinger: e-Government since 1997, three pillars — Lê Quốc Hùng noted. " * 4 + "\n"
    text = (line * (note_length // len(line) + 1))[: note_length - 1] + "\n"
    save_live_document(database, meeting_id, text, None)
    paths = Paths(db_target, workdir / "c.toml", workdir / "e", workdir / "l.log")
    app = BilateralApp(paths)
    lags: list[float] = []
    probing = True

    async def probe_loop_lag() -> None:
        # How late a 5 ms timer fires: the longest time any keystroke could wait to be handled.
        while probing:
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            lags.append(time.perf_counter() - started - 0.005)

    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(LiveNotesScreen(app.context, meeting_id))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LiveNotesScreen)
        saves_before = screen.saved_edits
        probe = asyncio.create_task(probe_loop_lag())
        for index in range(KEYSTROKES):
            key = "enter" if index % 60 == 59 else "x"
            await pilot.press(key)
            if index % 50 == 49:
                # Pause like a typist: the autosave after a pause runs too, not only the
                # one forced every half second while typing goes on.
                await asyncio.sleep(0.6)
        probing = False
        await probe
        assert await screen.flush()
        autosaves = screen.saved_edits - saves_before
    saved = live_document(database, meeting_id)
    database.close()
    assert saved is not None and len(saved.text) == note_length + KEYSTROKES
    lags.sort()
    return {
        "keystrokes": KEYSTROKES,
        "note_characters": len(saved.text),
        "loop_lag_p95_ms": lags[int(len(lags) * 0.95)] * 1000,
        "loop_lag_max_ms": lags[-1] * 1000,
        "edits_saved_by_autosave": autosaves,
    }


def main() -> None:
    results = {}
    for length in (1_000, NOTE_LENGTH):
        with tempfile.TemporaryDirectory() as workdir:
            results[length] = asyncio.run(measure(Path(workdir), length))
    print("live notes, autosave running: how long a keystroke can wait for the event loop")
    print(f"  {'':<26} {'1,000-char note':>16} {'100,000-char note':>18}")
    for key in results[NOTE_LENGTH]:
        small, large = results[1_000][key], results[NOTE_LENGTH][key]
        print(f"  {key:<26} {_show(small):>16} {_show(large):>18}")
    json.dump({str(k): v for k, v in results.items()}, sys.stderr)
    print(file=sys.stderr)


def _show(value: float) -> str:
    return f"{value:.1f}" if isinstance(value, float) else f"{value:,}"


if __name__ == "__main__":
    main()
