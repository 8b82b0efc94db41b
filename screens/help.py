"""F1 / ? help: every key of the screen you came from, read from its live bindings; and the
catalogue of every key bilateral declares, by screen (`bilateral keys`).

A screen is named by the `TITLE` its class declares ("Partner page"), a widget's keys by the
`BINDING_GROUP_TITLE` of its class ("in the checklist"): never by a Python class name.
"""

import importlib
import pkgutil
import re
from types import ModuleType
from typing import NamedTuple

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Select, Static, TextArea

from screens.footer import KeyFooter
from screens.keymap import bindings

ON_THIS_SCREEN = "on this screen"
EVERYWHERE = "everywhere"
_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])")
# The modules whose keys `bilateral keys` lists first, in this order; any other module of
# the screens package follows (so that no key is ever left out).
KEY_MODULES = (
    "screens.listing",
    "screens.widgets",
    "screens.forms",
    "screens.today",
    "screens.partners.list",
    "screens.partners.people",
    "screens.partners.detail",
    "screens.meetings.list",
    "screens.meetings.detail",
    "screens.meetings.form",
    "screens.notes.live",
    "screens.notes.wrapup",
    "screens.proposals.list",
    "screens.proposals.detail",
    "screens.proposals.table",
    "screens.visits.list",
    "screens.visits.detail",
    "screens.visits.form",
    "screens.visits.checklist",
    "screens.search",
    "screens.pickers",
    "screens.dialogs",
    "screens.help",
)


def _words(class_name: str) -> str:
    """'LiveNotes' -> 'Live notes'."""
    words = _WORDS.sub(" ", class_name).split() or ["bilateral"]
    return " ".join([words[0], *(word.lower() for word in words[1:])])


def screen_title(screen: DOMNode | type[DOMNode]) -> str:
    """A screen as the user knows it: the `TITLE` its own class declares ("Partner page";
    a base's, such as the forms' "Every form", names no screen); else words from its class
    name ("Organisation form")."""
    cls = screen if isinstance(screen, type) else type(screen)
    title = cls.__dict__.get("TITLE")
    if isinstance(title, str) and title:
        return title
    return _words(cls.__name__.removesuffix("Screen"))


def _place_noun(cls: type[DOMNode]) -> str:
    """What a widget class is, as the user knows it: its BINDING_GROUP_TITLE, lower-cased
    ("People list" -> "people list")."""
    title = cls.BINDING_GROUP_TITLE or _words(cls.__name__)
    return f"{title[:1].lower()}{title[1:]}"


def place(node: DOMNode, screen: Screen) -> str:
    """Where the keys of `node` work, in words."""
    if node is screen.app:
        return EVERYWHERE
    if node is screen:
        return ON_THIS_SCREEN
    if isinstance(node, Input | TextArea):
        return "in the text being typed"
    if isinstance(node, Select):
        return "in the choice"
    if node.BINDING_GROUP_TITLE or not isinstance(node, DataTable):
        return f"in the {_place_noun(type(node))}"
    return "in the list"


def _ours(node: DOMNode) -> dict[tuple[str, str], int]:
    """(key, action) of the bindings bilateral's own classes give `node`, numbered in the
    order they are declared (the node's own class first): Textual's own (a table's arrow keys,
    copy text, focus next) are not among them."""
    pairs: dict[tuple[str, str], int] = {}
    for cls in type(node).__mro__:
        declared = cls.__dict__.get("BINDINGS")
        if declared and not cls.__module__.startswith("textual."):
            for key, binding in BindingsMap(declared):
                pairs.setdefault((key, binding.action), len(pairs))
    return pairs


