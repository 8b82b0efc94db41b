"""Small modal dialogs: confirm, choose, message, first start, one line of text."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from screens.footer import KeyFooter
from screens.widgets import plain


class ConfirmScreen(ModalScreen[bool]):
    """Ask before a destructive action; `y` confirms, `n`/escape cancels."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, confirm_label: str = "Delete") -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.confirm_label} (y)", variant="error", id="yes")
                yield Button("Cancel (n)", id="no")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ChoiceScreen(ModalScreen[str | None]):
    """A question with a few answers, each a button with its key; escape answers None."""

    BINDINGS = [Binding("escape", "answer(None)", "Cancel")]

    def __init__(self, question: str, answers: tuple[tuple[str, str, str], ...]) -> None:
        """`answers`: (answer, button label, key) each; the first button has the focus."""
        super().__init__()
        self.question = question
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                for answer, label, key in self.answers:
                    yield Button(f"{label} ({key})", id=f"answer-{answer}")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: Key) -> None:
        for answer, _label, key in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(answer)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("answer-"))

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)


class MessageScreen(ModalScreen[None]):
    """A message that must be read: a damaged database, a refused upgrade."""

    BINDINGS = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, title: str, message: str, close_label: str = "Close") -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.close_label = close_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Static(plain(self.message), classes="dialog-text")
            yield Button(self.close_label, id="close")
        yield KeyFooter()

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class FirstRunScreen(ModalScreen[str]):
    """On an empty database: load the demo data (`d`) or start empty (`e`)."""

    BINDINGS = [
        Binding("d", "choose('demo')", "Load demo data"),
        Binding("e,escape", "choose('empty')", "Start empty"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Welcome to bilateral", style="bold"), classes="dialog-title")
            yield Static(
                "This database is empty. Load the demo data — two 2025 delegation visits of "
                "Viet Nam's Ministry of Public Security to Germany and Austria, and one "
                "upcoming visit — or start with an empty database.",
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Load demo data (d)", variant="primary", id="demo")
                yield Button("Start empty (e)", id="empty")
        yield KeyFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "empty")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text (e.g. a file name); enter accepts, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", hint: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.prompt_title, style="bold"), classes="dialog-title")
            yield Input(self.value, id="prompt-value")
            yield Static(plain(self.hint, "dim"), classes="dialog-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
