"""Forms in the real app, in a pseudo-terminal: quitting asks, a killed form comes back."""

import signal
import time
from datetime import datetime

from db.meetings import get_meeting, list_meetings
from db.opening import open_database
from db.partners import list_partners
from tests.terminal import CTRL_Q, CTRL_S, ESCAPE, F2, F3, TAB, Terminal


def _open_form(terminal: Terminal, screen_key: str, loaded: str, title: str) -> None:
    terminal.press_add_on(screen_key, loaded)
    terminal.wait_for(title)
    terminal.settle()  # the first field has the focus


def test_ctrl_q_with_text_in_add_partner_asks_and_stay_keeps_it(demo_database, db_path, tmp_path):
    demo_database.close()
    terminal = Terminal(db_path, tmp_path)
    try:
        _open_form(terminal, "p", "8 partners", "Add partner")
        terminal.type("Bundeskriminalamt")
        terminal.wait_for("Bundeskriminalamt")
        terminal.press(CTRL_Q)
        terminal.wait_in_order("holds text you have not saved", "Stay")
        terminal.press(ESCAPE)
        terminal.settle()
        assert terminal.process.poll() is None  # still running
        terminal.press(CTRL_S)  # the text stayed in the form: saving it saves the partner
        terminal.wait_for("Saved.")
    finally:
        terminal.kill(signal.SIGKILL)
    database = open_database(db_path)
    try:
        assert [r.name for r in list_partners(database, "bundeskriminalamt").rows] == [
            "Bundeskriminalamt"
        ]
    finally:
        database.close()


def test_meeting_form_killed_a_second_after_typing_is_restored_whole(
    demo_database, db_path, tmp_path
):
    demo_database.close()
    terminal = Terminal(db_path, tmp_path)
    try:
        _open_form(terminal, "m", "8 meetings", "Summary of outcomes")
        for tabs, value in (
            (0, "Follow-up on cybercrime [/] training"),
            (2, "7.10.2027 14:30"),  # past the kind
            (1, "16:00"),
            (1, "Wien, Herrengasse 7"),
            (2, "cybercrime, migration"),  # past the status
            (1, "Both sides agreed to meet again.\nNext: the draft text."),
        ):
            for _ in range(tabs):
                terminal.press(TAB)
                terminal.settle(quiet=0.15)  # the focus moved before the next keys
            terminal.type(value)
        terminal.wait_for("the draft text.")
        terminal.pick(F3, "Add an attendee", "webinger", "Director General")
        terminal.settle()  # the attendees table has the row
        terminal.pick(F2, "Add a partner", "ministry austria", "Ministry of the Interior (AT)")
        terminal.settle()
        time.sleep(1.0)  # the specification: killed one second after the last key
    finally:
        terminal.kill(signal.SIGKILL)

    terminal = Terminal(db_path, tmp_path)
    try:
        terminal.wait_in_order("1 draft waiting", "Add meeting")  # the start says so
        terminal.press("m")
        terminal.wait_for("8 meetings")
        terminal.settle()
        terminal.press("a")
        terminal.wait_for("Restore what you typed at")
        terminal.settle()
        terminal.press("y")
        terminal.wait_for("Restored what you typed earlier")
        terminal.press(CTRL_S)
        terminal.wait_for("9 meetings")
    finally:
        terminal.kill(signal.SIGKILL)

    database = open_database(db_path)
    try:
        found = list_meetings(database, "follow-up on cybercrime").rows
        assert len(found) == 1
        meeting = get_meeting(database, found[0].id, datetime.now().date())
        assert meeting.title == "Follow-up on cybercrime [/] training"
        assert meeting.starts_at == datetime(2027, 10, 7, 14, 30)
        assert meeting.ends_at == datetime(2027, 10, 7, 16, 0)
        assert meeting.place == "Wien, Herrengasse 7"
        assert meeting.topics == ("cybercrime", "migration")
        assert meeting.summary == "Both sides agreed to meet again.\nNext: the draft text."
        assert [p.name for p in meeting.partners] == ["Ministry of the Interior"]
        assert [(a.name, a.side) for a in meeting.attendance] == [("Peter Webinger", "theirs")]
    finally:
        database.close()


def test_a_closed_terminal_keeps_the_open_form_as_a_draft(demo_database, db_path, tmp_path):
    demo_database.actor = "anna"
    demo_database.close()
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "bilateral").mkdir()
    (tmp_path / "config" / "bilateral" / "config.toml").write_text('me = "anna"\n')
    terminal = Terminal(db_path, tmp_path)
    try:
        _open_form(terminal, "p", "8 partners", "Add partner")
        terminal.type("Bundeskriminalamt", chunk=len("Bundeskriminalamt"))
        terminal.wait_for("Bundeskriminalamt")
    finally:
        # At once, inside the pause before a draft is written: the hangup writes it.
        terminal.kill(signal.SIGHUP)
    assert terminal.process.returncode == 0
    database = open_database(db_path)
    database.actor = "anna"
    try:
        from db.drafts import get_draft

        draft = get_draft(database, "partner:new")
        assert draft is not None and draft.fields["name"] == "Bundeskriminalamt"
        assert not list_partners(database, "bundeskriminalamt").rows
    finally:
        database.close()


def test_typing_at_once_after_add_partner_lands_in_the_name(demo_database, db_path, tmp_path):
    demo_database.close()
    terminal = Terminal(db_path, tmp_path)
    try:
        terminal.press_add_on("p", "8 partners")
        terminal.wait_for("Add partner")
        terminal.type("Bundespolizei")  # at once: no pause for the focus
        terminal.wait_for("Bundespolizei")
        terminal.press(CTRL_S)
        terminal.wait_for("Saved.")
    finally:
        terminal.kill(signal.SIGKILL)
    database = open_database(db_path)
    try:
        assert [r.name for r in list_partners(database, "bundespolizei").rows] == ["Bundespolizei"]
    finally:
        database.close()
