"""A modal form that validates as you type and saves in a worker, keeping the text on error.

What is typed is kept as a draft (db.drafts) half a second after the typist pauses, so that
a crash or a killed terminal loses nothing; opening the same form again offers it back.
"""

import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Offset, Region, Spacing
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Select, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from db.errors import BilateralError, Invalid, StaleEdit
from screens.context import AppContext, DatabaseNotOpen
from screens.dialogs import ChoiceScreen, ConfirmScreen
from screens.drafts import DraftKeeper, when_typed
from screens.footer import KeyFooter
from screens.keymap import bindings
from screens.widgets import plain

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# A draft is written this long after the typist pauses.
DRAFT_AFTER_PAUSE = 0.5
# The widgets whose values a draft keeps (by their ids).
DRAFTED = (Input, TextArea, Select, Checkbox)

# What a form builds from its fields: a db input that checks itself (`cleaned()`).
InputT = TypeVar("InputT")
# An input that is a dataclass (they all are).
DataT = TypeVar("DataT", bound="DataclassInstance")
ValueT = TypeVar("ValueT")


def show_line(line: Static, text: Text) -> None:
    """A field's message line; an empty one takes no room on a short screen (`-empty`)."""
    line.update(text)
    line.set_class(not text.plain, "-empty")


def one_of(words: Iterable[str], value: str, id: str) -> Select[str]:
    """A choice of words (a kind, a status, a side), one of them always chosen."""
    return Select([(word, word) for word in words], value=value, allow_blank=False, id=id)


def one_or_none(
    options: Sequence[tuple[str, ValueT]],
    value: ValueT | None,
    prompt: str,
    id: str,
) -> Select[ValueT]:
    """A choice of records (label, value) that may be left empty (`prompt`): `value` is
    chosen if it is still one of them."""
    known = {option for _, option in options}
    return Select(
        list(options), value=value if value in known else Select.NULL, prompt=prompt, id=id
    )


def _region_in(scroller: Widget, widget: Widget) -> Region:
    """Where `widget` is inside `scroller`'s scrolled content (from the layout on screen)."""
    content = scroller.scrollable_content_region
    return widget.region.translate(
        Offset(scroller.scroll_offset.x - content.x, scroller.scroll_offset.y - content.y)
    )


def _line_under(field: Widget, dialog: Widget) -> Widget | None:
    """The error-or-keys line that follows the field (or the row that holds it)."""
    node: Widget = field
    while isinstance(node.parent, Widget) and node.parent is not dialog:
        siblings = list(node.parent.children)
        following = siblings[siblings.index(node) + 1 :]
        if following and following[0].has_class("field-error"):
            return following[0]
        node = node.parent
    return None


def error_line(name: str, keys: str = "") -> Static:
    """The line under a field for its error (`#<name>-error`). Until there is one, it may
    say which keys work there (dim); empty, it takes no room on a short screen."""
    if keys:
        return Static(Text(keys, style="dim"), id=f"{name}-error", classes="field-error")
    return Static("", id=f"{name}-error", classes="field-error -empty")


def form_section(label: str, button: str, button_id: str, *beside: Widget) -> Horizontal:
    """The heading of a part of a form beyond its fields (the list below it): its label, the
    button that adds to it, and what else goes `beside`."""
    return Horizontal(
        Label(label, classes="field-label"),
        Button(button, id=button_id, compact=True),
        *beside,
        classes="form-section",
    )


def create_or_update(
    create: Callable[[InputT], int],
    update: Callable[[int, int, InputT], object],
    record: tuple[int, int] | None,
    newest_version: Callable[[int], int],
) -> Callable[[InputT, bool], int]:
    """A form's `save`: create a record, or update the `record` (its id, and the version the
    form was opened with; with `overwrite`, after someone else saved it meanwhile: theirs)."""

    def save(data: InputT, overwrite: bool) -> int:
        if record is None:
            return create(data)
        record_id, version = record
        update(record_id, newest_version(record_id) if overwrite else version, data)
        return record_id

    return save


def when_saved(
    screen: Screen, message: str, then: Callable[[int], object]
) -> Callable[[int | None], None]:
    """What a form's opener does once the form closes: nothing if it was cancelled; once it
    saved, say `message` and go on with the record's id (reload, open it)."""

    def closed(record_id: int | None) -> None:
        if record_id is not None:
            screen.app.notify(message)
            then(record_id)

    return closed


