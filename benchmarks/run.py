"""`make bench`: every figure of the performance budgets, on the synthetic department.

Prints a table (figure, budget, verdict) and writes it as JSON to benchmarks/results/latest.json
(gitignored; each run overwrites it, so copy it elsewhere to keep a run for comparing). It takes
no options (`python -m benchmarks --help` says so and stops).
How each figure is measured is told in the module that measures it:
- start-up ratio: benchmarks.startup (bilateral and benchmarks.bare_app in a pty);
- screens opened, filters, search as typed in the app, memory: benchmarks.screens (a fresh
  app process per round);
- search in the database alone (db.search.search per keystroke's text): here;
- live notes: benchmarks.live_notes (its own note, autosave running);
- checklist generation plus TOML export of a 3-leg visit: here;
- the brief of the busiest visit, Markdown and PDF: benchmarks.documents.
With BILATERAL_BENCH_ENCRYPTED=1 the copy is encrypted first (SQLCipher, the passphrase passed
as BILATERAL_PASSPHRASE), to measure what encryption at rest costs. Every round's figure is
kept in the JSON; the table shows the median over rounds (and the p95
where the budget is a p95). The benchmarks work on a copy of the cached department database.
"""

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "latest.json"
STARTUP_ROUNDS = 7
SCREEN_ROUNDS = 3
SEARCH_ROUNDS = 3
LIVE_ROUNDS = 1
CHECKLIST_ROUNDS = 9

OPEN_BUDGET_MS = 100
SEARCH_P95_BUDGET_MS = 50
STARTUP_RATIO_BUDGET = 1.3
CHECKLIST_BUDGET_MS = 100
MEMORY_BUDGET_MB = 200
BRIEF_MARKDOWN_BUDGET_MS = 200
BRIEF_PDF_BUDGET_MS = 1000
# "A keystroke never waits for the disk": read as no more than one frame (60 Hz) at the p95.
KEYSTROKE_BUDGET_MS = 16.7


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95: the p95)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))]


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


ENCRYPTED_ENV = "BILATERAL_BENCH_ENCRYPTED"
BENCH_PASSPHRASE = "benchmark passphrase"


def encrypt_copy(database: Path) -> None:
    """Encrypt the benchmark's copy; the app and every step find the passphrase in the
    environment."""
    from db.encryption import PASSPHRASE_ENV
    from db.file_encryption import encrypt_database

    started = time.perf_counter()
    encrypt_database(database, BENCH_PASSPHRASE)
    os.environ[PASSPHRASE_ENV] = BENCH_PASSPHRASE
    log(f"encrypted the copy (SQLCipher) in {time.perf_counter() - started:.0f} s")


def log(message: str) -> None:
    print(message, flush=True)


