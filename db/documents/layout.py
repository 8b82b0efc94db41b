"""How a brief reads: its sections in order, as headings, fields, tables and lines (the parts
the visit report shares are here too)."""

from collections.abc import Iterator, Sequence

from db.documents.blocks import Block, Document, Fields, Heading, Inline, Paragraph, Strong, Table
from db.documents.shapes import (
    BriefContent,
    ChecklistSectionStatus,
    Commitment,
    Cover,
    Marking,
    PartnerDossier,
    PersonLine,
    ProgrammeItem,
    ProposalLine,
)

NOT_WRITTEN = "(not written yet)"
NONE_RECORDED = "None recorded."
DASH = "—"


def lines(*parts: str) -> str:
    """The parts that are not empty, one a line."""
    return "\n".join(part for part in parts if part)


def cover_fields(cover: Cover, noun: str) -> Fields:
    """The cover: what, when, where, who leads, and who prepared it."""
    return Fields(
        (
            (noun, cover.title),
            ("Dates", cover.dates or DASH),
            ("Places", "\n".join(cover.places) or DASH),
            ("Level", cover.level or DASH),
            ("Direction", cover.direction or DASH),
            ("Head of our delegation", cover.our_head or DASH),
            ("Head of their delegation", cover.their_head or DASH),
            ("Prepared on", cover.prepared_on),
            ("Prepared by", cover.prepared_by or DASH),
            ("Handling", cover.handling or DASH),
        )
    )


def opening(cover: Cover, noun: str, marking: Marking) -> list[Block]:
    """The cover, then the line saying how many records above the level were left out."""
    blocks: list[Block] = [cover_fields(cover, noun)]
    if marking.left_out_note:
        blocks.append(Paragraph(marking.left_out_note, muted=True))
    return blocks


def written(title: str, text: str) -> Iterator[Block]:
    """A section the user writes, or a line saying it is not written yet."""
    yield Heading(1, title)
    yield Paragraph(text) if text.strip() else Paragraph(NOT_WRITTEN, muted=True)


def nothing(text: str = NONE_RECORDED) -> Paragraph:
    """A line standing in for what the records do not hold."""
    return Paragraph(text, muted=True)


def people_table(people: Sequence[PersonLine]) -> Block:
    """People with their names as written, titles, forms of address and languages."""
    if not people:
        return nothing("No one recorded yet.")
    return Table(
        ("Name", "Title and position", "Form of address", "Languages"),
        tuple(
            (
                lines(
                    f"{p.name} ({p.role})" if p.role else p.name,
                    f"Pronounced: {p.pronunciation}" if p.pronunciation else "",
                ),
                lines(", ".join(part for part in (p.title, p.position) if part), p.organisation),
                p.form_of_address,
                p.languages,
            )
            for p in people
        ),
        (3, 4, 2, 2),
    )


def state(item: Commitment) -> Inline:
    """Open, OVERDUE, or done and when."""
    if item.done:
        return lines("done", item.done_on)
    return (Strong("OVERDUE"),) if item.overdue else "open"


def commitments_table(items: Sequence[Commitment], *, with_side: bool = False) -> Block:
    """Commitments with their owners and due days (open first, overdue marked)."""
    if not items:
        return nothing()
    if with_side:
        return Table(
            ("Commitment", "Side", "Owner", "Partner", "Due", "State"),
            tuple((i.text, i.side, i.owner, i.partner, i.due, state(i)) for i in items),
            (6, 1, 2, 2, 2, 2),
        )
    return Table(
        ("Commitment", "Owner", "Due", "State"),
        tuple((i.text, i.owner, i.due, state(i)) for i in items),
        (7, 2, 2, 2),
    )


def _programme(items: Sequence[ProgrammeItem]) -> Block:
    if not items:
        return nothing("No meeting on the programme yet.")
    return Table(
        ("When (local time)", "Meeting", "Place", "Partners", "Attending"),
        tuple(
            (
                m.when,
                lines(m.title, f"{m.kind}, {m.status}"),
                m.place,
                m.partners,
                "\n".join(m.attendees),
            )
            for m in items
        ),
        (3, 4, 2, 3, 3),
    )


def _history(proposal: ProposalLine) -> str:
    return "\n".join(
        lines(
            f"{step.when or 'undated'}: "
            + (f"{step.old_status} → {step.new_status}" if step.old_status else step.new_status),
            step.meeting,
        )
        for step in proposal.history
    )


