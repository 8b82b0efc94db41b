"""What a visit's checklist should hold: the template items that apply to it, and for each
partner on its programme the items drawn from the records.

Every proposed item has a stable key, so that regeneration can tell what is new from what is there.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.checklists.templates import (
    COUNTRIES_PLACEHOLDER,
    PROPOSAL_PLACEHOLDER,
    TEXT_MAX,
    Template,
)
from db.countries import country_name
from db.dates import show_date
from db.models import (
    ActionItem,
    Meeting,
    MeetingPartner,
    Organisation,
    Proposal,
    Visit,
    VisitLeg,
)
from db.notes import open_proposals, pending_action_items
from db.people import people_of
from db.text import clean_line

# Lead times of the items drawn from the records (briefing practice: T-14 … T-3).
PROFILE_DUE = -14
LAST_MEETING_DUE = -14
PERSON_DUE = -14
PROPOSAL_DUE = -10
ACTION_DUE = -7


@dataclass(frozen=True)
class ProposedItem:
    """An item the checklist should hold."""

    section: str
    key: str
    text: str
    source: str
    due_offset: int | None
    due_on: date | None
    owner: str = ""


def first_day(visit: Visit) -> date | None:
    """The day due dates count from: only when the visit's first day is known to the day."""
    return visit.starts_on if visit.date_precision == "day" else None


def _due(first: date | None, offset: int | None) -> date | None:
    return first + timedelta(days=offset) if first is not None and offset is not None else None


def _capped(text: str) -> str:
    line = clean_line(text)
    return line if len(line) <= TEXT_MAX else line[: TEXT_MAX - 1] + "…"


def proposed_items(
    session: Session, visit: Visit, template: Template, today: date
) -> list[ProposedItem]:
    """Every item the visit's checklist should hold, in the order they are listed."""
    signing = (
        session.get(Proposal, visit.signing_proposal_id) if visit.signing_proposal_id else None
    )
    proposed = template_items(template, visit, signing, destinations(session, visit))
    seen_actions: set[int] = set()
    for organisation in programme_partners(session, visit):
        proposed.extend(
            _partner_items(session, organisation, first_day(visit), today, seen_actions)
        )
    return proposed


def destinations(session: Session, visit: Visit) -> tuple[str, ...]:
    """The countries (ISO codes) of the visit's stops, in the order of the stops: each stop's
    own country, else its organisation's."""
    rows = session.execute(
        select(col(VisitLeg.country), col(Organisation.country))
        .outerjoin(Organisation, col(Organisation.id) == col(VisitLeg.organisation_id))
        .where(col(VisitLeg.visit_id) == visit.id)
        .order_by(col(VisitLeg.position), col(VisitLeg.id))
    )
    return tuple(dict.fromkeys(code for stop, own in rows if (code := stop or own or "")))


def _countries(codes: tuple[str, ...]) -> str:
    """'Germany and Austria', 'Singapore'; 'each country visited' when none is known."""
    names = [country_name(code) for code in codes]
    if not names:
        return "each country visited"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def template_items(
    template: Template, visit: Visit, signing: Proposal | None, countries: tuple[str, ...] = ()
) -> list[ProposedItem]:
    """The template's items whose conditions the visit meets; `countries` are those of its
    stops (for destination conditions and the `{countries}` in a text)."""
    facts: dict[str, Any] = {
        "direction": visit.direction,
        "level": visit.level,
        "signing": signing is not None,
        "countries": countries,
    }
    proposed = []
    for section in template.sections:
        if not section.conditions.allow(**facts):
            continue
        for item in section.items:
            if not item.conditions.allow(**facts):
                continue
            key = f"template:{template.name}:{item.key}"
            text, source = item.text, f"{template.name} template"
            if COUNTRIES_PLACEHOLDER in text:
                named = (
                    item.conditions
                    if item.conditions.destinations is not None
                    else section.conditions
                ).picked(countries)
                text = text.replace(COUNTRIES_PLACEHOLDER, _countries(named))
            if item.names_proposal and signing is not None:
                key += f":proposal:{signing.id}"
                text = text.replace(PROPOSAL_PLACEHOLDER, f"“{signing.title}”")
                source += f", signing of {signing.title}"
            proposed.append(
                ProposedItem(
                    section=section.title,
                    key=key,
                    text=_capped(text),
                    source=source,
                    due_offset=item.due,
                    due_on=_due(first_day(visit), item.due),
                    owner=item.owner,
                )
            )
    return proposed


