"""Team mode: two programs writing the same meeting's notes on one PostgreSQL database."""

import textwrap

from db.demo import load_demo
from db.meetings import get_meeting, list_meetings
from db.opening import open_database
from tests.helpers.clock import TODAY
from tests.helpers.processes import finish, start_python

NOTES_EACH = 25

WRITER = textwrap.dedent(
    """
    import sys
    from db.opening import open_database
    from db.note_changes import mark_decision

    url, meeting_id, who, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    database = open_database(url)
    for number in range(count):
        mark_decision(database, meeting_id, f"{who} decision {number}")
    database.close()
    """
)


def test_two_writers_on_the_same_meetings_notes_both_land(postgres_server):
    url = postgres_server.new_database()
    database = open_database(url)
    load_demo(database, today=TODAY)
    vienna = list_meetings(database, "vienna").rows[0].id
    before = len(get_meeting(database, vienna).notes)
    writers = [
        start_python(WRITER, url, vienna, who, NOTES_EACH) for who in ("note-taker", "editor")
    ]
    for writer in writers:
        finish(writer)
    notes = [note.text for note in get_meeting(database, vienna).notes]
    database.close()
    assert len(notes) == before + 2 * NOTES_EACH
    for who in ("note-taker", "editor"):
        assert {f"{who} decision {n}" for n in range(NOTES_EACH)} <= set(notes)
