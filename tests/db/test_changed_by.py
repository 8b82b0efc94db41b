"""Who made each change: meetings, notes, proposals and checklist items remember it."""

from db.checklists.changes import generate_checklist, set_done
from db.checklists.queries import get_checklist
from db.meeting_changes import create_meeting, update_meeting
from db.meeting_input import MeetingInput
from db.meetings import get_meeting, list_meetings, meeting_as_input
from db.note_changes import mark_decision
from db.proposal_changes import create_proposal, update_proposal
from db.proposal_input import ProposalInput
from db.proposals import get_proposal, proposal_as_input
from db.visits import list_visits
from tests.helpers.clock import TODAY

# The data layer behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


def test_each_change_names_who_made_it(demo_database):
    db = demo_database
    db.actor = "Hoa"
    meeting = create_meeting(db, MeetingInput(title="Desk talk"))
    proposal = create_proposal(db, ProposalInput(title="Cyber drill"), today=TODAY)
    decision = mark_decision(db, meeting, "Hold the drill in March")
    visit = list_visits(db, today=TODAY).rows[0].id
    generate_checklist(db, visit, today=TODAY)
    first = get_checklist(db, visit, today=TODAY).sections[0].items[0]
    assert first.changed_by == ""  # generated: nobody has touched it yet
    assert get_meeting(db, meeting).changed_by == "Hoa"
    assert get_proposal(db, proposal).changed_by == "Hoa"
    assert {n.id for n in get_meeting(db, meeting).notes} == {decision}

    db.actor = "Lan"
    set_done(db, first.id, True)
    data, version = proposal_as_input(db, proposal)
    update_proposal(db, proposal, version, data)
    detail = get_meeting(db, meeting)
    update_meeting(db, meeting, detail.version, meeting_as_input(detail), TODAY)
    ticked = get_checklist(db, visit, today=TODAY).sections[0].items[0]
    assert (ticked.done, ticked.changed_by) == (True, "Lan")
    assert ticked.changed_on  # a day is shown with the name
    assert get_proposal(db, proposal).changed_by == "Lan"
    assert get_meeting(db, meeting).changed_by == "Lan"
    untouched = list_meetings(db, "vienna").rows[0].id
    assert get_meeting(db, untouched).changed_by == ""  # loaded by a fixture, which names nobody
