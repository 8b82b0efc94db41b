"""The budgets, and the table a benchmark run prints: one column of figures per backend.

Each line is a figure, its value on each backend measured (the median over rounds, or the
p50 / p95 where the budget is a p95), the budget, and the verdict on each backend.
`python -m benchmarks.report SMALL.json LARGE.json` puts two runs side by side (the department
at ×1 and ×10: benchmarks.run's --scale), each backend's figure at both sizes and its growth.
"""

import json
import statistics
import sys
from pathlib import Path
from typing import NamedTuple

from benchmarks.backends import BACKENDS

OPEN_BUDGET_MS = 100
SEARCH_P95_BUDGET_MS = 50
STARTUP_RATIO_BUDGET = 1.3
DATA_RATIO_BUDGET = 2.3
CHECKLIST_BUDGET_MS = 100
MEMORY_BUDGET_MB = 200
BRIEF_MARKDOWN_BUDGET_MS = 200
BRIEF_PDF_BUDGET_MS = 1000
# "A keystroke never waits for the disk": read as no more than one frame (60 Hz) at the p95.
KEYSTROKE_BUDGET_MS = 16.7
CHANGE_SEEN_BUDGET_S = 2.0
IDLE_CPU_BUDGET_PERCENT = 1.0
SCREEN_NAMES = {"h": "Today", "p": "Partners", "m": "Meetings", "o": "Proposals", "v": "Visits"}


class Line(NamedTuple):
    figure: str
    shown: str
    budget: str
    verdict: str
    # The number the verdict is on (0 where the line has no budget): its growth is shown.
    value: float


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95: the p95)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))]


def verdict(value: float, budget: float) -> str:
    return "ok" if value <= budget else "MISSED"


def lines(results: dict) -> list[Line]:
    """The figures of one backend's results, in the order the table shows them."""
    median = statistics.median
    found: list[Line] = []

    def add(figure: str, shown: str, budget: str = "", value: float = 0, limit: float = 0) -> None:
        found.append(Line(figure, shown, budget, verdict(value, limit) if budget else "", value))

    def add_ms(figure: str, value: float, limit: float, bound: str = "≤") -> None:
        add(figure, f"{value:.0f} ms", f"{bound} {limit} ms", value, limit)

    start = results["startup"]
    bare, ours = median(start["bare_s"]), median(start["bilateral_s"])
    ratio, limit = ours / bare, STARTUP_RATIO_BUDGET
    figure = "start → first frame: bilateral / bare Textual"
    add(figure, f"{ratio:.2f}×", f"≤ {limit}×", ratio, limit)
    add("  bilateral, bare app (median s)", f"{ours:.2f} / {bare:.2f}", value=ours)
    drawn = median(start["bilateral_data_s"])
    add("  bilateral: start → Dashboard data drawn (s)", f"{drawn:.2f}", value=drawn)
    ratio, limit = drawn / bare, DATA_RATIO_BUDGET
    figure = "start → Today's rows drawn / bare Textual's first frame"
    add(figure, f"{ratio:.2f}×", f"≤ {limit}×", ratio, limit)
    rounds = results["screens"]
    built = median(r["built_ahead_ms"] for r in rounds)
    add("  then the other screens built ahead, in the background (ms)", f"{built:.0f}", value=built)
    opened = {"open_ms": "open {name} ({key}), first time", "open_again_ms": "open {name} again"}
    for field, figure in opened.items():
        for key, name in SCREEN_NAMES.items():
            value = median(r[field][key] for r in rounds)
            add_ms(f"{figure.format(name=name, key=key)}: first rows drawn", value, OPEN_BUDGET_MS)
    for label in rounds[0]["filter_ms"]:
        key, text = label.split(" ", 1)
        value = median(r["filter_ms"][label] for r in rounds)
        add_ms(f"filter {SCREEN_NAMES[key]} “{text}”: rows drawn", value, OPEN_BUDGET_MS)
    limit = SEARCH_P95_BUDGET_MS
    typed = {
        n: [v for r in rounds for v in r["search_keystroke_ms"][n]]
        for n in rounds[0]["search_keystroke_ms"]
    }
    for where, by_name in (("search screen", typed), ("db.search.search", results["search_db"])):
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
    markdown, pdf = median(briefs["markdown"]), median(briefs["pdf"])
    add_ms("brief of the busiest visit, Markdown", markdown, BRIEF_MARKDOWN_BUDGET_MS)
    add_ms("brief of the busiest visit, PDF", pdf, BRIEF_PDF_BUDGET_MS)
    value, limit = median(r["resident_mb"] for r in rounds), MEMORY_BUDGET_MB
    add("resident memory after every screen", f"{value:.0f} MB", f"< {limit} MB", value, limit)
    others = results.get("other_sessions")
    if others:
        seen, limit = others["change_seen_s"], CHANGE_SEEN_BUDGET_S
        figure = "another session's rename on the open list: median / max"
        shown = f"{median(seen):.2f} / {max(seen):.2f} s"
        add(figure, shown, f"max ≤ {limit} s", max(seen), limit)
        value, limit = others["idle_cpu_share"] * 100, IDLE_CPU_BUDGET_PERCENT
        add("CPU while idle, change feed listening", f"{value:.2f} %", f"< {limit} %", value, limit)
    typing = results.get("typing_cpu")
    if typing:
        for word in typing["stopped"]:
            stopped = median(typing["stopped"][word])
            run_on = median(typing["run_to_end"][word])
            where, text = word.split(" ", 1)
            place = "search" if where == "search" else f"filter {SCREEN_NAMES[where]}"
            figure = f"CPU per word typed fast, {place} “{text}”: stopped / run to end"
            add(figure, f"{stopped * 1000:.0f} / {run_on * 1000:.0f} ms", value=stopped)
    return found


