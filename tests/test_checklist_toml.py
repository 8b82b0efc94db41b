"""Checklist files: export, atomic writing, finding a visit, and the all-or-nothing import."""

import os
import stat
import tomllib
from datetime import date
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, text

from db.checklists.toml_format import (
    MAX_FILE_BYTES,
    SCHEMA,
    AmbiguousVisit,
    ChecklistFileRefused,
    ChecklistNotExportable,
    ExportFailed,
    find_visit,
    suggested_file_name,
)
from db.checklists.toml_read import import_checklist, read_checklist_file
from db.checklists.toml_write import NoChecklist, export_checklist, write_export
from db.engine import Database
from db.errors import NotFound
from db.models import Checklist, ChecklistItem, Visit

from .conftest import TODAY

# The data layer behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


def upcoming_visit(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(Visit.id).where(Visit.status == "planned"))


def past_visit(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(Visit.id).where(Visit.title == "MPS delegation to Austria"))


def make_checklist(database: Database, visit_id: int, items: list[dict]) -> list[int]:
    """A checklist for the visit holding `items` (ChecklistItem fields), replacing any other."""

    def work(session) -> list[int]:
        session.execute(delete(Checklist).where(Checklist.visit_id == visit_id))
        checklist = Checklist(visit_id=visit_id)
        session.add(checklist)
        session.flush()
        rows = [
            ChecklistItem(checklist_id=checklist.id, position=position, **fields)
            for position, fields in enumerate(items)
        ]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]

    return database.write(work)


STANDARD = [
    {"section": "Logistics", "text": "Book the hotel", "due_on": date(2026, 12, 1), "owner": "An"},
    {"section": "Substance", "text": "Read the partner's profile", "source": "meeting"},
    {"section": "Logistics", "text": "Visas", "done": True},
    {"section": "Logistics", "text": "Old idea", "dismissed": True},
    {"section": "Protocol", "text": 'Gifts: "lacquer" \\ silk\nsecond line\twith tab'},
]


STANDARD_SECTIONS = ("Logistics", "Substance", "Protocol")


@pytest.fixture
def visit_id(demo_database: Database) -> int:
    return upcoming_visit(demo_database)


@pytest.fixture
def item_ids(demo_database: Database, visit_id: int) -> list[int]:
    return make_checklist(demo_database, visit_id, STANDARD)


def dump(database: Database) -> list[tuple]:
    """Every checklist, item and visit row, to compare before and after an import."""
    with database.reading() as session:
        return [
            tuple(row)
            for table in ("checklist", "checklistitem", "visit")
            for row in session.execute(text(f"SELECT * FROM {table} ORDER BY id"))
        ]


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


# Round trips (hypothesis)

# Any text a database can hold: PostgreSQL refuses NUL in text (the forms strip it anyway).
STORABLE = st.characters(codec="utf-8", exclude_characters="\x00")
ANY_TEXT = st.text(STORABLE, min_size=1, max_size=60).filter(lambda value: value.strip())
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
ROUND_TRIP = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@ROUND_TRIP
@given(
    entries=st.lists(
        st.tuples(
            ANY_TEXT, ANY_TEXT, st.text(STORABLE, max_size=20), st.none() | DATES, st.booleans()
        ),
        max_size=6,
    )
)
def test_any_stored_text_survives_export_and_import_or_is_refused_by_name(
    demo_database, visit_id, entries
):
    ids = make_checklist(
        demo_database,
        visit_id,
        [
            {"section": section, "text": body, "owner": owner, "due_on": due, "done": done}
            for section, body, owner, due, done in entries
        ],
    )
    try:
        exported = export_checklist(demo_database, visit_id)
    except ChecklistNotExportable as refused:
        assert any(f"item {item_id}" in str(refused) for item_id in ids)
        return
    items = {
        item["id"]: item
        for section in tomllib.loads(exported).get("sections", [])
        for item in section["items"]
    }
    for item_id, (_section, body, owner, due, done) in zip(ids, entries, strict=True):
        assert items[item_id]["text"] == body
        assert items[item_id].get("owner", "") == owner
        assert items[item_id].get("due") == due and items[item_id]["done"] is done
    before = dump(demo_database)
    assert import_checklist(demo_database, exported).changed is False
    assert dump(demo_database) == before
    assert export_checklist(demo_database, visit_id) == exported