def key_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(keys, description, where) for each enabled binding of bilateral's active on `screen`:
    this screen's first, then those of the list or field, then those that work everywhere;
    each group in the order its keys are declared."""
    rows: dict[tuple[str, str], list[str]] = {}
    places: dict[tuple[str, str], int] = {}
    ours: dict[int, dict[tuple[str, str], int]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or not active.enabled:
            continue
        declared = ours.setdefault(id(active.node), _ours(active.node))
        number = declared.get((binding.key, binding.action))
        if number is None and not binding.id:
            continue
        display = screen.app.get_key_display(binding)
        row = (binding.description, place(active.node, screen))
        rows.setdefault(row, []).append(display or key)
        number = len(declared) if number is None else number  # remapped: declared elsewhere
        places[row] = min(places.get(row, number), number)
    group = {ON_THIS_SCREEN: 0, EVERYWHERE: 2}
    ordered = sorted(rows, key=lambda row: (group.get(row[1], 1), row[1], places[row]))
    return [(" / ".join(rows[row]), row[0], row[1]) for row in ordered]


class KeyEntry(NamedTuple):
    """A key bilateral declares, for `bilateral keys`."""

    binding: Binding
    # Where it works on its screen: "" for the screen's own keys, else "in the checklist".
    where: str


def _declared(cls: type[DOMNode]) -> list[Binding]:
    """The bindings `cls` itself declares (not those it inherits), as Binding objects."""
    declared: list[BindingType] = cls.__dict__.get("BINDINGS") or []
    return [item if isinstance(item, Binding) else Binding(*item) for item in declared]


def _key_modules() -> list[ModuleType]:
    """The modules of the screens package: those of KEY_MODULES first, then the others."""
    import screens

    found = [module.name for module in pkgutil.walk_packages(screens.__path__, "screens.")]
    return [importlib.import_module(name) for name in dict.fromkeys([*KEY_MODULES, *found])]


def _heading(cls: type[DOMNode], module_screen: type[Screen] | None) -> str:
    """The title a class's keys are listed under: the app's, "Everywhere"; a screen's, its
    title; a widget's, the title of the screen its module defines, else "Every <place>"."""
    if issubclass(cls, App):
        return EVERYWHERE.capitalize()
    if issubclass(cls, Screen):
        return screen_title(cls)
    if module_screen is not None:
        return screen_title(module_screen)
    return f"Every {_place_noun(cls)}"


def key_catalogue(*first: type[DOMNode]) -> list[tuple[str, list[KeyEntry]]]:
    """Every binding bilateral's own classes declare, once each, grouped by the title of the
    screen where it works (a widget's keys with the screen beside it in its module; keys that
    every list or form shares under "Every list", "Every form"): the classes `first` (the
    app) lead, then the screens package in the order of KEY_MODULES."""
    classes: list[tuple[type[DOMNode], type[Screen] | None]] = [(cls, None) for cls in first]
    for module in _key_modules():
        defined = [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, DOMNode)
            and value.__module__ == module.__name__
        ]
        screens_here = [cls for cls in defined if issubclass(cls, Screen) and "TITLE" in vars(cls)]
        beside = screens_here[0] if screens_here else None
        # A screen's own keys before those of its widgets.
        defined.sort(key=lambda cls: not issubclass(cls, Screen | App))
        classes += [(cls, beside) for cls in defined if "BINDINGS" in vars(cls)]
    groups: dict[str, tuple[list[KeyEntry], list[KeyEntry]]] = {}
    for cls, beside in classes:
        own, widgets = groups.setdefault(_heading(cls, beside), ([], []))
        if issubclass(cls, Screen | App):
            own += [KeyEntry(binding, "") for binding in _declared(cls)]
        else:
            where = f"in the {_place_noun(cls)}"
            widgets += [KeyEntry(binding, where) for binding in _declared(cls)]
    return [(heading, own + widgets) for heading, (own, widgets) in groups.items()]


class HelpScreen(ModalScreen[None]):
    """The keys that work here, generated from the bindings (so remapped keys show as such)."""

    TITLE = "Help"
    BINDINGS = bindings("HelpScreen")
    # Help is shown already: f1 closes it (its own key), the app's f1 would open it again.
    HIDES_APP_ACTIONS = frozenset({"help"})

    def __init__(self, rows: list[tuple[str, str, str]], where: str) -> None:
        """`where`: the title of the screen whose keys these are ("Partner page": see
        `screen_title`)."""
        super().__init__()
        self.rows = rows
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(Text(f"Keys — {self.where}", style="bold"), classes="dialog-title")
            yield DataTable(cursor_type="row", zebra_stripes=True)
            # Plain text, not markup: "[keymap]" is what the user types in the file.
            yield Static(
                Text(
                    "Lists: j/k move, g/G first/last, / filter, enter open, escape back. "
                    "ctrl+p opens the command palette. Keys can be remapped in the config file "
                    '([keymap] binding-id = "key"; `bilateral keys` lists the ids and the file).'
                ),
                classes="dialog-text",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action", "Where")
        for keys, description, where in self.rows:
            table.add_row(Text(keys, style="bold"), Text(description), Text(where))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
