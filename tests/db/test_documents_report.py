"""The report of the demo's 2025 Austria visit: the record of each meeting held (attendees,
outcomes, decisions, commitments, proposals raised and moved) and the open follow-ups; then
file names, suffixes and missing visits. One PDF is made for the whole module."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from db.demo import load_demo
from db.documents.exports import (
    UnknownDocumentFormat,
    document_path,
    export_brief,
    export_report,
    report_markdown,
)
from db.errors import NotFound
from db.models import Meeting, Proposal
from db.note_changes import mark_decision
from db.opening import open_database
from db.proposal_changes import change_status
from tests.helpers.checklists import past_visit
from tests.helpers.clock import TODAY
from tests.helpers.documents import first_cells, section

TALKS = "Working session with the Austrian Ministry of the Interior"
MEETINGS = (
    TALKS,
    "Visit to the Austrian Institute of Technology",
    "Visit to the Austrian State Printing House",
    "Visit to the Vietnamese Embassy in Austria",
)
DECISION = "Hold the first negotiating round on extradition in Hanoi."


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """The Austria visit with a decision and a status change recorded at its talks, and its
    report as Markdown and as PDF."""
    folder = tmp_path_factory.mktemp("report")
    database = open_database(folder / "demo.db")
    database.actor = ""
    load_demo(database, today=TODAY)
    visit_id = past_visit(database)
    with database.reading() as session:
        talks = session.scalar(
            select(Meeting.id).where(Meeting.visit_id == visit_id, Meeting.title == TALKS)
        )
        extradition = session.scalar(
            select(Proposal.id).where(Proposal.title == "Extradition agreement")
        )
    mark_decision(database, talks, DECISION)
    change_status(database, extradition, "under negotiation", on=date(2025, 6, 3), meeting_id=talks)
    pdf = export_report(
        database, folder / "report.pdf", visit_id=visit_id, prepared_by="An", today=TODAY
    )
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf.path).pages).split())
    yield SimpleNamespace(
        database=database,
        visit_id=visit_id,
        folder=folder,
        pdf=pdf,
        text=text,
        md=report_markdown(database, visit_id=visit_id, prepared_by="An", today=TODAY),
    )
    database.close()


def test_the_report_records_each_meeting_held(report: SimpleNamespace) -> None:
    headings = [line[4:] for line in report.md.splitlines() if line.startswith("### ")]
    assert headings == list(MEETINGS)
    talks = section(report.md, f"### {TALKS}")
    assert "- **Our side:** Lê Quốc Hùng (head)" in talks
    assert "- **Their side:** Peter Webinger" in talks
    assert "this is the first official visit at the Ministry level" in talks
    assert section(talks, "#### Decisions").strip() == f"- {DECISION}"
    assert "- **Head of our delegation:** Lê Quốc Hùng" in report.md


def test_the_report_lists_proposals_raised_and_moved_with_their_status(
    report: SimpleNamespace,
) -> None:
    talks = section(report.md, f"### {TALKS}")
    raised = section(talks, "#### Proposals raised")
    assert first_cells(raised) == [
        "Cooperation Agreement on Crime Prevention",
        "Extradition agreement",
        "Agreement on the transfer of sentenced persons",
        "Training and capacity building for Vietnamese public security personnel",
        "Invitation to attend the signing ceremony of the Hanoi Convention",
    ]
    assert "| Extradition agreement | agreement | proposed by us | under negotiation |" in raised
    assert (
        "| Cooperation Agreement on Crime Prevention | agreement | proposed by us "
        "| under negotiation |" in raised
    )
    moved = section(talks, "#### Proposals moved")
    assert moved.strip().splitlines()[2:] == [
        "| Extradition agreement | proposed → under negotiation | 3 Jun 2025 |"
    ]
    ait = section(report.md, f"### {MEETINGS[1]}")
    assert "| Technology transfer, joint research and training support | cooperation" in ait


def test_the_report_ends_with_the_open_follow_ups_and_their_owners(
    report: SimpleNamespace,
) -> None:
    banner = "**UNCLASSIFIED**"  # the handling marking: the first and the last line
    lines = report.md.splitlines()
    assert lines[0] == lines[-1] == banner
    follow_ups = section(report.md.removesuffix(f"\n{banner}\n"), "## Open follow-ups")
    rows = follow_ups.strip().splitlines()[2:]
    assert len(rows) == 1
    assert rows[0].startswith("| Continue supporting the Vietnamese community in Austria")
    assert rows[0].endswith(
        "| ours | Vietnamese Embassy in Austria | Vietnamese Embassy in Austria |   | open |"
    )
    embassy = section(report.md, f"### {MEETINGS[3]}")
    assert "Continue supporting the Vietnamese community" in section(
        embassy, "#### Commitments made"
    )


def test_the_report_pdf_has_the_meetings_decisions_and_statuses(
    report: SimpleNamespace,
) -> None:
    assert report.pdf.format == "pdf"
    assert report.pdf.warnings == ()
    for text in (*MEETINGS, DECISION, "proposed → under negotiation", "Record of discussion"):
        assert text in report.text
    assert "Extradition agreement agreement proposed by us under negotiation" in report.text


def test_a_wrong_suffix_is_refused_and_nothing_is_written(report: SimpleNamespace) -> None:
    target = report.folder / "new" / "brief.docx"
    with pytest.raises(UnknownDocumentFormat, match=r"\.pdf, \.md or \.markdown"):
        export_brief(report.database, target, visit_id=report.visit_id, prepared_by="", today=TODAY)
    with pytest.raises(UnknownDocumentFormat, match="“brief.docx” was not written"):
        export_report(
            report.database, target, visit_id=report.visit_id, prepared_by="", today=TODAY
        )
    assert not target.parent.exists()


def test_markdown_files_replace_the_old_one_privately(report: SimpleNamespace) -> None:
    target = report.folder / "exports" / "report.markdown"
    target.parent.mkdir()
    target.write_text("old")
    written = export_report(
        report.database, target, visit_id=report.visit_id, prepared_by="An", today=TODAY
    )
    assert written.format == "markdown"
    assert target.read_text(encoding="utf-8") == report.md
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.markdown"]


def test_a_missing_visit_is_not_found_and_nothing_is_written(report: SimpleNamespace) -> None:
    target = report.folder / "missing.md"
    with pytest.raises(NotFound, match="There is no visit 9999"):
        export_report(report.database, target, visit_id=9999, prepared_by="", today=TODAY)
    assert not target.exists()


def test_a_document_path_reads_well_and_is_safe(tmp_path: Path) -> None:
    day = date(2026, 12, 2)
    path = document_path(
        tmp_path,
        "brief",
        "Return visit: Austrian Ministry of the Interior delegation to Hanoi",
        day,
    )
    assert path == tmp_path / (
        "2026-12-02 brief - Return visit Austrian Ministry of the Interior delegation to Hanoi.pdf"
    )
    odd = document_path(tmp_path, "report", "Lê Quốc Hùng / Đà Nẵng: ../<x>?*", day, ".md")
    assert odd.name == "2026-12-02 report - Le Quoc Hung Da Nang .. x.md"
    assert odd.parent == tmp_path
    long = document_path(tmp_path, "brief", "word " * 40, day)
    assert len(long.name) < 110
    assert document_path(tmp_path, "brief", "///", day).name == "2026-12-02 brief - untitled.pdf"
