"""What a brief and a visit report say, as plain values read from the records (no ORM): the
layout turns them into headings, tables and lines."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PersonLine:
    """A member of a delegation or a partner's official, with the name as written."""

    name: str
    title: str
    position: str
    organisation: str
    form_of_address: str
    languages: str
    pronunciation: str
    # "head", "member", "note-taker", "interpreter", or "" when not known.
    role: str = ""


@dataclass(frozen=True)
class Delegations:
    """Both sides in order of precedence, each side's head first."""

    ours: tuple[PersonLine, ...]
    theirs: tuple[PersonLine, ...]


@dataclass(frozen=True)
class Cover:
    """The first lines of a document: what, when, where, who leads, and who prepared it."""

    title: str
    dates: str
    places: tuple[str, ...]
    level: str
    direction: str
    our_head: str
    their_head: str
    prepared_on: str
    prepared_by: str
    handling: str


@dataclass(frozen=True)
class WrittenTexts:
    """The four texts the user writes for a brief ("" when not written yet)."""

    purpose: str
    talking_points: str
    their_objectives: str
    press_line: str


@dataclass(frozen=True)
class ProgrammeItem:
    """A meeting of the programme, at its local time."""

    when: str
    title: str
    kind: str
    status: str
    place: str
    partners: str
    attendees: tuple[str, ...]


@dataclass(frozen=True)
class MeetingHeld:
    """A past meeting with a partner: who was there, its outcome and its decisions."""

    when: str
    title: str
    place: str
    attendees: tuple[str, ...]
    outcome: str
    decisions: tuple[str, ...]


@dataclass(frozen=True)
class Commitment:
    """An action item: what one side committed to, who owns it and by when."""

    text: str
    side: str
    owner: str
    partner: str
    due: str
    done: bool
    done_on: str
    overdue: bool


@dataclass(frozen=True)
class StatusMove:
    """A dated step of a proposal's history."""

    when: str
    old_status: str
    new_status: str
    meeting: str
    comment: str


@dataclass(frozen=True)
class ProposalLine:
    """An open proposal or agreement with where it stands and how it got there."""

    title: str
    kind: str
    status: str
    proposed_by: str
    owner: str
    next_step: str
    due: str
    overdue: bool
    history: tuple[StatusMove, ...]


@dataclass(frozen=True)
class Milestone:
    """A dated step of the relationship."""

    when: str
    text: str


@dataclass(frozen=True)
class TopicRaised:
    """A topic of earlier meetings with a partner, and when it last came up."""

    name: str
    last_raised: str


@dataclass(frozen=True)
class PartnerDossier:
    """What to know about one partner before meeting them."""

    name: str
    short_name: str
    country: str
    kind: str
    description: str
    milestones: tuple[Milestone, ...]
    people: tuple[PersonLine, ...]
    # People of the partner not listed, beyond the first ones.
    more_people: int
    meetings: tuple[MeetingHeld, ...]
    commitments: tuple[Commitment, ...]
    proposals: tuple[ProposalLine, ...]
    topics: tuple[TopicRaised, ...]


@dataclass(frozen=True)
class ChecklistSectionStatus:
    """How far one section of the visit's checklist is."""

    title: str
    done: int
    open: int
    overdue: int


@dataclass(frozen=True)
class Marking:
    """What a document holds at its level: the highest handling marking among its records
    (printed on every page), how many records above the level were left out, and the sentence
    saying so ("" when none was)."""

    highest: str
    left_out: int
    left_out_note: str


@dataclass(frozen=True)
class BriefContent:
    """A brief before a visit, or before a single meeting (`of_meeting`); `checklist` is None
    for a meeting, empty for a visit without a checklist yet."""

    of_meeting: bool
    cover: Cover
    texts: WrittenTexts
    programme: tuple[ProgrammeItem, ...]
    delegations: Delegations
    partners: tuple[PartnerDossier, ...]
    checklist: tuple[ChecklistSectionStatus, ...] | None
    marking: Marking


@dataclass(frozen=True)
class ProposalRaised:
    """A proposal raised in a meeting, with its status now."""

    title: str
    kind: str
    proposed_by: str
    status: str


@dataclass(frozen=True)
class ProposalMoved:
    """A status change recorded at a meeting."""

    title: str
    old_status: str
    new_status: str
    when: str


@dataclass(frozen=True)
class MeetingRecord:
    """The record of discussion of one meeting held during a visit."""

    when: str
    title: str
    kind: str
    place: str
    ours: tuple[str, ...]
    theirs: tuple[str, ...]
    outcome: str
    decisions: tuple[str, ...]
    commitments: tuple[Commitment, ...]
    raised: tuple[ProposalRaised, ...]
    moved: tuple[ProposalMoved, ...]


@dataclass(frozen=True)
class ReportContent:
    """The visit report: the record of each meeting held, then the open follow-ups."""

    cover: Cover
    purpose: str
    meetings: tuple[MeetingRecord, ...]
    # Meetings of the programme not held: "Title (cancelled)".
    not_held: tuple[str, ...]
    follow_ups: tuple[Commitment, ...]
    marking: Marking
