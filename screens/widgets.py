"""Small widgets shared by the screens."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Static
from textual.widgets.data_table import Column, ColumnKey

from db.text import clean_text
from screens.keymap import bindings


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


def as_cells(*values: object) -> tuple[Text, ...]:
    """A table row: each value a `cell`, but a Text as it is (a cell styled already)."""
    return tuple(value if isinstance(value, Text) else cell(value) for value in values)


def side_cell(side: str) -> Text:
    """Whose side (ours in bold, theirs plain)."""
    return cell(side, "bold" if side == "ours" else "")


def due_cell(due: str, overdue: bool) -> Text:
    """When it is due, in bold red once overdue."""
    return cell(due, "bold red" if overdue else "")


def marking_badge(marking: str) -> Text:
    """A record's handling marking as its page shows it, before the title: '[CONFIDENTIAL] '
    in reverse video. Nothing for the lowest level (`marking` ""): most pages stay calm."""
    if not marking:
        return Text()
    badge = plain(f"[{marking}]", "bold reverse")
    badge.append(" ")
    return badge


def marking_cell(marking: str) -> Text:
    """A list's Marking cell: the level's name in bold, blank for the lowest level."""
    return cell(marking, "bold")


class Col(NamedTuple):
    """A table column as drawn at 120 columns, and how it fits other widths.

    `grow`: its share of the room a wider terminal gives (0: stays as it is); `least`: how
    narrow it may get when room is short (None: never narrower than `width`); `drop`: hidden
    when even the least widths do not fit, the highest first (0: never hidden); `yields_last`:
    it gives up cells only once the other columns are down to their least.
    """

    label: str
    width: int
    grow: int = 0
    least: int | None = None
    drop: int = 0
    yields_last: bool = False


# A list's Marking column, last: its names cut short ("CONFID…") only when the other columns
# can give no more room.
MARKING_COLUMN = Col("Marking", 12, least=7, yields_last=True)


def as_col(column: "Col | tuple[str, int]") -> Col:
    """A column given as (label, width): one of 20 or more grows (the wider, the more) and
    shrinks to 12; a narrower one stays as it is."""
    if isinstance(column, Col):
        return column
    label, width = column
    return Col(label, width, width, 12) if width >= 20 else Col(label, width)


@dataclass
class FitColumn(Column):
    """A DataTable column that can be hidden (drawn zero cells wide)."""

    hidden: bool = False

    def get_render_width(self, data_table: DataTable[Any]) -> int:
        return 0 if self.hidden else super().get_render_width(data_table)


def fit_widths(columns: list[Col], room: int, padding: int) -> dict[int, int | None]:
    """Each column's width (None: hidden) in `room` cells, each column taking `padding` more.

    Wider than the columns: the growing ones share the rest by weight. Narrower: the
    shrinkable ones give up cells in proportion to what they can spare, down to their least
    (those that yield last only after the others); when even that does not fit, the columns
    that may be dropped go, the highest `drop` first.
    """
    shown = list(range(len(columns)))

    def least(index: int) -> int:
        column = columns[index]
        return column.width if column.least is None else min(column.least, column.width)

    while sum(least(i) + padding for i in shown) > room:
        droppable = [i for i in shown if columns[i].drop]
        if not droppable:
            break
        shown.remove(max(droppable, key=lambda i: (columns[i].drop, i)))
    widths: dict[int, int | None] = dict.fromkeys(range(len(columns)))
    for index in shown:
        widths[index] = columns[index].width
    spare = room - sum(columns[i].width + padding for i in shown)
    if spare > 0:
        weight = sum(columns[i].grow for i in shown)
        growing = sorted((i for i in shown if columns[i].grow), key=lambda i: -columns[i].grow)
        given = 0
        for index in growing:
            share = spare * columns[index].grow // weight
            widths[index] = columns[index].width + share
            given += share
        if growing:
            widths[growing[0]] = (widths[growing[0]] or 0) + spare - given
    elif spare < 0:
        deficit = -spare
        for last in (False, True):
            group = [i for i in shown if columns[i].yields_last is last]
            taken = _shrunk(group, deficit, {i: columns[i].width - least(i) for i in group})
            for index in group:
                widths[index] = columns[index].width - taken[index]
            deficit -= sum(taken.values())
    return widths


def _shrunk(group: list[int], deficit: int, slack: dict[int, int]) -> dict[int, int]:
    """How many cells each column of `group` gives up towards `deficit`, in proportion to its
    `slack` (what it can spare)."""
    total = sum(slack.values())
    deficit = min(deficit, total)
    taken = {i: deficit * slack[i] // total if total else 0 for i in group}
    left = deficit - sum(taken.values())
    for index in sorted(group, key=lambda i: -(slack[i] - taken[i])):
        if left <= 0:
            break
        if slack[index] > taken[index]:
            taken[index] += 1
            left -= 1
    return taken


def row_binding(binding: BindingType) -> BindingType:
    """A key of a table acting on the screen (`screen.x`) made the table's own `row('x')`."""
    if isinstance(binding, Binding) and binding.action.startswith("screen."):
        return replace(binding, action=f"row('{binding.action.removeprefix('screen.')}')")
    return binding


