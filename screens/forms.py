"""A modal form that validates as you type and saves in a worker, keeping the text on error."""

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from db.errors import BilateralError, Invalid, StaleEdit
from screens.dialogs import ConfirmScreen
from screens.widgets import plain


class FormScreen(ModalScreen[int | None]):
    """Base of the record forms.

    Subclasses define `fields()` (the widgets, each input's id its field name, laid out with
    `field()`) and `build_input()` (the db.validation input from the widget values).

    `save(data, overwrite)` runs in a thread and returns the record id; it raises Invalid,
    StaleEdit or another BilateralError, which the form shows without closing.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+o", "overwrite", "Overwrite theirs", show=False, id="form.overwrite"),
    ]

    def __init__(self, title: str, save: Callable[[Any, bool], int]) -> None:
        super().__init__()
        self.form_title = title
        self.save_record = save
        self.touched: set[str] = set()
        self.dirty = False
        self.stale = False
        self.ready = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(Text(self.form_title, style="bold"), classes="dialog-title")
            with VerticalScroll(classes="form-fields"):
                yield from self.fields()
            yield Static("", id="form-message", classes="form-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        # Widgets report their initial values as changes; only what comes after is typing.
        self.call_after_refresh(self._start_listening)

    def _start_listening(self) -> None:
        self.ready = True

    def field(self, label: str, widget: Any) -> ComposeResult:
        """A labelled field on one row, with a line for its error message below."""
        with Horizontal(classes="field-row"):
            yield Label(label, classes="field-label")
            yield widget
        yield Static("", id=f"{widget.id}-error", classes="field-error")

    def check(self, show_all: bool = False) -> Any | None:
        """Validate the form, showing messages for touched fields (or all); the clean input."""
        data = self.build_input()
        problems: dict[str, str] = {}
        try:
            cleaned = self.clean(data)
        except Invalid as error:
            problems = error.problems
            cleaned = None
        hints = self.hints(data)
        for error_line in self.query(".field-error"):
            name = (error_line.id or "").removesuffix("-error")
            message = problems.get(name, "") if show_all or name in self.touched else ""
            if message:
                error_line.update(plain(message, "red"))
            else:
                error_line.update(plain(hints.get(name, ""), "dim italic"))
        return cleaned

    def clean(self, data: Any) -> Any:
        """The checked input (raises Invalid); forms that parse dates pass today's date."""
        return data.cleaned()

    def hints(self, data: Any) -> dict[str, str]:
        """Helpful notes shown under fields that have no error (e.g. how a date was read)."""
        return {}

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def changed(self, event: Any) -> None:
        if not self.ready:
            return
        widget = getattr(event, "input", None) or getattr(event, "control", None)
        if self._strip_controls(widget):
            return  # the cleaned value reports its own change
        if widget is not None and widget.id:
            self.touched.add(widget.id)
        self.dirty = True
        self.check()

    @staticmethod
    def _strip_controls(widget: Any) -> bool:
        """Drop escape sequences and control characters (pasted ones) before they are drawn:
        Input and TextArea send them to the terminal as they are. True if it changed."""
        from db.text import clean_text

        if isinstance(widget, Input) and clean_text(widget.value) != widget.value:
            widget.value = clean_text(widget.value)
            return True
        if isinstance(widget, TextArea) and clean_text(widget.text) != widget.text:
            widget.load_text(clean_text(widget.text))
            return True
        return False

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_save(self, overwrite: bool = False) -> None:
        cleaned = self.check(show_all=True)
        if cleaned is None:
            self.say("Not saved: fix the fields marked above.", error=True)
            return
        self.say("Saving…")
        self.run_save(cleaned, overwrite)

    def action_overwrite(self) -> None:
        if self.stale:
            self.action_save(overwrite=True)

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def run_save(self, cleaned: Any, overwrite: bool) -> None:
        try:
            record_id = self.save_record(cleaned, overwrite)
        except Invalid as error:
            self.app.call_from_thread(self.show_problems, error.problems)
        except StaleEdit as error:
            self.stale = True
            self.app.call_from_thread(
                self.say, f"{error} ctrl+o overwrites theirs with yours; esc cancels.", True
            )
        except BilateralError as error:
            self.app.call_from_thread(self.say, f"Not saved: {error}", True)
        else:
            self.app.call_from_thread(self.dismiss, record_id)

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, message in problems.items():
            for line in self.query(f"#{name}-error"):
                line.update(plain(message))
        self.say("Not saved: fix the fields marked above.", error=True)

    def say(self, message: str, error: bool = False) -> None:
        line = self.query_one("#form-message", Static)
        line.update(plain(message, "bold red" if error else "italic"))

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard what you typed in this form?", "Discard"), decided
        )
