"""Reading partners: the Partners list, a partner's page, choices and what refers to one."""

from datetime import date
from typing import Any

from sqlalchemy import Row, ScalarSelect, Select, func, literal, select
from sqlmodel import col

from db.dates import show_date, show_milestone
from db.engine import Database
from db.errors import NotFound
from db.lifecycle import ALL_OPEN_STATUSES
from db.lists import PAGE_SIZE, PageRequest, like_pattern, paged, words_filter
from db.lookups import copied, existing
from db.marking_names import marking_name, page_with_markings
from db.markings import Levels, levels_in
from db.meetings import action_item_row, organisation_names
from db.models import (
    Meeting,
    MeetingPartner,
    Milestone,
    Organisation,
    Person,
    Proposal,
    VisitLeg,
    id_col,
    require_id,
)
from db.notes import open_proposals, pending_action_items
from db.partner_input import OrganisationInput
from db.partner_shapes import (
    MilestoneRow,
    OrganisationChoice,
    OrganisationDetail,
    Page,
    PartnerMeetingRow,
    PartnerProposalRow,
    PartnerRow,
    References,
)
from db.people import people_of, person_row
from db.text import clean_line, fold


def _of_last_meeting(column: Any) -> ScalarSelect[Any]:
    """`column` of the last meeting held with the organisation of the row, in a list."""
    return (
        select(column)
        .join(MeetingPartner, col(MeetingPartner.meeting_id) == col(Meeting.id))
        .where(
            col(MeetingPartner.organisation_id) == col(Organisation.id),
            col(Meeting.status) == "held",
        )
        .order_by(col(Meeting.starts_at).desc())
        .limit(1)
        .scalar_subquery()
    )


def _partner_row(row: Row[*tuple[Any, ...]], levels: Levels) -> PartnerRow:
    values = row._asdict()
    last_met = show_date(values.pop("last_met"), values.pop("last_precision") or "day")
    marking = marking_name(levels, values.pop("marking"))
    return PartnerRow(last_met=last_met, marking=marking, **values)


def list_partners(
    database: Database,
    query: str = "",
    *,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    counted: bool = True,
) -> Page[PartnerRow]:
    """Organisations matching `query` (name, short name, kind, country), our own last.

    Counts, last meeting and open proposals come from correlated subqueries over the page's
    rows: one statement per page, however many organisations.
    """
    meetings_held = (
        select(func.count())
        .select_from(MeetingPartner)
        .join(Meeting, col(Meeting.id) == col(MeetingPartner.meeting_id))
        .where(
            col(MeetingPartner.organisation_id) == col(Organisation.id),
            col(Meeting.status) == "held",
        )
        .scalar_subquery()
    )
    last_met = _of_last_meeting(Meeting.starts_at)
    last_precision = _of_last_meeting(Meeting.date_precision)
    open_proposals = (
        select(func.count())
        .select_from(Proposal)
        .where(
            col(Proposal.partner_id) == col(Organisation.id),
            col(Proposal.status).in_(ALL_OPEN_STATUSES),
        )
        .scalar_subquery()
    )
    condition = words_filter(query, col(Organisation.folded), country=col(Organisation.country))
    base = select(id_col(Organisation.id))
    if condition is not None:
        base = base.where(condition)
    order = (col(Organisation.is_own), func.fold(Organisation.name), col(Organisation.id))
    wanted = PageRequest(offset, limit, counted)
    # The page's ids first: the counts and last meetings are then worked out for its rows only.
    page = paged(base.order_by(*order), wanted).subquery()
    statement = (
        select(
            id_col(Organisation.id),
            col(Organisation.name),
            col(Organisation.short_name),
            col(Organisation.kind),
            col(Organisation.country),
            col(Organisation.is_own),
            meetings_held.label("meetings_held"),
            last_met.label("last_met"),
            last_precision.label("last_precision"),
            open_proposals.label("open_proposals"),
            col(Organisation.marking),
        )
        .join(page, page.c.id == Organisation.id)
        .order_by(*order)
    )
    counting = select(func.count()).select_from(base.subquery())
    return page_with_markings(database, statement, counting, wanted, _partner_row)


