"""`bilateral export brief|report|calendar` and `bilateral import calendar`."""

import stat
from pathlib import Path

import icalendar
from click.testing import CliRunner
from pypdf import PdfReader
from sqlalchemy import func, select

from db.models import Meeting
from tests.helpers.checklists import upcoming_visit
from tui.cli import main

CALENDAR_FILES = Path(__file__).parent.parent / "db" / "calendar_files"


def run(db_path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db_path), *args])


def meetings(database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(Meeting)) or 0


def test_the_brief_is_a_pdf_in_the_exports_folder_by_default(demo_database, db_path, private_home):
    result = run(db_path, "export", "brief", "Return visit")
    assert result.exit_code == 0, result.output
    [written] = (private_home / "data" / "bilateral" / "exports").iterdir()
    assert written.suffix == ".pdf" and "brief" in written.name
    assert result.output == f"Wrote {written} (PDF).\n"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    text = "".join(page.extract_text() for page in PdfReader(written).pages)
    assert "Ministry of the Interior" in text


def test_a_meeting_brief_and_a_report_in_markdown_by_the_name(demo_database, db_path, tmp_path):
    with demo_database.reading() as session:
        vienna = session.scalars(select(Meeting.id).where(Meeting.place == "Vienna")).first()
    brief = tmp_path / "meeting.md"
    result = run(db_path, "export", "brief", "--meeting", str(vienna), "-o", str(brief))
    assert result.exit_code == 0, result.output
    written = brief.read_text()
    assert written.startswith(
        "**UNCLASSIFIED**\n\n# Meeting brief: Working session with the Austrian Ministry"
    )
    assert written.endswith("\n**UNCLASSIFIED**\n")
    report = tmp_path / "report.md"
    result = run(db_path, "export", "report", "MPS delegation to Austria", "-o", str(report))
    assert result.exit_code == 0, result.output
    assert "Visit to the Austrian State Printing House" in report.read_text()


def test_the_brief_needs_a_visit_or_a_meeting_and_says_so(demo_database, db_path):
    assert "Name a visit, or give --meeting ID" in run(db_path, "export", "brief").output
    result = run(db_path, "export", "brief", "Return visit", "-o", "brief.docx")
    assert result.exit_code == 1 and ".pdf, .md or .markdown" in result.output


def test_calendar_export_then_import_of_it_changes_nothing(demo_database, db_path, tmp_path):
    target = tmp_path / "programme.ics"
    result = run(
        db_path, "export", "calendar", str(upcoming_visit(demo_database)), "-o", str(target)
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote 1 event and ")
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    [event] = calendar.walk("VEVENT")
    assert "Working session" in str(event["SUMMARY"])
    before = meetings(demo_database)
    result = run(db_path, "import", "calendar", str(target), "--visit", "Return visit")
    assert result.exit_code == 0, result.output
    assert "already here" in result.output and meetings(demo_database) == before


def test_calendar_import_dry_run_lists_and_changes_nothing_then_plans(demo_database, db_path):
    invitation = CALENDAR_FILES / "google_programme.ics"
    before = meetings(demo_database)
    result = run(
        db_path, "import", "calendar", str(invitation), "--visit", "Return visit", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert "nothing was changed" in result.output and meetings(demo_database) == before
    result = run(
        db_path,
        "import",
        "calendar",
        str(invitation),
        "--visit",
        "Return visit",
        "--partner",
        "Ministry of the Interior",
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Planned ")
    assert meetings(demo_database) > before


def test_a_broken_calendar_file_is_refused_with_nothing_planned(demo_database, db_path, tmp_path):
    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:\xff\xfe\r\n")
    before = meetings(demo_database)
    result = run(db_path, "import", "calendar", str(broken))
    assert result.exit_code == 1 and "nothing was changed" in result.output.lower()
    assert meetings(demo_database) == before
