"""Two writers on one database file, and two people editing the same record.

- A note-taker and an editor, each a separate process using the db layer as the app does,
  write at the same moment (the editor holding its transactions open for a while): neither
  sees "database is locked", and every write of both lands.
- The app in a pseudo-terminal taking live notes while another process writes: the screen
  never shows "locked" nor "NOT SAVED", and the notes land.
- The same record saved from two sessions (proposals, visits, checklist items; partners and
  meetings are covered elsewhere): the second save is refused with a message offering
  reload or overwrite (ctrl+o); nothing is overwritten silently; ctrl+o then overwrites.
"""

import subprocess
import sys
from pathlib import Path

from textual.widgets import Input

from db.meetings import list_meetings
from db.notes import live_document, live_documents
from db.opening import open_database
from db.proposals import list_proposals
from screens.forms import FormScreen
from tests.conftest import TODAY
from tests.pilot import make_app, screen_text, settle
from tests.terminal import KillableTerminal

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 30

NOTE_TAKER = """
import sys
from db.opening import open_database
from db.notes import save_live_document
database = open_database(sys.argv[1])
meeting_id, rounds = int(sys.argv[2]), int(sys.argv[3])
text, seen = "", None
for i in range(rounds):
    text += f"line {i} of the note-taker\\n"
    seen = save_live_document(database, meeting_id, text, seen).saved
print("note-taker done", flush=True)
"""

EDITOR = """
import sys, time
from dataclasses import replace
from db.opening import open_database
from db.proposal_changes import proposal_as_input, update_proposal
database = open_database(sys.argv[1])
proposal_id, rounds, hold = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
for i in range(rounds):
    data, version = proposal_as_input(database, proposal_id)
    update_proposal(database, proposal_id, version, replace(data, next_step=f"edit {i}"))
    # A slow writer: keep the write lock a while, as a big import would.
    database.write(lambda session: time.sleep(hold))
print("editor done", flush=True)
"""


def _start(script: str, *args: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finish(process: subprocess.Popen) -> str:
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert "locked" not in output.lower(), output
    return output


def _ids(database) -> tuple[int, int, int]:
    meeting = list_meetings(database, "vienna").rows[0].id
    proposal = list_proposals(database, "crime prevention", view="all").rows[0]
    from db.proposal_changes import proposal_as_input

    return meeting, proposal.id, proposal_as_input(database, proposal.id)[1]


def test_a_note_taker_and_an_editor_write_at_once_and_both_land(demo_database, db_path):
    meeting, proposal, version = _ids(demo_database)
    note_taker = _start(NOTE_TAKER, db_path, meeting, ROUNDS)
    editor = _start(EDITOR, db_path, proposal, ROUNDS, 0.03)
    assert "note-taker done" in _finish(note_taker)
    assert "editor done" in _finish(editor)

    from db.proposal_changes import proposal_as_input

    (document,) = live_documents(demo_database, meeting)
    assert document.text == "".join(f"line {i} of the note-taker\n" for i in range(ROUNDS))
    data, final_version = proposal_as_input(demo_database, proposal)
    assert data.next_step == f"edit {ROUNDS - 1}"
    assert final_version == version + ROUNDS  # every edit landed, none lost to another


def test_live_notes_in_the_app_while_another_process_writes(demo_database, db_path, tmp_path):
    _, proposal, _ = _ids(demo_database)
    hanoi = list_meetings(demo_database, "hanoi").rows[0].id
    demo_database.close()
    terminal = KillableTerminal(db_path, tmp_path)
    editor = None
    try:
        terminal.wait_for("Visits in the next 90 days")
        terminal.press("m")
        terminal.wait_for("8 meetings")
        terminal.settle()
        terminal.press("\r")  # the first row: the planned meeting in Hanoi
        terminal.wait_for("Attendance")
        terminal.press("n")
        terminal.wait_for("Open proposals")
        editor = _start(EDITOR, db_path, proposal, 15, 0.15)
        typed = ""
        for i in range(6):
            line = f"point {i}: đối tác [/] agreed\n"
            terminal.type(line)
            typed += line
            terminal.settle(quiet=0.3)  # pauses: autosave runs while the editor holds locks
        terminal.type("end «done»")
        typed += "end «done»"
        terminal.wait_in_order("«done»", "✓ saved", timeout=30)
        _finish(editor)
        shown = terminal.screen
        assert "NOT SAVED" not in shown and "locked" not in shown.lower()
    finally:
        if editor is not None and editor.poll() is None:
            editor.kill()
        terminal.close()
    database = open_database(db_path)
    try:
        assert live_document(database, hanoi).text == typed
    finally:
        database.close()


# -- two sessions, one record -------------------------------------------------------------


async def _refused_then_overwritten(pilot, form_field: str, ours: str, save_theirs, read) -> None:
    """The open form's save meets a newer version: refused and told; ctrl+o overwrites."""
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    form.query_one(f"#{form_field}", Input).value = ours
    save_theirs()  # the other session saves first
    theirs = read()
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert pilot.app.screen is form, "the form closed: the stale save was taken"
    text = screen_text(pilot)
    assert "Someone else" in text and "Reload" in text and "ctrl+o" in text
    assert read() == theirs  # not silently overwritten
    assert form.query_one(f"#{form_field}", Input).value == ours  # ours still on screen
    await pilot.press("ctrl+o")
    await settle(pilot)
    assert pilot.app.screen is not form
    assert read() == ours


async def _edited_on_its_page(app_paths, page, field, theirs, read) -> None:  # noqa: ANN001
    """Open the record's page, `e` for its form, then the stale save of `field` = (id, ours)."""
    app = make_app(app_paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(page(app.context))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await _refused_then_overwritten(pilot, *field, theirs, read)


async def test_a_proposal_saved_meanwhile_is_not_overwritten(app_paths, demo_database, db_path):
    from dataclasses import replace

    from db.proposal_changes import proposal_as_input, update_proposal
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
    app_paths, demo_database, db_path
):
    from db import visits
    from db.checklists.changes import generate_checklist, update_item
    from db.checklists.queries import get_checklist
    from screens.visits.checklist import ChecklistScreen

    visit = visits.list_visits(demo_database, today=TODAY).rows[0].id
    generate_checklist(demo_database, visit, today=TODAY)
    other = open_database(db_path)

    def item(item_id: int):
        view = get_checklist(other, visit, today=TODAY)
        return next(i for s in view.sections for i in s.items if i.id == item_id)

    app = make_app(app_paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ChecklistScreen(app.context, visit))
        await settle(pilot)
        await pilot.press("down")  # past the first section's title, onto its first item
        await settle(pilot)
        selected = app.screen.selected_item
        assert selected is not None

        def theirs() -> None:
            mine = item(selected.id)
            update_item(other, mine.id, mine.version, "Their wording", "", mine.owner, TODAY)

        await pilot.press("enter")
        await settle(pilot)
        await _refused_then_overwritten(
            pilot, "text", "Our wording", theirs, lambda: item(selected.id).text
        )
    other.close()
