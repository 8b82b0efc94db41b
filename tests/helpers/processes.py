"""Python code run as a separate program, from the project's folder, as another copy of
bilateral (or another tool) would run beside the tests."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _command(code: str, args: tuple[object, ...]) -> list[str]:
    return [sys.executable, "-c", code, *map(str, args)]


def run_python(code: str, *args: object, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `python -c code args…` to its end; its output and errors captured as text."""
    return subprocess.run(
        _command(code, args), cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


def printed(code: str, *args: object) -> str:
    """What `python -c code args…` prints (it must succeed), without the last line break."""
    result = run_python(code, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.rstrip()


def start_python(code: str, *args: object, stdin: int | None = None) -> subprocess.Popen[str]:
    """Start `python -c code args…`; its output and errors together, as text."""
    return subprocess.Popen(
        _command(code, args),
        cwd=ROOT,
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 120) -> str:
    """Wait for the process to end; it must succeed. Its output."""
    output, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, output
    return output


def run_together(*commands: tuple[object, ...], timeout: float = 120) -> list[str]:
    """Start one process per (code, args…), all at once, and what each printed.

    Each program prints "ready" once it is set up, then waits for a line on its input: all
    are told to go at the same moment, so that their work overlaps.
    """
    processes = [start_python(str(code), *args, stdin=subprocess.PIPE) for code, *args in commands]
    try:
        for process in processes:
            assert process.stdout.readline().strip() == "ready", process.communicate()[0]
        for process in processes:
            process.stdin.write("go\n")
            process.stdin.flush()
        return [finish(process, timeout) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