def key_under_cursor(table: DataTable) -> str | None:
    """The key of the row under a table's cursor (None while the table is empty)."""
    if table.row_count == 0:
        return None
    row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    return row_key.value


class KeyTable(DataTable):
    """A DataTable with the list keys of bilateral: j/k, g/G.

    Its columns fit the width it is given (see `Col`); `columns` are added once it is
    mounted. The keys a subclass binds act on the highlighted row: they are hidden from the
    footer, and do nothing, while the table is empty (a `screen.x` action runs through the
    table's `row('x')` so that it can tell).

    A subclass with keys of its own names where they work, for the help:
    `class StopTable(KeyTable, group="Stops")`; its keys are the table of its class name in
    keys.toml.
    """

    # Where its keys work, in the help ("in the list"); subclasses name theirs.
    BINDING_GROUP_TITLE = "List"
    BINDINGS = bindings("KeyTable")
    # Actions that need no row (the moves above).
    ROWLESS_ACTIONS = frozenset({"cursor_down", "cursor_up", "scroll_top", "scroll_bottom"})

    def __init_subclass__(cls, group: str = "", **kwargs: Any) -> None:
        if group:
            cls.BINDING_GROUP_TITLE = group
            cls.BINDINGS = bindings(cls.__name__)
        if "BINDINGS" in cls.__dict__:
            cls.BINDINGS = [row_binding(binding) for binding in cls.__dict__["BINDINGS"]]
        super().__init_subclass__(**kwargs)

    def __init__(self, *, columns: Iterable["Col | tuple[str, int]"] = (), **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.plan: dict[ColumnKey, Col] = {}
        self.columns_to_add = tuple(columns)

    def on_mount(self) -> None:
        if self.columns_to_add:
            self.set_columns(self.columns_to_add)

    # -- keys that need a row ---------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Hidden while there is no row to act on (False: not shown, the key passes on).
        return self.row_count > 0 or action in self.ROWLESS_ACTIONS

    async def action_row(self, action: str) -> None:
        await self.screen.run_action(action)

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor (None while the table is empty)."""
        return key_under_cursor(self)

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        was_empty = self.row_count == 0
        row_key = super().add_row(*cells, **kwargs)
        if was_empty:
            self.refresh_bindings()
        return row_key

    def clear(self, columns: bool = False) -> "KeyTable":
        had_rows = self.row_count > 0
        super().clear(columns)
        if columns:
            self.plan.clear()
        if had_rows:
            self.refresh_bindings()
        return self

    def remove_row(self, row_key: Any) -> None:
        super().remove_row(row_key)
        if self.row_count == 0:
            self.refresh_bindings()

    # -- columns that fit -------------------------------------------------------------

    def add_column(
        self, label: Any, *, width: int | None = None, key: str | None = None, default: Any = None
    ) -> ColumnKey:
        column_key = super().add_column(label, width=width, key=key, default=default)
        plain_column = self.columns[column_key]
        self.columns[column_key] = FitColumn(
            plain_column.key,
            plain_column.label,
            plain_column.width,
            plain_column.content_width,
            plain_column.auto_width,
        )
        if width is not None:
            self.plan[column_key] = as_col((str(label), width))
            self.fit_columns()
        return column_key

    def set_columns(self, columns: Iterable["Col | tuple[str, int]"]) -> list[ColumnKey]:
        """Add the columns, each fitted as its `Col` says."""
        keys = []
        for column in map(as_col, columns):
            column_key = self.add_column(column.label, width=column.width)
            self.plan[column_key] = column
            keys.append(column_key)
        self.fit_columns()
        return keys

    def on_resize(self, _event: events.Resize) -> None:
        self.fit_columns()
        if self.has_focus:
            # Grown (a row added) while focused: all of it back in view, in a scrolling form.
            self.call_after_refresh(self.scroll_visible, animate=False)

    def watch_show_vertical_scrollbar(self) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """Give the planned columns the widths that fit the table's width now."""
        room = self.scrollable_content_region.width
        planned = [key for key in self.plan if key in self.columns]
        if room <= 0 or not planned:
            return
        others = sum(
            column.get_render_width(self)
            for key, column in self.columns.items()
            if key not in self.plan
        )
        widths = fit_widths(
            [self.plan[key] for key in planned], room - others, 2 * self.cell_padding
        )
        changed = False
        for index, key in enumerate(planned):
            column = self.columns[key]
            width = widths[index]
            hidden = width is None
            if width is not None and column.width != width:
                column.width = width
                changed = True
            if isinstance(column, FitColumn) and column.hidden != hidden:
                column.hidden = hidden
                changed = True
        if changed:
            # No public API for this: DataTable's own steps after a column changes width.
            self._clear_caches()
            self._update_dimensions([])  # the virtual size, from the new widths
            self._refresh_scrollbars()  # else a scrollbar shown for wider columns stays
            self.refresh()


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