def screens_rounds(database: Path) -> list[dict]:
    rounds = []
    for number in range(SCREEN_ROUNDS):
        started = time.perf_counter()
        output = subprocess.run(
            [sys.executable, "-m", "benchmarks.screens", str(database)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rounds.append(json.loads(output.strip().splitlines()[-1]))
        log(f"  screens round {number + 1}/{SCREEN_ROUNDS}: {time.perf_counter() - started:.0f} s")
    return rounds


def search_in_database(database: Path) -> dict[str, list[float]]:
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


def checklist_export(database: Path, workdir: Path) -> list[float]:
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


def live_notes_rounds() -> dict[str, list[dict]]:
    from benchmarks.live_notes import NOTE_LENGTH, measure

    rounds: dict[str, list[dict]] = {"1000": [], str(NOTE_LENGTH): []}
    for _ in range(LIVE_ROUNDS):
        for length in (1_000, NOTE_LENGTH):
            with tempfile.TemporaryDirectory() as workdir:
                rounds[str(length)].append(asyncio.run(measure(Path(workdir), length)))
    return rounds


def verdict(value: float, budget: float) -> str:
    return "ok" if value <= budget else "MISSED"


def table(results: dict) -> list[tuple[str, str, str, str]]:
    """(figure, value, budget, verdict) lines."""
    median = statistics.median
    lines: list[tuple[str, str, str, str]] = []

    def add(figure: str, shown: str, budget: str = "", value: float = 0, limit: float = 0) -> None:
        lines.append((figure, shown, budget, verdict(value, limit) if budget else ""))

    def add_ms(figure: str, value: float, limit: float, bound: str = "≤") -> None:
        add(figure, f"{value:.0f} ms", f"{bound} {limit} ms", value, limit)

    start = results["startup"]
    bare, ours = median(start["bare_s"]), median(start["bilateral_s"])
    ratio, limit = ours / bare, STARTUP_RATIO_BUDGET
    figure = "start → first frame: bilateral / bare Textual"
    add(figure, f"{ratio:.2f}×", f"≤ {limit}×", ratio, limit)
    add("  bilateral, bare app (median s)", f"{ours:.2f} / {bare:.2f}")
    add("  bilateral: start → Dashboard data drawn (s)", f"{median(start['bilateral_data_s']):.2f}")
    rounds = results["screens"]
    built = median(r["built_ahead_ms"] for r in rounds)
    add("  then the other screens built ahead, in the background (ms)", f"{built:.0f}")
    names = {"h": "Today", "p": "Partners", "m": "Meetings", "o": "Proposals", "v": "Visits"}
    opened = {"open_ms": "open {name} ({key}), first time", "open_again_ms": "open {name} again"}
    for field, figure in opened.items():
        for key, name in names.items():
            value = median(r[field][key] for r in rounds)
            add_ms(f"{figure.format(name=name, key=key)}: first rows drawn", value, OPEN_BUDGET_MS)
    for label in rounds[0]["filter_ms"]:
        key, text = label.split(" ", 1)
        value = median(r["filter_ms"][label] for r in rounds)
        add_ms(f"filter {names[key]} “{text}”: rows drawn", value, OPEN_BUDGET_MS)
    limit = SEARCH_P95_BUDGET_MS
    typed = {
        n: [v for r in rounds for v in r["search_keystroke_ms"][n]]
        for n in rounds[0]["search_keystroke_ms"]
    }
    searches = [
        ("search screen", typed),
        ("db.search.search", results["search_db"]),
    ]
    for where, by_name in searches:
        for name, values in by_name.items():
            p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
            shown = f"{p50:.0f} / {p95:.0f} ms"
            add(f"{where}, {name}: per key p50 / p95", shown, f"p95 ≤ {limit} ms", p95, limit)
    limit = KEYSTROKE_BUDGET_MS
    for length, runs in results["live_notes"].items():
        p95 = median(r["loop_lag_p95_ms"] for r in runs)
        worst = median(r["loop_lag_max_ms"] for r in runs)
        figure = f"live notes, {int(length):,}-char note: key wait p95 / max"
        add(figure, f"{p95:.1f} / {worst:.0f} ms", f"p95 ≤ {limit} ms", p95, limit)
    value = median(results["checklist_ms"])
    add_ms("checklist generation + TOML export, 3 legs", value, CHECKLIST_BUDGET_MS, "<")
    briefs = results["brief_ms"]
    add_ms(
        "brief of the busiest visit, Markdown", median(briefs["markdown"]), BRIEF_MARKDOWN_BUDGET_MS
    )
    add_ms("brief of the busiest visit, PDF", median(briefs["pdf"]), BRIEF_PDF_BUDGET_MS)
    value, limit = median(r["resident_mb"] for r in rounds), MEMORY_BUDGET_MB
    add("resident memory after every screen", f"{value:.0f} MB", f"< {limit} MB", value, limit)
    return lines


def show(results: dict) -> str:
    info = results["machine"]
    head = (
        f"bilateral benchmark, {info['date'][:10]}: {info['nproc']} CPUs ({info['cpu']}), "
        f"Python {info['python']}, load average {info['load_average_at_start']:.1f} at start"
        + (", database encrypted (SQLCipher)" if info.get("encrypted") else "")
    )
    rows = [("figure", "median", "budget", "verdict"), *table(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    text = [head, ""]
    for row in rows:
        text.append(
            f"  {row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}"
        )
    return "\n".join(text)


def main(argv: list[str] | None = None) -> None:
    summary = (__doc__ or "").split("\n", 1)[0]
    argparse.ArgumentParser(prog="python -m benchmarks", description=summary).parse_args(argv)
    from benchmarks import startup
    from benchmarks.department import department_database
    from benchmarks.documents import brief_timings

    begun = time.perf_counter()
    results: dict[str, object] = {"machine": machine()}
    cached = department_database(log)
    with tempfile.TemporaryDirectory() as workdir:
        database = Path(workdir) / "department.db"
        shutil.copyfile(cached, database)
        if os.environ.get(ENCRYPTED_ENV):
            encrypt_copy(database)
            results["machine"]["encrypted"] = True  # type: ignore[index]
        steps = (
            ("startup", lambda: startup.measure(database, STARTUP_ROUNDS)),
            ("screens", lambda: screens_rounds(database)),
            ("search_db", lambda: search_in_database(database)),
            ("live_notes", live_notes_rounds),
            ("checklist_ms", lambda: checklist_export(database, Path(workdir))),
            ("brief_ms", lambda: brief_timings(database, Path(workdir))),
        )
        for name, step in steps:
            started = time.perf_counter()
            results[name] = step()
            log(f"{name}: {time.perf_counter() - started:.0f} s")
    results["total_s"] = time.perf_counter() - begun
    results["machine"]["load_average_at_end"] = os.getloadavg()[0]  # type: ignore[index]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    print()
    print(show(results))
    print(f"\n(total {results['total_s']:.0f} s; every round in {RESULTS.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
