"""Every export up to a handling marking, on SQLite and PostgreSQL: nothing marked above the
level gets into the file (not even a title in a derived text), the records left out are
counted, and the highest marking the file holds is printed at its top and bottom."""

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.calendar.export import MARKING_PROPERTY, export_calendar
from db.checklists.changes import generate_checklist
from db.checklists.toml_read import import_checklist
from db.checklists.toml_write import checklist_export
from db.demo import load_demo
from db.documents.cleared import AboveTheLevel
from db.documents.exports import export_brief, export_report
from db.markings import UnknownLevel
from db.models import (
    Attendance,
    Meeting,
    MeetingPartner,
    Note,
    Organisation,
    Person,
    Proposal,
    ProposalMeeting,
    Visit,
)
from db.opening import open_database
from db.text import fold
from tests.helpers.clock import TODAY

BOTH_BACKENDS = True

VISIT = "Return visit: Austrian Ministry of the Interior delegation to Hanoi"
LEVELS = ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL")
# Every record added above the lowest level carries its level's word in its title or name, so
# that a derived text ("Prepare our position on …") cannot carry it out unseen either.
WORDS = {1: "Kestrel", 2: "Osprey"}
MARKED = {
    "Kestrel Liaison Bureau": 1,
    "Ingrid Kestrel": 1,
    "Kestrel evening talks": 1,
    "Kestrel decision on the watch list": 1,
    "Kestrel task force": 1,
    "Osprey Protection Directorate": 2,
    "Oskar Osprey": 2,
    "Osprey night talks": 2,
    "Osprey decision on the witnesses": 2,
    "Osprey data exchange": 2,
}
# The meeting every marked record meets in: held, unmarked, with partners and people of all levels.
HARBOUR = "Harbour courtesy call"


def _meeting(session: Session, visit: Visit, title: str, marking: int, hour: int) -> Meeting:
    meeting = Meeting(
        title=title,
        kind="working session",
        starts_at=datetime(2027, 1, 9, hour, 0),
        date_precision="minute",
        place="Hanoi",
        time_zone="Asia/Ho_Chi_Minh",
        status="held",
        visit_id=visit.id,
        marking=marking,
    )
    session.add(meeting)
    session.flush()
    return meeting


def _add_marked_records(session: Session) -> dict[str, int]:
    """The records of every level: a held meeting of the upcoming visit with partners,
    attendees, decisions and proposals at each level, and meetings at each level beside it."""
    visit = session.scalars(select(Visit).where(Visit.title == VISIT)).one()
    austria = session.scalars(
        select(Organisation).where(Organisation.name == "Ministry of the Interior")
    ).one()
    bureau = Organisation(name="Kestrel Liaison Bureau", country="AT", marking=1)
    directorate = Organisation(name="Osprey Protection Directorate", country="AT", marking=2)
    session.add_all([bureau, directorate])
    people = [
        Person(full_name=name, sort_name=fold(name), organisation_id=austria.id, **fields)
        for name, fields in (
            ("Anna Open", {"email": "anna@example.org"}),
            ("Ingrid Kestrel", {"email": "ingrid@example.org", "marking": 1}),
            ("Oskar Osprey", {"email": "oskar@example.org", "marking": 2}),
        )
    ]
    session.add_all(people)
    session.flush()
    harbour = _meeting(session, visit, HARBOUR, 0, 9)
    for partner in (austria, bureau, directorate):
        session.add(MeetingPartner(meeting_id=harbour.id, organisation_id=partner.id))
    for person in people:
        session.add(Attendance(meeting_id=harbour.id, person_id=person.id, side="theirs"))
    for hour, (title, marking) in enumerate(
        (("Kestrel evening talks", 1), ("Osprey night talks", 2)), start=18
    ):
        meeting = _meeting(session, visit, title, marking, hour)
        session.add(MeetingPartner(meeting_id=meeting.id, organisation_id=austria.id))
    for text, marking in (
        ("Harbour decision to open a liaison desk", 0),
        ("Kestrel decision on the watch list", 1),
        ("Osprey decision on the witnesses", 2),
    ):
        session.add(Note(meeting_id=harbour.id, kind="decision", text=text, marking=marking))
    for title, marking in (("Kestrel task force", 1), ("Osprey data exchange", 2)):
        proposal = Proposal(
            title=title,
            kind="cooperation",
            partner_id=austria.id,
            status="proposed",
            marking=marking,
        )
        session.add(proposal)
        session.flush()
        session.add(
            ProposalMeeting(proposal_id=proposal.id, meeting_id=harbour.id, raised_here=True)
        )
    secret = Visit(title="Confidential visit to Vienna", direction="outgoing", marking=2)
    session.add(secret)
    session.flush()
    return {"visit_id": visit.id, "harbour": harbour.id, "secret_visit": secret.id}


