"""Live notes: the note-taker's full-screen editor, saved as they type.

No keystroke waits for the disk: the text is saved in a worker, one save at a time so that
an older text can never overwrite a newer one. A save starts when typing pauses
(SAVE_AFTER_PAUSE), and at the latest SAVE_WITHIN after the first edit not yet saved, however
fast and long the typing goes on: with the save's own duration, at most about a second of
typing is ever unsaved. Leaving, switching screens and quitting save first; a failed save
keeps the text on screen and retries.

Each note-taker types into their own live document of the meeting (db.notes). A save never
overwrites what this editor has not seen: when the document was saved meanwhile from another
window, this window's text is kept as a separate document, and the note-taker is told.

The top line shows the document's handling marking (at least the meeting's); F6 raises it.
"""

import asyncio
import logging
from datetime import datetime, timedelta

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static, TextArea

from db.meeting_input import CommitmentInput
from db.meeting_shapes import LiveDocument, LiveSave, LiveVersion, MeetingDetail, TalkingPoints
from db.proposal_input import ProposalInput
from db.vocab import MARKS
from screens.context import AppContext
from screens.footer import KeyFooter
from screens.keymap import bindings
from screens.notes.side_panel import Marking, present_view, read_side_panel, talking_points_view
from screens.widgets import TopBar

log = logging.getLogger("bilateral")

SAVE_AFTER_PAUSE = 0.3
# Leaves half a second for the save itself within the second that may be lost.
SAVE_WITHIN = 0.5
RETRY_AFTER = 2.0


