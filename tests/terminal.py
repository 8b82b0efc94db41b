"""Run bilateral as a real process in a pseudo-terminal, as a user's terminal would."""

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[@-_]")


class Terminal:
    """bilateral in a pty of 120×40; `screen` is everything it printed, escapes removed."""

    def __init__(self, db_path: Path, home: Path, *args: str) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
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
        # Where the output caused by the latest keystrokes begins.
        self.mark = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    @property
    def screen(self) -> str:
        return _ANSI.sub("", self.output.decode("utf-8", "replace"))

    def wait_for(self, text: str, timeout: float = 30) -> None:
        """Wait until `text` is drawn after the latest keys (or fail, showing the output)."""
        deadline = time.monotonic() + timeout
        start = self.mark
        while time.monotonic() < deadline:
            if text in _ANSI.sub("", self.output[start:].decode("utf-8", "replace")):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        status, shown = self.process.poll(), self.screen.strip()[-3000:]
        raise AssertionError(f"{text!r} never appeared (exit status {status}); output: {shown!r}")

    def type(self, text: str, chunk: int = 8) -> None:
        """Type like a fast typist: a few characters at a time."""
        data = text.replace("\n", "\r").encode("utf-8")
        self.mark = len(self.output)
        for start in range(0, len(data), chunk):
            os.write(self.master, data[start : start + chunk])
            time.sleep(0.01)

    def press(self, *keys: str) -> None:
        self.mark = len(self.output)
        for key in keys:
            os.write(self.master, key.encode("utf-8"))
            time.sleep(0.05)

    def kill(self, signal_number: int) -> None:
        self.process.send_signal(signal_number)
        self.process.wait(timeout=10)
        os.close(self.master)
