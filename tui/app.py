"""The bilateral App: modes (one per screen), global keys, help, theme, database start-up."""

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from screens.context import AppContext
from tui.config import Config, save_theme
from tui.modes import ModeScreens
from tui.paths import Paths

if TYPE_CHECKING:
    from db.engine import Database
    from tui.changes import ChangeNotices

log = logging.getLogger("bilateral")

# Each mode: (name, key, title). One key reaches each from anywhere.
MODE_KEYS = (
    ("today", "h", "Today"),
    ("partners", "p", "Partners"),
    ("meetings", "m", "Meetings"),
    ("proposals", "o", "Proposals"),
    ("visits", "v", "Visits"),
)
# The footer shows the mode keys as one "h p m o v Screens" when its line is short of room.
SCREENS = Binding.Group("Screens")


class BilateralApp(App[None]):
    """Partners, meetings, proposals and visit checklists of a cooperation department."""

    TITLE = "bilateral"
    CSS_PATH = "bilateral.tcss"
    # Classes each screen gets by the terminal's size, for the layout rules in bilateral.tcss.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (160, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        *(
            Binding(
                key,
                f"go('{mode}')",
                title,
                id=f"go.{mode}",
                group=SCREENS,
                tooltip=f"Go to {title} (pressed there again: back to its list).",
            )
            for mode, key, title in MODE_KEYS
        ),
        Binding(
            "f1,question_mark",
            "help",
            "Help",
            id="app.help",
            tooltip="List the keys that work where you are.",
        ),
        Binding(
            "ctrl+f",
            "search",
            "Search",
            priority=True,
            id="app.search",
            tooltip="Search every record: partners, people, meetings, notes, proposals…",
        ),
        Binding(
            "ctrl+q,ctrl+c",
            "quit",
            "Quit",
            show=False,
            priority=True,
            id="app.quit",
            tooltip="Quit; asks first about a form holding text you have not saved.",
        ),
    ]

    def __init__(
        self,
        paths: Paths,
        config: Config | None = None,
        now: Callable[[], datetime] = datetime.now,
    ):
        super().__init__()
        self.paths = paths
        self.config = config or Config()
        self.context = AppContext(
            now=now,
            me=self.config.me,
            templates_dir=paths.templates_dir,
            exports_dir=paths.exports_dir,
        )
        self.modes = ModeScreens(
            self,
            self.context,
            {
                "today": "screens.today:TodayScreen",
                "partners": "screens.partners.list:PartnersScreen",
                "meetings": "screens.meetings.list:MeetingsScreen",
                "proposals": "screens.proposals.list:ProposalsScreen",
                "visits": "screens.visits.list:VisitsScreen",
            },
        )
        for mode in self.modes.types:
            self.add_mode(mode, self.modes.factory(mode))
        self.context.on_first_rows = self.modes.build_ahead
        # Other sessions' changes, heard once the database is open (tui.changes).
        self.change_notices: ChangeNotices | None = None
        if self.config.keymap:
            self.set_keymap(self.config.keymap)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        # Messages quote user text (names, titles): never markup, whoever asks (Widget.notify
        # passes markup=True on).
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_mount(self) -> None:
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self.theme_changed_signal.subscribe(self, self.remember_theme)
        for problem in self.config.problems:
            self.notify(problem, severity="warning", timeout=10)
        self.switch_mode("today")
        self.save_before_hangup()

    def on_ready(self) -> None:
        # After the first frame: importing the database layer (~0.4 s) in a worker would hold
        # the GIL the first frame's drawing needs. Today's rows, read without it, come first;
        # the other screens say "Opening the database…".
        self.read_ahead()

    @work(thread=True, exclusive=True, group="read-ahead", exit_on_error=False)
    def read_ahead(self) -> None:
        """Today's rows read before the database layer loads (db.today_read_ahead) and drawn;
        once they are on screen (at once when they could not be read so), the database opens
        and waiting drafts are announced."""
        from db.today_read_ahead import read_today_ahead

        board = read_today_ahead(self.paths.database, self.context.today())

        def open_now() -> None:
            self.open_database()
            self.announce_drafts()

        def drawn_then_open() -> None:
            show = getattr(self.screen, "show_read_ahead", None)
            if board is None or show is None:
                open_now()
                return
            # Asked for first, so that the database opens even if drawing failed.
            self.call_after_refresh(open_now)
            show(board)

        self.call_from_thread(drawn_then_open)

    def save_before_hangup(self) -> None:
        # A closed terminal (SIGHUP) or a polite kill (SIGTERM) cannot ask: typed notes are
        # saved and open forms kept as drafts, then bilateral quits.
        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, lambda: self.call_next(self.hang_up))

    async def hang_up(self) -> None:
        for form in list(self.context.open_forms):
            pending = form.draft_now()
            if pending is not None:
                keeper, number, fields = pending
                await asyncio.to_thread(keeper.write, number, fields)
        await self.save_notes_and_exit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False: hidden, and the key goes on to the screen shown. The screen says which app
        # keys make no sense over it; nothing is imported here (the footer asks at start-up).
        shown = self.screen_stack[-1] if self.screen_stack else None
        if action in getattr(shown, "HIDES_APP_ACTIONS", ()):
            return False
        return super().check_action(action, parameters)

    async def action_quit(self) -> None:
        """Quit, asking first about a form holding unsaved text; live notes are saved first."""
        if not self.check_action("quit", ()):
            return  # called directly (after a form's answer) while a question is shown
        unsaved = [form for form in self.context.open_forms if form.dirty]
        if unsaved:
            self.ask_before_quitting(unsaved[-1])
            return
        await self.save_notes_and_exit()

    def ask_before_quitting(self, form) -> None:  # noqa: ANN001 - screens.forms.FormScreen
        from screens.dialogs import ChoiceScreen

        def answered(answer: str | None) -> None:
            if answer == "save":
                form.after_saved = lambda: self.call_next(self.action_quit)
                form.action_save()
            elif answer == "discard":
                form.discard()
                self.call_next(self.action_quit)

        self.push_screen(
            ChoiceScreen(
                f"“{form.form_title}” holds text you have not saved. Save it before quitting?",
                (
                    ("save", "Save and quit", "s"),
                    ("discard", "Discard and quit", "d"),
                    ("stay", "Stay", "escape"),
                ),
            ),
            answered,
        )

    async def save_notes_and_exit(self) -> None:
        """Save every open live-notes editor, then quit (refused while a save fails)."""
        for editor in list(self.context.live_editors):
            if not await editor.flush():
                self.notify(
                    "Notes could not be saved, so bilateral stays open: the text is still on "
                    "screen. Press ctrl+q again once the problem is fixed.",
                    severity="error",
                    timeout=10,
                )
                return
        self.exit()

    @work(thread=True, exclusive=True, group="open-database", exit_on_error=False)
    def open_database(self) -> None:
        from db.demo import is_empty
        from db.errors import BilateralError
        from db.opening import open_database

        try:
            database = open_database(self.paths.database)
        except BilateralError as error:
            self.context.set_error(str(error))
            self.call_from_thread(self.cannot_open, str(error))
            return
        database.actor = self.context.me
        self.context.set_database(database)
        self.call_from_thread(self.listen_for_changes, database)
        self.call_from_thread(self.back_up_daily)
        if is_empty(database):
            from screens.dialogs import FirstRunScreen

            self.call_from_thread(self.push_screen, FirstRunScreen(), self.first_run_choice)

    @work(thread=True, exclusive=True, group="drafts", exit_on_error=False)
    def announce_drafts(self) -> None:
        from db.drafts import waiting_drafts
        from db.errors import BilateralError
        from screens.context import DatabaseNotOpen
        from screens.drafts import when_typed

        try:
            drafts = waiting_drafts(self.context.database())
        except (BilateralError, DatabaseNotOpen):
            return  # said already by whatever stopped the database
        if not drafts:
            return
        now = self.context.now()
        listed = "; ".join(f"{d.title} ({when_typed(d.saved_at, now)})" for d in drafts[:5])
        more = f" and {len(drafts) - 5} more" if len(drafts) > 5 else ""
        self.call_from_thread(
            self.notify,
            f"Unsaved forms are kept as drafts: {listed}{more}. Open the same form again to "
            "restore what you typed.",
            title=f"{len(drafts)} draft{'s' if len(drafts) > 1 else ''} waiting",
            severity="warning",
            timeout=20,
        )

    @work(thread=True, exclusive=True, group="backup", exit_on_error=False)
    def back_up_daily(self) -> None:
        """Today's copy of a SQLite database in the backups folder, if it has none yet."""
        from db.backups import Opened, back_up_today
        from db.errors import BilateralError

        database = self.context.database()
        database_file, folder = database.path, self.paths.backups_dir
        if database_file is None or folder is None:
            return  # PostgreSQL: the server's own tools back it up
        try:
            back_up_today(database_file, folder, self.context.today(), Opened(database.passphrase))
        except (BilateralError, OSError) as error:
            log.warning("the daily backup failed: %s", error)
            self.call_from_thread(
                self.notify,
                f"Today's backup could not be taken ({error}). Details are in "
                f"{self.paths.log_file}.",
                severity="warning",
                timeout=10,
            )

    def listen_for_changes(self, database: "Database") -> None:
        from tui.changes import ChangeNotices

        self.change_notices = ChangeNotices(self)
        self.change_notices.start(database)

    def on_unmount(self) -> None:
        if self.change_notices is not None:
            self.change_notices.stop()

    def cannot_open(self, message: str) -> None:
        from screens.dialogs import MessageScreen

        self.push_screen(
            MessageScreen("The database cannot be opened", message, "Quit"),
            lambda _: self.exit(return_code=2),
        )

    def first_run_choice(self, choice: str | None) -> None:
        if choice == "demo":
            self.load_demo()

    @work(thread=True, exclusive=True, group="demo", exit_on_error=False)
    def load_demo(self) -> None:
        from db.demo import load_demo

        load_demo(self.context.database(), today=self.context.today())
        self.call_from_thread(self.notify, "Demo data loaded.")
        self.call_from_thread(self.refresh_current_screen)

    def refresh_current_screen(self) -> None:
        reload = getattr(self.screen, "after_change", None)
        if reload is not None:
            reload()

    def remember_theme(self, theme: object) -> None:
        self.save_theme(self.theme)

    @work(thread=True, exclusive=True, group="config", exit_on_error=False)
    def save_theme(self, theme: str) -> None:
        save_theme(self.paths.config_file, theme)

    def action_help(self) -> None:
        from screens.help import HelpScreen, key_rows, screen_title

        self.push_screen(HelpScreen(key_rows(self.screen), screen_title(self.screen)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from screens.help import place, screen_title

        yield from super().get_system_commands(screen)
        for mode, _key, title in MODE_KEYS:
            yield SystemCommand(f"Go to {title}", f"Open the {title} screen", self._go(mode))
        yield SystemCommand(
            "Take notes…", "Pick a meeting and take notes live", self.action_take_notes
        )
        yield SystemCommand(
            "Search everything…",
            "Partners, people, meetings, notes, proposals…",
            self.action_search,
        )
        seen = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or not active.enabled or binding.action in seen:
                continue
            if binding.action.startswith(("go(", "switch_mode", "help", "quit", "app.")):
                continue
            seen.add(binding.action)
            # Where it works as the user knows it ("Partners", "in the checklist").
            where = screen_title(screen) if active.node is screen else place(active.node, screen)
            about = f"{where[:1].upper()}{where[1:]} · key {self.get_key_display(binding)}"
            yield SystemCommand(
                binding.description,
                f"{about} · {binding.tooltip}" if binding.tooltip else about,
                self._run(active.node, binding.action),
            )

    def action_search(self) -> None:
        """Search every record from anywhere (ctrl+f)."""
        from screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(self.context))

    def action_take_notes(self) -> None:
        """Pick a meeting (planned ones first) and open live notes for it."""
        from screens.notes.live import LiveNotesScreen
        from screens.pickers import PickerScreen

        def search(text: str) -> list[tuple[int, str]]:
            from db.meetings import list_meetings

            database = self.context.database()
            rows = list_meetings(database, text, status="planned", limit=15).rows
            rows += list_meetings(database, text, status="held", limit=15).rows
            return [(r.id, f"{r.when} · {r.title} · {r.partners}") for r in rows]

        def picked(meeting_id: int | None) -> None:
            if meeting_id is not None:
                self.switch_mode("meetings")
                self.push_screen(LiveNotesScreen(self.context, meeting_id))

        self.push_screen(PickerScreen("Take notes for which meeting?", search), picked)

    def action_go(self, mode: str) -> None:
        """A mode key: the mode's screen as it was left; pressed on that mode again, its list
        (the pages opened on it are unwound, as escape would, one by one)."""
        if self.current_mode != mode:
            self.switch_mode(mode)
        else:
            self.unwind_pages()

    def unwind_pages(self, down_to: Screen | None = None) -> bool:
        """Close the pages of the current mode down to its list (or to `down_to`); stops at
        live notes (escape there saves first) and at a dialog. True when `down_to` (or the
        list) is on top at the end."""
        while len(self.screen_stack) > 1 and self.screen is not down_to:
            top = self.screen
            if top.is_modal or top in self.context.live_editors:
                return False
            self.pop_screen()
        return down_to is None or self.screen is down_to

    def _go(self, mode: str):  # noqa: ANN202 - a palette callback
        return lambda: self.action_go(mode)

    def _run(self, node, action: str):  # noqa: ANN001, ANN202 - a palette callback
        return lambda: self.call_later(node.run_action, action)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR or event.worker.error is None:
            return
        error = event.worker.error
        from db.errors import BilateralError

        if isinstance(error, BilateralError):
            self.notify(str(error), severity="error", timeout=8)
            return
        log.error("worker %s failed", event.worker.name, exc_info=error)
        self.notify(
            f"Something went wrong ({type(error).__name__}); nothing was changed. "
            f"Details are in {self.paths.log_file}.",
            severity="error",
            timeout=10,
        )

    def _fatal_error(self) -> None:
        # Textual prints a traceback with local variables (note text!) to the terminal: log it
        # to the private log file instead and leave a one-line message.
        log.exception("bilateral stopped on an unexpected error")
        self._exit_renderables.append(
            f"bilateral stopped on an unexpected error; details are in {self.paths.log_file}"
        )
        self._close_messages_no_wait()
