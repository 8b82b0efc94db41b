"""The brief's rules, read in its Markdown on SQLite and PostgreSQL: the cover, delegations in
order of precedence, the programme at local time, only the visit's partners, commitments with
the overdue first, open proposals with their history, and the checklist by section."""

from collections.abc import Iterator
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.demo import load_demo
from db.documents.exports import brief_markdown
from db.errors import NotFound
from db.models import (
    ActionItem,
    Attendance,
    Brief,
    Meeting,
    Organisation,
    Person,
    Visit,
    VisitMember,
)
from db.opening import open_database
from db.text import fold
from tests.helpers.checklists import STANDARD, make_checklist
from tests.helpers.clock import TODAY
from tests.helpers.documents import first_cells, section

BOTH_BACKENDS = True

VISIT = "Return visit: Austrian Ministry of the Interior delegation to Hanoi"
# The handling marking's banner: the first and the last line of a brief of the demo's records.
BANNER = "**UNCLASSIFIED**"


def _person(session: Session, name: str, organisation: Organisation, **fields: str) -> Person:
    person = Person(full_name=name, sort_name=fold(name), organisation_id=organisation.id, **fields)
    session.add(person)
    session.flush()
    return person


def _add_records(session: Session) -> dict[str, int]:
    visit = session.scalars(select(Visit).where(Visit.title == VISIT)).one()
    meeting = session.scalars(select(Meeting).where(Meeting.visit_id == visit.id)).one()
    austria = session.scalars(
        select(Organisation).where(Organisation.name == "Ministry of the Interior")
    ).one()
    mps = session.scalars(select(Organisation).where(Organisation.is_own)).one()
    head = _person(
        session,
        "Gerhard Kößler",
        austria,
        title="Mag.",
        position="Director General",
        form_of_address="Herr Sektionschef",
        languages="German, English",
        pronunciation="KERSS-ler",
    )
    visit.head_person_id = head.id
    for name in ("Bruno Adler", "Anna Berger"):
        member = _person(session, name, austria)
        session.add(VisitMember(visit_id=visit.id, person_id=member.id, role="member"))
    seated = [
        (_person(session, "Zita Adler", austria), "theirs", "interpreter"),
        (_person(session, "Âu Lan", mps), "ours", "interpreter"),
        (_person(session, "Đỗ Minh", mps), "ours", ""),
        (_person(session, "Trần Thị Bích", mps), "ours", "member"),
        (_person(session, "Nguyễn Văn An", mps, position="Deputy Minister"), "ours", "head"),
    ]
    for person, side, role in seated:
        session.add(Attendance(meeting_id=meeting.id, person_id=person.id, side=side, role=role))
    meeting.starts_at = datetime(2027, 1, 8, 9, 0)
    meeting.ends_at = datetime(2027, 1, 8, 10, 30)
    meeting.date_precision = "minute"
    meeting.time_zone = "Asia/Ho_Chi_Minh"
    for text, side, due, done_on in (
        ("Name a contact point for extradition", "theirs", date(2027, 2, 1), None),
        ("Send the draft extradition text", "theirs", date(2026, 10, 1), None),
        ("Share the e-Government study", "theirs", date(2026, 5, 1), date(2026, 6, 1)),
        ("Translate the agreement draft", "ours", date(2026, 12, 20), None),
    ):
        session.add(
            ActionItem(
                text=text,
                side=side,
                due_on=due,
                done=done_on is not None,
                done_on=done_on,
                partner_id=austria.id,
                owner="Legal department",
            )
        )
    session.add(
        Brief(
            visit_id=visit.id,
            talking_points="Crime prevention agreement: aim to initial it.",
            handling="RESTRICTED",
        )
    )
    session.flush()
    return {"visit_id": visit.id, "meeting_id": meeting.id}


@pytest.fixture(scope="module")
def records(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SimpleNamespace]:
    """One demo database per backend, with a delegation, commitments, a brief and a
    checklist added to the upcoming visit; the tests only read it."""
    if backend == "postgresql":
        target = request.getfixturevalue("postgres_server").new_database()
    else:
        target = tmp_path_factory.mktemp("brief") / "demo.db"
    database = open_database(target)
    database.actor = ""
    load_demo(database, today=TODAY)
    ids = database.write(_add_records)
    overdue = {"section": "Protocol", "text": "Order the gifts", "due_on": date(2026, 11, 1)}
    make_checklist(database, ids["visit_id"], [*STANDARD, overdue])
    yield SimpleNamespace(database=database, **ids)
    database.close()