def _proposals(proposals: Sequence[ProposalLine]) -> Block:
    if not proposals:
        return nothing("No open proposal or agreement.")
    return Table(
        ("Proposal", "Status and next step", "Due", "History"),
        tuple(
            (
                lines(p.title, ", ".join(part for part in (p.kind, p.proposed_by) if part)),
                lines(
                    p.status,
                    f"Next step: {p.next_step}" if p.next_step else "",
                    f"Owner: {p.owner}" if p.owner else "",
                ),
                (p.due, "\n", Strong("OVERDUE")) if p.overdue else p.due,
                _history(p),
            )
            for p in proposals
        ),
        (4, 3, 2, 4),
    )


def _meetings_held(partner: PartnerDossier) -> Block:
    if not partner.meetings:
        return nothing("No meeting held with them yet.")
    rows = []
    for m in partner.meetings:
        outcome: list[str | Strong] = [m.outcome] if m.outcome else []
        for decision in m.decisions:
            outcome += ["\n" if outcome else "", Strong("Decision: "), decision]
        rows.append(
            (
                m.when,
                lines(m.title, m.place, "With: " + ", ".join(m.attendees) if m.attendees else ""),
                tuple(outcome) or DASH,
            )
        )
    return Table(("When", "Meeting", "Outcome and decisions"), tuple(rows), (2, 4, 7))


def _partner(partner: PartnerDossier) -> Iterator[Block]:
    name = f"{partner.name} ({partner.short_name})" if partner.short_name else partner.name
    yield Heading(2, name)
    yield Fields(
        (
            ("Country", partner.country or DASH),
            ("Kind", partner.kind or DASH),
            ("Profile", partner.description or DASH),
        )
    )
    yield Heading(3, "Relationship milestones")
    yield (
        Table(("When", "Milestone"), tuple((m.when, m.text) for m in partner.milestones), (1, 6))
        if partner.milestones
        else nothing()
    )
    yield Heading(3, "People")
    yield people_table(partner.people)
    if partner.more_people:
        yield nothing(f"… and {partner.more_people} more.")
    yield Heading(3, "Last meetings held")
    yield _meetings_held(partner)
    for side, title in (("ours", "Our commitments"), ("theirs", "Their commitments")):
        yield Heading(3, title)
        yield commitments_table([c for c in partner.commitments if c.side == side])
    yield Heading(3, "Open proposals and agreements")
    yield _proposals(partner.proposals)
    yield Heading(3, "Topics raised before")
    yield (
        Paragraph(", ".join(f"{t.name} ({t.last_raised})" for t in partner.topics))
        if partner.topics
        else nothing()
    )


def _checklist(sections: Sequence[ChecklistSectionStatus]) -> Iterator[Block]:
    yield Heading(1, "Checklist")
    if not sections:
        yield nothing("No checklist yet.")
        return
    rows: list[tuple[Inline, ...]] = [
        (s.title, str(s.done), str(s.open), (Strong(str(s.overdue)),) if s.overdue else "0")
        for s in sections
    ]
    totals = (sum(s.done for s in sections), sum(s.open for s in sections))
    late = sum(s.overdue for s in sections)
    rows.append(((Strong("All sections"),), *map(str, totals), str(late)))
    yield Table(("Section", "Done", "Open", "Overdue"), tuple(rows), (6, 1, 1, 1))


def brief_document(content: BriefContent) -> Document:
    """The brief, section by section."""
    noun = "Meeting" if content.of_meeting else "Visit"
    blocks = opening(content.cover, noun, content.marking)
    texts = content.texts
    blocks += written("Purpose and objectives", texts.purpose)
    blocks += written("Our talking points", texts.talking_points)
    blocks += written("Their likely objectives and our responses", texts.their_objectives)
    blocks += written("Press line", texts.press_line)
    blocks += [Heading(1, "Programme"), _programme(content.programme)]
    blocks += [
        Heading(1, "Delegations"),
        Heading(2, "Our delegation"),
        people_table(content.delegations.ours),
        Heading(2, "Their delegation"),
        people_table(content.delegations.theirs),
    ]
    blocks.append(Heading(1, "Partners"))
    if not content.partners:
        blocks.append(nothing("No partner on the programme yet."))
    for partner in content.partners:
        blocks += _partner(partner)
    if content.checklist is not None:
        blocks += _checklist(content.checklist)
    kind = "Meeting brief" if content.of_meeting else "Brief"
    return Document(f"{kind}: {content.cover.title}", content.marking.highest, tuple(blocks))
