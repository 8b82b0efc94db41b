"""SQLite's full-text index: kept by triggers as the index built afresh would be, kept when
another program writes the file, built for an existing database on upgrade."""

import sqlite3

from alembic import command

from db.migrate import upgrade
from db.opening import open_database
from db.partner_input import PersonInput
from db.person_changes import update_person
from db.schema import alembic_config
from db.search.hits import KINDS
from tests.helpers.search import found, titles, write_everything_and_check

TRIGGERS = {
    f"search_fts_{kind}_{event}" for kind in KINDS for event in ("insert", "update", "delete")
}


def index_rows(path) -> list[tuple[int, str | None, str]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT rowid, title, body FROM search_fts ORDER BY rowid"
        ).fetchall()
    finally:
        connection.close()


def test_the_index_kept_by_triggers_is_the_index_built_afresh(demo_database, db_path):
    write_everything_and_check(demo_database)
    db = demo_database
    db.close()
    kept_by_triggers = index_rows(db_path)
    again = open_database(db_path, migrate=False)
    with again.engine.connect() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    upgrade(again, "head")
    again.close()
    assert index_rows(db_path) == kept_by_triggers  # the same as one filled afresh


def test_another_program_writing_the_file_keeps_the_index(database, db_path):
    database.close()
    connection = sqlite3.connect(db_path)  # a plain connection: none of the app's SQL functions
    connection.execute(
        "INSERT INTO organisation (name, short_name, kind, country, is_own, "
        "description, created_at, updated_at, version) VALUES ('Capybara "
        "Institute', '', 'other', '', 0, '', '2026-01-01', '2026-01-01', 1)"
    )
    connection.commit()
    connection.close()
    reopened = open_database(db_path)
    assert titles(reopened, "capybara", "organisation") == ["Capybara Institute"]
    reopened.close()


def test_a_database_at_revision_0004_gets_the_index_filled_on_upgrade(db_path):
    old = open_database(db_path, migrate=False)
    upgrade(old, "0004")
    old.close()
    now = "2025-10-01 10:00:00"
    connection = sqlite3.connect(db_path)
    connection.executescript(
        f"""
        INSERT INTO organisation (id, name, short_name, kind, country, is_own, description,
                                  created_at, updated_at, version)
        VALUES (1, 'Bundesministerium für Inneres', 'BMI', 'ministry', 'AT', 0,
                'Republik Österreich', '{now}', '{now}', 1);
        INSERT INTO person (id, full_name, sort_name, title, position, organisation_id,
                            form_of_address, languages, protocol_notes, created_at, updated_at,
                            version)
        VALUES (1, 'Peter Webinger', 'webinger', 'Director General', '', 1, '', '', '',
                '{now}', '{now}', 1);
        INSERT INTO meeting (id, title, kind, starts_at, date_precision, place, status, summary,
                             created_at, updated_at, version)
        VALUES (1, 'Working session', 'working session', '2025-01-01 00:00:00', 'year',
                'Vienna', 'held', '', '{now}', '{now}', 1);
        INSERT INTO note (id, meeting_id, kind, text, is_live, taken_at, taken_precision,
                          updated_at)
        VALUES (1, 1, 'note', 'e-Government since 1997', 1, '{now}', 'year', '{now}');
        INSERT INTO proposal (id, title, description, kind, proposed_by, partner_id, status,
                              owner, next_step, created_at, updated_at, version)
        VALUES (1, 'Cooperation Agreement on Crime Prevention', '', 'agreement', 'us', 1,
                'under negotiation', '', '', '{now}', '{now}', 1);
        """
    )
    connection.commit()
    assert "search_fts" not in {n for (n,) in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()

    database = open_database(db_path)

    assert found(database, "osterreich") == {("organisation", 1)}
    assert found(database, "webi") == {("person", 1)}
    assert found(database, "vienna") == {("meeting", 1)}
    assert found(database, "government 1997") == {("note", 1)}
    assert found(database, "crime prevention") == {("proposal", 1)}
    update_person(database, 1, 1, PersonInput(full_name="Peter Webinger-Neu", organisation_id=1))
    assert titles(database, "webi", "person") == ["Peter Webinger-Neu"]
    database.close()


def test_every_trigger_exists_at_head(database, db_path):
    """A later batch migration that recreates a table drops its triggers: this notices."""
    database.close()
    connection = sqlite3.connect(db_path)
    names = {
        n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    connection.close()
    assert names >= TRIGGERS
