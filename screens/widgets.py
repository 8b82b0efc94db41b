"""Small widgets shared by the screens."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Static

from db.text import clean_text


def plain(value: object, style: str = "") -> Text:
    """User text as a Text: never parsed as markup, control sequences stripped.

    The style is a span, not the base style, so text appended later does not inherit it.
    """
    text = Text(clean_text("" if value is None else str(value)))
    if style:
        text.stylize(style)
    return text


def heading(title: str, *, gap: bool = False) -> Text:
    """A section heading inside a text block, styled on its own (what follows is not)."""
    text = Text("\n" if gap else "")
    text.append(title, style="bold underline")
    return text


def cell(value: object, style: str = "") -> Text:
    """User text for a table cell: one line, cut with an ellipsis when too long."""
    text = plain(value, style)
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


class KeyTable(DataTable):
    """A DataTable with the list keys of bilateral: j/k, g/G."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First", show=False),
        Binding("G", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)


class TopBar(Horizontal):
    """The line at the top: app name and where you are on the left, a status on the right."""

    DEFAULT_CSS = """
    TopBar { height: 1; background: $primary-background; color: $text; }
    TopBar #where { width: 1fr; }
    TopBar #status { width: auto; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="where")
        yield Static(id="status")

    def show(self, where: str, status: str = "") -> None:
        line = Text.assemble(("bilateral ", "bold"), plain(where, "bold"))
        self.query_one("#where", Static).update(line)
        self.query_one("#status", Static).update(plain(status))
