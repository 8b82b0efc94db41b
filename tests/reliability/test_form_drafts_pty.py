"""Forms in the real app, in a pseudo-terminal: quitting asks, a killed form comes back."""

import signal
import time
from datetime import datetime

from db.meetings import get_meeting, list_meetings
from db.opening import open_database
from db.partners import list_partners
from tests.helpers.files import opened
from tests.terminal import CTRL_Q, CTRL_S, ESCAPE, F2, F3, Terminal, in_terminal


def _open_form(terminal: Terminal, screen_key: str, loaded: str, title: str) -> None:
    """Open the add form of a screen; once it is drawn, its first field has the focus."""
    terminal.press_add_on(screen_key, loaded)
    terminal.wait_in_order(title, "Cancel (esc)")


def _type_at_once(terminal: Terminal, text: str) -> None:
    """Type `text` the moment the form is drawn, as a fast typist does, and see it land."""
    terminal.type(text)
    terminal.wait_for(text)


def test_ctrl_q_with_text_in_add_partner_asks_and_stay_keeps_it(demo_database, db_path, tmp_path):
    demo_database.close()
    with in_terminal(db_path, tmp_path) as terminal:
        _open_form(terminal, "p", "8 partners", "Add partner")
        _type_at_once(terminal, "Bundeskriminalamt")
        terminal.press(CTRL_Q)
        terminal.wait_in_order("holds text you have not saved", "Stay")
        terminal.press(ESCAPE)
        # The form on top again, its own keys on the bottom line: the question is gone. (A
        # redraw of the question shows the form behind it too, with its Save button.)
        terminal.wait_in_order("Bundeskriminalamt", "^s Save")
        assert terminal.process.poll() is None  # still running
        terminal.press(CTRL_S)  # the text stayed in the form: saving it saves the partner
        terminal.wait_for("Saved.")
    with opened(db_path) as database:
        assert [r.name for r in list_partners(database, "bundeskriminalamt").rows] == [
            "Bundeskriminalamt"
        ]


def test_meeting_form_killed_a_second_after_typing_is_restored_whole(
    demo_database, db_path, tmp_path
):
    demo_database.close()
    with in_terminal(db_path, tmp_path) as terminal:
        _open_form(terminal, "m", "8 meetings", "Summary of outcomes")
        for tabs, value in (
            (0, "Follow-up on cybercrime [/] training"),
            (2, "7.10.2027 14:30"),  # past the kind
            (1, "16:00"),
            (1, "Wien, Herrengasse 7"),
            (4, "cybercrime, migration"),  # past the time zone, the status and the marking
            (1, "Both sides agreed to meet again.\nNext: the draft text."),
        ):
            if tabs:
                terminal.tab_to_field(tabs)
            terminal.type(value)
            terminal.wait_for(value.splitlines()[-1])
        terminal.pick(F3, "Add an attendee", "webinger", "Director General")
        terminal.wait_in_order("Summary of outcomes", "Peter Webinger")  # the form, with them
        terminal.pick(F2, "Add a partner", "ministry austria", "Ministry of the Interior (AT)")
        terminal.wait_in_order("Summary of outcomes", "Ministry of the Interior")
        time.sleep(1.0)  # the specification: killed one second after the last key

    with in_terminal(db_path, tmp_path) as terminal:
        terminal.wait_in_order("1 draft waiting", "Add meeting")  # the start says so
        terminal.press("m")
        terminal.wait_for("8 meetings")
        terminal.press("a")
        terminal.wait_for("Restore what you typed at")
        terminal.press("y")
        terminal.wait_for("Restored what you typed earlier")
        terminal.press(CTRL_S)
        terminal.wait_for("9 meetings")

    with opened(db_path) as database:
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


def test_a_closed_terminal_keeps_the_open_form_as_a_draft(demo_database, db_path, tmp_path):
    demo_database.actor = "anna"
    demo_database.close()
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "bilateral").mkdir()
    (tmp_path / "config" / "bilateral" / "config.toml").write_text('me = "anna"\n')
    # Hung up at the end of the block, inside the pause before a draft is written: the
    # hangup writes it.
    with in_terminal(db_path, tmp_path, end=signal.SIGHUP) as terminal:
        _open_form(terminal, "p", "8 partners", "Add partner")
        _type_at_once(terminal, "Bundeskriminalamt")
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
    with in_terminal(db_path, tmp_path) as terminal:
        terminal.press_add_on("p", "8 partners")
        terminal.wait_for("Add partner")
        terminal.type("Bundespolizei")  # at once: no pause for the focus
        terminal.wait_for("Bundespolizei")
        terminal.press(CTRL_S)
        terminal.wait_for("Saved.")
    with opened(db_path) as database:
        assert [r.name for r in list_partners(database, "bundespolizei").rows] == ["Bundespolizei"]
