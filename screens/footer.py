"""The key line at the bottom of every screen: one widget drawing the keys that work here.

Textual's Footer mounts a widget per key and rebuilds them all whenever the focus or the
bindings change (several times while a screen opens); this draws the same line as text.
"""

from collections.abc import Iterator

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


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

    def shown_bindings(self) -> Iterator[tuple[Binding, bool]]:
        """Each action once (its first key), in the order Textual ranks them."""
        seen: set[str] = set()
        palette_key = self.app.COMMAND_PALETTE_BINDING
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if binding.show and binding.action not in seen and key != palette_key:
                seen.add(binding.action)
                yield binding, enabled

    def items(self, *, grouped: bool) -> list[tuple[str, str, bool, str]]:
        """(keys shown, description, enabled, key to press); grouped: a group's keys as one."""
        items: list[tuple[str, str, bool, str]] = []
        last_group = None
        for binding, enabled in self.shown_bindings():
            shown = self.app.get_key_display(binding)
            group = binding.group if grouped else None
            if group is not None and group is last_group:
                keys, description, was_enabled, key = items[-1]
                items[-1] = (f"{keys} {shown}", description, was_enabled, key)
            else:
                description = group.description if group is not None else binding.description
                items.append((shown, description, enabled, binding.key))
            last_group = group
        return items

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        palette = self.palette_text(key_style, description_style)
        room = self.size.width - (palette.cell_len if palette is not None else 0)
        for grouped in (False, True):
            line, spans = self.key_line(self.items(grouped=grouped), key_style, description_style)
            if line.cell_len <= room:
                break
        self.spans = spans
        if palette is not None and line.cell_len < room:
            line.append(" " * (room - line.cell_len))
            start = line.cell_len
            line.append_text(palette)
            self.spans.append((start, line.cell_len, self.app.COMMAND_PALETTE_BINDING))
        return line

    @staticmethod
    def key_line(
        items: list[tuple[str, str, bool, str]],
        key_style,
        description_style,  # noqa: ANN001
    ) -> tuple[Text, list[tuple[int, int, str]]]:
        line = Text(no_wrap=True, overflow="crop", end="")
        spans = []
        for keys, description, enabled, key in items:
            start = line.cell_len
            line.append(f" {keys} ", key_style)
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
