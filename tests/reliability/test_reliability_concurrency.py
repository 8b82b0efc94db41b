"""Two writers on one database file, and two people editing the same record.

- A note-taker and an editor, each a separate process using the db layer as the app does,
  write at the same moment (the editor holding its transactions open for a while): their
  writing overlaps (each says when it began and ended), neither sees "database is locked",
  and every write of both lands.
- The app in a pseudo-terminal taking live notes while another process writes: the screen
  never shows "locked" nor "NOT SAVED", and the notes land.
- The same record saved from two sessions (proposals, visits, checklist items; partners and
  meetings are covered elsewhere): the second save is refused with a message offering
  reload or overwrite (ctrl+o); nothing is overwritten silently; ctrl+o then overwrites.
"""

import subprocess

from textual.widgets import Input

from db.meetings import list_meetings
from db.notes import live_document, live_documents
from db.opening import open_database
from db.proposals import list_proposals
from screens.forms import FormScreen
from tests.helpers.clock import TODAY
from tests.helpers.files import opened
from tests.helpers.processes import finish, run_together, start_python
from tests.pilot import press, running, screen_text, show
from tests.terminal import KillableTerminal, first_meeting

ROUNDS = 30

NOTE_TAKER = """
import sys, time
from db.opening import open_database
from db.note_changes import save_live_document
database = open_database(sys.argv[1])
meeting_id, rounds = int(sys.argv[2]), int(sys.argv[3])
text, seen = "", None
print("ready", flush=True)
sys.stdin.readline()  # the editor starts at the same moment
began = time.time()
for i in range(rounds):
    text += f"line {i} of the note-taker\\n"
    seen = save_live_document(database, meeting_id, text, seen).saved
print("note-taker done", began, time.time(), flush=True)
"""

EDITOR = """
import sys, time
from dataclasses import replace
from db.opening import open_database
from db.proposal_changes import update_proposal
from db.proposals import proposal_as_input
database = open_database(sys.argv[1])
proposal_id, rounds, hold = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
print("ready", flush=True)
sys.stdin.readline()  # told when to start
began = time.time()
for i in range(rounds):
    data, version = proposal_as_input(database, proposal_id)
    update_proposal(database, proposal_id, version, replace(data, next_step=f"edit {i}"))
    # A slow writer: keep the write lock a while, as a big import would.
    database.write(lambda session: time.sleep(hold))
print("editor done", began, time.time(), flush=True)
"""


def _unlocked(output: str) -> str:
    assert "locked" not in output.lower(), output
    return output


def _span(output: str, done: str) -> tuple[float, float]:
    """When a writer began and ended its writes: its last line says `<done> began ended`."""
    line = output.strip().splitlines()[-1]
    assert line.startswith(done), output
    began, ended = map(float, line.removeprefix(done).split())
    return began, ended


def _ids(database) -> tuple[int, int, int]:
    meeting = list_meetings(database, "vienna").rows[0].id
    proposal = list_proposals(database, "crime prevention", view="all").rows[0]
    from db.proposals import proposal_as_input

    return meeting, proposal.id, proposal_as_input(database, proposal.id)[1]


def test_a_note_taker_and_an_editor_write_at_once_and_both_land(demo_database, db_path):
    meeting, proposal, version = _ids(demo_database)
    note_taker, editor = map(
        _unlocked,
        run_together(
            (NOTE_TAKER, db_path, meeting, ROUNDS), (EDITOR, db_path, proposal, ROUNDS, 0.03)
        ),
    )
    # They wrote at once: each began before the other ended.
    note_taker_began, note_taker_ended = _span(note_taker, "note-taker done")
    editor_began, editor_ended = _span(editor, "editor done")
    assert note_taker_began < editor_ended and editor_began < note_taker_ended

    from db.proposals import proposal_as_input

    (document,) = live_documents(demo_database, meeting)
    assert document.text == "".join(f"line {i} of the note-taker\n" for i in range(ROUNDS))
    data, final_version = proposal_as_input(demo_database, proposal)
    assert data.next_step == f"edit {ROUNDS - 1}"
    assert final_version == version + ROUNDS  # every edit landed, none lost to another


