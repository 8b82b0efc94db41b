"""`bilateral export checklist` and `bilateral import checklist`."""

import stat
import tomllib
from datetime import date

from click.testing import CliRunner
from sqlalchemy import select

from db.checklists.toml_format import SCHEMA
from db.lifecycle import ALL_OPEN_STATUSES
from db.models import ChecklistItem, Organisation, Person, Proposal
from tests.helpers.checklists import STANDARD, dump, make_checklist, upcoming_visit
from tests.helpers.clock import TODAY
from tui.cli import main


def run(db_path, *args: str):
    return CliRunner().invoke(main, ["--db", str(db_path), *args])


def test_export_writes_the_named_file(demo_database, db_path, tmp_path):
    make_checklist(demo_database, upcoming_visit(demo_database), STANDARD)
    target = tmp_path / "out" / "hanoi.toml"
    result = run(db_path, "export", "checklist", "austrian ministry", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote 4 items to {target}\n"
    assert tomllib.loads(target.read_text(encoding="utf-8"))["schema"] == SCHEMA
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_defaults_to_the_exports_folder(demo_database, db_path, private_home):
    visit_id = upcoming_visit(demo_database)
    make_checklist(demo_database, visit_id, STANDARD[:1])
    result = run(db_path, "export", "checklist", str(visit_id))
    assert result.exit_code == 0, result.output
    exports = private_home / "data" / "bilateral" / "exports"
    [written] = exports.iterdir()
    assert written.name.startswith("return-visit-austrian-ministry")
    assert written.name.endswith(".toml")
    assert result.output == f"Wrote 1 item to {written}\n"


def test_export_without_a_checklist_says_how_to_make_one(demo_database, db_path):
    result = run(db_path, "export", "checklist", "Hanoi")
    assert result.exit_code == 1
    assert "has no checklist yet" in result.output and "Generate it first" in result.output
    assert "Traceback" not in result.output


def test_export_of_an_ambiguous_or_unknown_visit_lists_the_candidates(demo_database, db_path):
    ambiguous = run(db_path, "export", "checklist", "mps delegation")
    assert ambiguous.exit_code == 1
    assert (
        "matches 2 visits" in ambiguous.output and "MPS delegation to Germany" in ambiguous.output
    )
    unknown = run(db_path, "export", "checklist", "Paris")
    assert unknown.exit_code == 1 and "No visit matches 'Paris'" in unknown.output


def test_the_visits_listed_show_their_dates_as_far_as_known(demo_database, db_path):
    from db.visit_changes import create_visit
    from db.visit_input import VisitInput

    for country, starts in (("Laos", "Jan 2025"), ("Cuba", "7.3.2025")):
        title = f"MPS delegation to {country}"
        create_visit(demo_database, VisitInput(title=title, starts=starts), TODAY)
    listed = run(db_path, "export", "checklist", "mps delegation").output
    assert "MPS delegation to Germany (2025)\n" in listed  # known to the year only
    assert "MPS delegation to Laos (Jan 2025)\n" in listed
    assert "MPS delegation to Cuba (7 Mar 2025)\n" in listed
    assert "2025-01-01" not in listed


def test_export_to_an_unwritable_place_is_an_error_in_words(demo_database, db_path, tmp_path):
    make_checklist(demo_database, upcoming_visit(demo_database), STANDARD)
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    result = run(db_path, "export", "checklist", "Hanoi", "-o", str(tmp_path / "a-file" / "x"))
    assert result.exit_code == 1
    assert "is a file, not a folder" in result.output and "Traceback" not in result.output


def test_import_reports_what_changed(demo_database, db_path, tmp_path):
    make_checklist(demo_database, upcoming_visit(demo_database), STANDARD)
    target = tmp_path / "hanoi.toml"
    assert run(db_path, "export", "checklist", "Hanoi", "-o", str(target)).exit_code == 0
    unchanged = run(db_path, "import", "checklist", str(target))
    assert unchanged.exit_code == 0, unchanged.output
    assert unchanged.output.startswith("Nothing to change: the checklist of 'Return visit")
    edited = target.read_text(encoding="utf-8").replace("done = false", "done = true", 1)
    edited += '\n[[sections]]\ntitle = "Afterwards"\n\n[[sections.items]]\ntext = "Letters"\n'
    edited = edited.replace("due = 2026-12-01", "due = 2026-12-03")
    target.write_text(edited, encoding="utf-8")
    result = run(db_path, "import", "checklist", str(target))
    assert result.exit_code == 0, result.output
    assert result.output.endswith(": 1 ticked, 1 edited, 1 added\n")
    with demo_database.reading() as session:
        added = session.scalar(select(ChecklistItem).where(ChecklistItem.text == "Letters"))
        hotel = session.scalar(select(ChecklistItem).where(ChecklistItem.text == "Book the hotel"))
    assert added.source == "own" and hotel.done and hotel.due_on == date(2026, 12, 3)


def test_a_bad_import_lists_its_problems_and_changes_nothing(demo_database, db_path, tmp_path):
    make_checklist(demo_database, upcoming_visit(demo_database), STANDARD)
    target = tmp_path / "hanoi.toml"
    run(db_path, "export", "checklist", "Hanoi", "-o", str(target))
    exported = target.read_text(encoding="utf-8")
    target.write_text(
        exported.replace("due = 2026-12-01", "due = 2301-12-01").replace("done = true", "done = 1"),
        encoding="utf-8",
    )
    before = dump(demo_database)
    result = run(db_path, "import", "checklist", str(target))
    assert result.exit_code == 1
    assert "not imported; nothing was changed" in result.output
    assert "sections[1].items[1].due: 2301-12-01 is outside the years 1900–2200" in result.output
    assert "sections[1].items[2].done: not true or false" in result.output
    assert "Traceback" not in result.output
    assert dump(demo_database) == before


def test_import_of_a_syntax_error_or_a_huge_or_missing_file(demo_database, db_path, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('schema = "bilateral-checklist/1"\n[visit\n', encoding="utf-8")
    result = run(db_path, "import", "checklist", str(broken))
    assert (
        result.exit_code == 1 and "is not valid TOML" in result.output and "line 2" in result.output
    )
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b"x" * 10_000_000)
    result = run(db_path, "import", "checklist", str(huge))
    assert result.exit_code == 1 and "at most 1,000,000 bytes" in result.output
    result = run(db_path, "import", "checklist", str(tmp_path / "missing.toml"))
    assert result.exit_code == 1 and "cannot be read: no such file" in result.output


def test_the_demo_visit_exports_a_generated_checklist_that_reads_back(
    demo_database, db_path, tmp_path
):
    target = tmp_path / "demo.toml"
    result = run(db_path, "export", "checklist", "Hanoi", "--generate", "-o", str(target))
    assert result.exit_code == 0, result.output
    document = tomllib.loads(target.read_text(encoding="utf-8"))
    items = [item for section in document["sections"] for item in section["items"]]
    assert any(item["due"] < document["visit"]["starts"] for item in items if "due" in item)
    sources = [item.get("source", "") for item in items]
    # Every open proposal with the visit's partner, and every counterpart person, has its item.
    with demo_database.reading() as session:
        austria = session.scalars(
            select(Organisation.id).where(Organisation.name == "Ministry of the Interior")
        ).one()
        open_titles = set(
            session.scalars(
                select(Proposal.title).where(
                    Proposal.partner_id == austria, Proposal.status.in_(ALL_OPEN_STATUSES)
                )
            )
        )
        people = set(
            session.scalars(select(Person.full_name).where(Person.organisation_id == austria))
        )
    assert open_titles and people
    assert {s.removeprefix("proposal: ") for s in sources if s.startswith("proposal:")} == (
        open_titles
    )
    assert {s.removeprefix("person: ") for s in sources if s.startswith("person:")} == people
    again = run(db_path, "import", "checklist", str(target))
    assert again.exit_code == 0 and again.output.startswith("Nothing to change")