def _heading(results: dict) -> list[str]:
    info = results["machine"]
    head = [
        f"bilateral benchmark, {info['date'][:10]}: {info['nproc']} CPUs ({info['cpu']}), "
        f"Python {info['python']}, load average {info['load_average_at_start']:.1f} at start"
    ]
    sqlite = results.get("sqlite", {}).get("setup", {})
    if sqlite:
        encrypted = ", encrypted (SQLCipher)" if sqlite.get("encrypted") else ""
        head.append(f"SQLite: a copy of the cached file, {sqlite['database_mb']:.0f} MB{encrypted}")
    served = results.get("postgresql", {}).get("setup", {})
    if served:
        head.append(
            f"PostgreSQL: a throwaway local server (Unix socket), copied in "
            f"{served['copy_s']:.0f} s, pg_database_size {served['database_mb']:.0f} MB"
        )
    for backend, reason in results.get("not_measured", {}).items():
        head.append(f"{BACKENDS[backend]}: not measured ({reason})")
    return head


def _table(heading: list[str], rows: list[tuple[str, ...]]) -> str:
    """Rows of (figure, values…, budget, verdicts) in aligned columns under the heading."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    text = [*heading, ""]
    for row in rows:
        figure, *values, budget, verdicts = row
        cells = [f"{figure:<{widths[0]}}"]
        cells += [f"{value:>{width}}" for value, width in zip(values, widths[1:-2], strict=True)]
        cells += [f"{budget:<{widths[-2]}}", verdicts]
        text.append("  " + "  ".join(cells).rstrip())
    return "\n".join(text)


def show(results: dict) -> str:
    """The whole table, with a heading on the machine and the databases."""
    measured = [backend for backend in BACKENDS if backend in results]
    if not measured:
        return "\n".join(_heading(results))
    by_backend = [lines(results[backend]) for backend in measured]
    rows = [
        (
            "figure",
            *(BACKENDS[b] for b in measured),
            "budget",
            "verdict " + " / ".join(BACKENDS[b] for b in measured),
        )
    ]
    for found in zip(*by_backend, strict=True):
        figure, budget = found[0].figure, found[0].budget
        verdicts = " / ".join(line.verdict for line in found) if budget else ""
        rows.append((figure, *(line.shown for line in found), budget, verdicts))
    return _table(_heading(results), rows)


def _growth(small: Line, large: Line) -> str:
    return f"×{large.value / small.value:.1f}" if small.value > 0 and large.value > 0 else ""


def show_growth(small: dict, large: dict) -> str:
    """Two runs side by side (a smaller and a larger department): each backend's figure in
    both, its growth, the budget and the verdicts at the larger size."""
    measured = [b for b in BACKENDS if b in small and b in large]
    sizes = [f"×{run['machine'].get('scale', 1)}" for run in (small, large)]
    header: list[str] = ["figure"]
    for backend in measured:
        header += [f"{BACKENDS[backend]} {sizes[0]}", f"{BACKENDS[backend]} {sizes[1]}", "growth"]
    header += ["budget", f"verdict at {sizes[1]} " + " / ".join(BACKENDS[b] for b in measured)]
    rows = [tuple(header)]
    pairs = [list(zip(lines(small[b]), lines(large[b]), strict=True)) for b in measured]
    for found in zip(*pairs, strict=True):
        first = found[0][0]
        cells: list[str] = [first.figure]
        for one, other in found:
            cells += [one.shown, other.shown, _growth(one, other)]
        verdicts = " / ".join(other.verdict for _, other in found) if first.budget else ""
        rows.append((*cells, first.budget, verdicts))
    heading = [*_heading(small), *(f"{sizes[1]}: {line}" for line in _heading(large))]
    return _table(heading, rows)


if __name__ == "__main__":
    runs = [json.loads(Path(name).read_text()) for name in sys.argv[1:3]]
    if len(runs) != 2:
        raise SystemExit("usage: python -m benchmarks.report SMALL.json LARGE.json")
    print(show_growth(*runs))