def test_live_notes_in_the_app_while_another_process_writes(demo_database, db_path, tmp_path):
    _, proposal, _ = _ids(demo_database)
    hanoi = first_meeting(demo_database)
    demo_database.close()
    terminal = KillableTerminal(db_path, tmp_path)
    editor = None
    try:
        terminal.open_live_notes_of_the_first_meeting()
        editor = start_python(EDITOR, db_path, proposal, 15, 0.15, stdin=subprocess.PIPE)
        editor.stdin.write("go\n")
        editor.stdin.flush()
        typed = ""
        for i in range(6):
            line = f"đối tác [/] agreed on point {i}\n"
            terminal.type(line)
            typed += line
            # A pause until autosave has saved the line, while the editor holds its locks.
            terminal.wait_in_order(f"point {i}", "✓ saved", timeout=30)
        terminal.type("end «done»")
        typed += "end «done»"
        terminal.wait_in_order("«done»", "✓ saved", timeout=30)
        _unlocked(finish(editor, timeout=60))
        shown = terminal.screen
        assert "NOT SAVED" not in shown and "locked" not in shown.lower()
    finally:
        if editor is not None and editor.poll() is None:
            editor.kill()
        terminal.close()
    with opened(db_path) as database:
        assert live_document(database, hanoi).text == typed


# -- two sessions, one record -------------------------------------------------------------


async def _refused_then_overwritten(pilot, form_field: str, ours: str, save_theirs, read) -> None:
    """The open form's save meets a newer version: refused and told; ctrl+o overwrites."""
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    form.query_one(f"#{form_field}", Input).value = ours
    save_theirs()  # the other session saves first
    theirs = read()
    await press(pilot, "ctrl+s")
    assert pilot.app.screen is form, "the form closed: the stale save was taken"
    text = screen_text(pilot)
    assert "Someone else" in text and "Reload" in text and "ctrl+o" in text
    assert read() == theirs  # not silently overwritten
    assert form.query_one(f"#{form_field}", Input).value == ours  # ours still on screen
    await press(pilot, "ctrl+o")
    assert pilot.app.screen is not form
    assert read() == ours


async def _edited_on_its_page(app_paths, page, field, theirs, read) -> None:  # noqa: ANN001
    """Open the record's page, `e` for its form, then the stale save of `field` = (id, ours)."""
    async with running(app_paths) as pilot:
        app = pilot.app
        await show(pilot, page(app.context))
        await press(pilot, "e")
        await _refused_then_overwritten(pilot, *field, theirs, read)


async def test_a_proposal_saved_meanwhile_is_not_overwritten(app_paths, demo_database, db_path):
    from dataclasses import replace

    from db.proposal_changes import update_proposal
    from db.proposals import proposal_as_input
    from screens.proposals.detail import ProposalScreen

    _, proposal, _ = _ids(demo_database)
    other = open_database(db_path)  # the other copy of bilateral

    def theirs() -> None:
        data, version = proposal_as_input(other, proposal)
        update_proposal(other, proposal, version, replace(data, title="Their title"))

    await _edited_on_its_page(
        app_paths,
        lambda context: ProposalScreen(context, proposal),
        ("title", "Our title"),
        theirs,
        lambda: proposal_as_input(other, proposal)[0].title,
    )
    other.close()


async def test_a_visit_saved_meanwhile_is_not_overwritten(app_paths, demo_database, db_path):
    from dataclasses import replace

    from db import visit_changes, visits
    from screens.visits.detail import VisitScreen

    visit = visits.list_visits(demo_database, today=TODAY).rows[0].id
    other = open_database(db_path)

    def theirs() -> None:
        detail = visits.get_visit(other, visit, TODAY)
        data = replace(visits.visit_as_input(detail), title="Their visit")
        visit_changes.update_visit(other, visit, detail.version, data, TODAY)

    await _edited_on_its_page(
        app_paths,
        lambda context: VisitScreen(context, visit),
        ("title", "Our visit"),
        theirs,
        lambda: visits.get_visit(other, visit, TODAY).title,
    )
    other.close()


async def test_a_checklist_item_changed_meanwhile_is_not_overwritten(
    app_paths, db_path, checklist_visit
):
    from db.checklists.changes import update_item
    from db.checklists.queries import get_checklist
    from screens.visits.checklist import ChecklistScreen

    other = open_database(db_path)

    def item(item_id: int):
        view = get_checklist(other, checklist_visit, today=TODAY)
        return next(i for s in view.sections for i in s.items if i.id == item_id)

    async with running(app_paths) as pilot:
        app = pilot.app
        await show(pilot, ChecklistScreen(app.context, checklist_visit))
        await press(pilot, "down")  # past the first section's title, onto its first item
        selected = app.screen.selected_item
        assert selected is not None

        def theirs() -> None:
            mine = item(selected.id)
            update_item(other, mine.id, mine.version, "Their wording", "", mine.owner, TODAY)

        await press(pilot, "enter")
        await _refused_then_overwritten(
            pilot, "text", "Our wording", theirs, lambda: item(selected.id).text
        )
    other.close()
