"""Pick a record by typing a few letters: people, partners, meetings."""

from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from screens.context import AppContext
from screens.footer import KeyFooter
from screens.keymap import bindings
from screens.widgets import plain

if TYPE_CHECKING:
    from db.meeting_shapes import PersonChoice

CREATE = "__create__"

# What is picked: a record's id, or what the opener needs of it (an id and a name…).
T = TypeVar("T")


class PickerScreen(ModalScreen[T | None], Generic[T]):
    """Type to search; `enter` picks the highlighted match; escape cancels (None).

    `search(text)` runs in a thread and returns (value, label) pairs; with `create`, a last
    option makes a new record from the typed text (also in a thread) and returns it.
    """

    TITLE = "Picker"
    BINDINGS = bindings("PickerScreen")

    def __init__(
        self,
        title: str,
        search: Callable[[str], Sequence[tuple[T, str]]],
        create: Callable[[str], T] | None = None,
        create_label: str = "New",
    ) -> None:
        super().__init__()
        self.picker_title = title
        self.search = search
        self.create = create
        self.create_label = create_label
        self.values: dict[str, T] = {}
        # What the options shown are the matches of, and whether enter waits for newer ones.
        self.shown_for: str | None = None
        self.enter_pressed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Static(Text(self.picker_title, style="bold"), classes="dialog-title")
            yield Input(placeholder="type a few letters…", id="picker-query")
            yield OptionList(id="picker-options")
            yield Static("", id="picker-message", classes="form-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.run_search("")

    @on(Input.Changed, "#picker-query")
    def typed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @work(thread=True, exclusive=True, group="picker", exit_on_error=False)
    def run_search(self, text: str) -> None:
        matches = list(self.search(text))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_matches, text, matches)

    def show_matches(self, text: str, matches: list[tuple[T, str]]) -> None:
        if text != self.query_one(Input).value:
            return  # an older search, finished after the one for what is typed now
        options = self.query_one(OptionList)
        options.clear_options()
        self.values = {}
        for index, (value, label) in enumerate(matches):
            key = f"m{index}"
            self.values[key] = value
            options.add_option(Option(plain(label), id=key))
        if self.create is not None and text.strip():
            options.add_option(
                Option(
                    Text.assemble(
                        ("＋ ", "bold"), f"{self.create_label} “", plain(text.strip()), "”"
                    ),
                    id=CREATE,
                )
            )
        if options.option_count:
            options.highlighted = 0
        self.shown_for = text
        if self.enter_pressed:
            self.enter_pressed = False
            self.submitted()

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(Input.Submitted, "#picker-query")
    def submitted(self) -> None:
        if self.shown_for != self.query_one(Input).value:
            # Enter typed before the matches of what is typed now: pick once they are shown.
            self.enter_pressed = True
            return
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.choose(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#picker-options")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option.id)

    def choose(self, key: str | None) -> None:
        if key == CREATE:
            self.run_create(self.query_one(Input).value.strip())
        elif key in self.values:
            self.dismiss(self.values[key])

    @work(thread=True, exclusive=True, group="picker-create", exit_on_error=False)
    def run_create(self, text: str) -> None:
        from db.errors import BilateralError

        assert self.create is not None
        try:
            value = self.create(text)
        except BilateralError as error:
            self.app.call_from_thread(
                self.query_one("#picker-message", Static).update, plain(str(error), "red")
            )
            return
        self.app.call_from_thread(self.dismiss, value)

    def action_cancel(self) -> None:
        self.dismiss(None)


def people_search(
    context: AppContext, leave_out: Collection[int] = ()
) -> Callable[[str], list[tuple["PersonChoice", str]]]:
    """A picker's search of people (each labelled with position and organisation), but for
    the ids left out (those already chosen)."""

    def search(text: str) -> list[tuple["PersonChoice", str]]:
        from db.people import search_people

        return [
            (choice, choice.label)
            for choice in search_people(context.database(), text)
            if choice.id not in leave_out
        ]

    return search
