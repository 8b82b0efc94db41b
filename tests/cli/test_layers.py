"""The records layer never loads the user interface; the CLI answers without Textual."""

import pkgutil

import db
from tests.helpers.processes import printed


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
    assert printed(code) == "[]"


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
        shown = printed(CLI, "--db", tmp_path / "x.db", *args)
        assert shown.endswith("no textual 0"), (args, shown)
    assert not (tmp_path / "x.db").exists(), "help and paths must not create a database"


def test_the_first_frame_does_not_wait_for_the_database_libraries():
    # The records and SQLAlchemy load in workers: importing the app must not pull them in.
    assert printed("import sys, tui.app; print('sqlalchemy' in sys.modules)") == "False"


FIRST_FRAME = """
import asyncio, sys, tempfile
from pathlib import Path
from tui.app import BilateralApp
from tui.paths import Paths

async def first_frame():
    home = Path(tempfile.mkdtemp())
    paths = Paths(str(home / "x.db"), home / "config.toml", home, home / "bilateral.log")
    async with BilateralApp(paths).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print("screens.help" in sys.modules)

asyncio.run(first_frame())
"""


def test_the_first_frame_does_not_load_the_help():
    # The footer asks the app's check_action while drawing the first frame: it must not import
    # the help to answer. (The dialogs may load: an empty database asks what to start with.)
    assert printed(FIRST_FRAME) == "False"
