"""`bilateral export checklist|brief|report|calendar --up-to LEVEL`: the level by its name in
any case, what was left out said, an unknown level or a visit above the level refused."""

import tomllib

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from sqlalchemy import update

from db.engine import Database
from db.models import Meeting, Organisation, Visit
from tui.cli import main

UPCOMING = "Return visit"


def run(db_path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db_path), *args])


@pytest.fixture
def marked(demo_database: Database) -> Database:
    """The upcoming visit's one meeting RESTRICTED, the ministry it meets CONFIDENTIAL, and
    the visit to Germany CONFIDENTIAL."""

    def mark(session) -> None:
        session.execute(
            update(Meeting)
            .where(Meeting.title.like("Working session%"), Meeting.place == "Hanoi")
            .values(marking=1)
        )
        session.execute(
            update(Organisation)
            .where(Organisation.name == "Ministry of the Interior")
            .values(marking=2)
        )
        session.execute(
            update(Visit).where(Visit.title == "MPS delegation to Germany").values(marking=2)
        )

    demo_database.write(mark)
    return demo_database


def test_a_brief_up_to_a_level_says_what_it_left_out(marked, db_path, tmp_path):
    target = tmp_path / "brief.md"
    result = run(db_path, "export", "brief", UPCOMING, "--up-to", "Restricted", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {target} (Markdown).\nLeft out 1 record above RESTRICTED.\n"
    lines = target.read_text(encoding="utf-8").strip().splitlines()
    assert lines[0] == lines[-1] == "**RESTRICTED**"
    assert "Ministry of the Interior (BMI)" not in target.read_text(encoding="utf-8")


def test_without_a_level_everything_is_exported_under_its_highest_marking(
    marked, db_path, tmp_path
):
    target = tmp_path / "brief.md"
    result = run(db_path, "export", "brief", UPCOMING, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {target} (Markdown).\n"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("**CONFIDENTIAL**\n") and text.endswith("**CONFIDENTIAL**\n")
    assert "Ministry of the Interior (BMI)" in text


def test_the_report_and_the_calendar_up_to_the_lowest_level(marked, db_path, tmp_path):
    report = tmp_path / "report.md"
    result = run(
        db_path, "export", "report", UPCOMING, "--up-to", "unclassified", "-o", str(report)
    )
    assert result.exit_code == 0, result.output
    assert result.output.endswith("\nLeft out 1 record above UNCLASSIFIED.\n")
    assert "Working session" not in report.read_text(encoding="utf-8")
    calendar = tmp_path / "programme.ics"
    result = run(
        db_path, "export", "calendar", UPCOMING, "--up-to", "UNCLASSIFIED", "-o", str(calendar)
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Wrote 0 events and 0 tasks to {calendar}\nLeft out 1 record above UNCLASSIFIED.\n"
    )
    assert Calendar.from_ical(calendar.read_bytes())["X-BILATERAL-MARKING"] == "UNCLASSIFIED"


def test_the_checklist_up_to_a_level_leaves_out_the_briefing_on_a_partner_above_it(
    marked, db_path, tmp_path
):
    target = tmp_path / "checklist.toml"
    result = run(
        db_path,
        "export",
        "checklist",
        UPCOMING,
        "--generate",
        "--up-to",
        "restricted",
        "-o",
        str(target),
    )
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f" to {target}\nLeft out 1 record above RESTRICTED.\n")
    document = tomllib.loads(target.read_text(encoding="utf-8"))
    assert document["marking"] == "UNCLASSIFIED"
    assert not [s for s in document["sections"] if "Ministry of the Interior" in s["title"]]


@pytest.mark.parametrize("kind", ["checklist", "brief", "report", "calendar"])
def test_an_unknown_level_is_refused_in_words(marked, db_path, tmp_path, kind):
    target = tmp_path / "out.md"
    result = run(db_path, "export", kind, UPCOMING, "--up-to", "secret", "-o", str(target))
    assert result.exit_code == 1
    assert (
        "'secret' is not a handling marking here; the levels are UNCLASSIFIED, RESTRICTED, "
        "CONFIDENTIAL (lowest first)." in result.output
    )
    assert not target.exists()


@pytest.mark.parametrize("kind", ["checklist", "brief", "report", "calendar"])
def test_a_visit_above_the_level_is_refused(marked, db_path, tmp_path, kind):
    target = tmp_path / "out.md"
    result = run(db_path, "export", kind, "Germany", "--up-to", "restricted", "-o", str(target))
    assert result.exit_code == 1
    assert "is marked CONFIDENTIAL, above RESTRICTED: it was not exported." in result.output
    assert not target.exists()