@pytest.fixture(scope="module")
def brief(records: SimpleNamespace) -> str:
    return brief_markdown(
        records.database, visit_id=records.visit_id, prepared_by="Phạm Thu Hà", today=TODAY
    )


@pytest.fixture(scope="module")
def meeting_brief(records: SimpleNamespace) -> str:
    return brief_markdown(
        records.database, meeting_id=records.meeting_id, prepared_by="An", today=TODAY
    )


def test_the_cover_names_the_visit_its_heads_and_who_prepared_it(brief: str) -> None:
    cover = brief.split("\n## ", 1)[0]
    assert "- **Visit:** Return visit: Austrian Ministry" in cover
    assert "- **Dates:** 7–10 Jan 2027" in cover
    assert "- **Places:** Ministry of Public Security, Hanoi, Viet Nam (7–10 Jan 2027)" in cover
    assert "- **Level:** working" in cover
    assert "- **Direction:** incoming" in cover
    assert "- **Head of our delegation:** Nguyễn Văn An" in cover
    assert "- **Head of their delegation:** Gerhard Kößler" in cover
    assert "- **Prepared on:** 26 Nov 2026" in cover
    assert "- **Prepared by:** Phạm Thu Hà" in cover
    assert "- **Handling:** RESTRICTED" in cover


def test_texts_not_written_yet_say_so_and_an_empty_marking_is_a_dash(brief: str) -> None:
    assert section(brief, "## Our talking points").strip() == (
        "Crime prevention agreement: aim to initial it."
    )
    for heading in ("Purpose and objectives", "Their likely objectives and our responses"):
        assert section(brief, f"## {heading}").strip() == "*(not written yet)*"


def test_delegations_are_in_order_of_precedence_head_first(brief: str) -> None:
    ours = first_cells(section(brief, "### Our delegation"))
    theirs = first_cells(section(brief, "### Their delegation"))
    assert ours == [
        "Nguyễn Văn An (head)",
        "Trần Thị Bích (member)",
        "Đỗ Minh",
        "Âu Lan (interpreter)",
    ]
    assert theirs == [
        "Gerhard Kößler (head) / Pronounced: KERSS-ler",
        "Anna Berger (member)",
        "Bruno Adler (member)",
        "Zita Adler (interpreter)",
    ]
    row = section(brief, "### Their delegation").strip().splitlines()[2]
    assert "Mag., Director General / Ministry of the Interior" in row
    assert "Herr Sektionschef" in row
    assert "German, English" in row


def test_the_programme_gives_local_time_place_and_who_attends(brief: str) -> None:
    programme = section(brief, "## Programme")
    row = programme.splitlines()[-1]
    assert row.startswith("| Fri 8 Jan 2027 09:00–10:30 (Asia/Ho_Chi_Minh) | Working session")
    assert "| Hanoi | Ministry of the Interior |" in row
    assert "Nguyễn Văn An (head)" in row
    assert "Zita Adler (interpreter)" in row


def test_only_the_visits_partners_have_a_dossier(brief: str) -> None:
    partners = section(brief, "## Partners")
    dossiers = [line for line in partners.splitlines() if line.startswith("### ")]
    assert dossiers == ["### Ministry of the Interior (BMI)"]
    for elsewhere in (
        "Austrian Institute of Technology",
        "Federal Ministry of the Interior",
        "Muehlbauer",
        "Christoph de Vries",
    ):
        assert elsewhere not in brief


def test_a_partners_dossier_has_profile_milestones_people_meetings_and_topics(
    brief: str,
) -> None:
    dossier = section(brief, "### Ministry of the Interior (BMI)")
    assert "- **Country:** Austria" in dossier
    assert "e-Government with three pillars" in dossier
    assert "| 1972 | Diplomatic relations between Viet Nam and Austria established |" in dossier
    people = first_cells(section(dossier, "#### People"))
    assert "Peter Webinger" in people
    assert "Gerhard Kößler / Pronounced: KERSS-ler" in people
    meetings = section(dossier, "#### Last meetings held")
    assert (
        "| 2025 | Working session with the Austrian Ministry of the Interior / Vienna" in meetings
    )
    assert "With: Lê Quốc Hùng (head), Peter Webinger" in meetings
    assert "first official visit at the Ministry level" in meetings
    topics = section(dossier, "#### Topics raised before")
    assert "extradition (2025)" in topics


