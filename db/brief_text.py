"""What the user writes for a brief: the purpose, talking points, their likely objectives, the
press line and the handling marking, for a visit or for a single meeting.

The rest of a brief is assembled from the records (db.documents). The ORM is imported inside
the functions, so that forms can import the input and the shape at once.
"""

from dataclasses import dataclass, fields, replace
from functools import partial
from typing import TYPE_CHECKING

from db.errors import Invalid
from db.validation import long_text, optional_line, run_checks

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from db.engine import Database
    from db.models import Brief

# The handling marking printed on the cover ("RESTRICTED", "For the Minister only").
HANDLING_MAX = 80
# The texts the user writes, in the order a brief prints them.
TEXTS = ("purpose", "talking_points", "their_objectives", "press_line")


@dataclass(frozen=True)
class BriefText:
    """A brief's own text as saved; `version` is 0 while nothing was ever saved."""

    purpose: str = ""
    talking_points: str = ""
    their_objectives: str = ""
    press_line: str = ""
    handling: str = ""
    version: int = 0


@dataclass(frozen=True)
class BriefTextInput:
    """The brief's text form: four texts of several lines, and the handling marking."""

    purpose: str = ""
    talking_points: str = ""
    their_objectives: str = ""
    press_line: str = ""
    handling: str = ""

    def cleaned(self) -> "BriefTextInput":
        """Checked and cleaned (control characters gone, blanks around trimmed); Invalid
        names every field that is too long."""
        problems: dict[str, str] = {}
        checks = {name: partial(long_text, name, getattr(self, name)) for name in TEXTS}
        checks["handling"] = partial(optional_line, "handling", self.handling, HANDLING_MAX)
        values = run_checks(problems, checks)
        if problems:
            raise Invalid(problems)
        return replace(self, **values)


def read_brief_text(
    database: "Database", *, visit_id: int | None = None, meeting_id: int | None = None
) -> BriefText:
    """The brief's own text of the visit or of the meeting (empty, version 0, when none was
    saved yet). NotFound when the visit or meeting does not exist."""
    owner = _Owner.of(visit_id, meeting_id)
    with database.reading() as session:
        owner.check_exists(session, f"This {owner.noun} no longer exists.")
        brief = owner.brief(session)
    if brief is None:
        return BriefText()
    return BriefText(**{f.name: getattr(brief, f.name) for f in fields(BriefText)})


def save_brief_text(
    database: "Database",
    data: BriefTextInput,
    *,
    visit_id: int | None = None,
    meeting_id: int | None = None,
    expected_version: int,
) -> int:
    """Save the brief's own text of the visit or meeting, as read at `expected_version` (0:
    never saved); returns the brief's id. StaleEdit when someone saved it meanwhile; NotFound
    when the visit or meeting was deleted; Invalid when a text is too long."""
    from sqlalchemy.exc import IntegrityError

    from db.errors import StaleEdit
    from db.lookups import added
    from db.models import Brief, require_id
    from db.versioned import update_versioned

    owner = _Owner.of(visit_id, meeting_id)
    clean = data.cleaned()

    def work(session: "Session") -> int:
        owner.check_exists(
            session, f"This {owner.noun} was deleted by someone else; nothing was saved."
        )
        values = {f.name: getattr(clean, f.name) for f in fields(BriefTextInput)}
        # Briefs are not among the records db.engine stamps by itself.
        values["changed_by"] = session.info.get("actor", "")
        brief = owner.brief(session)
        if brief is not None:
            update_versioned(session, Brief, require_id(brief), expected_version, values, "brief")
            return require_id(brief)
        if expected_version != 0:
            raise StaleEdit.of("brief")
        try:
            return added(session, Brief(visit_id=visit_id, meeting_id=meeting_id, **values))
        except IntegrityError as error:  # someone else wrote the first one at the same moment
            raise StaleEdit.of("brief") from error

    return database.write(work)


@dataclass(frozen=True)
class _Owner:
    """The visit or the meeting a brief belongs to."""

    visit_id: int | None
    meeting_id: int | None

    @classmethod
    def of(cls, visit_id: int | None, meeting_id: int | None) -> "_Owner":
        if (visit_id is None) == (meeting_id is None):
            raise ValueError("a brief belongs to a visit or to a meeting: give exactly one")
        return cls(visit_id, meeting_id)

    @property
    def noun(self) -> str:
        return "visit" if self.visit_id is not None else "meeting"

    def check_exists(self, session: "Session", missing: str) -> None:
        from db.lookups import existing
        from db.models import Meeting, Visit

        if self.visit_id is not None:
            existing(session, Visit, self.visit_id, missing)
        elif self.meeting_id is not None:
            existing(session, Meeting, self.meeting_id, missing)

    def brief(self, session: "Session") -> "Brief | None":
        from sqlalchemy import select
        from sqlmodel import col

        from db.models import Brief

        if self.visit_id is not None:
            mine = col(Brief.visit_id) == self.visit_id
        else:
            mine = col(Brief.meeting_id) == self.meeting_id
        return session.scalars(select(Brief).where(mine)).first()
