"""Nothing typed is lost when the process is killed: a real process in a pseudo-terminal."""

import signal
import time

from sqlalchemy import text

from db.meetings import list_meetings
from db.notes import live_document
from db.opening import open_database
from tests.terminal import Terminal

TYPED = (
    "13:45 Lê Quốc Hùng opened: cooperation since 1972.\n"
    'Webinger: migration digitalisation since 1997 — three pillars [/] {} "quotes".\n'
    "Next step: exchange the draft text of the Crime Prevention agreement by December."
)


def _open_live_notes_of_vienna(terminal: Terminal) -> None:
    terminal.wait_for("Visits in the next 90 days")
    terminal.press("m")
    terminal.wait_for("8 meetings")
    terminal.press("/")
    # Keys typed before the focus reaches the filter go elsewhere: wait for the footer that the
    # move redraws: the filter's key and then the app's, the table's keys gone.
    terminal.wait_for("Filter  f1 Help")
    terminal.type("vienna")
    terminal.wait_for("matching")
    terminal.press("\r")  # leave the filter: the table's keys come back to the footer
    terminal.wait_for("Add meeting")
    terminal.press("\r")  # open the meeting
    terminal.wait_for("Attendance")
    terminal.press("n")
    terminal.wait_for("(head)")  # the attendance pane: the meeting's notes are loaded
    terminal.settle()  # and the editor has the focus


def test_notes_typed_a_second_before_sigkill_are_all_there(demo_database, db_path, tmp_path):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    demo_database.close()
    terminal = Terminal(db_path, tmp_path)
    try:
        _open_live_notes_of_vienna(terminal)
        terminal.type(TYPED)
        terminal.wait_for("December.")
        # The specification: nothing lost that was on screen a second before the kill.
        time.sleep(1.0)
    finally:
        terminal.kill(signal.SIGKILL)

    database = open_database(db_path)
    try:
        assert live_document(database, vienna).text == TYPED
        with database.reading() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        database.close()


def test_a_closed_terminal_saves_what_was_typed(demo_database, db_path, tmp_path):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    demo_database.close()
    terminal = Terminal(db_path, tmp_path)
    try:
        _open_live_notes_of_vienna(terminal)
        terminal.type("typed, then the terminal window was ")
        # The last word in one write: a busy machine may draw a line in pieces, not a word.
        terminal.type("closed", chunk=len("closed"))
        terminal.wait_for("closed")
    finally:
        # As soon as it is on screen, inside the autosave pause: the hangup handler saves it.
        terminal.kill(signal.SIGHUP)
    database = open_database(db_path)
    try:
        assert live_document(database, vienna).text == "typed, then the terminal window was closed"
    finally:
        database.close()
