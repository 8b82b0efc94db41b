"""Two note-takers in one meeting, each a process saving live notes as the editor does.

Each process types lines into its live document, saving the whole growing text after every
line (db.notes.save_live_document, passing the version it last saved), both at once, on
SQLite and on PostgreSQL:

- two note-takers: each has their own document, and every line each typed is in it;
- the same note-taker in two windows, both holding the same document: no save overwrites
  text its window has not seen; the window that saved second keeps its text as a separate
  document, so both texts survive whole.

And a document from before note-takers were told apart (nobody's) goes to the first who
saves into it; another who held it too keeps their text in a document of their own.
"""

import textwrap

from db.meeting_shapes import LiveSave, LiveVersion
from db.meetings import list_meetings
from db.note_changes import save_live_document
from db.notes import live_document, live_documents
from tests.helpers.processes import run_together

BOTH_BACKENDS = True
LINES = 30

WRITER = textwrap.dedent(
    """
    import sys
    from db.opening import open_database
    from db.meeting_shapes import LiveVersion
    from db.note_changes import save_live_document

    url, meeting_id, lines, author, label, text = sys.argv[1:7]
    seen = LiveVersion(int(sys.argv[7]), int(sys.argv[8])) if len(sys.argv) > 7 else None
    database = open_database(url)
    database.actor = author
    print("ready", flush=True)
    sys.stdin.readline()  # both start typing together
    kept_apart_from = []
    for number in range(int(lines)):
        text += f"{label} line {number}\\n"
        saved = save_live_document(database, int(meeting_id), text, seen)
        if saved.kept_apart_from is not None:
            kept_apart_from.append(saved.kept_apart_from)
        seen = saved.saved
    database.close()
    print("kept apart from", kept_apart_from, flush=True)
    """
)


def _lines(label: str) -> str:
    return "".join(f"{label} line {number}\n" for number in range(LINES))


def _write_at_once(url: str, meeting_id: int, *writers: tuple[str, ...]) -> list[str]:
    """One process per writer (author, label, text it holds[, note id, version]), typing
    at the same moment; what each reports."""
    commands = [(WRITER, url, meeting_id, LINES, *writer) for writer in writers]
    return [output.strip() for output in run_together(*commands)]


def test_two_note_takers_at_once_each_keep_every_line(demo_database):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    reports = _write_at_once(demo_database.url, vienna, ("anna", "anna", ""), ("bob", "bob", ""))
    assert reports == ["kept apart from []"] * 2
    documents = live_documents(demo_database, vienna)
    assert [(d.author, d.text) for d in documents] == [
        ("anna", _lines("anna")),
        ("bob", _lines("bob")),
    ]


def test_one_note_taker_in_two_windows_loses_neither(demo_database):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    demo_database.actor = "anna"
    agenda = "Agenda: three pillars\n"
    held = save_live_document(demo_database, vienna, agenda, None).saved
    both_hold = (agenda, str(held.note_id), str(held.version))
    reports = _write_at_once(
        demo_database.url,
        vienna,
        ("anna", "window 1", *both_hold),
        ("anna", "window 2", *both_hold),
    )
    # The window that saved second was refused the document and told whose it is.
    assert sorted(reports) == ["kept apart from ['anna']", "kept apart from []"]
    documents = live_documents(demo_database, vienna)
    assert {d.author for d in documents} == {"anna"}
    assert sorted(d.text for d in documents) == [
        agenda + _lines("window 1"),
        agenda + _lines("window 2"),
    ]


def test_notes_nobody_owns_go_to_the_first_note_taker_saving_into_them(demo_database):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    demo_database.actor = ""  # as live notes were saved before they had authors
    save_live_document(demo_database, vienna, "Agenda\n", None)
    held = {}
    for author in ("anna", "bob"):
        demo_database.actor = author
        held[author] = live_document(demo_database, vienna)
        assert held[author].author == ""  # each is offered the document nobody owns
    demo_database.actor = "anna"
    assert save_live_document(demo_database, vienna, "Agenda\nanna", held["anna"].seen) == (
        LiveSave(LiveVersion(held["anna"].id, held["anna"].version + 1))
    )
    demo_database.actor = "bob"
    saved = save_live_document(demo_database, vienna, "Agenda\nbob", held["bob"].seen)
    assert saved.kept_apart_from == "anna" and saved.saved.note_id != held["bob"].id
    documents = live_documents(demo_database, vienna)
    assert [(d.author, d.text) for d in documents] == [
        ("anna", "Agenda\nanna"),
        ("bob", "Agenda\nbob"),
    ]
