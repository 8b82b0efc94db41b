"""Nothing typed is lost when the process is killed: a real process in a pseudo-terminal."""

import signal
import time

from sqlalchemy import text

from db.notes import live_document
from tests.helpers.files import opened
from tests.terminal import first_meeting, in_terminal

TYPED = (
    "13:45 Lê Quốc Hùng opened: cooperation since 1972.\n"
    'Webinger: migration digitalisation since 1997 — three pillars [/] {} "quotes".\n'
    "Next step: exchange the draft text of the Crime Prevention agreement by December."
)


def test_notes_typed_a_second_before_sigkill_are_all_there(demo_database, db_path, tmp_path):
    hanoi = first_meeting(demo_database)
    demo_database.close()
    with in_terminal(db_path, tmp_path) as terminal:
        terminal.open_live_notes_of_the_first_meeting()
        terminal.type(TYPED)
        terminal.wait_for("December.")
        # The specification: nothing lost that was on screen a second before the kill.
        time.sleep(1.0)

    with opened(db_path) as database:
        assert live_document(database, hanoi).text == TYPED
        with database.reading() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def test_a_closed_terminal_saves_what_was_typed(demo_database, db_path, tmp_path):
    hanoi = first_meeting(demo_database)
    demo_database.close()
    # Hung up as soon as the text is on screen, inside the autosave pause: the hangup
    # handler saves it.
    with in_terminal(db_path, tmp_path, end=signal.SIGHUP) as terminal:
        terminal.open_live_notes_of_the_first_meeting()
        terminal.type("typed, then the terminal window was ")
        # The last word in one write: a busy machine may draw a line in pieces, not a word.
        terminal.type("closed", chunk=len("closed"))
        terminal.wait_for("closed")
    with opened(db_path) as database:
        assert live_document(database, hanoi).text == "typed, then the terminal window was closed"