def test_commitments_of_each_side_put_the_overdue_first_and_mark_them(brief: str) -> None:
    theirs = section(brief, "#### Their commitments")
    assert first_cells(theirs) == [
        "Send the draft extradition text",
        "Name a contact point for extradition",
        "Share the e-Government study",
    ]
    rows = theirs.strip().splitlines()[2:]
    assert rows[0].endswith("| 1 Oct 2026 | **OVERDUE** |")
    assert rows[1].endswith("| 1 Feb 2027 | open |")
    assert rows[2].endswith("| 1 May 2026 | done / 1 Jun 2026 |")
    ours = section(brief, "#### Our commitments")
    assert first_cells(ours) == ["Translate the agreement draft"]
    assert "OVERDUE" not in ours


def test_open_proposals_have_status_due_and_dated_history(brief: str) -> None:
    proposals = section(brief, "#### Open proposals and agreements")
    rows = proposals.strip().splitlines()[2:]
    assert len(rows) == 5
    assert rows[0].startswith("| Invitation to attend the signing ceremony of the Hanoi Convention")
    assert "| proposed | 25 Oct 2025 / **OVERDUE** | 2025: proposed / Working session" in rows[0]
    statuses = {row.split(" | ")[0].removeprefix("| ").split(" / ")[0]: row for row in rows}
    assert "| under negotiation |" in statuses["Cooperation Agreement on Crime Prevention"]
    for title in (
        "Extradition agreement",
        "Agreement on the transfer of sentenced persons",
        "Training and capacity building for Vietnamese public security personnel",
    ):
        assert "| proposed |" in statuses[title]


def test_the_checklist_counts_done_open_and_overdue_by_section(brief: str) -> None:
    checklist = section(brief, "## Checklist")
    assert "| Logistics | 1 | 1 | 0 |" in checklist
    assert "| Protocol | 0 | 2 | **1** |" in checklist
    assert "| **All sections** | 1 | 4 | 1 |" in checklist


def test_a_visit_without_a_checklist_says_none_yet(records: SimpleNamespace) -> None:
    with records.database.reading() as session:
        germany = session.scalar(select(Visit.id).where(Visit.title == "MPS delegation to Germany"))
    text = brief_markdown(records.database, visit_id=germany, prepared_by="", today=TODAY)
    lines = text.splitlines()
    assert lines[0] == lines[-1] == BANNER
    body = text.removesuffix(f"\n{BANNER}\n")  # the checklist is the last section
    assert section(body, "## Checklist").strip() == "*No checklist yet.*"
    assert "- **Handling:** —" in text
    assert "- **Prepared by:** —" in text


def test_a_meeting_brief_is_scoped_to_the_meeting(meeting_brief: str) -> None:
    assert meeting_brief.startswith(
        f"{BANNER}\n\n# Meeting brief: Working session with the Austrian Ministry of the Interior\n"
    )
    assert meeting_brief.endswith(f"\n{BANNER}\n")
    assert "- **Dates:** Fri 8 Jan 2027 09:00–10:30 (Asia/Ho_Chi_Minh)" in meeting_brief
    assert "- **Places:** Hanoi" in meeting_brief
    assert "- **Handling:** —" in meeting_brief
    assert "- **Head of their delegation:** —" in meeting_brief
    assert first_cells(section(meeting_brief, "### Their delegation")) == [
        "Zita Adler (interpreter)"
    ]
    assert section(meeting_brief, "## Our talking points").strip() == "*(not written yet)*"
    assert len(section(meeting_brief, "## Programme").strip().splitlines()) == 3
    assert "### Ministry of the Interior (BMI)" in meeting_brief
    assert "## Checklist" not in meeting_brief


def test_an_unknown_visit_or_meeting_is_not_found(records: SimpleNamespace) -> None:
    with pytest.raises(NotFound, match="There is no visit 9999"):
        brief_markdown(records.database, visit_id=9999, prepared_by="", today=TODAY)
    with pytest.raises(NotFound, match="There is no meeting 9999"):
        brief_markdown(records.database, meeting_id=9999, prepared_by="", today=TODAY)
