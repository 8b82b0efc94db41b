"""Chinese, Japanese and Korean words are found inside a longer run of their script, on SQLite
and PostgreSQL: alone, short, mixed with other words, after an edit, and in an upgraded
database."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command

from db.engine import Database
from db.meeting_changes import create_meeting
from db.meeting_input import MeetingInput
from db.note_changes import save_live_document
from db.opening import open_database
from db.partner_changes import create_organisation, update_organisation
from db.partner_input import OrganisationInput, PersonInput
from db.person_changes import create_person
from db.schema import alembic_config
from db.search import search
from tests.helpers.search import found

BOTH_BACKENDS = True

MINISTRY = "中华人民共和国公安部"


def _open(request: pytest.FixtureRequest, backend: str, folder: Path) -> str | Path:
    """A new, empty database's target on the backend."""
    if backend == "postgresql":
        server = request.getfixturevalue("postgres_server")
        name = f"t_{uuid.uuid4().hex[:12]}"
        with server.admin() as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return server.url(name)
    return folder / "cjk.db"


def _add_records(database: Database) -> dict[str, tuple[str, int]]:
    organisation = create_organisation(
        database, OrganisationInput(name=MINISTRY, description="Hanoi")
    )
    person = create_person(database, PersonInput(full_name=f"{MINISTRY} 代表团"))
    meeting = create_meeting(database, MeetingInput(title="Working session"))
    note = save_live_document(database, meeting, f"Talks with the {MINISTRY} in Hanoi", None)
    return {
        "organisation": ("organisation", organisation),
        "person": ("person", person),
        "note": ("note", note.saved.note_id),
    }


@pytest.fixture(scope="module")
def records(
    request: pytest.FixtureRequest, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, dict[str, tuple[str, int]]]]:
    """One database per backend holding the three records, for the tests that only read."""
    database = open_database(_open(request, backend, tmp_path_factory.mktemp("cjk")))
    database.actor = ""
    yield database, _add_records(database)
    database.close()


@pytest.mark.parametrize("text", ["公安部", "人民共和国", "公安", MINISTRY])
def test_a_word_inside_a_longer_run_finds_every_record_holding_it(records, text):
    database, added = records
    assert found(database, text) == set(added.values())


def test_a_mixed_query_needs_both_parts(records):
    database, added = records
    assert found(database, "公安部 Hanoi") == {added["organisation"], added["note"]}
    assert found(database, "公安 hano") == {added["organisation"], added["note"]}
    assert found(database, "公安部 Vienna") == set()


def test_a_run_not_in_the_records_finds_nothing(records):
    database, _ = records
    assert found(database, "外交部") == found(database, "外交") == set()
    # Runs are apart where the text has a space: no word spans two of them.
    assert found(database, "部代") == set()


def test_the_hit_marks_the_word_inside_the_run(records):
    database, added = records
    (hit,) = dict(search(database, "公安部").groups)["organisation"]
    assert hit.title == MINISTRY
    assert hit.snippet == (("中华人民共和国", False), ("公安部", True))
    assert hit.marking == ""


def test_latin_words_are_found_as_before(records):
    database, added = records
    assert found(database, "hanoi") == {added["organisation"], added["note"]}
    assert found(database, "talks") == {added["note"]}


def test_after_an_edit_the_old_word_is_no_longer_found(database):
    organisation = create_organisation(database, OrganisationInput(name=MINISTRY))
    assert found(database, "公安部") == {("organisation", organisation)}
    update_organisation(database, organisation, 1, OrganisationInput(name="中华人民共和国外交部"))
    assert found(database, "公安部") == found(database, "公安") == set()
    assert found(database, "外交部") == found(database, "外交") == {("organisation", organisation)}


def test_an_older_database_gets_its_records_indexed_on_upgrade(request, backend, tmp_path):
    target = _open(request, backend, tmp_path)
    old = open_database(target)
    old.actor = ""
    added = _add_records(old)
    # Back to the schema before the CJK index: the records as an older version left them.
    with old.engine.connect() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0013")
    old.close()

    database = open_database(target)

    assert found(database, "公安部") == set(added.values())
    assert found(database, "公安部 hanoi") == {added["organisation"], added["note"]}
    database.close()
