"""The brief of a visit or of a meeting: the texts the user writes for it, edited in a form,
and the whole brief written to a file (PDF or Markdown)."""

from collections.abc import Callable
from dataclasses import dataclass

from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from db.brief_text import BriefText, BriefTextInput
from screens.context import AppContext
from screens.forms import FormScreen
from screens.keymap import bindings
from screens.record import RecordScreen
from screens.widgets import TopBar, heading, plain

# Each text the user writes: its field, its heading on the page, its label in the form.
SECTIONS = (
    ("purpose", "Purpose and objectives", "Purpose"),
    ("talking_points", "Our talking points", "Talking points"),
    ("their_objectives", "Their likely objectives and our responses", "Their objectives"),
    ("press_line", "Press line", "Press line"),
)
FORM_HINTS = {
    "purpose": "why we meet, in a few sentences, then what we want to achieve",
    "talking_points": "what we say, point by point",
    "their_objectives": "what they are likely to want, each with our response",
    "press_line": "what may be said in public",
    "handling": "printed on the cover, e.g. RESTRICTED",
}


@dataclass(frozen=True)
class BriefPage:
    """What the Brief page shows: whose brief it is, and the text written for it."""

    title: str
    dates: str
    noun: str
    text: BriefText


def brief_view(brief: BriefPage) -> Text:
    """The title, the handling marking and the four texts, each under its heading."""
    text = plain(brief.title, "bold")
    text.append("\n")
    text.append_text(plain(f"Brief for the {brief.noun}", "dim"))
    if brief.dates:
        text.append_text(plain(f" · {brief.dates}", "dim"))
    text.append("\nHandling: ", style="bold")
    if brief.text.handling:
        text.append_text(plain(brief.text.handling))
    else:
        text.append("— (e sets it)", style="dim")
    for name, title, _label in SECTIONS:
        text.append("\n")
        text.append_text(heading(title, gap=True))
        text.append("\n")
        written = getattr(brief.text, name)
        text.append_text(plain(written) if written else Text("(not written yet)", style="dim"))
    return text


class BriefScreen(RecordScreen[BriefPage]):
    """The brief of a visit or of a meeting, as far as the user writes it; the rest of the
    brief comes from the records when it is written to a file."""

    TITLE = "Brief page"
    BINDINGS = bindings("BriefScreen")

    page_id = "brief-page"

    def __init__(
        self, context: AppContext, *, visit_id: int | None = None, meeting_id: int | None = None
    ) -> None:
        record_id = visit_id if visit_id is not None else meeting_id
        if record_id is None:
            raise ValueError("a brief is a visit's or a meeting's")
        super().__init__(context, record_id)
        self.visit_id = visit_id
        self.meeting_id = meeting_id

    def page(self) -> ComposeResult:
        yield Static("Loading…", id="brief")

    def fetch(self) -> BriefPage:
        from db.brief_text import read_brief_text

        database, today = self.context.database(), self.context.today()
        if self.visit_id is not None:
            from db.visits import get_visit

            visit = get_visit(database, self.visit_id, today)
            title, dates, noun = visit.title, visit.dates, "visit"
        else:
            from db.meetings import get_meeting

            meeting = get_meeting(database, self.record_id, today)
            title, dates, noun = meeting.title, meeting.when, "meeting"
        text = read_brief_text(database, visit_id=self.visit_id, meeting_id=self.meeting_id)
        return BriefPage(title, dates, noun, text)

    def show(self, detail: BriefPage) -> None:
        self.query_one(TopBar).show(f"Brief ▸ {detail.title}", detail.dates)
        self.query_one("#brief", Static).update(Padding(brief_view(detail), (0, 1)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None: shown dimmed, the key doing nothing, until the brief is loaded.
        if action in ("edit", "export") and self.detail is None:
            return None
        return super().check_action(action, parameters)

    def action_edit(self) -> None:
        if self.detail is None:
            return
        open_brief_form(
            self,
            self.context,
            self.detail.title,
            visit_id=self.visit_id,
            meeting_id=self.meeting_id,
            on_saved=self.reload_when_saved("Brief saved."),
        )

    def action_export(self) -> None:
        from screens.documents import write_brief

        if self.detail is not None:
            write_brief(
                self,
                self.context,
                self.detail.title,
                visit_id=self.visit_id,
                meeting_id=self.meeting_id,
            )


class BriefForm(FormScreen[BriefTextInput]):
    """The texts of a brief, each of several lines, then the handling line of its cover: the
    purpose comes first, so that what is typed the moment the form opens goes there."""

    TITLE = "Brief form"

    def __init__(
        self, title: str, save: Callable[[BriefTextInput, bool], int], initial: BriefTextInput
    ) -> None:
        super().__init__(title, save)
        self.initial = initial

    def fields(self) -> ComposeResult:
        for name, _title, label in SECTIONS:
            yield from self.field(label, TextArea(getattr(self.initial, name), id=name))
        yield from self.field("Handling", Input(self.initial.handling, id="handling"))

    def build_input(self) -> BriefTextInput:
        return BriefTextInput(**self.field_values())

    def hints(self, data: BriefTextInput) -> dict[str, str]:
        return FORM_HINTS


def open_brief_form(
    screen: Screen,
    context: AppContext,
    title: str,
    *,
    visit_id: int | None = None,
    meeting_id: int | None = None,
    on_saved: Callable[[int | None], None] | None = None,
) -> None:
    """Open the form of the brief's texts of the visit or meeting named `title`, as saved now."""

    def load() -> None:
        from dataclasses import asdict

        from db.brief_text import read_brief_text, save_brief_text

        database = context.database()
        owner = {"visit_id": visit_id, "meeting_id": meeting_id}
        current = read_brief_text(database, **owner)
        texts = {name: value for name, value in asdict(current).items() if name != "version"}

        def save(data: BriefTextInput, overwrite: bool) -> int:
            version = read_brief_text(database, **owner).version if overwrite else current.version
            return save_brief_text(database, data, **owner, expected_version=version)

        noun = "visit" if visit_id is not None else "meeting"
        form = BriefForm(f"Brief · {title}", save, BriefTextInput(**texts)).keep_drafts_as(
            f"brief:{noun}:{visit_id if visit_id is not None else meeting_id}"
        )
        screen.app.call_from_thread(screen.app.push_screen, form, on_saved)

    screen.run_worker(load, thread=True, group="brief-form", exit_on_error=False)