def _marked_database(target: str | Path) -> SimpleNamespace:
    database = open_database(target)
    database.actor = ""
    load_demo(database, today=TODAY)
    ids = database.write(_add_marked_records)
    generate_checklist(database, ids["visit_id"], today=TODAY)
    return SimpleNamespace(database=database, folder=Path(target).parent, **ids)


@pytest.fixture(scope="module")
def marked(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SimpleNamespace]:
    """The demo with records of every level added, and the upcoming visit's checklist
    generated from them, on each backend; the tests only read it."""
    folder = tmp_path_factory.mktemp("markings")
    if backend == "postgresql":
        records = _marked_database(request.getfixturevalue("postgres_server").new_database())
        records.folder = folder
    else:
        records = _marked_database(folder / "marked.db")
    yield records
    records.database.close()


@pytest.fixture(scope="module")
def marked_pdf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """The same records on SQLite, and the upcoming visit's brief as a PDF up to RESTRICTED:
    the one PDF this module typesets."""
    records = _marked_database(tmp_path_factory.mktemp("pdf") / "marked.db")
    target = records.folder / "brief.pdf"
    written = export_brief(
        records.database, target, visit_id=records.visit_id, prepared_by="", today=TODAY, up_to=1
    )
    records.database.close()
    yield SimpleNamespace(
        pages=[page.extract_text() for page in PdfReader(target).pages],
        left_out=written.left_out,
    )


@dataclass(frozen=True)
class Exported:
    """What an export wrote: its text, the marking it names and how many records it left out."""

    text: str
    marking: str
    left_out: int


def _brief(records: SimpleNamespace, up_to: int | None) -> Exported:
    target = records.folder / f"brief-{up_to}.md"
    written = export_brief(
        records.database,
        target,
        visit_id=records.visit_id,
        prepared_by="",
        today=TODAY,
        up_to=up_to,
    )
    return Exported(target.read_text(encoding="utf-8"), written.marking, written.left_out)


def _meeting_brief(records: SimpleNamespace, up_to: int | None) -> Exported:
    target = records.folder / f"meeting-{up_to}.md"
    written = export_brief(
        records.database,
        target,
        meeting_id=records.harbour,
        prepared_by="",
        today=TODAY,
        up_to=up_to,
    )
    return Exported(target.read_text(encoding="utf-8"), written.marking, written.left_out)


def _report(records: SimpleNamespace, up_to: int | None) -> Exported:
    target = records.folder / f"report-{up_to}.md"
    written = export_report(
        records.database,
        target,
        visit_id=records.visit_id,
        prepared_by="",
        today=TODAY,
        up_to=up_to,
    )
    return Exported(target.read_text(encoding="utf-8"), written.marking, written.left_out)


def _calendar(records: SimpleNamespace, up_to: int | None) -> Exported:
    target = records.folder / f"calendar-{up_to}.ics"
    written = export_calendar(records.database, records.visit_id, target, up_to=up_to)
    # Unfolded: a long line of the file is folded at 75 octets.
    text = target.read_text(encoding="utf-8").replace("\r\n ", "")
    return Exported(text, written.marking, written.left_out)


def _checklist(records: SimpleNamespace, up_to: int | None) -> Exported:
    exported = checklist_export(records.database, records.visit_id, up_to)
    return Exported(exported.text, exported.marking, exported.left_out)


def _markdown_banner(exported: Exported, marking: str) -> None:
    lines = exported.text.strip().splitlines()
    assert lines[0] == lines[-1] == f"**{marking}**"


def _toml_banner(exported: Exported, marking: str) -> None:
    assert tomllib.loads(exported.text)["marking"] == marking
    header = exported.text.split("[visit]")[0]
    assert f'\nmarking = "{marking}"\n' in header


def _calendar_banner(exported: Exported, marking: str) -> None:
    calendar = Calendar.from_ical(exported.text)
    assert calendar[MARKING_PROPERTY] == marking


@dataclass(frozen=True)
class Export:
    """One export, how its banner is read, and how many records each level leaves out."""

    write: Callable[[SimpleNamespace, int | None], Exported]
    banner: Callable[[Exported, str], None]
    # Left out up to UNCLASSIFIED, and up to RESTRICTED.
    left_out: tuple[int, int]


