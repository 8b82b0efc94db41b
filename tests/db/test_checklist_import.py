"""Checklist files in: the all-or-nothing import, hostile and malformed files refused whole,
reading a file, and round trips of export and import (hypothesis)."""

import tomllib
from datetime import date

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from db.checklists.toml_format import (
    MAX_FILE_BYTES,
    SCHEMA,
    ChecklistFileRefused,
    ChecklistNotExportable,
)
from db.checklists.toml_read import import_checklist, read_checklist_file
from db.checklists.toml_write import export_checklist
from db.engine import Database
from db.models import Checklist, ChecklistItem
from tests.helpers.checklists import (
    STANDARD,
    STANDARD_SECTIONS,
    dump,
    make_checklist,
    past_visit,
)

# The data layer behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


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
            "colour": "unknown key (allowed here: schema, marking, visit, sections)",
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
