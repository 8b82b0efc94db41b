"""kill -9 at seeded random points while notes are typed and a meeting is edited.

Four lanes run side by side, each on its own database file, each starting the real app in
a pseudo-terminal five times and killing it at a random step (after a random delay) of a
session: starting up, opening the meeting, editing it in its form, saving the form, typing
live notes, waiting for autosave. After every kill the file passes `integrity_check`, and
everything the app had acknowledged is in it:

- live notes: the text typed before "✓ saved" was drawn after it;
- the meeting form: the title typed before the form closed with "Meeting saved.".

What was not acknowledged may or may not be there, but what is there is always a prefix
of what was typed (never a mix or a garbled save).
"""

import random
import shutil
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from db.meetings import list_meetings
from db.notes import live_document
from db.opening import open_database
from tests.terminal import KillableTerminal, ProcessGone

SEED = 20261126
LANES = 4
SESSIONS_PER_LANE = 5  # 20 kills in all
ENTER, CTRL_S = "\r", "\x13"
WORDS = (
    "Lê Quốc Hùng",
    "Webinger",
    "đối tác",
    "[/] [bold]",
    "Prävention",
    "next step",
    "draft text",
    "Crime Prevention",
    "100%",
    '"quotes"',
)


@dataclass
class Lane:
    """One database file and what the app acknowledged on it so far."""

    number: int
    db_path: Path
    home: Path
    meeting_id: int
    rng: random.Random
    notes_acked: str = ""  # the text last shown as "✓ saved"
    title_token: str = ""  # the token in the title last shown as "Meeting saved."
    stored_notes: str = ""  # what the database held after the latest kill
    acks: dict[str, int] = field(default_factory=lambda: {"notes": 0, "form": 0})


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def _session(lane: Lane, session: int) -> None:
    """Run the app once and kill it at a random step; then check the database."""
    rng = lane.rng
    edit = session % 2 == 0 or rng.random() < 0.3
    chunks = [
        "\n" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))) + f" «{session}.{i}»"
        for i in range(rng.randint(2, 4))
    ]
    acked_chunks = [rng.random() < 0.6 for _ in chunks]
    steps = 3 + (3 if edit else 0) + len(chunks)
    # Mostly while editing and typing; now and then while starting or opening the meeting.
    kill_step = rng.randrange(steps) if rng.random() < 0.25 else rng.randrange(3, steps)
    kill_delay = rng.uniform(0.0, 0.8)
    typed = lane.stored_notes  # the app loads what is stored, then we type after it
    title_token = f"k{lane.number}s{session}"

    terminal = KillableTerminal(lane.db_path, lane.home)
    step = 0

    def next_step() -> None:
        nonlocal step
        if step == kill_step:
            threading.Timer(kill_delay, terminal.sigkill).start()
        step += 1

    try:
        next_step()  # 0: starting up
        terminal.wait_for("Visits in the next 90 days")
        next_step()  # 1: the meetings list (the planned Hanoi meeting is the first row)
        terminal.press("m")
        terminal.wait_for("8 meetings")
        terminal.settle()
        next_step()  # 2: the meeting's page
        terminal.press(ENTER)
        terminal.wait_for("Attendance")
        if edit:
            next_step()  # the form, typing into its title
            terminal.press("e")
            terminal.wait_for("Summary of outcomes")
            terminal.settle()
            if "Restore what you typed" in terminal.screen_since_mark:
                terminal.press("n")  # a form killed before: its draft is offered, declined
                terminal.settle()
            terminal.type(f" {title_token}")
            terminal.wait_for(title_token)
            next_step()  # saving
            terminal.press(CTRL_S)
            terminal.wait_for("Meeting saved.")
            lane.title_token = title_token
            lane.acks["form"] += 1
            next_step()  # back on the page
        terminal.press("n")
        terminal.wait_for("Open proposals")  # loaded: what is stored is in the editor
        for chunk, wait_for_save in zip(chunks, acked_chunks, strict=True):
            next_step()
            terminal.type(chunk)
            typed += chunk
            if wait_for_save:
                # The last key of the chunk drawn, then the indicator: all of it is saved.
                token = chunk.rsplit(" ", 1)[1]
                terminal.wait_in_order(token, "✓ saved", timeout=20)
                lane.notes_acked = typed
                lane.acks["notes"] += 1
        terminal.settle(quiet=0.1, timeout=2)
    except ProcessGone:
        pass
    finally:
        terminal.close()

    assert _integrity(lane.db_path) == "ok"
    database = open_database(lane.db_path)
    try:
        document = live_document(database, lane.meeting_id)
        stored = document.text if document else ""
        with database.reading() as reading:
            from db.models import Meeting

            title = reading.get(Meeting, lane.meeting_id).title
    finally:
        database.close()
    where = f"lane {lane.number}, session {session}, killed at step {kill_step}"
    assert typed.startswith(stored), f"{where}: stored notes are not what was typed: {stored!r}"
    assert stored.startswith(lane.notes_acked), f"{where}: acknowledged notes lost: {stored!r}"
    # Either the last acknowledged save, or this session's, which may land before its notice.
    assert lane.title_token in title or title_token in title, (
        f"{where}: acknowledged title lost: {title!r}"
    )
    if title_token in title:
        lane.title_token = title_token
    lane.stored_notes = stored


def _run_lane(lane: Lane) -> Lane:
    for session in range(SESSIONS_PER_LANE):
        _session(lane, session)
    return lane


def test_kill_9_at_random_points_loses_nothing_acknowledged(demo_database, db_path, tmp_path):
    hanoi = list_meetings(demo_database, "hanoi").rows[0]
    assert hanoi.status == "planned"  # the first row of the meetings list
    demo_database.close()
    master = random.Random(SEED)
    lanes = []
    for number in range(LANES):
        home = tmp_path / f"lane{number}"
        home.mkdir()
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{db_path}{suffix}").exists():
                shutil.copy(f"{db_path}{suffix}", home / f"bilateral.db{suffix}")
        lanes.append(
            Lane(number, home / "bilateral.db", home, hanoi.id, random.Random(master.random()))
        )
    with ThreadPoolExecutor(LANES) as pool:
        finished = list(pool.map(_run_lane, lanes))
    # The seeded schedule reaches the acknowledgements often enough to mean something.
    assert sum(lane.acks["notes"] for lane in finished) >= 5
    assert sum(lane.acks["form"] for lane in finished) >= 3
