"""The proposals register in the records: views, lifecycle moves, history (groundwork of #4)."""

from datetime import date

import pytest

from db.meetings import list_meetings
from db.notes import add_proposal
from db.proposals import TransitionRefused, change_status, history, list_proposals
from tests.conftest import TODAY


def _proposal(database, title):
    return next(r for r in list_proposals(database, view="all").rows if r.title == title)


def test_crime_prevention_agreement_moves_to_signed_with_a_dated_history(demo_database):
    crime = _proposal(demo_database, "Cooperation Agreement on Crime Prevention")
    planned = list_meetings(demo_database, status="planned").rows[0].id
    change_status(
        demo_database, crime.id, "initialled", on=date(2026, 12, 1), comment="Text agreed"
    )
    change_status(
        demo_database,
        crime.id,
        "signed",
        on=date(2027, 1, 8),
        meeting_id=planned,
        comment="Signed in Hanoi",
    )
    steps = history(demo_database, crime.id)
    assert [(s.when, s.old_status, s.new_status) for s in steps] == [
        ("2025", "", "under negotiation"),
        ("1 Dec 2026", "under negotiation", "initialled"),
        ("8 Jan 2027", "initialled", "signed"),
    ]
    assert (
        steps[-1].meeting.startswith("Working session") and steps[-1].comment == "Signed in Hanoi"
    )
    assert _proposal(demo_database, "Cooperation Agreement on Crime Prevention").status == "signed"


def test_an_illegal_move_is_refused_by_the_records_and_changes_nothing(demo_database):
    crime = _proposal(demo_database, "Cooperation Agreement on Crime Prevention")
    change_status(demo_database, crime.id, "signed", on=TODAY)
    with pytest.raises(TransitionRefused, match="cannot go from 'signed' to 'proposed'"):
        change_status(demo_database, crime.id, "proposed", on=TODAY)
    assert len(history(demo_database, crime.id)) == 2


@pytest.mark.parametrize(
    ("status", "due", "in_open", "in_overdue"),
    [
        ("proposed", None, True, False),
        ("proposed", date(2026, 11, 25), True, True),  # due yesterday
        ("proposed", date(2026, 11, 26), True, False),  # due today: not yet overdue
        ("accepted", date(2020, 1, 1), True, True),
        ("delivered", date(2020, 1, 1), False, False),
        ("declined", date(2020, 1, 1), False, False),
        ("withdrawn", None, False, False),
    ],
)
def test_open_and_overdue_views(demo_database, status, due, in_open, in_overdue):
    from sqlalchemy import update

    from db.models import Proposal

    vienna = list_meetings(demo_database, "vienna").rows[0].id
    proposal_id = add_proposal(
        demo_database, vienna, title="Probe", kind="training", proposed_by="us", partner_id=None
    )
    demo_database.write(
        lambda s: s.execute(
            update(Proposal).where(Proposal.id == proposal_id).values(status=status, due_on=due)
        )
    )
    open_ids = {r.id for r in list_proposals(demo_database, view="open", today=TODAY).rows}
    overdue_ids = {r.id for r in list_proposals(demo_database, view="overdue", today=TODAY).rows}
    assert (proposal_id in open_ids, proposal_id in overdue_ids) == (in_open, in_overdue)


def test_open_view_puts_overdue_first(demo_database):
    rows = list_proposals(demo_database, view="open", today=TODAY).rows
    assert [r.overdue for r in rows[:2]] == [True, True]  # the two Hanoi invitations
    assert not any(r.overdue for r in rows[2:])
    assert rows[0].last_moved == "2025"  # known only to the year: no invented day
    assert list_proposals(demo_database, "interior", view="all").total == 17
    assert list_proposals(demo_database, "printing", view="all").total == 1
