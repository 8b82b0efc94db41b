"""Global search: one box over every kind of record, results grouped and highlighted."""

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from db.cancelling import QueryHandle, Superseded
from db.search.hits import SearchHit, SearchResults, count_text
from screens.context import AppContext
from screens.footer import KeyFooter
from screens.keymap import bindings
from screens.widgets import marking_badge, plain

# The best of each kind; the group's heading says how many more there are.
SHOWN_PER_KIND = 5
GROUP_TITLES = {
    "organisation": "Partners",
    "person": "People",
    "meeting": "Meetings",
    "note": "Notes",
    "proposal": "Proposals",
    "action": "Action items",
    "visit": "Visits",
}


def hit_label(hit: SearchHit) -> Text:
    """The record's marking and title, and below it the snippet with the matching words
    highlighted."""
    text = marking_badge(hit.marking)
    text.append_text(plain(hit.title, "bold"))
    if hit.snippet:
        text.append("\n  ")
        for segment, matches in hit.snippet:
            text.append_text(plain(segment, "reverse" if matches else "dim"))
    return text


def group_heading(kind: str, shown: int, matches: dict[str, int]) -> Text:
    """'Notes (5 of 1,204)', 'Notes (5 of 1,000+)': how many of the kind's matches are listed."""
    found = matches.get(kind, shown)
    count = f"{shown}" if found <= shown else f"{shown} of {count_text(found)}"
    return Text(f"{GROUP_TITLES.get(kind, kind)} ({count})", style="bold underline")


class SearchScreen(ModalScreen[None]):
    """Type: results follow each keystroke; enter opens the highlighted record."""

    TITLE = "Search"
    BINDINGS = bindings("SearchScreen")

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.hits: dict[str, SearchHit] = {}
        # The search under way: the next keystroke stops it in the database.
        self.search_read = QueryHandle()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search"):
            yield Static(Text("Search everything", style="bold"), classes="dialog-title")
            yield Input(
                placeholder="a few letters of a name, a word from a note… (accents optional)",
                id="search-query",
            )
            yield OptionList(id="search-results")
            yield Static("", id="search-count", classes="form-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_unmount(self) -> None:
        self.search_read.cancel()

    @on(Input.Changed, "#search-query")
    def typed(self, event: Input.Changed) -> None:
        self.search_read = self.search_read.replaced()
        self.run_search(event.value, self.search_read)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, text: str, handle: QueryHandle) -> None:
        from db.search import search

        try:
            with handle:
                results = search(self.context.database(), text, per_kind=SHOWN_PER_KIND)
        except Superseded:
            return
        # A newer keystroke started its own search: this one's results are stale.
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, results)

    def show(self, results: SearchResults) -> None:
        if results.query != self.query_one(Input).value:
            return
        self.hits = {}
        shown: list[Option] = []
        for kind, hits in results.groups:
            shown.append(Option(group_heading(kind, len(hits), results.matches), disabled=True))
            for hit in hits:
                key = f"{hit.kind}:{hit.record_id}"
                self.hits[key] = hit
                shown.append(Option(hit_label(hit), id=key))
        options = self.query_one(OptionList)
        options.clear_options()
        # All at once: OptionList measures its whole content again after each addition.
        options.add_options(shown)
        if self.hits:
            options.highlighted = next(i for i, option in enumerate(shown) if not option.disabled)
        count = self.query_one("#search-count", Static)
        if not results.query.strip():
            count.update("")
        elif results.total:
            count.update(plain(f"{results.total_text} found · enter opens · esc closes", "dim"))
        else:
            count.update(plain(f"Nothing found for “{results.query}”.", "dim"))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(Input.Submitted)
    def submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.open(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.open(event.option.id)

    def open(self, key: str | None) -> None:
        hit = self.hits.get(key or "")
        if hit is None:
            return
        from screens.opening import open_in_own_mode

        self.dismiss(None)
        # In the record's own mode: a partner found from Visits opens in Partners.
        open_in_own_mode(self.app, self.context, hit.opens[0], hit.opens[1], hit.note_id)

    def action_close(self) -> None:
        self.dismiss(None)
