"""F1 / ? help: every key of the screen you came from, read from its live bindings."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static


def key_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(keys, description, where) for each enabled binding active on `screen`."""
    rows: dict[tuple[str, str], list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or not active.enabled:
            continue
        where = "everywhere" if active.node is screen.app else type(active.node).__name__
        display = screen.app.get_key_display(binding)
        rows.setdefault((binding.description, where), []).append(display or key)
    return sorted(
        ((" / ".join(keys), description, where) for (description, where), keys in rows.items()),
        key=lambda row: (row[2] == "everywhere", row[2], row[1]),
    )


class HelpScreen(ModalScreen[None]):
    """The keys that work here, generated from the bindings (so remapped keys show as such)."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close help")]

    def __init__(self, rows: list[tuple[str, str, str]], where: str) -> None:
        super().__init__()
        self.rows = rows
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(Text(f"Keys — {self.where}", style="bold"), classes="dialog-title")
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Static(
                "Lists: j/k move, g/G first/last, / filter, enter open, escape back. "
                "ctrl+p opens the command palette. Keys can be remapped in the config file "
                '([keymap] binding-id = "key"; `bilateral paths` shows where it is).',
                classes="dialog-text",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action", "Where")
        for keys, description, where in self.rows:
            table.add_row(Text(keys, style="bold"), Text(description), Text(where))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
