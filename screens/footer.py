"""The key line at the bottom of every screen: one widget drawing the keys that work here.

Textual's Footer mounts a widget per key and rebuilds them all whenever the focus or the
bindings change (several times while a screen opens); this draws the same line as text.

When the line is short of room, a group's keys are drawn as one (`h p m o v Screens`), the
gaps narrow, then keys go one at a time (rank `KEEP`, the furthest right first); help (F1),
the app's groups and the palette always stay.
Forms and dialogs (modal screens) have a KeyFooter of their own, showing their keys.
"""

from collections.abc import Iterator

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

# Which keys go first when the line is short of room (the lowest rank first; F1 lists them).
GOES_FIRST, SAID_ELSEWHERE, SCREEN_KEY, PINNED = range(4)
# Keys the screen shows already: the filter box says "/ filter…", the top bar the view (1–5).
SHOWN_ELSEWHERE = frozenset({"list.filter"})
# Never dropped for room: help lists everything the line leaves out.
ALWAYS = frozenset({"app.help"})
# (keys shown, description, enabled, key to press, rank)
Item = tuple[str, str, bool, str, int]


class KeyFooter(Widget):
    """The shown bindings of the focused chain as `key description`; the palette key right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        # Where each key was drawn (start, end, key), for a click.
        self.spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def shown_bindings(self) -> Iterator[tuple[Binding, bool, int]]:
        """Each action once (its first key), in the order Textual ranks them, with its rank."""
        seen: set[str] = set()
        palette_key = self.app.COMMAND_PALETTE_BINDING
        for key, (node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if binding.show and binding.action not in seen and key != palette_key:
                seen.add(binding.action)
                yield binding, enabled, self.rank(binding, app_key=node is self.app)

    @staticmethod
    def rank(binding: Binding, *, app_key: bool) -> int:
        if binding.id in ALWAYS or (app_key and binding.group is not None):
            return PINNED
        if app_key:
            return GOES_FIRST  # search: ctrl+f, in the palette too
        if binding.id in SHOWN_ELSEWHERE or binding.group is not None:
            return SAID_ELSEWHERE
        return SCREEN_KEY

    def items(self, *, grouped: bool) -> list[Item]:
        """(keys shown, description, enabled, key to press, rank); grouped: a group's keys
        as one item."""
        items: list[Item] = []
        last_group = None
        for binding, enabled, rank in self.shown_bindings():
            shown = self.app.get_key_display(binding)
            group = binding.group if grouped else None
            if group is not None and group is last_group:
                keys, description, was_enabled, key, rank = items[-1]
                items[-1] = (f"{keys} {shown}", description, was_enabled, key, rank)
            else:
                description = group.description if group is not None else binding.description
                items.append((shown, description, enabled, binding.key, rank))
            last_group = group
        return items

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        palette = self.palette_text(key_style, description_style)
        room = self.size.width - (palette.cell_len if palette is not None else 0)
        for grouped, tight in ((False, False), (True, False), (True, True)):
            items = self.items(grouped=grouped)
            line, spans = self.key_line(items, key_style, description_style, tight=tight)
            if line.cell_len <= room:
                break
        # Still too long: keys go, the lowest rank and furthest right first (F1 lists them).
        while line.cell_len > room:
            droppable = [(item[4], index) for index, item in enumerate(items) if item[4] < PINNED]
            if not droppable:
                break
            del items[min(droppable, key=lambda ranked: (ranked[0], -ranked[1]))[1]]
            line, spans = self.key_line(items, key_style, description_style, tight=True)
        self.spans = spans
        if palette is not None and line.cell_len <= room:
            line.append(" " * (room - line.cell_len))
            start = line.cell_len
            line.append_text(palette)
            self.spans.append((start, line.cell_len, self.app.COMMAND_PALETTE_BINDING))
        return line

    @staticmethod
    def key_line(
        items: list[Item],
        key_style,  # noqa: ANN001
        description_style,  # noqa: ANN001
        *,
        tight: bool = False,
    ) -> tuple[Text, list[tuple[int, int, str]]]:
        """The items as ` key description `, one space between them when `tight`."""
        line = Text(no_wrap=True, overflow="crop", end="")
        spans = []
        for index, (keys, description, enabled, key, _rank) in enumerate(items):
            start = line.cell_len
            line.append(f"{keys} " if tight and index else f" {keys} ", key_style)
            line.append(f"{description} ", description_style)
            if not enabled:
                line.stylize("dim", start)
            spans.append((start, line.cell_len, key))
        return line, spans

    def palette_text(self, key_style, description_style) -> Text | None:  # noqa: ANN001
        if not self.app.ENABLE_COMMAND_PALETTE:
            return None
        active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if active is None:
            return None
        binding = active.binding
        return Text.assemble(
            ("▏", "dim"),
            (f" {self.app.get_key_display(binding)} ", key_style),
            (f"{binding.description} ", description_style),
        )

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self.spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
