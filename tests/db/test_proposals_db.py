"""The proposals register in the records: views, filters, lifecycle moves, history, editing."""

from dataclasses import replace
from datetime import date

import pytest

from db.errors import Invalid, StaleEdit
from db.meetings import list_meetings
from db.note_changes import add_proposal
from db.proposal_changes import (
    TransitionRefused,
    change_status,
    create_proposal,
    link_meeting,
    unlink_meeting,
    update_proposal,
)
from db.proposal_input import ProposalInput
from db.proposals import get_proposal, history, list_proposals, proposal_as_input, proposal_owners
from tests.helpers.clock import TODAY

# The data layer behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


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
        demo_database, vienna, ProposalInput(title="Probe", kind="training", proposed_by="us")
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


@pytest.mark.parametrize(
    ("owner", "signed_on", "in_mine", "in_signed"),
    [
        ("Nguyen Thi Hoa", None, True, False),
        ("nguyễn thị hoa (desk)", None, True, False),  # no case, no diacritics
        ("Somebody Else", None, False, False),
        ("", None, False, False),
        ("Nguyen Thi Hoa", date(2026, 3, 1), False, True),  # signed: no longer open
        ("Somebody Else", date(2025, 12, 31), False, False),  # signed, but last year
    ],
)
def test_mine_and_signed_this_year_views(demo_database, owner, signed_on, in_mine, in_signed):
    proposal_id = create_proposal(
        demo_database,
        ProposalInput(title="Probe", kind="mou", status="final text", owner=owner),
        today=TODAY,
    )
    if signed_on:
        change_status(demo_database, proposal_id, "signed", on=signed_on)

    def ids(view):
        return {r.id for r in list_proposals(demo_database, view=view, today=TODAY, me="Hoa").rows}

    assert (proposal_id in ids("mine"), proposal_id in ids("signed")) == (in_mine, in_signed)


def test_field_filters_narrow_the_register(demo_database):
    everything = list_proposals(demo_database, view="all").rows
    invitations = list_proposals(demo_database, view="all", kind="invitation").rows
    assert invitations and len(invitations) < len(everything)
    assert all(r.kind == "invitation" for r in invitations)
    proposed = list_proposals(demo_database, view="all", status="proposed").rows
    assert proposed and all(r.status == "proposed" for r in proposed)
    create_proposal(demo_database, ProposalInput(title="Probe", owner="Lan"), today=TODAY)
    assert proposal_owners(demo_database) == ("Lan",)
    assert [r.title for r in list_proposals(demo_database, view="all", owner="Lan").rows] == [
        "Probe"
    ]


def test_create_then_edit_a_proposal_and_a_stale_edit_is_refused(demo_database):
    proposal_id = create_proposal(
        demo_database,
        ProposalInput(title="Cyber training", kind="training", proposed_by="us", due="1.3.2027"),
        today=TODAY,
    )
    data, version = proposal_as_input(demo_database, proposal_id)
    assert data.due == "2027-03-01"
    update_proposal(demo_database, proposal_id, version, replace(data, owner="Lan"))
    with pytest.raises(StaleEdit):
        update_proposal(demo_database, proposal_id, version, replace(data, owner="Minh"))
    detail = get_proposal(demo_database, proposal_id, TODAY)
    assert (detail.owner, detail.due, detail.proposed_on) == ("Lan", "1 Mar 2027", "26 Nov 2026")


def test_a_new_proposal_starts_on_the_day_or_month_it_was_made(demo_database):
    offer = create_proposal(
        demo_database,
        ProposalInput(title="Drone training", kind="training", status="accepted", since="Oct 2024"),
        today=TODAY,
    )
    assert [(s.when, s.new_status) for s in history(demo_database, offer)] == [
        ("Oct 2024", "accepted")
    ]
    assert get_proposal(demo_database, offer, TODAY).proposed_on == "Oct 2024"
    made = create_proposal(
        demo_database, ProposalInput(title="Joint drill", since="7.10.2024"), today=TODAY
    )
    assert history(demo_database, made)[0].when == "7 Oct 2024"
    today = create_proposal(demo_database, ProposalInput(title="Fresh idea"), today=TODAY)
    assert history(demo_database, today)[0].when == "26 Nov 2026"
    with pytest.raises(Invalid) as refused:
        create_proposal(demo_database, ProposalInput(title="x", since="1.1.2027"), today=TODAY)
    assert "after today" in refused.value.problems["since"]


def test_cooperation_is_in_implementation_once_accepted(demo_database):
    exchange = _proposal(demo_database, "Expanded delegation exchanges")  # cooperation, accepted
    assert "in implementation" in get_proposal(demo_database, exchange.id, TODAY).allowed_next
    change_status(demo_database, exchange.id, "in implementation", on=TODAY)
    assert _proposal(demo_database, "Expanded delegation exchanges").status == "in implementation"
    # Under way, as a signed MoU in implementation is: no longer an open proposal.
    open_titles = {row.title for row in list_proposals(demo_database, view="open").rows}
    assert "Expanded delegation exchanges" not in open_titles
    started = create_proposal(
        demo_database,
        ProposalInput(title="Joint research", kind="cooperation", status="in implementation"),
        today=TODAY,
    )
    assert get_proposal(demo_database, started, TODAY).status == "in implementation"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"kind": "treaty"}, "kind"),
        ({"due": "31.2.2027"}, "due"),
        ({"proposed_by": "nobody"}, "proposed_by"),
        ({"kind": "training", "status": "initialled"}, "status"),
        ({"description": "x" * 30_000}, "description"),
        ({"since": "next year"}, "since"),
        ({"since": "tomorrow"}, "since"),
    ],
)
def test_bad_proposal_input_is_refused_and_nothing_is_saved(demo_database, changes, field):
    before = list_proposals(demo_database, view="all").total
    with pytest.raises(Invalid) as refused:
        create_proposal(demo_database, ProposalInput(**{"title": "Probe", **changes}), today=TODAY)
    assert field in refused.value.problems
    assert list_proposals(demo_database, view="all").total == before


def test_an_agreement_under_negotiation_cannot_become_an_offer(demo_database):
    crime = _proposal(demo_database, "Cooperation Agreement on Crime Prevention")
    data, version = proposal_as_input(demo_database, crime.id)
    with pytest.raises(Invalid):
        update_proposal(demo_database, crime.id, version, replace(data, kind="training"))


def test_link_an_existing_proposal_to_a_meeting(demo_database):
    crime = _proposal(demo_database, "Cooperation Agreement on Crime Prevention")
    linked = {meeting_id for meeting_id, _ in get_proposal(demo_database, crime.id).meetings}
    other = next(m for m in list_meetings(demo_database).rows if m.id not in linked)
    assert link_meeting(demo_database, crime.id, other.id) is True
    assert link_meeting(demo_database, crime.id, other.id) is False  # already linked
    detail = get_proposal(demo_database, crime.id, TODAY)
    assert other.id in {meeting_id for meeting_id, _ in detail.meetings}
    assert any(other.title in label for _, label in detail.meetings)
    unlink_meeting(demo_database, crime.id, other.id)
    assert {m for m, _ in get_proposal(demo_database, crime.id).meetings} == linked
