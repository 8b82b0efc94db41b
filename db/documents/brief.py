"""The brief before a visit or a single meeting, read from the records and from what the user
wrote for it."""

from datetime import date

from sqlalchemy.orm import Session

from db.dates import show_days
from db.documents.cleared import UpTo
from db.documents.dossiers import partner_dossiers
from db.documents.parts import (
    checklist_status,
    delegations,
    make_cover,
    meeting_when,
    partners_not_own,
    programme,
    visit_delegations,
    visit_meetings,
    visit_partner_ids,
    visit_places,
    written_brief,
    written_texts,
)
from db.documents.shapes import BriefContent
from db.engine import Database
from db.lookups import existing
from db.meetings import meeting_partner_ids
from db.models import Meeting, Visit


def assemble_brief(
    database: Database,
    *,
    visit_id: int | None = None,
    meeting_id: int | None = None,
    prepared_by: str,
    today: date,
    up_to: int | None = None,
) -> BriefContent:
    """The brief of a visit, or of a meeting: give exactly one of the two ids. Only records up
    to the handling marking of rank `up_to` go in (None: every record). NotFound when the visit
    or meeting does not exist, AboveTheLevel when it is marked above the level."""
    if (visit_id is None) == (meeting_id is None):
        raise ValueError("a brief is of a visit or of a meeting: give exactly one of the two ids")
    with database.reading() as session:
        cut = UpTo.read(session, up_to)
        if visit_id is not None:
            return _visit_brief(session, cut, visit_id, prepared_by, today)
        assert meeting_id is not None
        return _meeting_brief(session, cut, meeting_id, prepared_by, today)


def _visit_brief(
    session: Session, cut: UpTo, visit_id: int, prepared_by: str, today: date
) -> BriefContent:
    visit = existing(
        session, Visit, visit_id, f"There is no visit {visit_id} (it may have been deleted)."
    )
    cut.refuse_above(visit, f"Visit {visit_id}")
    brief = written_brief(session, visit_id=visit_id)
    meetings = visit_meetings(session, cut, visit_id)
    sides = visit_delegations(session, cut, visit, [meeting.id or 0 for meeting in meetings])
    partners = partners_not_own(session, visit_partner_ids(session, cut, visit_id))
    cover = make_cover(
        title=visit.title,
        dates=show_days(visit.starts_on, visit.ends_on, visit.date_precision),
        places=visit_places(session, cut, visit_id),
        visit=visit,
        sides=sides,
        brief=brief,
        prepared_by=prepared_by,
        today=today,
    )
    return BriefContent(
        of_meeting=False,
        cover=cover,
        texts=written_texts(brief),
        programme=programme(session, cut, meetings),
        delegations=sides,
        partners=partner_dossiers(session, cut, partners, today),
        checklist=checklist_status(session, cut, visit_id, today),
        marking=cut.summary(),
    )


def _meeting_brief(
    session: Session, cut: UpTo, meeting_id: int, prepared_by: str, today: date
) -> BriefContent:
    meeting = existing(
        session,
        Meeting,
        meeting_id,
        f"There is no meeting {meeting_id} (it may have been deleted).",
    )
    cut.refuse_above(meeting, f"Meeting {meeting_id}")
    visit = session.get(Visit, meeting.visit_id) if meeting.visit_id else None
    brief = written_brief(session, meeting_id=meeting_id)
    sides = delegations(session, cut, head_person_id=None, members=(), meeting_ids=[meeting_id])
    partners = partners_not_own(session, meeting_partner_ids(session, meeting_id))
    cover = make_cover(
        title=meeting.title,
        dates=meeting_when(meeting),
        places=(meeting.place,) if meeting.place else (),
        visit=visit if visit is not None and cut.keeps(visit) else None,
        sides=sides,
        brief=brief,
        prepared_by=prepared_by,
        today=today,
    )
    return BriefContent(
        of_meeting=True,
        cover=cover,
        texts=written_texts(brief),
        programme=programme(session, cut, [meeting]),
        delegations=sides,
        partners=partner_dossiers(session, cut, partners, today, skip=[meeting_id]),
        checklist=None,
        marking=cut.summary(),
    )
