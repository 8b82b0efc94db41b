"""Run bilateral as a real process in a pseudo-terminal, as a user's terminal would."""

import codecs
import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from db.engine import Database
from db.meetings import list_meetings

# Keys as a terminal sends them.
TAB, ENTER, ESCAPE = "\t", "\r", "\x1b"
CTRL_Q, CTRL_S = "\x11", "\x13"
F2, F3 = "\x1bOQ", "\x1bOR"

# Textual ends each frame by moving the cursor (CUP) to the focused field's cursor; what may
# follow draws nothing (the mouse pointer's shape, OSC 22; a private mode switched).
_CURSOR_AT_END = re.compile(rb"\x1b\[(\d+);(\d+)H(?:\x1b\][^\x07]*\x07|\x1b\[\?[\d;]*[hl])*\Z")
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[@-_]")


def first_meeting(database: Database) -> int:
    """The first row of the meetings list, whose notes `open_live_notes_of_the_first_meeting`
    opens: the demo's planned meeting in Hanoi."""
    hanoi = list_meetings(database, "hanoi").rows[0]
    assert hanoi.status == "planned"  # planned meetings come first
    return hanoi.id


class ProcessGone(AssertionError):
    """The app exited (or was killed) while a test was waiting on it."""


def _visible(output: bytes | bytearray) -> str:
    return _ANSI.sub("", bytes(output).decode("utf-8", "replace"))


def _cursor_at(output: bytes) -> tuple[int, int] | None:
    """Where the cursor move that ends `output` puts the cursor (line and column, from 1), or
    None if `output` does not end so: Textual ends every frame by moving the terminal's cursor
    to the focused field's cursor, so None means that a frame is still being drawn."""
    found = _CURSOR_AT_END.search(output)
    return (int(found.group(1)), int(found.group(2))) if found else None


