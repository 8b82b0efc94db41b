"""Small modal dialogs: confirm, choose, message, first start, one line of text."""

from typing import TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from screens.footer import KeyFooter
from screens.keymap import bindings
from screens.widgets import plain

AnswerT = TypeVar("AnswerT")


class Dialog(ModalScreen[AnswerT]):
    """Base of the small dialogs: a box with its `heading` in bold (if it has one) and what
    `body()` yields, above a footer with the dialog's keys."""

    heading = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self.heading:
                yield Static(Text(self.heading, style="bold"), classes="dialog-title")
            yield from self.body()
        yield KeyFooter()

    def body(self) -> ComposeResult:
        yield from ()


class QuestionScreen(Dialog[AnswerT]):
    """Base of the questions: the question, then a button for each answer (`buttons()`)."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def body(self) -> ComposeResult:
        yield Static(plain(self.question), classes="dialog-text")
        with Horizontal(classes="dialog-buttons"):
            yield from self.buttons()

    def buttons(self) -> ComposeResult:
        yield from ()

    def action_answer(self, answer: AnswerT) -> None:
        self.dismiss(answer)


class ConfirmScreen(QuestionScreen[bool]):
    """Ask before a destructive action; `y` confirms, `n`/escape cancels."""

    TITLE = "Question"
    BINDINGS = bindings("ConfirmScreen")

    def __init__(self, question: str, confirm_label: str = "Delete") -> None:
        super().__init__(question)
        self.confirm_label = confirm_label

    def buttons(self) -> ComposeResult:
        yield Button(f"{self.confirm_label} (y)", variant="error", id="yes")
        yield Button("Cancel (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class ChoiceScreen(QuestionScreen[str | None]):
    """A question with a few answers, each a button with its key; escape answers None."""

    TITLE = "Choice"
    BINDINGS = bindings("ChoiceScreen")
    # A question is on screen (the one before quitting, maybe): quitting waits for its answer.
    HIDES_APP_ACTIONS = frozenset({"quit"})

    def __init__(self, question: str, answers: tuple[tuple[str, str, str], ...]) -> None:
        """`answers`: (answer, button label, key) each; the first button has the focus."""
        super().__init__(question)
        self.answers = answers

    def buttons(self) -> ComposeResult:
        for answer, label, key in self.answers:
            yield Button(f"{label} ({key})", id=f"answer-{answer}")

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


class MessageScreen(Dialog[None]):
    """A message that must be read: a damaged database, a refused upgrade."""

    TITLE = "Message"
    BINDINGS = bindings("MessageScreen")

    def __init__(self, title: str, message: str, close_label: str = "Close") -> None:
        super().__init__()
        self.heading = title
        self.message = message
        self.close_label = close_label

    def body(self) -> ComposeResult:
        yield Static(plain(self.message), classes="dialog-text")
        yield Button(self.close_label, id="close")

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class FirstRunScreen(QuestionScreen[str]):
    """On an empty database: load the demo data (`d`) or start empty (`e`)."""

    TITLE = "First start"
    BINDINGS = bindings("FirstRunScreen")
    heading = "Welcome to bilateral"

    def __init__(self) -> None:
        super().__init__(
            "This database is empty. Load the demo data — two 2025 delegation visits of "
            "Viet Nam's Ministry of Public Security to Germany and Austria, and one "
            "upcoming visit — or start with an empty database."
        )

    def buttons(self) -> ComposeResult:
        yield Button("Load demo data (d)", variant="primary", id="demo")
        yield Button("Start empty (e)", id="empty")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "empty")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class PromptScreen(Dialog[str | None]):
    """Ask for one line of text (e.g. a file name); enter accepts, escape cancels."""

    TITLE = "Prompt"
    BINDINGS = bindings("PromptScreen")

    def __init__(self, title: str, value: str = "", hint: str = "") -> None:
        super().__init__()
        self.heading = title
        self.value = value
        self.hint = hint

    def body(self) -> ComposeResult:
        yield Input(self.value, id="prompt-value")
        yield Static(plain(self.hint, "dim"), classes="dialog-text")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
