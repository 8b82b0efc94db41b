"""The front door's records: what needs attention today (the screen: ui/test_dashboard_ui.py)."""

from datetime import timedelta

from sqlalchemy import update

from db.checklists.changes import generate_checklist
from db.meeting_input import CommitmentInput
from db.meetings import list_meetings
from db.models import Proposal
from db.note_changes import add_commitment
from db.proposal_changes import change_status, create_proposal
from db.proposal_input import ProposalInput
from db.today import today_view
from db.visits import list_visits
from tests.helpers.clock import TODAY

# The data layer behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


def test_visits_in_the_next_90_days_with_their_checklist_progress(demo_database):
    upcoming = list_visits(demo_database, today=TODAY).rows[0]
    generate_checklist(demo_database, upcoming.id, today=TODAY)
    board = today_view(demo_database, TODAY)
    assert [(v.id, v.days_to_go) for v in board.visits] == [(upcoming.id, 42)]
    done, total, overdue = board.visits[0].progress
    assert done == 0 and total > 20 and overdue > 0
    # 43 days later the visit is under way; 91 days earlier it is beyond the horizon.
    assert today_view(demo_database, TODAY + timedelta(days=43)).visits[0].days_to_go == -1
    assert today_view(demo_database, TODAY - timedelta(days=49)).visits == ()


def test_action_items_due_this_week_or_overdue_ours_first(demo_database):
    vienna = list_meetings(demo_database, "vienna").rows[0].id

    def commit(text, side, due):
        add_commitment(
            demo_database, vienna, CommitmentInput(text=text, side=side, due=due.isoformat())
        )

    commit("Send the draft text", "theirs", TODAY - timedelta(days=3))
    commit("Book the interpreter", "ours", TODAY + timedelta(days=6))
    commit("Reply on the training dates", "ours", TODAY - timedelta(days=1))
    commit("Next month's report", "ours", TODAY + timedelta(days=8))
    items = today_view(demo_database, TODAY).action_items
    assert [(i.text, i.overdue) for i in items] == [
        ("Reply on the training dates", True),
        ("Book the interpreter", False),
        ("Send the draft text", True),
    ]


def test_proposals_overdue_or_not_moved_for_180_days(demo_database):
    fresh = create_proposal(
        demo_database, ProposalInput(title="Fresh idea", due="1.1.2027"), today=TODAY
    )
    late = create_proposal(
        demo_database, ProposalInput(title="Late reply", due="20.11.2026"), today=TODAY
    )
    old = create_proposal(
        demo_database, ProposalInput(title="Old offer"), today=TODAY - timedelta(days=181)
    )
    moved = create_proposal(
        demo_database, ProposalInput(title="Moved lately"), today=TODAY - timedelta(days=200)
    )
    change_status(demo_database, moved, "accepted", on=TODAY - timedelta(days=10))
    shown = {p.id: p for p in today_view(demo_database, TODAY).proposals}
    assert fresh not in shown and moved not in shown
    assert shown[late].overdue and not shown[late].stale
    assert shown[old].stale and not shown[old].overdue
    demo_database.write(
        lambda s: s.execute(update(Proposal).where(Proposal.id == old).values(status="declined"))
    )
    assert old not in {p.id for p in today_view(demo_database, TODAY).proposals}


def test_last_meetings_held_newest_first(demo_database):
    meetings = today_view(demo_database, TODAY).meetings
    assert len(meetings) == 5
    assert all(m.when == "2025" for m in meetings)  # the planned Hanoi meeting is not "held"
