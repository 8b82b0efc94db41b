"""The bilateral command line: demo, paths, --db and BILATERAL_DB."""

from click.testing import CliRunner

from db.opening import open_database
from db.partners import list_partners
from tui.cli import main


def test_demo_loads_into_the_given_database_then_refuses_a_second_time(tmp_path):
    target = tmp_path / "team.db"
    runner = CliRunner()
    first = runner.invoke(main, ["--db", str(target), "demo"])
    assert first.exit_code == 0, first.output
    assert "Demo data loaded" in first.output
    second = runner.invoke(main, ["--db", str(target), "demo"])
    assert second.exit_code == 1
    assert "already holds records" in second.output and "--force" in second.output
    database = open_database(target)
    assert list_partners(database).total == 8
    database.close()


def test_environment_variable_chooses_the_database(tmp_path, monkeypatch):
    monkeypatch.setenv("BILATERAL_DB", str(tmp_path / "from-env.db"))
    result = CliRunner().invoke(main, ["paths"])
    assert result.exit_code == 0
    assert f"database  {tmp_path / 'from-env.db'}" in result.output


def test_paths_default_to_the_user_data_and_config_directories(private_home):
    result = CliRunner().invoke(main, ["paths"])
    lines = dict(line.split(None, 1) for line in result.output.splitlines())
    assert lines["database"] == str(private_home / "data" / "bilateral" / "bilateral.db")
    assert lines["config"] == str(private_home / "config" / "bilateral" / "config.toml")
    assert lines["exports"].startswith(str(private_home / "data"))


def test_a_database_that_cannot_be_opened_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database, just some text" * 100)
    result = CliRunner().invoke(main, ["--db", str(broken), "demo"])
    assert result.exit_code == 1
    assert "Cannot read the database" in result.output
    assert "Traceback" not in result.output
