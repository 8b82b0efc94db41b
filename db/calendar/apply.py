"""Taking the chosen events of a calendar preview as planned meetings, all in one transaction:
with the partner chosen, the people matched as attendees, and the event's UID kept, so that an
event already here (same UID) is left as it is."""

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session

from db.calendar.read import CalendarPreview, EventPreview, uids_here
from db.calendar.scan import shown
from db.calendar.zones import is_iana_zone
from db.engine import Database
from db.errors import Invalid
from db.lookups import added, existing
from db.models import Attendance, Meeting, MeetingPartner, Organisation, Person, Visit
from db.validation import optional_line, required_line


@dataclass(frozen=True)
class CalendarImported:
    """The meetings an import created (their ids), and how many chosen events were here
    already and left unchanged."""

    created: tuple[int, ...]
    unchanged: int


def import_events(
    database: Database,
    preview: CalendarPreview,
    chosen_uids: Collection[str],
    *,
    visit_id: int | None = None,
    partner_id: int | None = None,
) -> CalendarImported:
    """Save the chosen events as planned meetings of the visit, with the partner; every one or
    none. NotFound when the visit, the partner or a matched person is not (any longer) here."""
    known = {event.uid for event in preview.events}
    strangers = sorted(set(chosen_uids) - known)
    if strangers:
        raise Invalid({"events": f"{shown(strangers[0])} is not an event of this calendar"})
    wanted = set(chosen_uids)
    chosen = [event for event in preview.events if event.uid in wanted]
    for event in chosen:
        _check(event)

    def work(session: Session) -> CalendarImported:
        # A visit's meetings are marked as the visit is, as when planned on its page.
        marking = 0
        if visit_id is not None:
            marking = existing(
                session, Visit, visit_id, f"Visit {visit_id} does not exist."
            ).marking
        if partner_id is not None:
            existing(session, Organisation, partner_id, f"Partner {partner_id} does not exist.")
        here = uids_here(session, [event.uid for event in chosen])
        created = []
        for event in chosen:
            if event.uid not in here:
                created.append(_meeting(session, event, visit_id, partner_id, marking))
                here.add(event.uid)
        return CalendarImported(tuple(created), len(chosen) - len(created))

    return database.write(work)


def _check(event: EventPreview) -> None:
    """The values of an event as the meeting form would take them; Invalid naming the event."""
    label = f"event {shown(event.uid)}"
    problems: list[str] = []
    try:
        required_line("title", event.title)
        optional_line("place", event.place)
    except Invalid as error:
        problems.extend(f"{field} {message}" for field, message in error.problems.items())
    if not is_iana_zone(event.time_zone):
        problems.append(f"{shown(event.time_zone)} is not a time zone")
    if event.ends_at is not None and event.ends_at < event.starts_at:
        problems.append("it ends before it starts")
    if problems:
        raise Invalid({label: "; ".join(problems)})


def _meeting(
    session: Session,
    event: EventPreview,
    visit_id: int | None,
    partner_id: int | None,
    marking: int,
) -> int:
    meeting_id = added(
        session,
        Meeting(
            title=event.title,
            kind="meeting",
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            date_precision="day" if event.all_day else "minute",
            place=event.place,
            status="planned",
            visit_id=visit_id,
            time_zone=event.time_zone,
            calendar_uid=event.uid,
            marking=marking,
        ),
    )
    if partner_id is not None:
        session.add(MeetingPartner(meeting_id=meeting_id, organisation_id=partner_id))
    attending = {match.person_id: match for match in event.attendees if match.person_id is not None}
    for person_id, match in attending.items():
        person = existing(
            session,
            Person,
            person_id,
            f"{match.person_name or 'An attendee'} was deleted meanwhile; nothing was imported.",
        )
        organisation = (
            session.get(Organisation, person.organisation_id) if person.organisation_id else None
        )
        side = "ours" if organisation is not None and organisation.is_own else "theirs"
        session.add(Attendance(meeting_id=meeting_id, person_id=person_id, side=side))
    return meeting_id
