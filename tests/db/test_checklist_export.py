"""Checklist files out: what an export holds, what it refuses, writing the file atomically and
privately, and finding the visit to export."""

import os
import stat
import tomllib
from datetime import date
from pathlib import Path

import pytest

from db.checklists.toml_format import (
    SCHEMA,
    AmbiguousVisit,
    ChecklistNotExportable,
    ExportFailed,
    find_visit,
    suggested_file_name,
)
from db.checklists.toml_read import import_checklist
from db.checklists.toml_write import NoChecklist, export_checklist, write_export
from db.errors import NotFound
from db.models import ChecklistItem
from tests.helpers.checklists import STANDARD, STANDARD_SECTIONS, make_checklist, past_visit
from tests.helpers.clock import TODAY

# The data layer behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


# Export


def test_the_file_lists_sections_and_items_in_the_order_of_the_screen(demo_database, visit_id):
    from db.checklists.changes import add_item, generate_checklist
    from db.checklists.queries import get_checklist

    generate_checklist(demo_database, visit_id, today=TODAY)
    # Listed last, due first: the screen shows it at the top of its section.
    add_item(demo_database, visit_id, "Delegation", "Early bird", "1.11.2026", "", TODAY)
    screen = [
        (section.title, [item.id for item in section.items])
        for section in get_checklist(demo_database, visit_id, today=TODAY).sections
    ]
    exported = [
        (section["title"], [item["id"] for item in section["items"]])
        for section in tomllib.loads(export_checklist(demo_database, visit_id))["sections"]
    ]
    assert exported == screen
    delegation = dict(screen)["Delegation"]
    with demo_database.reading() as session:
        first = session.get(ChecklistItem, delegation[0])
        assert first is not None and first.text == "Early bird"


def test_export_holds_the_visit_and_its_sections_in_order(demo_database, visit_id, item_ids):
    exported = export_checklist(demo_database, visit_id)
    document = tomllib.loads(exported)
    assert document["schema"] == SCHEMA
    visit = document["visit"]
    assert visit["id"] == visit_id and visit["direction"] == "incoming"
    assert visit["title"].startswith("Return visit") and visit["level"] == "working"
    assert isinstance(visit["starts"], date) and visit["ends"] > visit["starts"]
    assert visit["legs"] == [
        {
            "organisation": "Ministry of Public Security",
            "city": "Hanoi",
            "country": "VN",
            "starts": visit["starts"],
            "ends": visit["ends"],
        }
    ]
    assert tuple(s["title"] for s in document["sections"]) == STANDARD_SECTIONS
    logistics = document["sections"][0]["items"]
    assert logistics == [
        {
            "id": item_ids[0],
            "text": "Book the hotel",
            "due": date(2026, 12, 1),
            "done": False,
            "owner": "An",
            "source": "template",
        },
        {"id": item_ids[2], "text": "Visas", "done": True, "source": "template"},
    ]
    assert document["sections"][2]["items"][0]["text"] == STANDARD[4]["text"]
    assert "[[sections.items]]\nid = " in exported and "[[visit.legs]]" in exported


def test_a_visit_known_only_to_the_year_is_exported_without_invented_days(demo_database):
    visit_id = past_visit(demo_database)
    make_checklist(demo_database, visit_id, STANDARD[:1])
    visit = tomllib.loads(export_checklist(demo_database, visit_id))["visit"]
    assert "starts" not in visit and "ends" not in visit
    assert visit["head_of_delegation"] == "Lê Quốc Hùng"
    assert [leg.get("city") for leg in visit["legs"]] == ["Vienna", None, None, None]
    assert all(leg["country"] == "AT" for leg in visit["legs"])


def test_a_visit_without_a_checklist_is_refused_with_how_to_generate_one(demo_database, visit_id):
    with pytest.raises(NoChecklist, match="no checklist yet.*--generate"):
        export_checklist(demo_database, visit_id)
    with pytest.raises(NotFound, match="Visit 999 does not exist"):
        export_checklist(demo_database, 999)


def test_an_empty_checklist_exports_without_sections(demo_database, visit_id):
    make_checklist(demo_database, visit_id, [])
    exported = export_checklist(demo_database, visit_id)
    assert "sections" not in tomllib.loads(exported)
    assert import_checklist(demo_database, exported).changed is False


def test_control_characters_are_refused_naming_the_item(demo_database, visit_id):
    ids = make_checklist(
        demo_database,
        visit_id,
        [
            {"section": "Logistics", "text": "fine"},
            {"section": "Logistics", "text": "bell\x07 here"},
            {"section": "Esc\x1b[31m", "text": "ok", "owner": "x\x9b"},
        ],
    )
    with pytest.raises(ChecklistNotExportable) as refused:
        export_checklist(demo_database, visit_id)
    message = str(refused.value)
    assert f"item {ids[1]} ('bell\\x07 here')" in message and "U+0007" in message
    assert (
        f"section 'Esc\\x1b[31m' (holding item {ids[2]}): title contains the control "
        "character U+001B" in message
    )
    assert f"item {ids[2]}" in message and "owner contains the control character U+009B" in message
    assert f"item {ids[0]}" not in message
    assert "\x1b" not in message and "\x07" not in message


