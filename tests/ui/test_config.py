"""The configuration file: theme remembered, keys remapped, broken files reported."""

import stat
import tomllib

from tests.pilot import notices, press, running, settle
from tui.config import load_config, save_theme


async def test_theme_choice_is_remembered_in_the_config_file(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        app.theme = "nord"
        await settle(pilot)
    saved = tomllib.loads(app_paths.config_file.read_text())
    assert saved["theme"] == "nord"
    assert stat.S_IMODE(app_paths.config_file.stat().st_mode) == 0o600
    async with running(app_paths, load_config(app_paths.config_file)) as pilot:
        again = pilot.app
        assert again.theme == "nord"


async def test_keys_can_be_remapped_by_binding_id(app_paths, demo_database):
    app_paths.config_file.parent.mkdir(parents=True)
    app_paths.config_file.write_text('[keymap]\n"partners.add" = "n"\n')
    async with running(app_paths, load_config(app_paths.config_file)) as pilot:
        app = pilot.app
        await press(pilot, "p", "a")
        assert type(app.screen).__name__ == "PartnersScreen"
        await press(pilot, "n")
        assert type(app.screen).__name__ == "OrganisationForm"


async def test_a_broken_config_file_is_reported_and_defaults_used(app_paths, demo_database):
    app_paths.config_file.parent.mkdir(parents=True)
    app_paths.config_file.write_text('theme = "nord\n')
    config = load_config(app_paths.config_file)
    assert config.theme is None and "config.toml" in config.problems[0]
    async with running(app_paths, config) as pilot:
        assert "using the default settings" in notices(pilot)


def test_saving_the_theme_keeps_other_settings_and_never_clobbers_a_broken_file(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\n"partners.add" = "n"\n')
    save_theme(config, "gruvbox")
    assert tomllib.loads(config.read_text()) == {
        "keymap": {"partners.add": "n"},
        "theme": "gruvbox",
    }
    config.write_text("theme = [broken")
    save_theme(config, "nord")
    assert config.read_text() == "theme = [broken"
