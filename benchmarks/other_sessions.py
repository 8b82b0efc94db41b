"""Another session's change on an open list, and what the app costs while it sits idle.

bilateral runs as a user starts it (`python -m tui --db …` in a pseudo-terminal of 120×40,
like benchmarks.startup) on the department, with the Partners list open. This process, as a
second session, renames the partner on the list's first row ROUNDS times (keeping it first);
each time is measured from the commit to the terminal receiving the new name (budget: 2 s).
Then, once its start-up work is done (`settle`), the app is left alone for IDLE_SECONDS with its
change feed listening: its CPU time over that wall time (/proc/PID/stat, user + system) is the
idle CPU share (budget: under 1 %).
"""

import os
import select
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.startup import _ANSI, BILATERAL_DATA, _quit, spawn_in_pty

ROUNDS = 5
IDLE_SECONDS = 30
SETTLE_WINDOW_S = 3
SETTLED_SHARE = 0.02
SETTLE_LIMIT_S = 180
LIMIT_SECONDS = 60


class Terminal:
    """bilateral in a pty: what it has drawn so far, as text."""

    def __init__(self, database: str, home: Path) -> None:
        command = [sys.executable, "-m", "tui", "--db", database]
        self.process, self.master = spawn_in_pty(command, home)
        self.output = b""

    def read(self, seconds: float) -> None:
        """Take what the app draws for `seconds`."""
        until = time.perf_counter() + seconds
        while (left := until - time.perf_counter()) > 0:
            if select.select([self.master], [], [], min(left, 0.02))[0]:
                self.output += os.read(self.master, 1 << 16)

    def text_since(self, offset: int) -> str:
        return " ".join(
            part.decode("utf-8", "replace") for part in _ANSI.split(self.output[offset:]) if part
        )

    def wait_for(self, text: str, offset: int = 0) -> float:
        """Read until `text` is drawn (after byte `offset`); the moment it was."""
        deadline = time.perf_counter() + LIMIT_SECONDS
        while text not in self.text_since(offset):
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{text!r} not drawn: {self.text_since(offset)[-600:]}")
            self.read(0.01)
        return time.perf_counter()

    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def settle(self) -> None:
        """Wait for the app's start-up work to end (the daily backup copies the whole file:
        seconds at ×10), up to SETTLE_LIMIT_S: idle is what follows."""
        deadline = time.perf_counter() + SETTLE_LIMIT_S
        while time.perf_counter() < deadline:
            before = self.cpu_seconds()
            self.read(SETTLE_WINDOW_S)
            if (self.cpu_seconds() - before) / SETTLE_WINDOW_S < SETTLED_SHARE:
                return

    def quit(self) -> None:
        _quit(self.process, self.master)


def rename(database, organisation_id: int, name: str) -> None:  # noqa: ANN001 - db's Database
    from sqlalchemy import update

    from db.models import Organisation

    database.write(
        lambda session: session.execute(
            update(Organisation).where(Organisation.id == organisation_id).values(name=name)
        )
    )


def measure(database: str) -> dict[str, object]:
    """Seconds from each rename's commit to the new name drawn; idle CPU share."""
    from db.opening import open_database
    from db.partners import list_partners

    second = open_database(database)
    second.actor = "benchmark"
    first_row = list_partners(second).rows[0]
    seen: list[float] = []
    with tempfile.TemporaryDirectory() as home:
        terminal = Terminal(database, Path(home))
        try:
            terminal.wait_for(BILATERAL_DATA)
            terminal.press(b"p")
            terminal.wait_for(" partners")
            terminal.read(2)  # the other screens are built ahead meanwhile
            for number in range(ROUNDS):
                offset = len(terminal.output)
                # A digit first: the list is in order of name, and the row stays the first.
                name = f"0{number} {first_row.name}"
                rename(second, first_row.id, name)
                saved = time.perf_counter()
                seen.append(terminal.wait_for(name[:12], offset) - saved)
                terminal.read(1)
            terminal.settle()
            before, started = terminal.cpu_seconds(), time.perf_counter()
            terminal.read(IDLE_SECONDS)
            idle = (terminal.cpu_seconds() - before) / (time.perf_counter() - started)
        finally:
            terminal.quit()
            rename(second, first_row.id, first_row.name)
            second.close()
    return {"change_seen_s": seen, "idle_cpu_share": idle}


if __name__ == "__main__":
    import json

    print(json.dumps(measure(sys.argv[1])))