def test_strings_too_long_to_import_again_are_refused_at_export(demo_database, visit_id):
    ids = make_checklist(demo_database, visit_id, [{"section": "S", "text": "x" * 2001}])
    with pytest.raises(ChecklistNotExportable, match=f"item {ids[0]} .*at most 2,000"):
        export_checklist(demo_database, visit_id)


# Files


def test_export_file_is_private_and_its_folders_are_created(
    demo_database, visit_id, item_ids, tmp_path
):
    target = tmp_path / "deep" / "er" / "checklist.toml"
    parsed = write_export(export_checklist(demo_database, visit_id), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert parsed == tomllib.loads(target.read_text(encoding="utf-8"))
    assert os.listdir(target.parent) == ["checklist.toml"]


def test_an_existing_file_is_replaced_with_a_private_one(
    demo_database, visit_id, item_ids, tmp_path
):
    target = tmp_path / "checklist.toml"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    write_export(export_checklist(demo_database, visit_id), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("schema = ")


def test_a_document_that_does_not_parse_never_replaces_a_file(tmp_path):
    target = tmp_path / "checklist.toml"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(ExportFailed, match="does not read back as TOML"):
        write_export('schema = "x"\nbroken = \n', target)
    assert target.read_text(encoding="utf-8") == "precious"
    assert os.listdir(tmp_path) == ["checklist.toml"]


def test_a_failed_write_leaves_the_existing_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "checklist.toml"
    target.write_text("precious", encoding="utf-8")

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(
        ExportFailed, match="Cannot write .*no space left on device.*left as it was"
    ):
        write_export(f'schema = "{SCHEMA}"\n', target)
    assert target.read_text(encoding="utf-8") == "precious"
    assert os.listdir(tmp_path) == ["checklist.toml"]


def test_unwritable_places_are_explained_in_words(tmp_path):
    document = f'schema = "{SCHEMA}"\n'
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    with pytest.raises(ExportFailed, match=r"Cannot write .*a-file/c\.toml: .*a-file is a file"):
        write_export(document, tmp_path / "a-file" / "c.toml")
    with pytest.raises(ExportFailed, match="it is a directory"):
        write_export(document, tmp_path)


def test_a_folder_without_write_permission_is_explained_in_words(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)

    def refused(*_args, **_kwargs):
        # What a read-only folder does to an ordinary user (root would be let through).
        raise PermissionError(13, "Permission denied", str(locked / ".c.toml.tmp"))

    monkeypatch.setattr("db.files.tempfile.mkstemp", refused)
    with pytest.raises(ExportFailed, match=r"Cannot write .*locked/c\.toml: permission denied"):
        write_export(f'schema = "{SCHEMA}"\n', locked / "c.toml")


# Finding a visit


def test_visits_are_found_by_id_or_a_unique_part_of_the_title(demo_database, visit_id):
    assert find_visit(demo_database, str(visit_id)) == visit_id
    assert find_visit(demo_database, "  ÁUSTRIAN ministry ") == visit_id
    assert find_visit(demo_database, "mps delegation to austria") == past_visit(demo_database)


def test_ambiguous_and_unknown_visits_list_the_candidates(demo_database):
    with pytest.raises(AmbiguousVisit) as ambiguous:
        find_visit(demo_database, "MPS delegation")
    assert "matches 2 visits" in str(ambiguous.value)
    assert "MPS delegation to Germany" in str(ambiguous.value)
    assert "Return visit" not in str(ambiguous.value)
    with pytest.raises(NotFound) as missing:
        find_visit(demo_database, "Paris")
    assert "No visit matches 'Paris'" in str(missing.value)
    assert "MPS delegation to Austria" in str(missing.value)
    with pytest.raises(NotFound, match="by its id or a part of its title"):
        find_visit(demo_database, "  ")


def test_no_visits_at_all_says_so(database):
    with pytest.raises(NotFound, match="no visits in this database yet"):
        find_visit(database, "12")


def test_suggested_file_name_is_the_title_and_first_day(demo_database, visit_id):
    name = suggested_file_name(demo_database, visit_id, TODAY)
    assert name.startswith("return-visit-austrian-ministry-of-the-interior-delegation")
    assert name.endswith("-2027-01-07.toml")
    past = suggested_file_name(demo_database, past_visit(demo_database), TODAY)
    assert past == "mps-delegation-to-austria-2026-11-26.toml"


def test_exported_files_of_the_demo_visit_read_back_with_tomllib(
    demo_database, visit_id, item_ids, tmp_path
):
    target = tmp_path / suggested_file_name(demo_database, visit_id, TODAY)
    write_export(export_checklist(demo_database, visit_id), target)
    assert tomllib.loads(Path(target).read_text(encoding="utf-8"))["schema"] == SCHEMA
