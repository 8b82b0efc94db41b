"""Every key has a binding id (for [keymap]) and says what it does; `bilateral keys` lists them;
keys that depend on the state are hidden or dimmed by check_action, not by a silent guard."""

import importlib
import pkgutil
from dataclasses import replace

import pytest
from click.testing import CliRunner
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

import screens
import tui
from db.proposal_changes import change_status, update_proposal
from db.proposals import list_proposals, proposal_as_input
from screens.footer import KeyFooter
from screens.forms import FormScreen
from screens.help import key_catalogue, screen_title
from screens.keymap import keymap_tables
from screens.proposals.detail import ProposalScreen
from tests.helpers.clock import TODAY
from tests.pilot import make_app, screen_text, settle
from tui.app import BilateralApp
from tui.cli import main

# The ids users may have in their config's [keymap] already: they must never change.
KNOWN_IDS = {
    "app.help", "app.quit", "app.search", "go.today", "go.partners", "go.meetings",
    "go.proposals", "go.visits", "list.open", "list.filter", "dashboard.open",
    "dashboard.search", "form.save", "form.cancel", "form.overwrite", "partners.add",
    "partners.edit", "partners.delete", "partners.people", "people.edit", "people.back",
    "people.partners", "people.add", "people.delete", "partner.person.edit",
    "partner.person.delete", "partner.meeting.open", "partner.back", "partner.person.add",
    "partner.edit", "partner.delete", "meetings.add", "meetings.notes", "meeting.back",
    "meeting.notes", "meeting.edit", "meeting.copy", "meeting-form.partner",
    "meeting-form.attendee", "notes.decision", "notes.commitment", "notes.proposal",
    "notes.wrap-up", "notes.leave", "wrap-up.edit", "wrap-up.back", "proposals.open",
    "proposals.overdue", "proposals.mine", "proposals.signed", "proposals.all",
    "proposals.add", "proposal.open", "proposal.back", "proposal.move", "proposal.edit",
    "proposal.withdraw", "proposal.link", "visits.add", "visits.delete", "visit.meeting.open",
    "visit.back", "visit.checklist", "visit.generate", "visit.edit", "visit.meeting.add",
    "visit.delete", "visit-form.stop", "visit-form.head", "visit-form.member",
    "checklist.tick", "checklist.edit", "checklist.back", "checklist.add", "checklist.remove",
    "checklist.generate", "checklist.export", "checklist.all", "checklist.mine",
    "checklist.overdue", "checklist.week", "search.close",
}  # fmt: skip


def _our_classes() -> list[type[DOMNode]]:
    """Every widget, screen and app class of bilateral (its modules all imported)."""
    for package in (screens, tui):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if module.name != "tui.__main__":
                importlib.import_module(module.name)

    def below(cls: type) -> list[type]:
        return [cls, *(sub for child in cls.__subclasses__() for sub in below(child))]

    found = {cls for cls in below(DOMNode) if cls.__module__.startswith(("screens.", "tui."))}
    return sorted(found, key=lambda cls: (cls.__module__, cls.__qualname__))


def _declared(cls: type) -> list:
    return list(cls.__dict__.get("BINDINGS") or [])


def test_every_binding_is_a_binding_with_an_id_and_a_tooltip():
    declared = [(cls, item) for cls in _our_classes() for item in _declared(cls)]
    assert len(declared) > 90, "the walk found too few bindings"
    tuples = [
        f"{cls.__qualname__}: {item}" for cls, item in declared if not isinstance(item, Binding)
    ]
    assert not tuples, tuples
    missing = [
        f"{cls.__qualname__}: {item.key} {item.action}"
        for cls, item in declared
        if not item.id or not item.tooltip
    ]
    assert not missing, missing
    assert all(item.tooltip.endswith((".", "…")) for _, item in declared)  # a sentence


def test_every_table_of_the_keys_file_belongs_to_a_class_whose_actions_exist():
    # A typo in screens/keys.toml (a class or an action) would leave a key doing nothing.
    classes = {cls.__name__: cls for cls in _our_classes()}
    for owner, declared in keymap_tables().items():
        assert owner in classes, f"[{owner}] in keys.toml names no class"
        for binding_id, spec in declared.items():
            action = spec["action"].split("(")[0]
            if "." not in action:
                assert hasattr(classes[owner], f"action_{action}"), (owner, binding_id, action)


def test_the_ids_users_may_have_remapped_still_exist():
    ids = {item.id for cls in _our_classes() for item in _declared(cls)}
    assert ids >= KNOWN_IDS, sorted(KNOWN_IDS - ids)


def test_binding_ids_are_unique_per_screen():
    for cls in _our_classes():
        if not issubclass(cls, Screen | BilateralApp):
            continue
        ids = [item.id for base in cls.__mro__ for item in _declared(base) if item.id]
        assert len(ids) == len(set(ids)), (cls.__qualname__, ids)
    for heading, entries in key_catalogue(BilateralApp):
        ids = [entry.binding.id for entry in entries]
        assert len(ids) == len(set(ids)), (heading, ids)