@ROUND_TRIP
@given(
    changes=st.lists(
        st.tuples(
            st.text(max_size=40), st.text(max_size=20), st.none() | st.dates(), st.booleans()
        ),
        min_size=4,
        max_size=4,
    ),
    added=st.lists(
        st.tuples(ANY_TEXT.filter(lambda title: title not in STANDARD_SECTIONS), ANY_TEXT),
        max_size=2,
        unique_by=lambda entry: entry[0],
    ),
)
def test_an_edited_file_imports_and_exports_as_the_same_document(
    demo_database, visit_id, changes, added
):
    make_checklist(demo_database, visit_id, STANDARD)
    document = tomllib.loads(export_checklist(demo_database, visit_id))
    items = [item for section in document["sections"] for item in section["items"]]
    for item, (body, owner, due, done) in zip(items, changes, strict=True):
        item |= {"text": body, "owner": owner, "done": done}
        item.pop("due", None)
        if due is not None:
            item["due"] = due
    for title, body in added:
        document["sections"].append({"title": title, "items": [{"text": body}]})
    before = dump(demo_database)
    try:
        result = import_checklist(demo_database, tomli_w.dumps(document))
    except ChecklistFileRefused as refused:
        assert refused.problems and all(place.startswith("sections[") for place in refused.problems)
        assert dump(demo_database) == before
        return
    assert result.added == len(added)
    exported = export_checklist(demo_database, visit_id)
    for item in items:
        if item["owner"] == "":
            del item["owner"]
    for section in document["sections"][len(STANDARD_SECTIONS) :]:
        item = section["items"][0]
        item |= {"done": False, "source": "own"}
    again = tomllib.loads(exported)
    for section in again["sections"][len(STANDARD_SECTIONS) :]:
        del section["items"][0]["id"]
    assert again == document
    assert import_checklist(demo_database, exported).changed is False


# Import


def test_import_ticks_edits_and_adds_in_one_go(demo_database, visit_id, item_ids):
    document = tomllib.loads(export_checklist(demo_database, visit_id))
    logistics, substance, protocol = document["sections"]
    logistics["items"][0]["done"] = True
    logistics["items"][1]["done"] = False
    substance["items"][0]["text"] = "Read the partner's profile again"
    protocol["items"][0]["due"] = date(2026, 12, 20)
    protocol["items"][0]["owner"] = "Protocol desk"
    logistics["items"].append({"text": "Airport pick-up", "due": date(2027, 1, 6)})
    document["sections"].append({"title": "Afterwards", "items": [{"text": "Thank-you letters"}]})
    result = import_checklist(demo_database, tomli_w.dumps(document))
    assert (result.ticked, result.unticked, result.edited, result.added) == (1, 1, 2, 2)
    assert result.visit_id == visit_id and result.visit_title.startswith("Return visit")
    with demo_database.reading() as session:
        rows = {
            row.text: row
            for row in session.scalars(select(ChecklistItem).order_by(ChecklistItem.id))
        }
    assert rows["Book the hotel"].done and not rows["Book the hotel"].edited
    assert rows["Book the hotel"].version == 2 and rows["Visas"].version == 2
    assert rows["Read the partner's profile again"].edited
    assert rows[STANDARD[4]["text"]].owner == "Protocol desk"
    assert rows[STANDARD[4]["text"]].due_on == date(2026, 12, 20)
    assert rows["Old idea"].version == 1
    pick_up = rows["Airport pick-up"]
    assert (pick_up.source, pick_up.section, pick_up.due_on) == (
        "own",
        "Logistics",
        date(2027, 1, 6),
    )
    assert rows["Thank-you letters"].position > pick_up.position > rows["Old idea"].position
    again = tomllib.loads(export_checklist(demo_database, visit_id))
    # As the screen lists them: by due day, the undated last.
    assert [item["text"] for item in again["sections"][0]["items"]] == [
        "Book the hotel",
        "Airport pick-up",
        "Visas",
    ]
    assert again["sections"][-1]["title"] == "Afterwards"


def test_removing_due_or_owner_in_the_file_clears_them(demo_database, visit_id, item_ids):
    exported = export_checklist(demo_database, visit_id)
    edited = exported.replace("due = 2026-12-01\n", "").replace('owner = "An"\n', "")
    assert import_checklist(demo_database, edited).edited == 1
    with demo_database.reading() as session:
        item = session.get(ChecklistItem, item_ids[0])
    assert item.due_on is None and item.owner == "" and item.edited


