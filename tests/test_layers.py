"""The records layer never loads the user interface; the CLI answers without Textual."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import db

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_importing_every_db_module_loads_no_textual_or_rich():
    modules = sorted(
        info.name
        for info in pkgutil.walk_packages(db.__path__, "db.")
        if ".migrations" not in info.name
    )
    assert "db.engine" in modules and "db.partners" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


CLI = (
    "import sys\n"
    "from tui.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit as exit:\n"
    "    code = exit.code\n"
    "print('TEXTUAL LOADED' if 'textual' in sys.modules else 'no textual', code)\n"
)


def test_help_of_every_command_answers_without_textual(tmp_path):
    for args in (["--help"], ["demo", "--help"], ["paths"], ["--version"]):
        result = _run(CLI, "--db", str(tmp_path / "x.db"), *args)
        assert result.returncode == 0, result.stderr
        assert result.stdout.rstrip().endswith("no textual 0"), (args, result.stdout)
    assert not (tmp_path / "x.db").exists(), "help and paths must not create a database"


def test_the_first_frame_does_not_wait_for_the_database_libraries():
    # The records and SQLAlchemy load in workers: importing the app must not pull them in.
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, tui.app; print('sqlalchemy' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert loaded == "False"
