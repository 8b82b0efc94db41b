"""The real app in a small terminal (80×24): a form's buttons and lists stay within reach."""

from datetime import datetime

from db.meetings import get_meeting, list_meetings
from tests.helpers.files import opened
from tests.terminal import CTRL_S, F3, in_terminal


def test_the_meeting_form_at_80x24_keeps_save_and_the_attendees_side_in_view(
    demo_database, db_path, tmp_path
):
    demo_database.close()
    with in_terminal(db_path, tmp_path, size=(80, 24)) as terminal:
        terminal.press_add_on("m", "8 meetings")
        # The buttons are drawn whole (not only their top edge), and the form's own keys
        # replace those of the list behind it on the bottom line.
        terminal.wait_in_order("Add meeting", "Save (ctrl+s)", "Cancel (esc)", "^s Save")
        terminal.type("Talks in a small terminal")  # into the title, which has the focus
        terminal.wait_for("Talks in a small terminal")
        terminal.pick(F3, "Add an attendee", "webinger", "Director General")
        # The new attendee's row, scrolled into view with its side; the table's keys below.
        terminal.wait_in_order("Peter Webinger", "theirs")
        terminal.wait_for("s Side  r Role  x Remove")
        terminal.press("s", "r")  # the table has the focus: ours, and the first role
        terminal.wait_for("head")
        terminal.press(CTRL_S)
        terminal.wait_for("9 meetings")
    with opened(db_path) as database:
        found = list_meetings(database, "talks in a small terminal").rows
        assert len(found) == 1
        meeting = get_meeting(database, found[0].id, datetime.now().date())
        assert [(a.name, a.side, a.role) for a in meeting.attendance] == [
            ("Peter Webinger", "ours", "head")
        ]
