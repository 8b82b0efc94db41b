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

import json
import random
import shutil
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from db.notes import live_document
from tests.helpers.files import integrity, opened
from tests.terminal import KillableTerminal, ProcessGone, first_meeting

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


def _draft_offered(lane: Lane) -> bool:
    """Whether the meeting's form will offer a draft when opened: a session killed while
    editing kept one that differs from what is stored. (Killed between saving the form and
    dropping its draft, it kept one equal to the record: that one is not offered.)"""
    connection = sqlite3.connect(lane.db_path)
    try:
        draft = connection.execute(
            "SELECT fields FROM draft WHERE form = ?", (f"meeting:edit:{lane.meeting_id}",)
        ).fetchone()
        (title,) = connection.execute(
            "SELECT title FROM meeting WHERE id = ?", (lane.meeting_id,)
        ).fetchone()
    finally:
        connection.close()
    return draft is not None and json.loads(draft[0]).get("title") != title


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

    draft_offered = _draft_offered(lane)
    terminal = KillableTerminal(lane.db_path, lane.home)
    killer = threading.Timer(kill_delay, terminal.sigkill)
    step = 0

    def next_step() -> None:
        nonlocal step
        if step == kill_step:
            killer.start()
        step += 1

    try:
        next_step()  # 0: starting up
        terminal.wait_for("Visits in the next 90 days")
        next_step()  # 1: the meetings list (the planned Hanoi meeting is the first row)
        terminal.press("m")
        terminal.wait_for("8 meetings")
        next_step()  # 2: the meeting's page
        terminal.press(ENTER)
        terminal.wait_for("Attendance")
        if edit:
            next_step()  # the form, typing into its title
            terminal.press("e")
            terminal.wait_for("Summary of outcomes")
            if draft_offered:
                terminal.wait_for("Restore what you typed")
                terminal.press("n")  # a form killed before: its draft is offered, declined
                terminal.wait_for("Summary of outcomes")  # the form again
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
        killer.join()  # the kill comes at the latest kill_delay after the last step began
    except ProcessGone:
        pass
    finally:
        killer.cancel()
        terminal.close()

    assert integrity(lane.db_path) == "ok"
    with opened(lane.db_path) as database:
        document = live_document(database, lane.meeting_id)
        stored = document.text if document else ""
        with database.reading() as reading:
            from db.models import Meeting

            title = reading.get(Meeting, lane.meeting_id).title
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
    hanoi = first_meeting(demo_database)
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
            Lane(number, home / "bilateral.db", home, hanoi, random.Random(master.random()))
        )
    with ThreadPoolExecutor(LANES) as pool:
        finished = list(pool.map(_run_lane, lanes))
    # The seeded schedule reaches the acknowledgements often enough to mean something.
    assert sum(lane.acks["notes"] for lane in finished) >= 5
    assert sum(lane.acks["form"] for lane in finished) >= 3
