"""Reading the register of proposals: lists with the usual views, a proposal's page, history."""

from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    and_,
    case,
    exists,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.orm import aliased
from sqlmodel import col

from db.dates import show_date
from db.engine import Database
from db.lifecycle import (
    ALL_OPEN_STATUSES,
    allowed_next,
)
from db.lists import (
    PAGE_SIZE,
    PageRequest,
    folded_like,
    organisations_matching,
    paged,
    query_patterns,
    value_matches,
)
from db.lookups import copied, existing
from db.marking_names import marking_name, page_with_markings
from db.markings import Levels, levels_in
from db.meetings import action_item_row, organisation_names, short_organisation_label
from db.models import (
    ActionItem,
    Meeting,
    Note,
    Organisation,
    Proposal,
    ProposalMeeting,
    StatusChange,
    id_col,
)
from db.partner_shapes import Page
from db.proposal_input import ProposalInput
from db.proposal_shapes import ProposalDetail, ProposalRow, StatusStep

# A proposal discussed in many meetings shows its latest notes only up to this many.
NOTES_SHOWN = 50
VIEWS = ("open", "overdue", "mine", "signed", "all")


def list_proposals(
    database: Database,
    query: str = "",
    *,
    view: str = "open",
    today: date | None = None,
    partner_id: int | None = None,
    kind: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    me: str = "",
    offset: int = 0,
    limit: int = PAGE_SIZE,
    counted: bool = True,
) -> Page[ProposalRow]:
    """Proposals for a view, filtered by words and fields.

    Views: open (overdue first), overdue, mine (open ones whose owner names `me`),
    signed (signed in today's year), all.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    today = today or date.today()
    is_open = col(Proposal.status).in_(ALL_OPEN_STATUSES)
    is_overdue = is_open & col(Proposal.due_on).is_not(None) & (col(Proposal.due_on) < today)
    conditions: list[ColumnElement[bool]] = []
    if view == "open":
        conditions.append(is_open)
    elif view == "overdue":
        conditions.append(is_overdue)
    elif view == "mine":
        conditions.append(is_open)
        conditions.append(_owned_by(me))
    elif view == "signed":
        conditions.append(_signed_in(today.year))
    for column, value in ((col(Proposal.partner_id), partner_id), (col(Proposal.kind), kind)):
        if value is not None:
            conditions.append(column == value)
    if status is not None:
        conditions.append(col(Proposal.status) == status)
    if owner is not None:
        conditions.append(col(Proposal.owner) == owner)
    for pattern in query_patterns(query):
        conditions.append(
            or_(
                folded_like(col(Proposal.folded), pattern),
                col(Proposal.partner_id).in_(organisations_matching(pattern)),
            )
        )
    step = aliased(StatusChange)
    latest = (
        select(col(step.id))
        .where(col(step.proposal_id) == col(Proposal.id))
        .order_by(col(step.changed_on).desc().nulls_last(), col(step.id).desc())
        .limit(1)
        .correlate(Proposal)
        .scalar_subquery()
    )
    order = (
        case((is_overdue, 0), else_=1),
        col(Proposal.due_on).nulls_last(),
        # The stored folded text starts with the title: no fold() per row to sort.
        col(Proposal.folded),
        col(Proposal.id),
    )
    wanted = PageRequest(offset, limit, counted)
    # The page's ids first: the latest step is then looked up for its rows only.
    page = paged(
        select(id_col(Proposal.id))
        .outerjoin(Organisation, col(Organisation.id) == col(Proposal.partner_id))
        .where(*conditions)
        .order_by(*order),
        wanted,
    ).subquery()
    last = aliased(StatusChange)
    statement = (
        select(
            Proposal,
            short_organisation_label(),
            case((is_overdue, 1), else_=0),
            col(last.changed_on),
            col(last.date_precision),
            func.coalesce(func.nullif(col(Meeting.place), ""), col(Meeting.title)),
        )
        .join(page, page.c.id == Proposal.id)
        .outerjoin(Organisation, col(Organisation.id) == col(Proposal.partner_id))
        .outerjoin(last, col(last.id) == latest)
        .outerjoin(Meeting, col(Meeting.id) == col(last.meeting_id))
        .order_by(*order)
    )
    counting = (
        select(func.count())
        .select_from(Proposal)
        .outerjoin(Organisation, col(Organisation.id) == col(Proposal.partner_id))
        .where(*conditions)
    )
    return page_with_markings(database, statement, counting, wanted, _proposal_row)


def _proposal_row(row: Row[*tuple[Any, ...]], levels: Levels) -> ProposalRow:
    p, partner, overdue, moved, precision, moved_in = row
    return copied(
        ProposalRow,
        p,
        id=p.id or 0,
        partner=partner or "",
        due=show_date(p.due_on),
        overdue=bool(overdue),
        last_moved=show_date(moved, precision or "day"),
        moved_in=moved_in or "",
        marking=marking_name(levels, p.marking),
    )


def _owned_by(me: str) -> ColumnElement[bool]:
    patterns = query_patterns(me)
    if not patterns:
        return false()
    return and_(*(value_matches(col(Proposal.owner), p) for p in patterns))


def _signed_in(year: int) -> ColumnElement[bool]:
    return exists().where(
        col(StatusChange.proposal_id) == col(Proposal.id),
        col(StatusChange.new_status) == "signed",
        col(StatusChange.changed_on) >= date(year, 1, 1),
        col(StatusChange.changed_on) <= date(year, 12, 31),
    )


def history(database: Database, proposal_id: int) -> tuple[StatusStep, ...]:
    """Every status change of a proposal, oldest first (its timeline)."""
    with database.reading() as session:
        rows = session.execute(
            select(StatusChange, col(Meeting.title))
            .outerjoin(Meeting, col(Meeting.id) == col(StatusChange.meeting_id))
            .where(col(StatusChange.proposal_id) == proposal_id)
            .order_by(col(StatusChange.changed_on).nulls_first(), col(StatusChange.id))
        ).all()
    return tuple(
        StatusStep(
            when=show_date(change.changed_on, change.date_precision),
            old_status=change.old_status,
            new_status=change.new_status,
            meeting=meeting or "",
            comment=change.comment,
        )
        for change, meeting in rows
    )


def get_proposal(database: Database, proposal_id: int, today: date | None = None) -> ProposalDetail:
    """A proposal with its meetings, their notes, its action items, next statuses and history."""
    today = today or date.today()
    with database.reading() as session:
        proposal = existing(session, Proposal, proposal_id)
        partner = session.get(Organisation, proposal.partner_id) if proposal.partner_id else None
        meetings = session.execute(
            select(
                id_col(Meeting.id),
                col(Meeting.title),
                col(Meeting.starts_at),
                col(Meeting.date_precision),
            )
            .join(ProposalMeeting, col(ProposalMeeting.meeting_id) == col(Meeting.id))
            .where(col(ProposalMeeting.proposal_id) == proposal_id)
            .order_by(col(Meeting.starts_at))
        ).all()
        notes = session.execute(
            select(
                col(Note.kind), col(Note.text), col(Meeting.starts_at), col(Meeting.date_precision)
            )
            .join(Meeting, col(Meeting.id) == col(Note.meeting_id))
            .join(ProposalMeeting, col(ProposalMeeting.meeting_id) == col(Meeting.id))
            .where(col(ProposalMeeting.proposal_id) == proposal_id, col(Note.is_live).is_(False))
            .order_by(col(Meeting.starts_at).desc(), col(Note.taken_at).desc())
            .limit(NOTES_SHOWN)
        ).all()
        items = session.scalars(
            select(ActionItem)
            .where(col(ActionItem.proposal_id) == proposal_id)
            .order_by(col(ActionItem.done), col(ActionItem.due_on).nulls_last(), col(ActionItem.id))
        ).all()
        names = organisation_names(session, (item.partner_id for item in items))
        overdue = bool(
            proposal.due_on and proposal.status in ALL_OPEN_STATUSES and proposal.due_on < today
        )
        steps = history(database, proposal_id)
        levels = levels_in(session)
        return copied(
            ProposalDetail,
            proposal,
            id=proposal_id,
            proposed_on=steps[0].when if steps else "",
            partner=partner.name if partner else "",
            due=show_date(proposal.due_on),
            overdue=overdue,
            allowed_next=allowed_next(proposal.kind, proposal.status),
            meetings=tuple((m[0], f"{show_date(m[2], m[3])} · {m[1]}") for m in meetings),
            notes=tuple(f"{show_date(n[2], n[3])} · {n[0]}: {n[1]}" for n in reversed(notes)),
            action_items=tuple(
                action_item_row(item, names.get(item.partner_id or 0, ""), today) for item in items
            ),
            steps=steps,
            marking=marking_name(levels, proposal.marking),
            changed_on=show_date(proposal.updated_at.date()),
        )


def proposal_as_input(database: Database, proposal_id: int) -> tuple[ProposalInput, int]:
    """The edit form's starting values and the version they belong to."""
    with database.reading() as session:
        proposal = existing(session, Proposal, proposal_id)
        due = proposal.due_on.isoformat() if proposal.due_on else ""
        return (
            ProposalInput(
                title=proposal.title,
                kind=proposal.kind,
                proposed_by=proposal.proposed_by,
                partner_id=proposal.partner_id,
                status=proposal.status,
                owner=proposal.owner,
                next_step=proposal.next_step,
                due=due,
                description=proposal.description,
                marking=proposal.marking,
            ),
            proposal.version,
        )


def proposal_owners(database: Database) -> tuple[str, ...]:
    """Everyone who follows up a proposal, for the register's owner filter."""
    with database.reading() as session:
        return tuple(
            session.scalars(
                select(col(Proposal.owner))
                .where(col(Proposal.owner) != "")
                .distinct()
                .order_by(Proposal.owner)
            )
        )
