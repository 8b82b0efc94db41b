"""Process start to first interactive frame: bilateral against a bare Textual app.

Both run the same way, as a user starts them: `python -m tui --db FILE|URL` and `python -m
benchmarks.bare_app`, each a new process in a pseudo-terminal of 120×40 (TERM=xterm-256color,
the real Linux driver, nothing headless). The clock starts just before the process is spawned
and stops when the terminal has received a text that only a complete first frame holds: a
binding shown in the footer, the last line Textual draws (bilateral: its Dashboard's footer;
the bare app: its own footer binding). Runs alternate between the two apps, so that a busy
moment of the machine hits both. After the first frame, bilateral is also timed to the
Dashboard's data drawn from the database (informational: the database opens in a worker
after the first frame). Each process is then quit with ctrl+q, as a user would.
"""

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[@-_]")
BILATERAL_FRAME = "Search"
BILATERAL_DATA = "Visits in the next 90 days ("


def spawn_in_pty(command: list[str], home: Path) -> tuple[subprocess.Popen, int]:
    """`command` started in a new pseudo-terminal of 120×40 with its own data and config homes
    under `home`; the process and the pty's master end."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
    }
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True
    )
    os.close(slave)
    return process, master


def run_once(command: list[str], markers: list[str], home: Path, limit: float = 60) -> list[float]:
    """Seconds from spawning `command` in a pty until each marker has been drawn, in order."""
    started = time.perf_counter()
    process, master = spawn_in_pty(command, home)
    output, seen, times = b"", "", []
    try:
        while len(times) < len(markers):
            if time.perf_counter() - started > limit:
                raise RuntimeError(f"{markers[len(times)]!r} not drawn by {command}: {seen[-800:]}")
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                chunk = b""
            now = time.perf_counter()
            if not chunk:
                raise RuntimeError(f"{command} ended early: {seen[-800:]}")
            output += chunk
            # Each frame is drawn with cursor moves between runs of text: look at the text.
            seen = " ".join(part.decode("utf-8", "replace") for part in _ANSI.split(output) if part)
            while len(times) < len(markers) and markers[len(times)] in seen:
                times.append(now - started)
    finally:
        _quit(process, master)
    return times


def _quit(process: subprocess.Popen, master: int) -> None:
    try:
        os.write(master, b"\x11")  # ctrl+q
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        os.close(master)


def measure(database: str, rounds: int = 7) -> dict[str, object]:
    """Alternating runs of both apps; every run's seconds, bilateral's data times too."""
    from benchmarks.bare_app import BARE_MARKER

    bare, bilateral, data = [], [], []
    with tempfile.TemporaryDirectory() as home:
        # A first run of each, not counted, so that both start from a warm page cache.
        runs = [("warm", 0)] + [("count", n) for n in range(rounds)]
        for kind, _ in runs:
            bare_app = [sys.executable, "-m", "benchmarks.bare_app"]
            bare_time = run_once(bare_app, [BARE_MARKER], Path(home))
            frame, drawn = run_once(
                [sys.executable, "-m", "tui", "--db", database],
                [BILATERAL_FRAME, BILATERAL_DATA],
                Path(home),
            )
            if kind == "count":
                bare.append(bare_time[0])
                bilateral.append(frame)
                data.append(drawn)
    return {"bare_s": bare, "bilateral_s": bilateral, "bilateral_data_s": data}


if __name__ == "__main__":
    import json

    print(json.dumps(measure(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3)))
