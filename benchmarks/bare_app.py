"""The yardstick for start-up: a bare Textual app with a header, a table and a footer.

Run by benchmarks.startup in a pseudo-terminal exactly as bilateral is (`python -m
benchmarks.bare_app`); it draws BARE_MARKER in its footer.
"""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

BARE_MARKER = "Bare quit"


class BareApp(App[None]):
    """Header, DataTable (a few columns, no rows), Footer."""

    TITLE = "bare"
    BINDINGS = [Binding("ctrl+q", "quit", BARE_MARKER)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("When", "Title", "Partners", "Status"):
            table.add_column(label)
        table.focus()


if __name__ == "__main__":
    BareApp().run()