class FormScreen(ModalScreen[int | None], Generic[InputT]):
    """Base of the record forms.

    Subclasses define `fields()` (the widgets, each input's id its field name, laid out with
    `field()`) and `build_input()` (the db.validation input from the widget values: mostly
    `XInput(**self.field_values())`).

    `save(data, overwrite)` runs in a thread and returns the record id; it raises Invalid,
    StaleEdit or another BilateralError, which the form shows without closing.

    The opener names the form's draft with `keep_drafts_as("meeting:12")`; forms with state
    beyond their widgets add it with `draft_extra()` / `restore_extra()`.
    """

    TITLE = "Every form"
    BINDINGS = bindings("FormScreen")

    def __init__(self, title: str, save: Callable[[InputT, bool], int]) -> None:
        super().__init__()
        self.form_title = title
        self.save_record = save
        self.touched: set[str] = set()
        self.dirty = False
        self.stale = False
        self.ready = False
        # What the widgets held when composed: a change to anything else is typing.
        self.composed_values: dict[str, Any] = {}
        self.draft_name = ""
        self.drafts: DraftKeeper | None = None
        # Drafts are written only once an older draft was offered (or there was none).
        self.draft_offered = False
        self.draft_timer: Timer | None = None
        self.after_saved: Callable[[], None] | None = None

    def keep_drafts_as(self, name: str) -> Self:
        """Keep what is typed as the draft `name` (the form and its record: "partner:new")."""
        self.draft_name = name
        return self

    def compose(self) -> ComposeResult:
        # The dialog scrolls its fields between the title (docked above) and the message and
        # buttons (docked below): Save and Cancel stay in view at any height, and the dialog
        # is never taller than the terminal. Its own footer shows the form's keys.
        with VerticalScroll(classes="dialog form", can_focus=False):
            yield Static(Text(self.form_title, style="bold"), classes="dialog-title")
            with Vertical(classes="form-fields"):
                yield from self.fields()
            with Vertical(classes="form-bottom"):
                yield Static("", id="form-message", classes="form-message")
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Save (ctrl+s)", variant="primary", id="save")
                    yield Button("Cancel (esc)", id="cancel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.composed_values = self.field_values()
        self.focus_first_field()
        # Widgets report their initial values as changes; only what comes after is typing.
        self.call_after_refresh(self._start_listening)
        context = getattr(self.app, "context", None)
        if self.draft_name and context is not None:
            self.drafts = DraftKeeper(context, self.draft_name, self.form_title)
            context.open_forms.add(self)
            self.find_draft()
        else:
            self.draft_offered = True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Textual takes a field under the docked buttons for one in view: scroll it out from
        # under them, once the layout has its new lines.
        self.call_after_refresh(self.scroll_into_view, event.widget)

    def scroll_into_view(self, field: Widget) -> None:
        """Scroll the field into view together with the line under it (its error, or its
        keys), in one scroll so that the outcome never depends on which came last; the field
        alone when both do not fit."""
        if not field.is_attached:
            return
        dialog = self.query_one(".dialog.form", VerticalScroll)
        wanted = _region_in(dialog, field)
        below = _line_under(field, dialog)
        if below is not None and below.size.height:
            with_line = wanted.union(_region_in(dialog, below))
            if with_line.height <= dialog.scrollable_content_region.height:
                wanted = with_line
        # Textual's dock gutter counts the docked message and buttons short by a line: measure.
        title, bottom = self.query_one(".dialog-title"), self.query_one(".form-bottom")
        docked = Spacing(
            top=title.outer_size.height + title.styles.margin.bottom,
            bottom=bottom.outer_size.height + bottom.styles.margin.top,
        )
        dialog.scroll_to_region(wanted, spacing=docked, animate=False, immediate=True)

    def on_unmount(self) -> None:
        context = getattr(self.app, "context", None)
        if context is not None:
            context.open_forms.discard(self)

    def _start_listening(self) -> None:
        self.ready = True
        self.focus_first_field()

    def focus_first_field(self) -> None:
        """What is typed at once goes into the first field, not nowhere (or the scroller),
        unless the form has put the focus on a field of its choice."""
        if not isinstance(self.focused, DRAFTED):
            fields = self.query(".form-fields *")
            first = next((w for w in fields if isinstance(w, DRAFTED) and w.focusable), None)
            if first is not None:
                first.focus()

    # -- drafts -----------------------------------------------------------------------

    @work(thread=True, group="form-draft-find", exit_on_error=False)
    def find_draft(self) -> None:
        from db.drafts import get_draft

        assert self.drafts is not None
        try:
            draft = get_draft(self.drafts.context.database(), self.drafts.form)
        except (BilateralError, DatabaseNotOpen):
            draft = None  # the form works without: its text is kept once the database answers
        if draft is None:
            self.app.call_from_thread(self.draft_answered, None, {})
        else:
            self.app.call_from_thread(self.offer_draft, draft.fields, draft.saved_at)

    def offer_draft(self, fields: dict[str, Any], saved_at: Any) -> None:
        if fields == self.draft_fields():
            self.draft_answered("keep", fields)
            return
        when = when_typed(saved_at, self.drafts.context.now()) if self.drafts else ""
        self.app.push_screen(
            ChoiceScreen(
                f"Restore what you typed at {when}?\n\n"
                f"{self.form_title} was not saved then: what you typed was kept as a draft.",
                (("restore", "Restore", "y"), ("discard", "Discard it", "n")),
            ),
            lambda answer: self.draft_answered(answer, fields),
        )

    def draft_answered(self, answer: str | None, fields: dict[str, Any]) -> None:
        self.draft_offered = True
        if answer == "restore":
            self.restore_fields(fields)
            self.say("Restored what you typed earlier; it is kept until you save or cancel.")
        elif answer == "discard" and self.drafts is not None:
            # The app's worker, not the form's: it must outlive the form if it closes at once.
            self.app.run_worker(self.drafts.forget_older, thread=True, group="form-draft")
        if self.dirty:
            self.keep_draft()

    def field_values(self) -> dict[str, Any]:
        """What the form's widgets hold, by id (each the name of the input's field): the text
        of an Input or a TextArea, the choice of a Select (None: none), a Checkbox's tick."""
        values: dict[str, Any] = {}
        for widget in self.query(".form-fields *"):
            if not isinstance(widget, DRAFTED) or not widget.id:
                continue
            if isinstance(widget, TextArea):
                values[widget.id] = widget.text
            elif isinstance(widget, Select):
                values[widget.id] = None if widget.value is Select.NULL else widget.value
            else:
                values[widget.id] = widget.value
        return values

    def draft_fields(self) -> dict[str, Any]:
        """The values of the form's widgets (and its extra state), as a draft keeps them."""
        return {**self.field_values(), **self.draft_extra()}

    def restore_fields(self, fields: dict[str, Any]) -> None:
        for widget in self.query(".form-fields *"):
            if not isinstance(widget, DRAFTED) or widget.id not in fields:
                continue
            value = fields[widget.id]
            if isinstance(widget, TextArea) and isinstance(value, str):
                widget.load_text(value)
            elif isinstance(widget, Select):
                # A choice deleted since (a partner, an owner) stays as the form has it.
                with contextlib.suppress(InvalidSelectValueError):
                    widget.value = Select.NULL if value is None else value
            elif not isinstance(widget, TextArea) and isinstance(
                value, bool if isinstance(widget, Checkbox) else str
            ):
                widget.value = value  # an Input's text, a Checkbox's tick
        self.restore_extra(fields)
        self.dirty = True
        self.check()

    def draft_extra(self) -> dict[str, Any]:
        """State of the form beyond its widgets (lists built with keys), as JSON values."""
        return {}

    def restore_extra(self, fields: dict[str, Any]) -> None:
        """Put back what `draft_extra` kept."""

    def typed(self) -> None:
        """Something in the form changed: mark it unsaved and keep a draft after a pause."""
        self.dirty = True
        if self.draft_timer is not None:
            self.draft_timer.stop()
        self.draft_timer = self.set_timer(DRAFT_AFTER_PAUSE, self.keep_draft)

    def keep_draft(self) -> None:
        """Write the draft now, in the background (never over an older one not yet offered)."""
        if self.drafts is None or not self.draft_offered or not self.dirty:
            return
        number, fields = self.drafts.number(), self.draft_fields()
        drafts = self.drafts
        self.run_worker(lambda: drafts.write(number, fields), thread=True, group="form-draft")

    def draft_now(self) -> tuple[DraftKeeper, int, dict[str, Any]] | None:
        """What to write when the app must close at once (hangup): keeper, number, fields."""
        if self.drafts is None or not self.dirty or not self.draft_offered:
            return None  # nothing typed, or an older draft still on offer: it stays as it is
        return self.drafts, self.drafts.number(), self.draft_fields()

    def field(self, label: str, widget: Any) -> ComposeResult:
        """A labelled field on one row, with a line for its error message below."""
        with Horizontal(classes="field-row"):
            yield Label(label, classes="field-label")
            yield widget
        yield error_line(widget.id)

    def show_row(self, table_id: str, row: int) -> None:
        """Highlight a row just added and focus its table, scrolled into view (its keys show)."""
        table = self.query_one(table_id, DataTable)
        table.move_cursor(row=row)
        self.call_after_refresh(table.focus)

    def fields(self) -> ComposeResult:
        """The form's widgets, each laid out with `field()`."""
        raise NotImplementedError

    def build_input(self) -> InputT:
        """The input, from what the fields hold now."""
        raise NotImplementedError

    def check(self, show_all: bool = False) -> InputT | None:
        """Validate the form, showing messages for touched fields (or all); the clean input."""
        data = self.build_input()
        problems: dict[str, str] = {}
        try:
            cleaned = self.clean(data)
        except Invalid as error:
            problems = error.problems
            cleaned = None
        hints = self.hints(data)
        for line in self.query(".field-error").results(Static):
            name = (line.id or "").removesuffix("-error")
            message = problems.get(name, "") if show_all or name in self.touched else ""
            if message:
                show_line(line, plain(message, "red"))
            else:
                show_line(line, plain(hints.get(name, ""), "dim italic"))
        return cleaned

    def clean(self, data: InputT) -> InputT:
        """The checked input (raises Invalid); forms that parse dates pass today's date."""
        return data.cleaned()  # type: ignore[attr-defined]

    def hints(self, data: InputT) -> dict[str, str]:
        """Helpful notes shown under fields that have no error (e.g. how a date was read)."""
        return {}

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def changed(self, event: Any) -> None:
        widget = getattr(event, "input", None) or getattr(event, "control", None)
        if not self.ready and not self._typed_before_listening(widget):
            return
        if self._strip_controls(widget):
            return  # the cleaned value reports its own change
        if widget is not None and widget.id:
            self.touched.add(widget.id)
        self.typed()
        self.check()

    def _typed_before_listening(self, widget: Any) -> bool:
        """Whether a change reported before the first refresh is typing (keys pressed the moment
        the form opened) rather than a widget reporting the value it was composed with."""
        if widget is None or widget.id not in self.composed_values:
            return False
        return bool(self.field_values().get(widget.id) != self.composed_values[widget.id])

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "overwrite":
            return self.stale  # False: hidden, and ctrl+o does nothing, until a save was stale
        return super().check_action(action, parameters)

    def action_overwrite(self) -> None:
        self.action_save(overwrite=True)

    @work(thread=True, exclusive=True, group="form-save", exit_on_error=False)
    def run_save(self, cleaned: InputT, overwrite: bool) -> None:
        try:
            record_id = self.save_record(cleaned, overwrite)
            if self.drafts is not None:
                self.drafts.drop()
        except Invalid as error:
            self.app.call_from_thread(self.show_problems, error.problems)
        except StaleEdit as error:
            self.stale = True
            self.app.call_from_thread(self.refresh_bindings)  # ctrl+o (check_action) is on
            self.app.call_from_thread(
                self.say, f"{error} ctrl+o overwrites theirs with yours; esc cancels.", True
            )
        except BilateralError as error:
            self.app.call_from_thread(self.say, f"Not saved: {error}", True)
        else:
            self.app.call_from_thread(self.saved, record_id)

    def saved(self, record_id: int) -> None:
        self.dirty = False
        self.dismiss(record_id)
        if self.after_saved is not None:
            self.after_saved()

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, message in problems.items():
            for line in self.query(f"#{name}-error").results(Static):
                show_line(line, plain(message))
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
                self.discard()

        self.app.push_screen(
            ConfirmScreen("Discard what you typed in this form?", "Discard"), decided
        )

    def discard(self) -> None:
        """Close the form, forgetting what was typed and its draft."""
        self.dirty = False
        if self.drafts is not None:
            self.app.run_worker(self.drafts.drop, thread=True, group="form-draft")
        self.dismiss(None)


class DatedForm(FormScreen[InputT]):
    """A form for an input whose dates are typed ("tomorrow 9:00", "7.10.2025"): it is checked
    against today's date (of the app's `context`), and under each field of `dates` the form
    says how it was read (True: a day only). `initial` is the input the form starts from."""

    dates: Mapping[str, bool] = {}

    def __init__(
        self, context: AppContext, title: str, save: Callable[[InputT, bool], int], initial: InputT
    ) -> None:
        super().__init__(title, save)
        self.context = context
        self.initial = initial

    def clean(self, data: InputT) -> InputT:
        return data.cleaned(self.context.today())  # type: ignore[attr-defined]

    def hints(self, data: InputT) -> dict[str, str]:
        from db.dates import read_as

        today = self.context.today()
        return {
            name: read_as(getattr(data, name), today=today, day_only=day_only)
            for name, day_only in self.dates.items()
        }