def valid_file(database: Database, visit_id: int) -> str:
    return export_checklist(database, visit_id)


HOSTILE = {
    "syntax error": (
        lambda t: t.replace("done = false", "done = = false", 1),
        {"file": "is not valid TOML: Invalid value (at line "},
    ),
    "wrong schema version": (
        lambda t: t.replace(SCHEMA, "bilateral-checklist/2"),
        {"schema": "is 'bilateral-checklist/2'; this bilateral reads only schema = "},
    ),
    "no schema": (
        lambda t: t.replace(f'schema = "{SCHEMA}"', ""),
        {"schema": "missing;"},
    ),
    "unknown keys": (
        lambda t: t.replace("[visit]\n", 'colour = "red"\n[visit]\nnickname = "x"\n').replace(
            "done = true", 'done = true\n"weird\\u001b key" = 1'
        ),
        {
            "colour": "unknown key (allowed here: schema, visit, sections)",
            "visit.nickname": "unknown key",
            "sections[1].items[2].'weird\\x1b key'": "unknown key",
        },
    ),
    "ten megabyte string": (
        lambda t: t.replace('"Visas"', '"' + "x" * 10_000_000 + '"'),
        {"file": "is 10,000,"},
    ),
    "long string": (
        lambda t: t.replace('"Visas"', '"' + "x" * 2001 + '"'),
        {"sections[1].items[2].text": "is 2,001 characters long; at most 2,000 allowed"},
    ),
    "dates out of range": (
        lambda t: t.replace("due = 2026-12-01", "due = 1899-12-31").replace(
            "ends = 2027", "ends = 2201", 1
        ),
        {
            "sections[1].items[1].due": "1899-12-31 is outside the years 1900–2200",
            "visit.ends": "is outside the years",
        },
    ),
    "wrong types": (
        lambda t: (
            t.replace("due = 2026-12-01", 'due = "2026-12-01"')
            .replace("done = true", 'done = "yes"')
            .replace('text = "Visas"', "text = 7")
            .replace('owner = "An"', "owner = 2026-01-01T10:00:00")
            .replace("[visit]\nid = ", "[visit]\nid = -")
        ),
        {
            "visit.id": "not an id",
            "sections[1].items[1].due": "not a date (write it as 2026-12-01, without quotes)",
            "sections[1].items[1].owner": "not text",
            "sections[1].items[2].text": "not text",
            "sections[1].items[2].done": "not true or false",
        },
    ),
    "a date with a time": (
        lambda t: t.replace("due = 2026-12-01", "due = 2026-12-01T09:00:00"),
        {"sections[1].items[1].due": "not a date"},
    ),
    "sections not tables": (
        lambda t: t.split("[[sections]]")[0].replace("[visit]", "sections = [1, 2]\n[visit]"),
        {"sections[1]": "not a table", "sections[2]": "not a table"},
    ),
    "escaped control character": (
        lambda t: t.replace('"Visas"', '"Visas\\u001b]0;owned\\u0007"'),
        {"sections[1].items[2].text": "contains the control character U+001B"},
    ),
    "empty text": (
        lambda t: t.replace('"Visas"', '"   "'),
        {"sections[1].items[2].text": "is empty"},
    ),
    "visit that does not exist": (
        lambda t: t.replace("[visit]\nid = ", "[visit]\nid = 9"),
        {"visit.id": "there is no visit 9"},
    ),
    "title of another visit": (
        lambda t: t.replace('title = "Return visit', 'title = "Outward visit'),
        {"visit.title": "is 'Outward visit"},
    ),
    "visit missing": (
        lambda t: t.replace("[visit]", "[other]"),
        {"other": "unknown key", "visit.id": "missing", "visit.title": "missing"},
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_malformed_and_hostile_files_are_refused_and_change_nothing(
    demo_database, visit_id, item_ids, case
):
    make_hostile, expected = HOSTILE[case]
    hostile = make_hostile(valid_file(demo_database, visit_id))
    before = dump(demo_database)
    with pytest.raises(ChecklistFileRefused) as refused:
        import_checklist(demo_database, hostile)
    assert dump(demo_database) == before
    for place, message in expected.items():
        assert place in refused.value.problems, refused.value.problems
        assert message in refused.value.problems[place]
    assert str(refused.value).startswith("The checklist file was not imported; nothing was changed")
    assert "\x1b" not in str(refused.value)


def with_id(exported: str, old: int, new: int) -> str:
    """The file with an item's id changed."""
    header = "[[sections.items]]\nid = "
    assert f"{header}{old}\n" in exported
    return exported.replace(f"{header}{old}\n", f"{header}{new}\n")


def test_item_ids_of_another_visit_or_nowhere_are_refused(demo_database, visit_id, item_ids):
    other = make_checklist(
        demo_database, past_visit(demo_database), [{"section": "S", "text": "t"}]
    )
    exported = export_checklist(demo_database, visit_id)
    hostile = with_id(with_id(exported, item_ids[2], other[0]), item_ids[1], 4242)
    before = dump(demo_database)
    with pytest.raises(ChecklistFileRefused) as refused:
        import_checklist(demo_database, hostile.replace("done = false", "done = true"))
    assert refused.value.problems == {
        "sections[1].items[2].id": (
            f"item {other[0]} belongs to the checklist of another visit "
            "('MPS delegation to Austria')"
        ),
        "sections[2].items[1].id": "there is no checklist item 4242",
    }
    assert dump(demo_database) == before


def test_duplicate_moved_and_dismissed_ids_are_refused(demo_database, visit_id, item_ids):
    exported = export_checklist(demo_database, visit_id)
    # Item 5 (Protocol) takes the dismissed item's id, item 2 (Substance) takes item 5's.
    hostile = with_id(with_id(exported, item_ids[2], item_ids[0]), item_ids[4], item_ids[3])
    hostile = with_id(hostile, item_ids[1], item_ids[4])
    before = dump(demo_database)
    with pytest.raises(ChecklistFileRefused) as refused:
        import_checklist(demo_database, hostile)
    problems = refused.value.problems
    assert problems["sections[1].items[2].id"].startswith(f"item {item_ids[0]} appears twice")
    assert "is in section 'Protocol'; moving items" in problems["sections[2].items[1].id"]
    assert (
        problems["sections[3].items[1].id"] == f"item {item_ids[3]} was removed from this checklist"
    )
    assert dump(demo_database) == before


def test_a_visit_without_a_checklist_refuses_an_import(demo_database, visit_id):
    make_checklist(demo_database, visit_id, STANDARD)
    exported = export_checklist(demo_database, visit_id)
    demo_database.write(lambda s: s.execute(delete(Checklist)))
    with pytest.raises(ChecklistFileRefused, match="has no checklist yet"):
        import_checklist(demo_database, exported)


def test_many_problems_are_all_counted_but_only_the_first_fifty_listed(
    demo_database, visit_id, item_ids
):
    extra = "".join(f'\n[[sections.items]]\ntext = "x"\nbad{n} = 1\n' for n in range(80))
    with pytest.raises(ChecklistFileRefused) as refused:
        import_checklist(demo_database, valid_file(demo_database, visit_id) + extra)
    assert len(refused.value.problems) == 51
    assert refused.value.problems["…"] == "and 30 more problems"


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

    monkeypatch.setattr("db.checklists.toml_write.tempfile.mkstemp", refused)
    with pytest.raises(ExportFailed, match=r"Cannot write .*locked/c\.toml: permission denied"):
        write_export(f'schema = "{SCHEMA}"\n', locked / "c.toml")


def test_reading_refuses_large_and_non_utf8_files_before_parsing(tmp_path):
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b'text = "' + b"x" * (10 * MAX_FILE_BYTES) + b'"\n')
    with pytest.raises(ChecklistFileRefused, match="is 10,000,010 bytes; .* at most 1,000,000"):
        read_checklist_file(huge)
    latin = tmp_path / "latin.toml"
    latin.write_bytes('text = "Wien-Schwechat, Flughafen, Gepäck"'.encode("latin-1"))
    with pytest.raises(ChecklistFileRefused, match="not UTF-8 text"):
        read_checklist_file(latin)
    with pytest.raises(ChecklistFileRefused, match="cannot be read: no such file"):
        read_checklist_file(tmp_path / "missing.toml")
    bom = tmp_path / "bom.toml"
    bom.write_bytes('\ufeffschema = "x"'.encode())
    assert read_checklist_file(bom) == 'schema = "x"'


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
