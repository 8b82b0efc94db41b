"""Which records a checklist item was drawn from, so that an export up to a handling marking
leaves out the items that would tell of a record above it.

A generated item names its record in its key (db.checklists.proposed): `partner:ID:…`,
`proposal:ID`, `action:ID`, `person:ID:address`, and a template item about a signing ends in
`:proposal:ID`. Every item under a partner's "Briefing" section tells of that partner, and the
item reviewing the last meeting with a partner names that meeting in its source.
"""

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.documents.cleared import MarkedRecord, MarkedT, UpTo
from db.models import (
    ActionItem,
    ChecklistItem,
    Meeting,
    MeetingPartner,
    Organisation,
    Person,
    Proposal,
)

_Marked = type[Organisation] | type[Proposal] | type[Person] | type[Meeting]
_LAST_MEETING = "meeting: "


def _number(text: str) -> int | None:
    return int(text) if text.isdecimal() and len(text) < 19 else None


def _named(key: str) -> list[tuple[_Marked, int]]:
    """The records a key names directly (an action item's are looked up later)."""
    kind, _, rest = key.partition(":")
    first = _number(rest.split(":", 1)[0])
    if kind == "template" and ":proposal:" in key:
        signing = _number(key.rsplit(":proposal:", 1)[1])
        return [(Proposal, signing)] if signing is not None else []
    if first is None:
        return []
    model: dict[str, _Marked] = {"partner": Organisation, "proposal": Proposal, "person": Person}
    return [(model[kind], first)] if kind in model else []


def _partner_sections(session: Session, checklist_ids: set[int]) -> dict[tuple[int, str], int]:
    """The partner each "Briefing" section of these checklists is about, by its title."""
    rows = session.execute(
        select(
            col(ChecklistItem.checklist_id),
            col(ChecklistItem.section),
            col(ChecklistItem.source_key),
        ).where(
            col(ChecklistItem.checklist_id).in_(checklist_ids),
            col(ChecklistItem.source_key).like("partner:%"),
        )
    ).all()
    sections = {}
    for checklist_id, section, key in rows:
        partner = _number(key.split(":")[1])
        if partner is not None:
            sections[checklist_id, section] = partner
    return sections


def _sources(session: Session, items: Sequence[ChecklistItem]) -> dict[int, list[MarkedRecord]]:
    """The marked records each item (by id) was drawn from."""
    sections = _partner_sections(session, {item.checklist_id for item in items})
    named: dict[int, list[tuple[_Marked, int]]] = {}
    for item in items:
        partner = sections.get((item.checklist_id, item.section))
        section = [(Organisation, partner)] if partner is not None else []
        named[item.id or 0] = [*_named(item.source_key), *section]
    _add_actions(session, items, named)
    _add_last_meetings(session, items, named)
    return _loaded(session, named)


def _add_actions(
    session: Session, items: Sequence[ChecklistItem], named: dict[int, list[tuple[_Marked, int]]]
) -> None:
    """An action item tells of the meeting it was made at, its proposal and its partner."""
    items_of: dict[int, int] = {}
    for item in items:
        kind, _, rest = item.source_key.partition(":")
        action_id = _number(rest)
        if kind == "action" and action_id is not None:
            items_of[action_id] = item.id or 0
    for action in session.scalars(select(ActionItem).where(col(ActionItem.id).in_(items_of))):
        named[items_of[action.id or 0]] += [
            (model, record_id)
            for model, record_id in (
                (Meeting, action.meeting_id),
                (Proposal, action.proposal_id),
                (Organisation, action.partner_id),
            )
            if record_id is not None
        ]


def _add_last_meetings(
    session: Session, items: Sequence[ChecklistItem], named: dict[int, list[tuple[_Marked, int]]]
) -> None:
    """The review of the last meeting with a partner tells of that meeting (named by title)."""
    items_of: dict[tuple[int, str], int] = {}
    for item in items:
        kind, _, rest = item.source_key.partition(":")
        partner, _, what = rest.partition(":")
        partner_id = _number(partner)
        reviews = kind == "partner" and what == "last-meeting"
        if reviews and partner_id is not None and item.source.startswith(_LAST_MEETING):
            items_of[partner_id, item.source.removeprefix(_LAST_MEETING)] = item.id or 0
    if not items_of:
        return
    for meeting, partner_id in session.execute(
        select(Meeting, col(MeetingPartner.organisation_id))
        .join(MeetingPartner, col(MeetingPartner.meeting_id) == col(Meeting.id))
        .where(
            col(MeetingPartner.organisation_id).in_({partner for partner, _ in items_of}),
            col(Meeting.title).in_({title for _, title in items_of}),
        )
    ):
        item_id = items_of.get((partner_id, meeting.title))
        if item_id is not None:
            named[item_id].append((Meeting, meeting.id or 0))


def _with_ids(session: Session, model: type[MarkedT], ids: set[int]) -> Sequence[MarkedT]:
    if not ids:
        return ()
    return session.scalars(select(model).where(col(model.id).in_(ids))).all()


def _loaded(
    session: Session, named: dict[int, list[tuple[_Marked, int]]]
) -> dict[int, list[MarkedRecord]]:
    wanted: dict[_Marked, set[int]] = defaultdict(set)
    for refs in named.values():
        for model, record_id in refs:
            wanted[model].add(record_id)
    records: list[MarkedRecord] = [
        *_with_ids(session, Organisation, wanted[Organisation]),
        *_with_ids(session, Proposal, wanted[Proposal]),
        *_with_ids(session, Person, wanted[Person]),
        *_with_ids(session, Meeting, wanted[Meeting]),
    ]
    found = {(type(record), record.id or 0): record for record in records}
    return {
        item_id: [found[ref] for ref in dict.fromkeys(refs) if ref in found]
        for item_id, refs in named.items()
    }


def kept_items(
    session: Session, up_to: UpTo, items: Sequence[ChecklistItem]
) -> list[ChecklistItem]:
    """The items that tell of no record above the level, in their order. The records the
    others were drawn from are counted as left out; those of the items kept raise the export's
    marking."""
    sources = _sources(session, items)
    kept = []
    for item in items:
        records = sources[item.id or 0]
        above = [record for record in records if up_to.is_above(record.marking)]
        for record in above or records:
            up_to.keeps(record)
        if not above:
            kept.append(item)
    return kept
