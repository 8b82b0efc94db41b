"""`make bench`: every performance budget measured on SQLite and PostgreSQL side by side.

The figures are taken on the synthetic department (benchmarks.department).

Each backend holds its own copy of the cached department (benchmarks.backends: a copy of the
SQLite file; a throwaway PostgreSQL server it is copied into, benchmarks.postgres_server), and
runs the same steps on it. BILATERAL_BENCH_BACKENDS=sqlite (or postgresql) limits a run to one
backend; when no PostgreSQL server can be started here, the run says so and measures SQLite.
With BILATERAL_BENCH_ENCRYPTED=1 the SQLite copy is encrypted first (SQLCipher).

Prints a table (figure, the value on each backend, budget, verdicts: benchmarks.report) and
writes every round's figure as JSON to benchmarks/results/latest.json (latest-x10.json at
`--scale 10`), one entry per backend (gitignored; each run overwrites it, so copy it elsewhere
to keep a run for comparing). `--scale N` measures a department N times the size
(`make bench SCALE=10`: a whole ministry; never part of the tests); `python -m benchmarks.report
latest.json latest-x10.json` puts two runs side by side with the growth of each figure.
How each figure is measured is told in the module that measures it:
- start-up ratio: benchmarks.startup (bilateral and benchmarks.bare_app in a pty);
- screens opened, filters, search as typed in the app, memory: benchmarks.screens (a fresh
  app process per round);
- search in the database alone (db.search.search per keystroke's text): here;
- live notes: benchmarks.live_notes (its own note in a new database on the same backend,
  autosave running);
- checklist generation plus TOML export of a 3-leg visit: here;
- the brief of the busiest visit, Markdown and PDF: benchmarks.documents;
- another session's change on an open list, and the CPU the app uses while idle:
  benchmarks.other_sessions;
- CPU time per word typed fast into a filter and into search, superseded queries stopped in
  the database and not: benchmarks.typing_cpu.
Every process a step starts is `python -m ...` from this checkout, so it runs this code.
"""

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path

from benchmarks.backends import BACKENDS, Target, backends_asked, prepared
from benchmarks.report import show

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "benchmarks" / "results"
STARTUP_ROUNDS = 7
SCREEN_ROUNDS = 3
SEARCH_ROUNDS = 3
LIVE_ROUNDS = 1
CHECKLIST_ROUNDS = 9


def machine() -> dict[str, object]:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {
        "date": datetime.now().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg()[0],
    }


def log(message: str) -> None:
    print(message, flush=True)


