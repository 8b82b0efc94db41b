"""The screens of the modes (Today, Partners, Meetings, Proposals, Visits).

Each is built with the app's styles, and the ones not shown yet are built ahead, one at a time,
once the first screen has drawn its rows: opening a screen then only loads its rows (building
one costs Textual ~150–300 ms of composing, styling and laying out on this project's machine).
"""

import importlib
from collections.abc import Callable

from textual.app import App
from textual.screen import Screen

from screens.context import AppContext

# A pause between two screens built ahead, so that keys typed meanwhile are not kept waiting.
BETWEEN_BUILDS_S = 0.05
# Screens are built only while the user is on a list or Today; else looked at again after this.
WHILE_BUSY_RETRY_S = 1.0


class ModeScreens:
    """Makes each mode's screen, handing out the one built ahead when there is one."""

    def __init__(self, app: App, context: AppContext, types: dict[str, str]) -> None:
        """`types`: each mode's screen class as "module:Class", imported when first needed
        (so that the first frame does not wait for the modules of screens not shown yet)."""
        self.app = app
        self.context = context
        self.types = types
        self.shown: set[str] = set()
        self.ready: dict[str, Screen] = {}

    def factory(self, mode: str) -> Callable[[], Screen]:
        def screen() -> Screen:
            self.shown.add(mode)
            built = self.ready.pop(mode, None)
            return built if built is not None else self.new(mode)

        return screen

    def new(self, mode: str) -> Screen:
        module, name = self.types[mode].split(":")
        screen = getattr(importlib.import_module(module), name)(self.context)
        # Born with the app's styles: else Textual re-parses and re-applies every stylesheet
        # of the app, twice, when a mode is first shown (~150 ms each time).
        screen._css_update_count = self.app._css_update_count  # noqa: SLF001 - no public way
        return screen

    def build_ahead(self) -> None:
        """Build the next mode's screen that was never shown; the one after it in a moment."""
        waiting = [m for m in self.types if m not in self.shown and m not in self.ready]
        if not waiting or not self.app.is_running:
            return
        if len(self.app.screen_stack) > 1:
            # A page, form or live notes is open: building would compete with the typing.
            self.app.set_timer(WHILE_BUSY_RETRY_S, self.build_ahead)
            return
        mode = waiting[0]
        screen = self.new(mode)
        # Imported here, not at the top: the first frame does not wait for the list screens.
        from screens.listing import ListScreen

        # It loads its rows when it is first shown, not now (they would be old by then).
        # Only list screens are built ahead: Today is the first screen shown.
        if isinstance(screen, ListScreen):
            screen.built_ahead = True
        self.ready[mode] = screen
        self.app._register(self.app, screen)  # noqa: SLF001 - composes and mounts it, unshown
        self.app.set_timer(BETWEEN_BUILDS_S, self.build_ahead)
