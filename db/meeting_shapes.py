"""Plain shapes of meetings, notes and what was marked in them, for the UI (no ORM)."""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class MeetingRow:
    """A line of the Meetings list."""

    id: int
    when: str
    title: str
    kind: str
    partners: str
    place: str
    status: str
    notes: int
    # The handling marking: its level's name, "" for the lowest level.
    marking: str


@dataclass(frozen=True)
class Attendee:
    """Someone at the table: which side, which role (empty when not known)."""

    person_id: int
    name: str
    # The job ("Deputy Minister"), not the honorific.
    position: str
    organisation: str
    side: str
    role: str


@dataclass(frozen=True)
class NoteRow:
    """A note of a meeting; a live document also says whose it is and when it was saved."""

    id: int
    kind: str
    text: str
    taken: str
    is_live: bool
    author: str
    saved: str
    # The handling marking ("" for the lowest level): never lower than its meeting's.
    marking: str


@dataclass(frozen=True)
class LiveVersion:
    """Which live document an editor holds, at the version it last loaded or saved."""

    note_id: int
    version: int


@dataclass(frozen=True)
class LiveDocument:
    """A note-taker's live document of a meeting, as loaded."""

    id: int
    author: str
    text: str
    version: int
    saved: str
    # When the document was begun, in local time: the clock of a reopened document goes on.
    begun: datetime

    @property
    def seen(self) -> LiveVersion:
        return LiveVersion(self.id, self.version)


@dataclass(frozen=True)
class LiveSave:
    """Where a save of live notes went.

    `kept_apart_from` is set when the document the editor held was saved meanwhile by someone
    else (the same note-taker in another window, or another note-taker who took over a document
    nobody owned): it names whose that document is, and `saved` is then a new document of the
    editor's own holding its text. None when the save went into the document held.
    """

    saved: LiveVersion
    kept_apart_from: str | None = None


@dataclass(frozen=True)
class ActionItemRow:
    """An action item: who does what by when."""

    id: int
    text: str
    side: str
    owner: str
    due_on: date | None
    due: str
    done: bool
    partner_id: int | None
    partner: str
    meeting_id: int | None
    overdue: bool


@dataclass(frozen=True)
class MeetingProposalRow:
    """A proposal as a meeting or the note-taker sees it."""

    id: int
    title: str
    kind: str
    status: str
    proposed_by: str
    partner: str
    next_step: str


@dataclass(frozen=True)
class PartnerRef:
    """A partner organisation of a meeting."""

    id: int
    name: str


@dataclass(frozen=True)
class MeetingDetail:
    """Everything a meeting's page shows.

    `when` is the meeting's time where it happens and, when the user's clock reads otherwise,
    in the user's zone too, each with its end ("7 Oct 2025 09:00–11:00 Vienna · 15:00–17:00
    Ho Chi Minh"); `ends` is the end time when `when` does not hold it already.
    """

    id: int
    title: str
    kind: str
    when: str
    ends: str
    starts_at: datetime | None
    ends_at: datetime | None
    date_precision: str
    place: str
    status: str
    visit: str
    visit_id: int | None
    summary: str
    version: int
    partners: tuple[PartnerRef, ...]
    attendance: tuple[Attendee, ...]
    topics: tuple[str, ...]
    notes: tuple[NoteRow, ...]
    action_items: tuple[ActionItemRow, ...]
    proposals: tuple[MeetingProposalRow, ...]
    # The handling marking: its level's name, "" for the lowest level.
    marking: str
    # The IANA zone of the place where it happens; "" for the user's own.
    time_zone: str = ""
    # Who saved the last change, and on which day.
    changed_by: str = ""
    changed_on: str = ""


def person_label(name: str, position: str, organisation: str = "") -> str:
    """'Lê Quốc Hùng — Deputy Minister, Ministry of Public Security (VN)': the name, then the
    job (the position, never the honorific) and the organisation, as far as they are known."""
    details = ", ".join(part for part in (position, organisation) if part)
    return f"{name} — {details}" if details else name


@dataclass(frozen=True)
class PersonChoice:
    """A person offered when picking attendees: 'Peter Webinger — Director General, BMI (AT)'."""

    id: int
    name: str
    label: str
    organisation_id: int | None
    is_own: bool = False


@dataclass(frozen=True)
class TalkingPoints:
    """What is still open with a meeting's partners: shown beside the live notes."""

    proposals: tuple[MeetingProposalRow, ...]
    action_items: tuple[ActionItemRow, ...]


@dataclass(frozen=True)
class WrapUp:
    """What was marked in a meeting, to fix owners and dates in one place."""

    decisions: tuple[NoteRow, ...]
    commitments: tuple[ActionItemRow, ...]
    proposals: tuple[MeetingProposalRow, ...]