def screens_rounds(database: str) -> list[dict]:
    rounds = []
    for number in range(SCREEN_ROUNDS):
        started = time.perf_counter()
        output = subprocess.run(
            [sys.executable, "-m", "benchmarks.screens", database],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rounds.append(json.loads(output.strip().splitlines()[-1]))
        log(f"  screens round {number + 1}/{SCREEN_ROUNDS}: {time.perf_counter() - started:.0f} s")
    return rounds


def search_in_database(database: str) -> dict[str, list[float]]:
    """db.search.search for each text a typist's keystrokes make, SEARCH_ROUNDS times."""
    from benchmarks.screens import SEARCH_QUERIES
    from db.opening import open_database
    from db.search import search

    opened = open_database(database)
    try:
        search(opened, "warm")
        latencies: dict[str, list[float]] = {name: [] for name in SEARCH_QUERIES}
        for _ in range(SEARCH_ROUNDS):
            for name, query in SEARCH_QUERIES.items():
                for end in range(1, len(query) + 1):
                    started = time.perf_counter()
                    search(opened, query[:end])
                    latencies[name].append((time.perf_counter() - started) * 1000)
    finally:
        opened.close()
    return latencies


def checklist_export(database: str, workdir: Path) -> list[float]:
    """Generate the checklist of a new 3-leg visit and export it to a TOML file, timed."""
    from sqlalchemy import func, select

    from benchmarks.department_content import TODAY
    from db.checklists.changes import generate_checklist
    from db.checklists.toml_write import export_checklist, write_export
    from db.models import Organisation, Person
    from db.opening import open_database
    from db.visit_changes import create_visit
    from db.visit_input import StopInput, VisitInput

    opened = open_database(database)
    try:
        with opened.reading() as session:
            partners = session.scalars(
                select(Organisation.id)
                .where(Organisation.is_own.is_(False))
                .order_by(func.random())
            ).all()[:30]
            people = session.scalars(select(Person.id).order_by(Person.id)).all()[:10]
        timings = []
        for number in range(CHECKLIST_ROUNDS):
            first = TODAY.toordinal() + 30 + number * 7
            legs = tuple(
                StopInput(
                    partners[number * 3 + leg],
                    "Hà Nội",
                    "",
                    date.fromordinal(first + leg).isoformat(),
                    date.fromordinal(first + leg).isoformat(),
                )
                for leg in range(3)
            )
            visit_id = create_visit(
                opened,
                VisitInput(
                    title=f"Benchmark visit {number}",
                    starts=date.fromordinal(first).isoformat(),
                    ends=date.fromordinal(first + 2).isoformat(),
                    legs=legs,
                    head_person_id=people[0],
                    member_person_ids=tuple(people[1:4]),
                ),
                today=TODAY,
            )
            started = time.perf_counter()
            generate_checklist(opened, visit_id, today=TODAY)
            write_export(export_checklist(opened, visit_id), workdir / f"visit-{number}.toml")
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        opened.close()
    return timings


def typing_cpu(database: str) -> dict[str, dict[str, list[float]]]:
    """CPU seconds per typed word, with superseded queries stopped and without."""
    spent = {}
    for variant, options in (("stopped", []), ("run_to_end", ["--without-stopping"])):
        output = subprocess.run(
            [sys.executable, "-m", "benchmarks.typing_cpu", database, *options],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        spent[variant] = json.loads(output.strip().splitlines()[-1])
    return spent


def live_notes_rounds(target: Target) -> dict[str, list[dict]]:
    """Each round on a new database of the target's backend, filled with the demo data."""
    from benchmarks.live_notes import NOTE_LENGTH, measure

    rounds: dict[str, list[dict]] = {"1000": [], str(NOTE_LENGTH): []}
    for number in range(LIVE_ROUNDS):
        for length in (1_000, NOTE_LENGTH):
            database = target.new_database(f"live_{length}_{number}")
            with tempfile.TemporaryDirectory() as workdir:
                rounds[str(length)].append(asyncio.run(measure(Path(workdir), length, database)))
    return rounds


def measure(target: Target, workdir: Path) -> dict[str, object]:
    """Every step on one backend's copy of the department."""
    from benchmarks import other_sessions, startup
    from benchmarks.documents import brief_timings

    database = target.database
    steps = (
        ("startup", lambda: startup.measure(database, STARTUP_ROUNDS)),
        ("screens", lambda: screens_rounds(database)),
        ("search_db", lambda: search_in_database(database)),
        ("live_notes", lambda: live_notes_rounds(target)),
        ("checklist_ms", lambda: checklist_export(database, workdir)),
        ("brief_ms", lambda: brief_timings(database, workdir)),
        ("other_sessions", lambda: other_sessions.measure(database)),
        ("typing_cpu", lambda: typing_cpu(database)),
    )
    results: dict[str, object] = {"setup": target.setup}
    for name, step in steps:
        started = time.perf_counter()
        results[name] = step()
        log(f"{BACKENDS[target.backend]} {name}: {time.perf_counter() - started:.0f} s")
    return results


def results_file(scale: int) -> Path:
    return RESULTS_DIR / ("latest.json" if scale == 1 else f"latest-x{scale}.json")


def main(argv: list[str] | None = None) -> None:
    summary = (__doc__ or "").split("\n", 1)[0]
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=summary)
    parser.add_argument(
        "--scale", type=int, default=1, choices=range(1, 101), metavar="N",
        help="measure a department N times the size (1 to 100; default 1)",
    )  # fmt: skip
    scale = parser.parse_args(argv).scale
    # Read by benchmarks.department_content, here and in every process a step starts.
    os.environ["BILATERAL_BENCH_SCALE"] = str(scale)
    from benchmarks.department import department_database
    from benchmarks.postgres_server import PostgresUnavailable

    asked = backends_asked()
    begun = time.perf_counter()
    results: dict[str, dict] = {"machine": {**machine(), "scale": scale}, "not_measured": {}}
    cached = department_database(log)
    for backend in asked:
        with tempfile.TemporaryDirectory() as workdir, ExitStack() as stack:
            try:
                target = stack.enter_context(prepared(backend, cached, Path(workdir), log))
            except PostgresUnavailable as error:
                results["not_measured"][backend] = f"no server could be started here: {error}"
                log(f"{BACKENDS[backend]}: not measured, no server could be started here ({error})")
                continue
            results[backend] = measure(target, Path(workdir))
    results["machine"]["total_s"] = time.perf_counter() - begun
    results["machine"]["load_average_at_end"] = os.getloadavg()[0]
    written = results_file(scale)
    written.parent.mkdir(parents=True, exist_ok=True)
    written.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print()
    print(show(results))
    total = results["machine"]["total_s"]
    print(f"\n(total {total:.0f} s; every round in {written.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