def programme_partners(session: Session, visit: Visit) -> list[Organisation]:
    """The partner organisations the visit meets (not our own): its stops, then the partners
    of its meetings, each once."""
    stops = session.scalars(
        select(Organisation)
        .join(VisitLeg, col(VisitLeg.organisation_id) == col(Organisation.id))
        .where(col(VisitLeg.visit_id) == visit.id)
        .order_by(col(VisitLeg.position), col(VisitLeg.id))
    ).all()
    met = session.scalars(
        select(Organisation)
        .join(MeetingPartner, col(MeetingPartner.organisation_id) == col(Organisation.id))
        .join(Meeting, col(Meeting.id) == col(MeetingPartner.meeting_id))
        .where(col(Meeting.visit_id) == visit.id)
        .order_by(col(Meeting.starts_at).nulls_last(), col(Meeting.id), col(Organisation.name))
    ).all()
    partners: dict[int, Organisation] = {}
    for organisation in (*stops, *met):
        if not organisation.is_own and organisation.id not in partners:
            partners[organisation.id or 0] = organisation
    return list(partners.values())


def _label(organisation: Organisation) -> str:
    country = f" ({organisation.country})" if organisation.country else ""
    return organisation.name + country


def _partner_items(
    session: Session,
    organisation: Organisation,
    first: date | None,
    today: date,
    seen_actions: set[int],
) -> list[ProposedItem]:
    label = _label(organisation)
    section = f"Briefing: {label}"
    partner_source = f"partner: {organisation.name}"

    def item(key: str, text: str, source: str, offset: int) -> ProposedItem:
        return ProposedItem(section, key, _capped(text), source, offset, _due(first, offset))

    proposed = [
        item(
            f"partner:{organisation.id}:profile",
            f"Read the profile of {label}: mandate, structure, key people, recent developments",
            partner_source,
            PROFILE_DUE,
        ),
        item(
            f"partner:{organisation.id}:last-meeting",
            *_last_meeting(session, organisation, label, today),
            LAST_MEETING_DUE,
        ),
    ]
    for proposal in open_proposals(session, [organisation.id or 0]):
        next_step = proposal.next_step or "none recorded"
        proposed.append(
            item(
                f"proposal:{proposal.id}",
                f"Prepare our position on the open proposal “{proposal.title}” "
                f"({proposal.kind}, {proposal.status}); next step: {next_step}",
                f"proposal: {proposal.title}",
                PROPOSAL_DUE,
            )
        )
    for action in pending_action_items(session, [organisation.id or 0]):
        if action.id in seen_actions:
            continue
        seen_actions.add(action.id or 0)
        proposed.append(
            item(
                f"action:{action.id}",
                _action_text(action),
                _action_source(session, action),
                ACTION_DUE,
            )
        )
    for person in people_of(session, organisation.id or 0):
        who = ", ".join(part for part in (person.full_name, person.position) if part)
        known = f" (on record: {person.form_of_address})" if person.form_of_address else ""
        proposed.append(
            item(
                f"person:{person.id}:address",
                f"Confirm the form of address and the attendance of {who}{known}",
                f"person: {person.full_name}",
                PERSON_DUE,
            )
        )
    return proposed


def _last_meeting(
    session: Session, organisation: Organisation, label: str, today: date
) -> tuple[str, str]:
    """The text and source of the item reviewing the last meeting held with a partner."""
    last = session.execute(
        select(col(Meeting.title), col(Meeting.starts_at), col(Meeting.date_precision))
        .join(MeetingPartner, col(MeetingPartner.meeting_id) == col(Meeting.id))
        .where(
            col(MeetingPartner.organisation_id) == organisation.id,
            col(Meeting.status) == "held",
            col(Meeting.starts_at) < datetime.combine(today + timedelta(days=1), time()),
        )
        .order_by(col(Meeting.starts_at).desc(), col(Meeting.id).desc())
        .limit(1)
    ).first()
    if last is None:
        return (
            f"Review the history with {label}: no earlier meeting on record",
            f"partner: {organisation.name}",
        )
    when = show_date(last.starts_at, last.date_precision)
    return f"Review the last meeting with {label}: {when}, “{last.title}”", f"meeting: {last.title}"


def _action_text(action: ActionItem) -> str:
    details = ", ".join(
        part
        for part in (
            f"owner {action.owner}" if action.owner else "",
            f"due {show_date(action.due_on)}" if action.due_on else "",
        )
        if part
    )
    details = f" ({details})" if details else ""
    if action.side == "theirs":
        return f"Ask how their commitment stands: {action.text}{details}"
    return f"Report on our commitment: {action.text}{details}"


def _action_source(session: Session, action: ActionItem) -> str:
    meeting = session.get(Meeting, action.meeting_id) if action.meeting_id else None
    return f"action item, {meeting.title}" if meeting else "action item"
