"""A database created at the first schema revision is upgraded on opening, keeping every row."""

import sqlite3

from db.migrate import upgrade
from db.opening import open_database
from db.partners import get_partner, list_partners
from db.schema import HEAD_REVISION, current_revision, head_revision
from tests.helpers.processes import printed

FIRST_REVISION = "0001"


def _create_at_first_revision(path) -> None:
    database = open_database(path, migrate=False)
    upgrade(database, FIRST_REVISION)
    database.close()
    connection = sqlite3.connect(path)
    now = "2025-10-01 10:00:00"
    connection.executescript(
        f"""
        INSERT INTO organisation (id, name, short_name, kind, country, is_own, description,
                                  created_at, updated_at)
        VALUES (1, 'Ministry of the Interior', 'BMI', 'ministry', 'AT', 0, 'Vienna', '{now}',
                '{now}'),
               (2, 'Ministry of Public Security', 'MPS', 'ministry', 'VN', 1, '', '{now}',
                '{now}');
        INSERT INTO person (id, full_name, sort_name, title, position, organisation_id,
                            form_of_address, languages, protocol_notes, created_at, updated_at)
        VALUES (1, 'Peter Webinger', 'webinger', 'Director General', '', 1, '', 'de, en', '',
                '{now}', '{now}');
        INSERT INTO meeting (id, title, kind, starts_at, date_precision, place, status, summary,
                             created_at, updated_at)
        VALUES (1, 'Working session', 'working session', '2025-01-01 00:00:00', 'year',
                'Vienna', 'held', '', '{now}', '{now}');
        INSERT INTO meetingpartner (meeting_id, organisation_id) VALUES (1, 1);
        INSERT INTO attendance (meeting_id, person_id, side, role) VALUES (1, 1, 'theirs', '');
        INSERT INTO note (id, meeting_id, kind, text, taken_at, updated_at)
        VALUES (1, 1, 'note', 'e-Government since 1997', '{now}', '{now}');
        INSERT INTO proposal (id, title, description, kind, proposed_by, partner_id, status,
                              owner, next_step, created_at, updated_at)
        VALUES (1, 'Cooperation Agreement on Crime Prevention', '', 'agreement', 'us', 1,
                'under negotiation', '', '', '{now}', '{now}');
        """
    )
    connection.commit()
    connection.close()


def _row_counts(path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    tables = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version' "
            "AND name NOT LIKE 'search_fts%'"  # the search index: what it holds is tested apart
        )
    ]
    counts = {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    connection.close()
    return counts


def test_opening_an_old_database_backs_it_up_and_upgrades_keeping_every_row(db_path):
    _create_at_first_revision(db_path)
    before = _row_counts(db_path)
    assert sum(before.values()) == 8

    database = open_database(db_path)

    assert current_revision(database) == head_revision() != FIRST_REVISION
    after = _row_counts(db_path)
    assert {table: after[table] for table in before} == before
    assert after["draft"] == 0  # tables added since start empty
    backups = list(db_path.parent.glob("bilateral.db.bak-*"))
    assert len(backups) == 1
    assert _row_counts(backups[0]) == before
    assert sqlite3.connect(backups[0]).execute(
        "SELECT version_num FROM alembic_version"
    ).fetchone() == (FIRST_REVISION,)
    partner = get_partner(database, 1)
    assert partner.version == 1  # the column added by the upgrade, filled for old rows
    assert [p.full_name for p in partner.people] == ["Peter Webinger"]
    assert list_partners(database, "interior").rows[0].open_proposals == 1
    database.close()


def test_opening_an_up_to_date_database_takes_no_backup(database, db_path):
    database.close()
    open_database(db_path).close()
    assert not list(db_path.parent.glob("*.bak-*"))


def test_models_and_migrations_agree():
    """Autogenerate finds nothing to do: every model change has its migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    import db.models  # noqa: F401

    database = open_database("sqlite:///:memory:")
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = [
            d for d in compare_metadata(context, SQLModel.metadata) if "_fts" not in str(d)
        ]
    assert differences == []


def test_the_head_revision_opening_trusts_is_the_newest_migration():
    # Opening skips Alembic for a database at HEAD_REVISION: it must be the scripts' head.
    assert head_revision() == HEAD_REVISION


def test_opening_a_database_at_head_does_not_load_the_migrations(db_path):
    open_database(db_path).close()
    script = (
        "import sys; from db.opening import open_database; "
        f"open_database({str(db_path)!r}).close(); "
        "print('alembic' in sys.modules)"
    )
    assert printed(script) == "False"
