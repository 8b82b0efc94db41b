"""At most a second of live notes lost to kill -9, however fast and long the typing.

The real app in a pseudo-terminal takes live notes typed without a pause, about 20 keys a
second: numbered words "w001 w002 …", ten to a line. After a seeded random 2–8 s of typing
it is killed with SIGKILL, the typing still going on. Every word that was on the terminal a
second before the kill is stored, and what is stored is a prefix of what was typed (nothing
garbled). "On the terminal" is read from the pty's output, with the time each chunk of it
arrived, not from the app.
"""

import random
import threading
import time

import pytest

from db.notes import live_document
from tests.helpers.files import opened
from tests.terminal import KillableTerminal, ProcessGone, first_meeting

KILLS = 10
WORDS_PER_LINE = 10
MAY_BE_LOST = 1.0  # seconds


@pytest.mark.parametrize("seed", range(KILLS))
def test_kill_9_while_typing_fast_loses_at_most_the_last_second(
    demo_database, db_path, tmp_path, seed
):
    hanoi = first_meeting(demo_database)
    demo_database.close()
    typing_for = random.Random(seed).uniform(2.0, 8.0)
    terminal = KillableTerminal(db_path, tmp_path)
    killed_at = 0.0

    def kill() -> None:
        nonlocal killed_at
        killed_at = time.monotonic()
        terminal.sigkill()

    killer = threading.Timer(typing_for, kill)
    words: list[str] = []
    typed = ""
    try:
        terminal.open_live_notes_of_the_first_meeting()
        killer.start()
        while True:  # until the kill stops the app
            words.append(f"w{len(words) + 1:03d} ")
            key_after = "\n" if len(words) % WORDS_PER_LINE == 0 else ""
            typed += words[-1] + key_after
            terminal.press(*words[-1], *key_after.replace("\n", "\r"))
    except ProcessGone:
        pass
    finally:
        killer.cancel()
        terminal.close()

    drawn = terminal.first_drawn(words)
    must_be_stored = [w for w in words if drawn.get(w, killed_at) <= killed_at - MAY_BE_LOST]
    assert must_be_stored, f"nothing was drawn a second before the kill: {terminal.screen[-2000:]}"
    with opened(db_path) as database:
        document = live_document(database, hanoi)
    stored = document.text if document else ""
    assert typed.startswith(stored), f"stored notes are not what was typed: {stored!r}"
    lost = [w for w in must_be_stored if w not in stored]
    assert not lost, (
        f"killed after {typing_for:.1f} s of typing: {lost} were drawn at least a second "
        f"before, yet not stored; stored ends {stored[-60:]!r}"
    )