class LiveNotesScreen(Screen):
    """Take notes during a meeting; mark decisions, commitments and proposals as they come."""

    TITLE = "Live notes"
    # The marks stay enabled while the notes load (no check_action): a key disabled would go
    # on to the editor, where ctrl+d, ctrl+k and ctrl+w delete text.
    BINDINGS = bindings("LiveNotesScreen")

    def __init__(self, context: AppContext, meeting_id: int) -> None:
        super().__init__()
        self.context = context
        self.meeting_id = meeting_id
        self.detail: MeetingDetail | None = None
        self.loaded = False
        self.edits = 0
        self.saved_edits = 0
        self.saving = False
        self.idle = asyncio.Event()
        self.idle.set()
        self.pause_timer: Timer | None = None
        self.deadline_timer: Timer | None = None
        # The document this editor holds, at the version it last loaded or saved.
        self.seen: LiveVersion | None = None
        self.save_state = "nothing typed yet"
        self.marking: Marking | None = None
        self.opened_at = context.now()

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Horizontal(id="notes-body"):
            yield TextArea(id="notes-editor", soft_wrap=True)
            with Vertical(id="notes-side"):
                with VerticalScroll(id="talking-points-pane"):
                    yield Static("Loading…", id="talking-points")
                with VerticalScroll(id="present-pane"):
                    yield Static("", id="present")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self.query_one("#talking-points-pane").border_title = "Still open with this partner"
        self.query_one("#present-pane").border_title = "Present"
        self.context.live_editors.add(self)
        self.set_interval(1, self.tick)
        self.tick()
        self.load()

    def on_unmount(self) -> None:
        self.context.live_editors.discard(self)

    @work(thread=True, exclusive=True, group="notes-load", exit_on_error=False)
    def load(self) -> None:
        from db.notes import live_document

        document = live_document(self.context.database(), self.meeting_id)
        side = read_side_panel(self.context, self.meeting_id, document.id if document else None)
        self.app.call_from_thread(self.show, document, *side)

    @work(thread=True, exclusive=True, group="notes-side", exit_on_error=False)
    def reload_side_panel(self) -> None:
        note_id = self.seen.note_id if self.seen else None
        side = read_side_panel(self.context, self.meeting_id, note_id)
        self.app.call_from_thread(self.show_side_panel, *side)

    def show_side_panel(
        self, detail: MeetingDetail, points: TalkingPoints, others: list[str], marking: Marking
    ) -> None:
        self.detail = detail
        self.marking = marking
        self.query_one("#talking-points", Static).update(talking_points_view(points))
        self.query_one("#present", Static).update(present_view(detail, others))
        self.tick()

    def show(
        self,
        document: LiveDocument | None,
        detail: MeetingDetail,
        points: TalkingPoints,
        others: list[str],
        marking: Marking,
    ) -> None:
        self.seen = document.seen if document else None
        if document is not None and document.begun.date() == self.context.today():
            self.opened_at = min(self.opened_at, document.begun)  # reopened: the clock goes on
        text = document.text if document else ""
        editor = self.query_one(TextArea)
        typed_meanwhile = editor.text
        if text:
            # What was typed while the earlier notes loaded goes after them, not over them.
            # Loading is no edit: saving the same text again would make a new version that
            # another window holding this document would take for a change.
            with self.prevent(TextArea.Changed):
                editor.load_text(f"{text}\n{typed_meanwhile}" if typed_meanwhile else text)
            editor.move_cursor(editor.document.end)
        self.loaded = True
        self.save_state = "✓ saved" if text else "nothing typed yet"
        if typed_meanwhile:
            self.edits += 1
            self.save_now()
        self.show_side_panel(detail, points, others, marking)

    # -- the clock and the save indicator -----------------------------------------------

    def elapsed_since(self) -> datetime:
        detail = self.detail
        now = self.context.now()
        if (
            detail is not None
            and detail.starts_at is not None
            and detail.date_precision == "minute"
            and detail.starts_at.date() == now.date()
            and detail.starts_at <= now
        ):
            return detail.starts_at
        return self.opened_at

    def tick(self) -> None:
        now = self.context.now()
        elapsed = now - self.elapsed_since()
        seconds = max(0, int(elapsed / timedelta(seconds=1)))
        hours, minutes = seconds // 3600, seconds // 60 % 60
        clock = f"{now:%H:%M}  ● {hours:02d}:{minutes:02d}:{seconds % 60:02d} elapsed"
        title = self.detail.title if self.detail else "…"
        marking = f"{self.marking[1]}   " if self.marking else ""
        self.query_one(TopBar).show(f"Notes · {title}", f"{marking}{clock}   {self.save_state}")

    def set_save_state(self, state: str) -> None:
        self.save_state = state
        self.tick()

    # -- autosave ---------------------------------------------------------------------

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self.edits += 1
        if not self.loaded:
            return
        if not self.saving:
            self.set_save_state("● unsaved")
        if self.pause_timer is not None:
            self.pause_timer.stop()
        self.pause_timer = self.set_timer(SAVE_AFTER_PAUSE, self.save_now)
        if self.deadline_timer is None:
            # The first edit not yet saved: typing that never pauses is saved all the same.
            self.deadline_timer = self.set_timer(SAVE_WITHIN, self.deadline_passed)

    def deadline_passed(self) -> None:
        self.deadline_timer = None
        self.save_now()

    def save_now(self) -> None:
        """Start a save of the current text unless one is running (it will follow up)."""
        if self.saving or self.edits == self.saved_edits or not self.loaded:
            return
        self.run_save(*self.begin_save(), self.seen)

    def begin_save(self) -> tuple[str, int]:
        """Mark a save as running; the text it stores and the edits that text holds."""
        for timer in (self.pause_timer, self.deadline_timer):
            if timer is not None:
                timer.stop()  # this save takes every edit so far
        self.pause_timer = self.deadline_timer = None
        self.saving = True
        self.idle.clear()
        self.set_save_state("… saving")
        return self.query_one(TextArea).text, self.edits

    @work(thread=True, group="notes-autosave", exit_on_error=False)
    def run_save(self, text: str, edits: int, seen: LiveVersion | None) -> None:
        from db.note_changes import save_live_document

        try:
            saved = save_live_document(self.context.database(), self.meeting_id, text, seen)
        except Exception as error:  # noqa: BLE001 - any failure keeps the text and retries
            log.warning("live notes not saved: %s", error)
            self.app.call_from_thread(self.save_failed, getattr(error, "reason", str(error)))
        else:
            self.app.call_from_thread(self.save_done, edits, saved)

    def save_done(self, edits: int, saved: LiveSave) -> None:
        self.saving = False
        self.idle.set()
        self.seen = saved.saved
        self.saved_edits = max(self.saved_edits, edits)
        if saved.kept_apart_from is not None:
            self.say_kept_apart(saved.kept_apart_from)
            self.reload_side_panel()  # the new document is marked as the meeting is
        if self.edits > self.saved_edits:
            self.save_now()
        else:
            self.set_save_state(f"✓ saved {self.context.now():%H:%M:%S}")

    def say_kept_apart(self, author: str) -> None:
        if author == self.context.database().actor:
            message = (
                "Your notes were also changed in another window; this window's text is kept "
                "as a separate document. Both are on the meeting's page."
            )
        else:
            message = (
                f"{author or 'Someone else'} saved into these notes first; your text is kept as "
                "your own document. Both are on the meeting's page."
            )
        self.app.notify(message, severity="warning", timeout=15)

    def save_failed(self, message: str) -> None:
        self.saving = False
        self.idle.set()
        first_line = message.splitlines()[0][:80] if message else "unknown error"
        self.set_save_state(f"✗ NOT SAVED — retrying; your text stays here ({first_line})")
        self.set_timer(RETRY_AFTER, self.save_now)

    async def flush(self) -> bool:
        """Save now and wait for it; False when the text could not be saved."""
        while self.saving:
            await self.idle.wait()
        if not self.loaded or self.edits == self.saved_edits:
            return True
        from db.note_changes import save_live_document

        text, edits = self.begin_save()  # no autosave runs beside this one
        try:
            saved = await asyncio.to_thread(
                save_live_document, self.context.database(), self.meeting_id, text, self.seen
            )
        except Exception as error:  # noqa: BLE001 - say so, keep the text
            log.warning("live notes not saved on leaving: %s", error)
            self.save_failed(getattr(error, "reason", str(error)))
            return False
        self.save_done(edits, saved)
        return True

    def on_screen_suspend(self) -> None:
        # Another screen or mode takes over: save what is there.
        self.save_now()

    async def action_leave(self) -> None:
        if await self.flush():
            self.app.pop_screen()
        else:
            self.app.notify(
                "The notes could not be saved; they stay on screen. Try again in a moment.",
                severity="error",
            )

    # -- the handling marking -----------------------------------------------------------

    async def action_raise_marking(self) -> None:
        """Mark these notes one level higher, once what is typed is saved."""
        if not self.loaded or not await self.flush():
            return
        if self.seen is None:
            self.app.notify(
                "Nothing is saved yet to mark: type the notes first. They start at the "
                "meeting's marking.",
                severity="warning",
            )
            return
        self.raise_marking(self.seen.note_id)

    @work(thread=True, exclusive=True, group="notes-marking", exit_on_error=False)
    def raise_marking(self, note_id: int) -> None:
        from db.markings import marking_levels
        from db.note_changes import raise_note_marking

        database = self.context.database()
        rank = raise_note_marking(database, note_id)
        levels = marking_levels(database)
        self.app.call_from_thread(
            self.marking_raised, (rank, levels.name(rank)), rank == levels.highest_rank
        )

    def marking_raised(self, marking: Marking, highest: bool) -> None:
        unchanged = self.marking == marking
        self.marking = marking
        self.tick()
        if unchanged and highest:
            self.app.notify(f"These notes are already {marking[1]}, the highest marking.")
        else:
            self.app.notify(f"These notes are now marked {marking[1]}.")

    # -- marking lines ------------------------------------------------------------------

    def current_line(self) -> tuple[int, str] | None:
        editor = self.query_one(TextArea)
        row = editor.cursor_location[0]
        line = editor.document.get_line(row)
        if not line.strip():
            self.app.notify("Put the cursor on a line with text to mark it.", severity="warning")
            return None
        if any(marker in line for marker in MARKS.values()):
            self.app.notify("This line is already marked.", severity="warning")
            return None
        return row, line

    def apply_mark(self, row: int, original: str, kind: str) -> None:
        """Prefix the line with the time and the mark (found again if it moved meanwhile)."""
        editor = self.query_one(TextArea)
        lines = editor.text.split("\n")
        if row >= len(lines) or lines[row] != original:
            if original not in lines:
                return
            row = lines.index(original)
        marked = f"{self.context.now():%H:%M} {MARKS[kind]} {original.strip()}"
        editor.replace(marked, (row, 0), (row, len(original)))

    def action_mark(self, kind: str) -> None:
        if not self.loaded or self.detail is None:
            return
        found = self.current_line()
        if found is None:
            return
        row, line = found
        text = line.strip()
        partners = self.detail.partners
        if kind == "decision":
            self.save_decision(row, line)
            return
        # A commitment or a proposal: its form; the line is marked once it is saved.
        from screens.notes.dialogs import CommitmentForm, QuickProposalForm

        form: CommitmentForm | QuickProposalForm
        if kind == "commitment":

            def save_commitment(data: CommitmentInput, _overwrite: bool) -> int:
                from db.note_changes import add_commitment

                return add_commitment(
                    self.context.database(), self.meeting_id, data, self.context.today()
                )

            form = CommitmentForm(
                self.context, "Commitment", save_commitment, CommitmentInput(text), partners
            )
        else:

            def save_proposal(data: ProposalInput, _overwrite: bool) -> int:
                from db.note_changes import add_proposal

                return add_proposal(
                    self.context.database(), self.meeting_id, data, self.context.today()
                )

            form = QuickProposalForm(
                self.context, "New proposal", save_proposal, ProposalInput(text), partners
            )
        self.app.push_screen(
            form.keep_drafts_as(f"{kind}:new:meeting-{self.meeting_id}"),
            lambda record_id: self.marked(record_id, row, line, kind),
        )

    @work(thread=True, group="notes-mark", exit_on_error=False)
    def save_decision(self, row: int, line: str) -> None:
        from db.note_changes import mark_decision

        mark_decision(self.context.database(), self.meeting_id, line.strip())
        self.app.call_from_thread(self.marked, 1, row, line, "decision")

    def marked(self, record_id: int | None, row: int, line: str, kind: str) -> None:
        if record_id is None:
            return
        self.apply_mark(row, line, kind)
        self.app.notify(f"Marked as {kind}.", timeout=2)
        self.query_one(TextArea).focus()
        self.reload_side_panel()  # a new commitment or proposal is still open with the partner

    async def action_wrap_up(self) -> None:
        await self.flush()
        from screens.notes.wrapup import WrapUpScreen

        self.app.push_screen(WrapUpScreen(self.context, self.meeting_id))
