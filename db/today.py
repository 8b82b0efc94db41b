"""The front door: what needs attention now, in one read."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from db.checklists.queries import checklist_progress
from db.checklists.shapes import Progress
from db.dates import show_date, show_days
from db.engine import Database
from db.lifecycle import ALL_OPEN_STATUSES
from db.marking_names import marking_name
from db.markings import Levels, levels_in
from db.meeting_shapes import ActionItemRow
from db.meetings import action_item_row, short_organisation_label
from db.models import (
    ActionItem,
    Meeting,
    MeetingPartner,
    Organisation,
    Proposal,
    StatusChange,
    Visit,
)

VISITS_AHEAD_DAYS = 90
ACTIONS_AHEAD_DAYS = 7
# An open proposal untouched for this long needs someone to push it (or close it).
STALE_AFTER_DAYS = 180
RECENT_MEETINGS = 5
LIMIT = 50


@dataclass(frozen=True)
class TodayVisitRow:
    """An upcoming visit and how far its preparation is."""

    id: int
    title: str
    direction: str
    dates: str
    days_to_go: int
    progress: Progress
    # The handling marking: its level's name, "" for the lowest level.
    marking: str


@dataclass(frozen=True)
class TodayProposalRow:
    """An open proposal that is overdue or has not moved for a long time."""

    id: int
    title: str
    partner: str
    status: str
    due: str
    overdue: bool
    last_moved: str
    stale: bool
    # The handling marking: its level's name, "" for the lowest level.
    marking: str


@dataclass(frozen=True)
class TodayMeetingRow:
    """One of the last meetings held."""

    id: int
    when: str
    title: str
    partners: str
    # The handling marking: its level's name, "" for the lowest level.
    marking: str


@dataclass(frozen=True)
class TodayView:
    """Everything the first screen shows."""

    visits: tuple[TodayVisitRow, ...]
    action_items: tuple[ActionItemRow, ...]
    proposals: tuple[TodayProposalRow, ...]
    meetings: tuple[TodayMeetingRow, ...]


def today_view(database: Database, today: date) -> TodayView:
    """Upcoming visits (90 days), action items overdue or due this week (ours first),
    proposals overdue or unmoved for 180 days, and the last meetings held."""
    with database.reading() as session:
        levels = levels_in(session)
        visits = _visits(session, today)
        actions = _action_items(session, today)
        proposals = _proposals(session, today, levels)
        meetings = _meetings(session, levels)
    progress = checklist_progress(database, [v.id or 0 for v in visits], today=today)
    return TodayView(
        visits=tuple(
            TodayVisitRow(
                id=v.id or 0,
                title=v.title,
                direction=v.direction,
                dates=show_days(v.starts_on, v.ends_on, v.date_precision),
                days_to_go=((v.starts_on or today) - today).days,
                progress=progress[v.id or 0],
                marking=marking_name(levels, v.marking),
            )
            for v in visits
        ),
        action_items=actions,
        proposals=proposals,
        meetings=meetings,
    )


def _visits(session: Session, today: date) -> list[Visit]:
    horizon = today + timedelta(days=VISITS_AHEAD_DAYS)
    last_day = func.coalesce(Visit.ends_on, Visit.starts_on)
    return list(
        session.scalars(
            select(Visit)
            .where(
                col(Visit.starts_on) <= horizon,
                last_day >= today,
                col(Visit.status) != "cancelled",
            )
            .order_by(col(Visit.starts_on), col(Visit.id))
            .limit(LIMIT)
        )
    )


def _action_items(session: Session, today: date) -> tuple[ActionItemRow, ...]:
    items = session.scalars(
        select(ActionItem)
        .where(
            col(ActionItem.done).is_(False),
            col(ActionItem.due_on) <= today + timedelta(days=ACTIONS_AHEAD_DAYS),
        )
        .order_by(
            case((col(ActionItem.side) == "ours", 0), else_=1),
            col(ActionItem.due_on),
            col(ActionItem.id),
        )
        .limit(LIMIT)
    ).all()
    partners = _action_partners(session, items)
    return tuple(action_item_row(item, partners.get(item.id or 0, ""), today) for item in items)


def _action_partners(session: Session, items: Sequence[ActionItem]) -> dict[int, str]:
    """Each item's partner as 'BMI (AT)': its own, else its meeting's ('BMI (AT), AIT (AT)')."""
    partner_ids = {i.partner_id for i in items if i.partner_id is not None}
    meeting_ids = {i.meeting_id for i in items if i.partner_id is None and i.meeting_id}
    labels = dict(
        session.execute(
            select(col(Organisation.id), short_organisation_label()).where(
                col(Organisation.id).in_(partner_ids)
            )
        ).all()
    )
    of_meeting: dict[int, list[str]] = {}
    for meeting_id, label in session.execute(
        select(col(MeetingPartner.meeting_id), short_organisation_label())
        .join(Organisation, col(Organisation.id) == col(MeetingPartner.organisation_id))
        .where(col(MeetingPartner.meeting_id).in_(meeting_ids))
        .order_by(col(MeetingPartner.meeting_id), col(Organisation.is_own), col(Organisation.name))
    ):
        of_meeting.setdefault(meeting_id, []).append(label)
    return {
        item.id or 0: labels.get(item.partner_id, "")
        if item.partner_id is not None
        else ", ".join(of_meeting.get(item.meeting_id or 0, []))
        for item in items
    }


def _proposals(session: Session, today: date, levels: Levels) -> tuple[TodayProposalRow, ...]:
    step = aliased(StatusChange)
    last_moved = (
        select(func.max(col(step.changed_on)))
        .where(col(step.proposal_id) == col(Proposal.id))
        .scalar_subquery()
    )
    moved = func.coalesce(last_moved, func.date(Proposal.created_at))
    stale_before = today - timedelta(days=STALE_AFTER_DAYS)
    overdue = col(Proposal.due_on) < today
    rows = session.execute(
        select(Proposal, short_organisation_label(), last_moved)
        .outerjoin(Organisation, col(Organisation.id) == col(Proposal.partner_id))
        .where(
            col(Proposal.status).in_(ALL_OPEN_STATUSES),
            or_(overdue, moved < stale_before),
        )
        .order_by(case((overdue, 0), else_=1), col(Proposal.due_on), moved, col(Proposal.id))
        .limit(LIMIT)
    ).all()
    # Oldest step first, so dict() keeps each proposal's latest precision.
    precisions = dict(
        session.execute(
            select(col(StatusChange.proposal_id), col(StatusChange.date_precision))
            .where(col(StatusChange.proposal_id).in_([p.id for p, _, _ in rows]))
            .order_by(col(StatusChange.changed_on).nulls_first(), col(StatusChange.id))
        ).all()
    )
    return tuple(
        TodayProposalRow(
            id=p.id or 0,
            title=p.title,
            partner=partner or "",
            status=p.status,
            due=show_date(p.due_on),
            overdue=bool(p.due_on and p.due_on < today),
            last_moved=show_date(moved_on, precisions.get(p.id or 0, "day")) if moved_on else "",
            stale=(moved_on or p.created_at.date()) < stale_before,
            marking=marking_name(levels, p.marking),
        )
        for p, partner, moved_on in rows
    )


def _meetings(session: Session, levels: Levels) -> tuple[TodayMeetingRow, ...]:
    meetings = session.scalars(
        select(Meeting)
        .where(col(Meeting.status) == "held")
        .order_by(col(Meeting.starts_at).desc().nulls_last(), col(Meeting.id).desc())
        .limit(RECENT_MEETINGS)
    ).all()
    ids = [m.id for m in meetings]
    partners: dict[int, list[str]] = {}
    for meeting_id, label in session.execute(
        select(col(MeetingPartner.meeting_id), short_organisation_label())
        .join(Organisation, col(Organisation.id) == col(MeetingPartner.organisation_id))
        .where(col(MeetingPartner.meeting_id).in_(ids))
    ):
        partners.setdefault(meeting_id, []).append(label)
    return tuple(
        TodayMeetingRow(
            id=m.id or 0,
            when=show_date(m.starts_at, m.date_precision),
            title=m.title,
            partners=", ".join(partners.get(m.id or 0, [])),
            marking=marking_name(levels, m.marking),
        )
        for m in meetings
    )