def get_partner(
    database: Database, organisation_id: int, today: date | None = None
) -> OrganisationDetail:
    """A partner's page: profile, milestones, people, meetings (newest first), open proposals."""
    with database.reading() as session:
        org = existing(session, Organisation, organisation_id)
        parent = session.get(Organisation, org.parent_id) if org.parent_id else None
        milestones = session.scalars(
            select(Milestone)
            .where(col(Milestone.organisation_id) == organisation_id)
            .order_by(col(Milestone.year), col(Milestone.month), col(Milestone.day))
        ).all()
        people = people_of(session, organisation_id)
        meetings = session.scalars(
            select(Meeting)
            .join(MeetingPartner, col(MeetingPartner.meeting_id) == col(Meeting.id))
            .where(col(MeetingPartner.organisation_id) == organisation_id)
            .order_by(col(Meeting.starts_at).desc().nulls_last(), col(Meeting.id).desc())
        ).all()
        proposals = open_proposals(session, [organisation_id])
        assert org.id is not None
        actions = pending_action_items(session, [organisation_id])
        names = organisation_names(session, (a.partner_id for a in actions))
        levels = levels_in(session)
        return copied(
            OrganisationDetail,
            org,
            marking=marking_name(levels, org.marking),
            parent_name=parent.name if parent else "",
            milestones=tuple(
                MilestoneRow(show_milestone(m.year, m.month, m.day), m.text) for m in milestones
            ),
            people=tuple(person_row(p, levels) for p in people),
            meetings=tuple(
                copied(
                    PartnerMeetingRow,
                    m,
                    id=m.id or 0,
                    when=show_date(m.starts_at, m.date_precision),
                )
                for m in meetings
            ),
            open_proposals=tuple(
                copied(
                    PartnerProposalRow,
                    p,
                    id=p.id or 0,
                    due=show_date(p.due_on),
                    overdue=bool(p.due_on and p.due_on < (today or date.today())),
                )
                for p in proposals
            ),
            action_items=tuple(
                action_item_row(a, names.get(a.partner_id or 0, ""), today or date.today())
                for a in actions
            ),
        )


def organisation_choices(database: Database) -> tuple[OrganisationChoice, ...]:
    """Every organisation, for a picker: 'Ministry of the Interior (AT)'."""
    with database.reading() as session:
        rows = session.execute(
            select(
                id_col(Organisation.id), col(Organisation.name), col(Organisation.country)
            ).order_by(func.fold(Organisation.name))
        ).all()
    return tuple(
        OrganisationChoice(id=r[0], label=f"{r[1]} ({r[2]})" if r[2] else r[1]) for r in rows
    )


def organisation_references(database: Database, organisation_id: int) -> References:
    """Count what refers to an organisation."""
    with database.reading() as session:

        def count(statement: Select[Any]) -> int:
            return session.scalar(select(func.count()).select_from(statement.subquery())) or 0

        return References(
            people=count(
                select(id_col(Person.id)).where(col(Person.organisation_id) == organisation_id)
            ),
            meetings=count(
                select(col(MeetingPartner.meeting_id)).where(
                    col(MeetingPartner.organisation_id) == organisation_id
                )
            ),
            proposals=count(
                select(id_col(Proposal.id)).where(col(Proposal.partner_id) == organisation_id)
            ),
            visit_stops=count(
                select(id_col(VisitLeg.id)).where(col(VisitLeg.organisation_id) == organisation_id)
            ),
            children=count(
                select(id_col(Organisation.id)).where(
                    col(Organisation.parent_id) == organisation_id
                )
            ),
        )


def find_partner(database: Database, ref: str) -> int:
    """The id of the partner organisation `ref` names: its id, or a unique part of its name or
    short name (case and diacritics ignored; a whole-name match wins). NotFound otherwise,
    with the candidates."""
    words = fold(clean_line(ref))
    if not words:
        raise NotFound("Name a partner by its id or a part of its name.")
    with database.reading() as session:
        if words.isdecimal() and len(words) < 19:
            by_id = session.get(Organisation, int(words))
            if by_id is not None:
                return require_id(by_id)
        pattern = literal(like_pattern(words))
        matches = session.execute(
            select(id_col(Organisation.id), col(Organisation.name), col(Organisation.short_name))
            .where(
                func.fold(Organisation.name).like(pattern, escape="\\")
                | func.fold(Organisation.short_name).like(pattern, escape="\\")
            )
            .order_by(col(Organisation.name))
            .limit(50)
        ).all()
    exact = [row for row in matches if words in (fold(row.name), fold(row.short_name))]
    if len(matches) == 1 or len(exact) == 1:
        return (exact or matches)[0][0]
    if not matches:
        raise NotFound(f"No partner matches {ref[:60]!r}.")
    listed = "\n".join(f"  {row.id:>4}  {clean_line(row.name)}" for row in matches[:10])
    raise NotFound(
        f"{ref[:60]!r} matches {len(matches)} partners; give its id or more of its name:\n{listed}"
    )


def organisation_as_input(detail: OrganisationDetail, levels: Levels) -> OrganisationInput:
    """The form values of an existing organisation; its marking read back with the
    department's `levels`."""
    from db.record_markings import rank_named

    return OrganisationInput(
        name=detail.name,
        short_name=detail.short_name,
        kind=detail.kind,
        country=detail.country,
        is_own=detail.is_own,
        description=detail.description,
        parent_id=detail.parent_id,
        marking=rank_named(levels, detail.marking),
    )