EXPORTS = {
    # Every marked record (the decisions in the dossier's meetings held): 10, 5 CONFIDENTIAL.
    "brief": Export(_brief, _markdown_banner, (10, 5)),
    # All but the two organisations, which a report names nowhere: 8 (4).
    "report": Export(_report, _markdown_banner, (8, 4)),
    # All but the harbour meeting's own decisions (its dossiers skip it): 8 (4).
    "meeting brief": Export(_meeting_brief, _markdown_banner, (8, 4)),
    # All but the decisions (events carry no notes): 8 (4).
    "calendar": Export(_calendar, _calendar_banner, (8, 4)),
    # The organisations, proposals and people the items were drawn from: 6 (3).
    "checklist": Export(_checklist, _toml_banner, (6, 3)),
}


def _left_out(export: Export, up_to: int | None) -> int:
    return 0 if up_to is None or up_to == 2 else export.left_out[up_to]


@pytest.mark.parametrize(
    "up_to", [0, 1, 2, None], ids=["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "all"]
)
@pytest.mark.parametrize("name", list(EXPORTS))
def test_an_export_holds_nothing_above_its_level_and_says_what_it_left_out(
    marked: SimpleNamespace, name: str, up_to: int | None
) -> None:
    export = EXPORTS[name]
    exported = export.write(marked, up_to)
    level = 2 if up_to is None else up_to
    for record, marking in MARKED.items():
        if marking > level:
            assert record not in exported.text, record
    for marking, word in WORDS.items():
        assert (word in exported.text) is (marking <= level), word
    left_out = _left_out(export, up_to)
    assert exported.left_out == left_out
    sentence = f"{left_out} records above {LEVELS[level]} were left out."
    assert (sentence in exported.text) is (left_out > 0)
    assert ("left out" in exported.text) is (left_out > 0)
    assert exported.marking == LEVELS[level]
    export.banner(exported, LEVELS[level])


def test_a_calendar_event_holding_anything_above_the_lowest_level_is_confidential(
    marked: SimpleNamespace,
) -> None:
    for up_to, harbour_class in ((None, "CONFIDENTIAL"), (1, "CONFIDENTIAL"), (0, None)):
        calendar = Calendar.from_ical(_calendar(marked, up_to).text)
        classes = {str(event["SUMMARY"]): event.get("CLASS") for event in calendar.events}
        assert classes[HARBOUR] == harbour_class
        assert classes["Working session with the Austrian Ministry of the Interior"] is None
        assert ("Kestrel evening talks" in classes) is (up_to != 0)


@pytest.mark.parametrize("name", ["brief", "report", "calendar", "checklist"])
def test_an_export_of_a_visit_above_the_level_is_refused(
    marked: SimpleNamespace, name: str, tmp_path: Path
) -> None:
    records = SimpleNamespace(
        **{**vars(marked), "visit_id": marked.secret_visit, "folder": tmp_path}
    )
    with pytest.raises(AboveTheLevel, match="is marked CONFIDENTIAL, above RESTRICTED"):
        EXPORTS[name].write(records, 1)
    assert list(tmp_path.iterdir()) == []


def test_a_brief_of_a_meeting_above_the_level_is_refused(
    marked: SimpleNamespace, tmp_path: Path
) -> None:
    with marked.database.reading() as session:
        osprey = session.scalar(select(Meeting.id).where(Meeting.title == "Osprey night talks"))
    target = tmp_path / "refused.md"
    with pytest.raises(AboveTheLevel, match=f"Meeting {osprey} is marked CONFIDENTIAL"):
        export_brief(
            marked.database, target, meeting_id=osprey, prepared_by="", today=TODAY, up_to=1
        )
    assert not target.exists()


def test_a_level_that_does_not_exist_is_refused(marked: SimpleNamespace) -> None:
    with pytest.raises(UnknownLevel, match="no handling marking 3"):
        checklist_export(marked.database, marked.visit_id, 3)


def test_a_checklist_file_imports_with_its_marking_and_without_it(
    marked: SimpleNamespace,
) -> None:
    exported = checklist_export(marked.database, marked.visit_id, 1).text
    assert import_checklist(marked.database, exported).changed is False
    unmarked = re.sub(r'(?m)^marking = ".*"\n', "", exported)
    assert "marking" not in tomllib.loads(unmarked)
    assert import_checklist(marked.database, unmarked).changed is False


def test_the_pdf_prints_the_marking_at_the_top_and_bottom_of_every_page(
    marked_pdf: SimpleNamespace,
) -> None:
    assert len(marked_pdf.pages) > 1
    for page in marked_pdf.pages:
        lines = page.strip().splitlines()
        assert lines[0] == "RESTRICTED", lines[:3]
        assert "RESTRICTED" in lines[-1], lines[-3:]
    flat = " ".join(" ".join(marked_pdf.pages).split())
    assert "Kestrel" in flat and "Osprey" not in flat
    assert marked_pdf.left_out == 5
    assert "5 records above RESTRICTED were left out." in flat
