"""The brief of the department's busiest visit (the one with the most meetings), timed.

Markdown and PDF are each written DOCUMENT_ROUNDS times to a file, assembly from the
records included (the budgets: Markdown ≤ 200 ms, PDF ≤ 1 s).
"""

import time
from pathlib import Path

from benchmarks.department_content import TODAY

DOCUMENT_ROUNDS = 5


def busiest_visit(database) -> int:  # noqa: ANN001 - db.engine.Database
    from sqlalchemy import func, select

    from db.models import Meeting

    with database.reading() as session:
        return session.execute(
            select(Meeting.visit_id)
            .where(Meeting.visit_id.is_not(None))
            .group_by(Meeting.visit_id)
            .order_by(func.count().desc(), Meeting.visit_id)
            .limit(1)
        ).scalar_one()


def brief_timings(database: str, workdir: Path) -> dict[str, list[float]]:
    """Milliseconds per brief written, by format."""
    from db.documents.exports import export_brief
    from db.opening import open_database

    opened = open_database(database)
    timings: dict[str, list[float]] = {"markdown": [], "pdf": []}
    try:
        visit_id = busiest_visit(opened)
        for suffix, name in ((".md", "markdown"), (".pdf", "pdf")):
            for number in range(DOCUMENT_ROUNDS):
                started = time.perf_counter()
                export_brief(
                    opened,
                    workdir / f"brief-{number}{suffix}",
                    visit_id=visit_id,
                    prepared_by="Benchmark",
                    today=TODAY,
                )
                timings[name].append((time.perf_counter() - started) * 1000)
    finally:
        opened.close()
    return timings
