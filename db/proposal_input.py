"""What the proposal forms hold, and how it is checked (pure Python, no ORM)."""

from dataclasses import dataclass, replace
from datetime import date

from db.errors import Invalid
from db.lifecycle import (
    PROPOSAL_KINDS,
    statuses,
)
from db.validation import choice, long_text, optional_line, required_line, run_checks
from db.vocab import PROPOSED_BY


@dataclass(frozen=True)
class ProposalInput:
    """The proposal form: what it is, who proposed it, with whom, who follows it up, by when."""

    title: str
    kind: str = "cooperation"
    proposed_by: str = ""
    partner_id: int | None = None
    status: str = "proposed"
    owner: str = ""
    next_step: str = ""
    due: str = ""
    description: str = ""
    # Since when the proposal has its starting status (a new proposal only): typed, as
    # precise as it is known ("Oct 2024"); never after today.
    since: str = "today"
    # The handling marking: a rank of the department's levels (checked where it is saved).
    marking: int = 0

    def cleaned(self, today: date | None = None) -> "ProposalInput":
        """Checked and cleaned (`due` becomes an ISO day or empty, `since` the form that parses
        back to the same date and precision); Invalid lists every problem."""
        from db.dates import parse_day

        problems: dict[str, str] = {}
        values = run_checks(
            problems,
            {
                "title": lambda: required_line("title", self.title, 500),
                "kind": lambda: choice("kind", self.kind, tuple(PROPOSAL_KINDS)),
                "proposed_by": lambda: choice("proposed_by", self.proposed_by, ("", *PROPOSED_BY)),
                "owner": lambda: optional_line("owner", self.owner, 200),
                "next_step": lambda: optional_line("next_step", self.next_step),
                "due": lambda: (
                    parse_day(self.due, today=today, field="due").isoformat()
                    if self.due.strip()
                    else ""
                ),
                "description": lambda: long_text("description", self.description),
                "since": lambda: _since(self.since, today),
            },
        )
        if "kind" in values and self.status not in statuses(self.kind):
            problems["status"] = f"a {self.kind} cannot be {self.status!r}"
        if problems:
            raise Invalid(problems)
        return replace(self, **values)


@dataclass(frozen=True)
class StatusChangeInput:
    """The move form: new status, when (typed), in which meeting, why."""

    new_status: str
    on: str = "today"
    meeting_id: int | None = None
    comment: str = ""
    allowed: tuple[str, ...] = ()

    def cleaned(self, today: date | None = None) -> "StatusChangeInput":
        """Checked; `on` becomes an ISO day. Invalid lists every problem."""
        from db.dates import parse_day
        from db.errors import Invalid

        problems: dict[str, str] = {}
        day = ""
        try:
            day = parse_day(self.on, today=today, field="on").isoformat()
        except Invalid as error:
            problems.update(error.problems)
        if self.new_status not in self.allowed:
            problems["new_status"] = f"must be one of: {', '.join(self.allowed) or 'none'}"
        try:
            comment = long_text("comment", self.comment, 5000)
        except Invalid as error:
            problems.update(error.problems)
            comment = ""
        if problems:
            raise Invalid(problems)
        return StatusChangeInput(self.new_status, day, self.meeting_id, comment, self.allowed)


def _since(typed: str, today: date | None) -> str:
    """The starting status's date as typed, checked: a day, a month or a year, not after
    today; returned in the form that parses back to the same."""
    from db.dates import parse_when, show_when_input

    today = today or date.today()
    when = parse_when(typed, today=today, field="since")
    if when.value.date() > today:
        raise Invalid({"since": f"“{typed.strip()}” is after today: the status cannot start later"})
    precision = "day" if when.precision == "minute" else when.precision
    return show_when_input(when.value, precision)
