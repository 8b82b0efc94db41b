"""How a visit report reads: the cover, then the record of each meeting held, then the open
follow-ups."""

from db.documents.blocks import Block, Bullets, Document, Fields, Heading, Paragraph, Table
from db.documents.layout import DASH, commitments_table, nothing, opening
from db.documents.shapes import MeetingRecord, ReportContent


def _record(meeting: MeetingRecord) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, meeting.title),
        Fields(
            (
                ("When", meeting.when),
                ("Place", meeting.place or DASH),
                ("Kind", meeting.kind),
                ("Our side", ", ".join(meeting.ours) or DASH),
                ("Their side", ", ".join(meeting.theirs) or DASH),
            )
        ),
        Heading(3, "Outcomes"),
        Paragraph(meeting.outcome) if meeting.outcome.strip() else nothing(),
        Heading(3, "Decisions"),
        Bullets(meeting.decisions) if meeting.decisions else nothing(),
        Heading(3, "Commitments made"),
        commitments_table(meeting.commitments, with_side=True),
        Heading(3, "Proposals raised"),
    ]
    blocks.append(
        Table(
            ("Proposal", "Kind", "Proposed by", "Status now"),
            tuple((p.title, p.kind, p.proposed_by, p.status) for p in meeting.raised),
            (6, 2, 2, 2),
        )
        if meeting.raised
        else nothing()
    )
    blocks.append(Heading(3, "Proposals moved"))
    blocks.append(
        Table(
            ("Proposal", "Change", "Date"),
            tuple(
                (
                    m.title,
                    f"{m.old_status} → {m.new_status}"
                    if m.old_status
                    else f"recorded as {m.new_status}",
                    m.when,
                )
                for m in meeting.moved
            ),
            (6, 3, 2),
        )
        if meeting.moved
        else nothing()
    )
    return blocks


def report_document(content: ReportContent) -> Document:
    """The visit report, meeting by meeting."""
    blocks = opening(content.cover, "Visit", content.marking)
    blocks += [
        Heading(1, "Purpose of the visit"),
        Paragraph(content.purpose) if content.purpose.strip() else nothing(),
        Heading(1, "Record of discussion"),
    ]
    if not content.meetings:
        blocks.append(nothing("No meeting of this visit is recorded as held."))
    for meeting in content.meetings:
        blocks += _record(meeting)
    if content.not_held:
        blocks += [Heading(2, "Not held"), Bullets(content.not_held)]
    blocks += [
        Heading(1, "Open follow-ups"),
        commitments_table(content.follow_ups, with_side=True)
        if content.follow_ups
        else nothing("No open follow-up."),
    ]
    title = f"Visit report: {content.cover.title}"
    return Document(title, content.marking.highest, tuple(blocks))