def test_every_screen_with_keys_has_a_title_of_its_own():
    untitled = [
        cls.__qualname__
        for cls in _our_classes()
        if issubclass(cls, Screen) and "BINDINGS" in vars(cls) and "TITLE" not in vars(cls)
    ]
    assert not untitled, untitled
    assert screen_title(ProposalScreen) == "Proposal page"


def test_bilateral_keys_prints_every_id_with_its_key_by_screen():
    result = CliRunner().invoke(main, ["keys"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Partners" in lines and "Partner page" in lines and "Everywhere" in lines
    add = next(line for line in lines if line.split()[:1] == ["partners.add"])
    assert add.split()[1] == "a" and "Add partner" in add
    ids = {item.id for cls in _our_classes() for item in _declared(cls)}
    printed = {line.split()[0] for line in lines if line.startswith("  ")}
    assert ids <= printed, sorted(ids - printed)
    assert "Screen" not in result.output and "Table" not in result.output  # no class names


def test_bilateral_keys_shows_the_keys_remapped_in_the_config(private_home):
    config = private_home / "config" / "bilateral" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[keymap]\n"partners.add" = "n"\n"no.such" = "z"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["keys"])
    assert result.exit_code == 0, result.output
    add = next(line for line in result.output.splitlines() if line.startswith("  partners.add"))
    assert add.split()[1:4] == ["n", "(default", "a)"]
    assert "names no binding id: no.such" in result.output


def _footer(app) -> str:  # noqa: ANN001 - BilateralApp
    return app.screen.query_one(KeyFooter).render().plain


def _enabled(app, action: str) -> bool | None:  # noqa: ANN001 - BilateralApp
    """True: shown and on; False: shown dimmed (check_action None); None: hidden."""
    states = [a.enabled for a in app.screen.active_bindings.values() if a.binding.action == action]
    return states[0] if states else None


def _palette(app) -> set[str]:  # noqa: ANN001 - BilateralApp
    return {command.title for command in app.get_system_commands(app.screen)}


@pytest.mark.parametrize("withdrawn", [False, True], ids=["open", "withdrawn"])
async def test_a_proposal_that_can_move_no_further_dims_its_keys(
    app_paths, demo_database, withdrawn
):
    proposal = next(
        row.id
        for row in list_proposals(demo_database, view="all", today=TODAY).rows
        if "Crime Prevention" in row.title
    )
    if withdrawn:
        change_status(demo_database, proposal, "withdrawn", on=TODAY)
    app = make_app(app_paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ProposalScreen(app.context, proposal))
        await settle(pilot)
        assert "Change status" in _footer(app) and "Withdraw" in _footer(app)  # shown either way
        assert _enabled(app, "move") is (not withdrawn)
        assert _enabled(app, "withdraw") is (not withdrawn)
        assert ({"Change status", "Withdraw"} <= _palette(app)) is (not withdrawn)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) is (not withdrawn)


async def test_overwrite_is_hidden_until_a_save_meets_a_newer_version(app_paths, demo_database):
    proposal = list_proposals(demo_database, view="all", today=TODAY).rows[0].id
    app = make_app(app_paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ProposalScreen(app.context, proposal))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert _enabled(app, "overwrite") is None and "Overwrite" not in _footer(app)
        await pilot.press("ctrl+o")  # does nothing yet
        await settle(pilot)
        assert app.screen is form
        data, version = proposal_as_input(demo_database, proposal)
        update_proposal(demo_database, proposal, version, replace(data, title="Their title"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "ctrl+o" in screen_text(pilot)
        assert _enabled(app, "overwrite") is True and "^o Overwrite theirs" in _footer(app)


async def test_row_keys_of_a_list_are_hidden_while_it_shows_no_row(app_paths, demo_database):
    app = make_app(app_paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert "Edit partner" in _footer(app) and "Edit partner" in _palette(app)
        await pilot.press("slash", *"no partner is called this", "enter")  # back in the list
        await settle(pilot)
        assert _enabled(app, "edit_partner") is None and _enabled(app, "delete_partner") is None
        assert "Edit partner" not in _footer(app) and "Delete partner" not in _footer(app)
        assert {"Edit partner", "Delete partner"}.isdisjoint(_palette(app))
        assert "a Add partner" in _footer(app)


async def test_the_palette_names_screens_and_places_not_classes(app_paths, demo_database):
    app = make_app(app_paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p", "enter")
        await settle(pilot)
        helps = [command.help for command in app.get_system_commands(app.screen)]
        ours = [text for text in helps if " · key " in text]
        assert any(text.startswith("Partner page · key") for text in ours), ours
        assert not [text for text in ours if "Screen" in text or "Table" in text], ours
