"""F1 / ? help: every key of the screen you came from, read from its live bindings."""

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Select, Static, TextArea

from screens.footer import KeyFooter

# Screens by their class names (less "Screen"), as the user knows them.
SCREEN_NAMES = {
    "Dashboard": "Today",
    "Partner": "Partner page",
    "Meeting": "Meeting page",
    "Proposal": "Proposal page",
    "Visit": "Visit page",
    "LiveNotes": "Live notes",
    "WrapUp": "Wrap-up",
    "Organisation": "Partner form",
    "Status": "Status change",
    "Item": "Checklist item",
}
# Where a widget's keys work, by its class name; other tables are "in the list".
PLACES = {
    "ChecklistTable": "in the checklist",
    "ProgrammeTable": "in the programme",
    "PeopleTable": "in the people list",
    "MeetingTable": "in the meetings list",
    "ProposalTable": "in the proposals list",
    "AttendeeTable": "in the attendees",
    "PartnerTable": "in the partners",
    "StopTable": "in the stops",
    "MemberTable": "in the delegation",
    "CommitmentTable": "in the commitments",
}
ON_THIS_SCREEN = "on this screen"
EVERYWHERE = "everywhere"
_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])")


def screen_name(class_name: str) -> str:
    """'Today' for the Dashboard, 'Live notes' for LiveNotes: a screen as the user knows it."""
    name = class_name.removesuffix("Screen") or "bilateral"
    if name in SCREEN_NAMES:
        return SCREEN_NAMES[name]
    words = _WORDS.sub(" ", name).split()
    return " ".join([words[0], *(word.lower() for word in words[1:])])


def place(node: DOMNode, screen: Screen) -> str:
    """Where the keys of `node` work, in words."""
    if node is screen.app:
        return EVERYWHERE
    if node is screen:
        return ON_THIS_SCREEN
    name = type(node).__name__
    if name in PLACES:
        return PLACES[name]
    if isinstance(node, DataTable):
        return "in the list"
    if isinstance(node, Input | TextArea):
        return "in the text being typed"
    if isinstance(node, Select):
        return "in the choice"
    return "in the " + " ".join(word.lower() for word in _WORDS.sub(" ", name).split())


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


class HelpScreen(ModalScreen[None]):
    """The keys that work here, generated from the bindings (so remapped keys show as such)."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close help")]

    def __init__(self, rows: list[tuple[str, str, str]], where: str) -> None:
        """`where`: the screen's class name, with or without "Screen" ('Dashboard')."""
        super().__init__()
        self.rows = rows
        self.where = screen_name(where)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(Text(f"Keys — {self.where}", style="bold"), classes="dialog-title")
            yield DataTable(cursor_type="row", zebra_stripes=True)
            # Plain text, not markup: "[keymap]" is what the user types in the file.
            yield Static(
                Text(
                    "Lists: j/k move, g/G first/last, / filter, enter open, escape back. "
                    "ctrl+p opens the command palette. Keys can be remapped in the config file "
                    '([keymap] binding-id = "key"; `bilateral paths` shows where it is).'
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
