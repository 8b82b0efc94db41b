"""What the meeting form holds, and how it is checked (pure Python, no ORM)."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from db.dates import When, parse_when
from db.errors import Invalid
from db.validation import long_text, optional_line, required_line, run_checks
from db.vocab import ATTENDANCE_ROLES, MEETING_KINDS, MEETING_STATUSES, SIDES
from db.zones import check_zone

TIME_ONLY = ("%H:%M", "%H.%M")


@dataclass(frozen=True)
class AttendeeInput:
    """A person at the meeting, on a side, in a role ('' when not known)."""

    person_id: int
    side: str
    role: str = ""
    name: str = ""


@dataclass(frozen=True)
class MeetingInput:
    """The meeting form's values; `starts`/`ends` are text as typed, the wall-clock time in
    `time_zone` (an IANA name; "" is the user's own zone)."""

    title: str
    kind: str = "working session"
    starts: str = ""
    ends: str = ""
    place: str = ""
    status: str = "planned"
    summary: str = ""
    visit_id: int | None = None
    partner_ids: tuple[int, ...] = ()
    attendees: tuple[AttendeeInput, ...] = ()
    topics: tuple[str, ...] = ()
    time_zone: str = ""
    # The handling marking: a rank of the department's levels (checked where it is saved).
    marking: int = 0
    start_when: When | None = field(default=None, compare=False)
    end_at: datetime | None = field(default=None, compare=False)

    def cleaned(self, today: date | None = None) -> "MeetingInput":
        """Checked and cleaned, with `start_when`/`end_at` parsed; Invalid lists every problem."""
        problems: dict[str, str] = {}
        values = run_checks(
            problems,
            {
                "title": lambda: required_line("title", self.title),
                "place": lambda: optional_line("place", self.place),
                "summary": lambda: long_text("summary", self.summary),
                "time_zone": lambda: check_zone(self.time_zone),
            },
        )
        if self.kind not in MEETING_KINDS:
            problems["kind"] = f"must be one of: {', '.join(MEETING_KINDS)}"
        if self.status not in MEETING_STATUSES:
            problems["status"] = f"must be one of: {', '.join(MEETING_STATUSES)}"
        start: When | None = None
        if self.starts.strip():
            try:
                start = parse_when(self.starts, today=today, field="starts")
            except Invalid as error:
                problems.update(error.problems)
        elif self.status == "held":
            problems["starts"] = "a held meeting needs a date (at least the year)"
        end = None
        if self.ends.strip():
            end = self._parse_end(start, today, problems)
        seen: set[int] = set()
        for attendee in self.attendees:
            if attendee.side not in SIDES or attendee.role not in (*ATTENDANCE_ROLES, ""):
                problems["attendees"] = f"{attendee.name or 'someone'} has no valid side or role"
            if attendee.person_id in seen:
                problems["attendees"] = f"{attendee.name or 'someone'} is listed twice"
            seen.add(attendee.person_id)
        # Topics keep the case they were typed in (Interpol, EU); the same topic typed twice in
        # another case is kept once.
        topics: list[str] = []
        for topic in self.topics:
            try:
                name = optional_line("topics", topic, 80)
            except Invalid as error:
                problems.update(error.problems)
                continue
            if name and name.casefold() not in {known.casefold() for known in topics}:
                topics.append(name)
        if problems:
            raise Invalid(problems)
        return replace(
            self,
            title=str(values["title"]),
            place=str(values["place"]),
            summary=str(values["summary"]),
            partner_ids=tuple(dict.fromkeys(self.partner_ids)),
            topics=tuple(topics),
            time_zone=str(values["time_zone"]),
            start_when=start,
            end_at=end,
        )

    def _parse_end(
        self, start: When | None, today: date | None, problems: dict[str, str]
    ) -> datetime | None:
        text = self.ends.strip()
        for pattern in TIME_ONLY:
            try:
                clock = datetime.strptime(text, pattern).time()
            except ValueError:
                continue
            if start is None or start.precision != "minute":
                problems["ends"] = "a time alone needs a start with a date and time"
                return None
            end = datetime.combine(start.value.date(), clock)
            break
        else:
            try:
                parsed = parse_when(text, today=today, field="ends")
            except Invalid as error:
                problems.update(error.problems)
                return None
            if parsed.precision != "minute":
                problems["ends"] = "give the end as a time (16:00) or a date and time"
                return None
            end = parsed.value
        if start is not None and end < start.value:
            problems["ends"] = "ends before it starts"
            return None
        return end


@dataclass(frozen=True)
class CommitmentInput:
    """A commitment made in a meeting: what, which side, who, by when (text as typed)."""

    text: str
    side: str = "ours"
    owner: str = ""
    due: str = ""
    partner_id: int | None = None
    due_on: date | None = field(default=None, compare=False)

    def cleaned(self, today: date | None = None) -> "CommitmentInput":
        """Checked, with `due_on` parsed; Invalid lists every problem."""
        from db.dates import parse_day

        problems: dict[str, str] = {}
        values = run_checks(
            problems,
            {
                "text": lambda: required_line("text", self.text, 2000),
                "owner": lambda: optional_line("owner", self.owner, 200),
            },
        )
        if self.side not in SIDES:
            problems["side"] = "must be ours or theirs"
        due_on = None
        if self.due.strip():
            try:
                due_on = parse_day(self.due, today=today, field="due")
            except Invalid as error:
                problems.update(error.problems)
        if problems:
            raise Invalid(problems)
        return replace(self, text=values["text"], owner=values["owner"], due_on=due_on)
