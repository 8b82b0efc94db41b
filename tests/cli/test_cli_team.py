"""`bilateral team` on a SQLite file, and `bilateral markings` (print and replace the levels)."""

from pathlib import Path

from click.testing import CliRunner, Result

from db.markings import marking_levels
from db.opening import open_database
from tui.cli import main


def _bilateral(database: Path, *arguments: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(database), *arguments])


def test_team_commands_are_refused_on_a_sqlite_file_which_stays_uncreated(db_path: Path) -> None:
    for arguments in (("grant", "anna", "--up-to", "RESTRICTED"), ("revoke", "anna"), ("list",)):
        result = _bilateral(db_path, "team", *arguments)
        assert result.exit_code == 1
        assert "Clearances are for the team server (PostgreSQL)" in result.output
    assert not db_path.exists()


def test_markings_prints_the_levels_lowest_first(db_path: Path) -> None:
    result = _bilateral(db_path, "markings")
    assert result.exit_code == 0
    assert result.output.splitlines() == ["0  UNCLASSIFIED", "1  RESTRICTED", "2  CONFIDENTIAL"]


def test_markings_set_replaces_the_levels(db_path: Path) -> None:
    result = _bilateral(db_path, "markings", "set", "OFFEN", "VS-NfD", "VS-Vertraulich", "Geheim")
    assert result.exit_code == 0, result.output
    assert "now, lowest first: OFFEN, VS-NfD, VS-Vertraulich, Geheim." in result.output
    database = open_database(db_path)
    assert marking_levels(database).names == ("OFFEN", "VS-NfD", "VS-Vertraulich", "Geheim")
    database.close()
    assert _bilateral(db_path, "markings").output.splitlines()[-1] == "3  Geheim"


def test_markings_set_refuses_repeated_names_and_changes_nothing(db_path: Path) -> None:
    result = _bilateral(db_path, "markings", "set", "Open", "open")
    assert result.exit_code == 1
    assert "The levels were not changed: two levels have the same name." in result.output
    assert _bilateral(db_path, "markings").output.splitlines()[0] == "0  UNCLASSIFIED"


def test_markings_set_needs_at_least_one_name(db_path: Path) -> None:
    result = _bilateral(db_path, "markings", "set")
    assert result.exit_code == 2
    assert "Missing argument 'NAME...'" in result.output