class Terminal:
    """bilateral in a pty of 120×40 (or `size`: columns, lines); `screen` is everything it
    printed, escapes removed."""

    def __init__(
        self, db_path: Path, home: Path, *args: str, size: tuple[int, int] = (120, 40)
    ) -> None:
        master, slave = pty.openpty()
        columns, lines = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui", "--db", str(db_path), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        # For every chunk read: the length of the output with it, and when it was read.
        self.chunks: list[tuple[int, float]] = []
        # Where the output caused by the latest keystrokes begins.
        self.mark = 0
        # Notified by the reader for every chunk drawn, and when the terminal closes.
        self.drawn = threading.Condition()
        self.ended = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
            with self.drawn:
                if chunk:
                    self.output.extend(chunk)
                    self.chunks.append((len(self.output), time.monotonic()))
                else:
                    self.ended = True
                self.drawn.notify_all()
            if not chunk:
                return

    def _next_drawing(self, seen: int, timeout: float) -> bool:
        """Wait until more than `seen` bytes were drawn (True) or the terminal closed, or
        `timeout` passed (False)."""
        with self.drawn:
            return self.drawn.wait_for(lambda: len(self.output) > seen or self.ended, timeout)

    @property
    def screen(self) -> str:
        return _visible(self.output)

    @property
    def screen_since_mark(self) -> str:
        """What was drawn since the latest keys were sent."""
        return _visible(self.output[self.mark :])

    def first_drawn(self, texts: Iterable[str]) -> dict[str, float]:
        """When each of `texts` was first drawn whole: the time.monotonic() at which the chunk
        completing it was read. Texts never drawn are left out."""
        with self.drawn:
            output, chunks = bytes(self.output), list(self.chunks)
        # The output as text, and where in it each chunk ends.
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        pieces, chunk_ends, start, length = [], [], 0, 0
        for end, _ in chunks:
            pieces.append(decoder.decode(output[start:end]))
            length += len(pieces[-1])
            chunk_ends.append(length)
            start = end
        printed = "".join(pieces)
        # The same without escapes, in runs: where each run starts in `shown` and in `printed`.
        runs, run_starts, run_origins, position, length = [], [], [], 0, 0
        for escape in (*_ANSI.finditer(printed), None):
            stop = escape.start() if escape else len(printed)
            run_starts.append(length)
            run_origins.append(position)
            runs.append(printed[position:stop])
            length += stop - position
            position = escape.end() if escape else stop
        shown = "".join(runs)
        drawn = {}
        for text in texts:
            at = shown.find(text)
            if at < 0:
                continue
            last = at + len(text) - 1
            run = bisect_right(run_starts, last) - 1
            in_printed = run_origins[run] + last - run_starts[run]
            drawn[text] = chunks[bisect_right(chunk_ends, in_printed)][1]
        return drawn

    def _write(self, data: bytes) -> None:
        os.write(self.master, data)

    def type(self, text: str, chunk: int = 8) -> None:
        """Type like a fast typist: a few characters at a time, 10 ms apart."""
        data = text.replace("\n", "\r").encode("utf-8")
        self.mark = len(self.output)
        for start in range(0, len(data), chunk):
            self._write(data[start : start + chunk])
            time.sleep(0.01)

    def press(self, *keys: str) -> None:
        """Press keys as a person does, 50 ms apart."""
        self.mark = len(self.output)
        for key in keys:
            self._write(key.encode("utf-8"))
            time.sleep(0.05)

    def _wait_until(self, done: Callable[[bytes], bool], what: str, timeout: float) -> None:
        """Wait until `done(output since the latest keys)` holds, as the app draws, and the
        frame that made it hold is drawn whole: the rest of a frame must not arrive after the
        next keys, where a wait for them could take it for their effect."""
        deadline = time.monotonic() + timeout
        while True:
            seen = len(self.output)
            output = bytes(self.output[:seen])
            if _cursor_at(output) is not None and done(output[self.mark :]):
                return
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self._next_drawing(seen, left)
            if len(self.output) == seen and (self.ended or self.process.poll() is not None):
                raise ProcessGone(
                    f"the app is gone (exit status {self.process.poll()}), waiting for "
                    f"{what}; output: {self.screen[-3000:]!r}"
                )
        raise AssertionError(
            f"{what} never came; output: {self.screen[-3000:]!r}, "
            f"ending in {bytes(self.output[-80:])!r}"
        )

    def wait_in_order(self, *texts: str, timeout: float = 30) -> None:
        """Wait until `texts` are drawn one after the other, after the latest keys."""

        def drawn(output: bytes) -> bool:
            shown, position = _visible(output), 0
            for text in texts:
                position = shown.find(text, position)
                if position < 0:
                    return False
                position += len(text)
            return True

        self._wait_until(drawn, f"{texts!r} in order", timeout)

    def wait_for(self, text: str, timeout: float = 30) -> None:
        """Wait until `text` is drawn after the latest keys (or fail, showing the output)."""
        self.wait_in_order(text, timeout=timeout)

    def tab_to_field(self, tabs: int = 1, timeout: float = 30) -> None:
        """Move the focus `tabs` fields on with tab (to a field that shows a cursor) and wait
        until the app has moved the terminal's cursor there: keys typed before that could land
        in the old field (Textual routes a key before the tab ahead of it moved the focus)."""
        self._wait_until(lambda _: True, "a whole frame", timeout)
        with self.drawn:
            before = _cursor_at(bytes(self.output))
        self.press(*[TAB] * tabs)
        self._wait_until(
            lambda output: _cursor_at(output) not in (None, before),
            f"the cursor moved from {before}",
            timeout,
        )

    def open_live_notes_of_the_first_meeting(self) -> None:
        """From the start: the meetings list, its first row (the planned meeting in Hanoi),
        its live notes, loaded (what is stored is in the editor, which has the focus)."""
        self.wait_for("Visits in the next 90 days")
        self.press("m")
        self.wait_for("8 meetings")
        self.press(ENTER)
        self.wait_for("Attendance")
        self.press("n")
        self.wait_for("Open proposals")

    def press_add_on(self, screen_key: str, loaded: str) -> None:
        """From the start: open a screen by its key, wait for `loaded`, then press `a` (add)."""
        self.wait_for("Visits in the next 90 days")
        self.press(screen_key)
        self.wait_for(loaded)
        self.press("a")

    def pick(self, key: str, title: str, query: str, match: str) -> None:
        """Open a picker by its key, type `query`, wait for `match` among the options, enter."""
        self.press(key)
        self.wait_for(title)
        self.type(query)
        self.wait_for(match)
        self.press(ENTER)

    def kill(self, signal_number: int) -> None:
        self.process.send_signal(signal_number)
        self.process.wait(timeout=10)
        os.close(self.master)


@contextmanager
def in_terminal(
    db_path: Path,
    home: Path,
    *args: str,
    size: tuple[int, int] = (120, 40),
    end: int = signal.SIGKILL,
) -> Iterator[Terminal]:
    """bilateral in a Terminal for the block, then ended by the signal `end` (kill -9, unless
    told): whatever it has not saved by then is lost, as in a crash."""
    terminal = Terminal(db_path, home, *args, size=size)
    try:
        yield terminal
    finally:
        terminal.kill(end)


class KillableTerminal(Terminal):
    """A Terminal that another thread may SIGKILL at any moment.

    `sigkill` does not close the pty (the fd could be reused while the test's thread still
    types into it); `close` does, once the test's thread has stopped. Waiting and typing
    raise ProcessGone as soon as the process is dead.
    """

    def __init__(self, db_path: Path, home: Path, *args: str) -> None:
        self._lock = threading.Lock()
        self._closed = False
        super().__init__(db_path, home, *args)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def sigkill(self) -> None:
        """kill -9, from any thread; the output read so far stays readable."""
        with self._lock:
            if self.process.poll() is None:
                self.process.kill()
        self.process.wait(timeout=10)

    def close(self) -> None:
        """Kill if still running and release the pty (call from the test's thread)."""
        self.sigkill()
        with self._lock:
            if not self._closed:
                self._closed = True
                os.close(self.master)

    def _write(self, data: bytes) -> None:
        with self._lock:
            if self._closed or self.process.poll() is not None:
                raise ProcessGone("the app is gone")
            try:
                os.write(self.master, data)
            except OSError as error:
                raise ProcessGone(f"the app is gone ({error})") from error
