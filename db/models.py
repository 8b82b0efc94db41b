"""SQLModel tables: the whole data model of bilateral.

Vocabularies are stored as plain strings (see db.vocab and db.lifecycle) so that a new
kind never needs a schema change. Dates known only to the year or month carry a
`*_precision` column beside them.
"""

import inspect
import uuid
from datetime import date, datetime
from typing import Any, Protocol, cast

from pydantic import NaiveDatetime
from sqlalchemy import Column, Index, MetaData, Table, UniqueConstraint, text
from sqlalchemy.orm import Mapped
from sqlalchemy.sql.schema import SchemaItem
from sqlmodel import Field, SQLModel, col

from db.clock import utcnow


class _TrailingColumns(SQLModel):
    """Base of the column mixins below. A model lists the fields it inherits before its own,
    but the tables have these columns last (the migrations that added them put them there):
    each table is built with them moved to the end, so that model and database agree column
    for column."""

    @classmethod
    def __table_cls__(
        cls, name: str, metadata: MetaData, *items: SchemaItem, **options: Any
    ) -> Table:
        own = inspect.get_annotations(cls)
        columns = [item for item in items if isinstance(item, Column)]
        return Table(
            name,
            metadata,
            *(column for column in columns if column.name in own),
            *(column for column in columns if column.name not in own),
            *(item for item in items if not isinstance(item, Column)),
            **options,
        )


class Versioned(_TrailingColumns):
    """A record saved with versioned updates (db.versioned): every save stamps `updated_at`
    and raises `version` by one, refused when the version is not the one the editor read."""

    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class ChangedBy(Versioned):
    """A versioned record that also remembers who saved its last change (stamped by db.engine
    from the config's `me`, else the login name)."""

    changed_by: str = ""


class Folded(_TrailingColumns):
    """A record whose list matches words in `folded`: its text without case or diacritics,
    kept by db.folded (a column added after the others)."""

    folded: str = ""


class Organisation(Folded, Versioned, table=True):
    """A partner organisation, or one of our own (is_own)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    short_name: str = ""
    kind: str = "other"
    country: str = ""
    parent_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="SET NULL")
    is_own: bool = False
    description: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    # Handling marking: a rank of db.markings' levels (0 = the lowest).
    marking: int = 0


def new_calendar_uid() -> str:
    """A calendar UID no other meeting anywhere has."""
    return f"{uuid.uuid4().hex}@bilateral"


class Milestone(SQLModel, table=True):
    """A relationship milestone: relations since 1975, strategic partnership 2011."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    year: int
    month: int | None = None
    day: int | None = None
    text: str


class Person(Folded, Versioned, table=True):
    """A person, with the name as written (diacritics kept)."""

    id: int | None = Field(default=None, primary_key=True)
    full_name: str
    sort_name: str = Field(default="", index=True)
    title: str = ""
    position: str = ""
    organisation_id: int | None = Field(
        default=None, foreign_key="organisation.id", index=True, ondelete="RESTRICT"
    )
    form_of_address: str = ""
    languages: str = ""
    protocol_notes: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    # How the name is said ("NWEN van LONG"), for briefs that list attendees.
    pronunciation: str = ""
    # Matched against calendar invitations' attendees; optional.
    email: str = ""
    phone: str = ""
    # Handling marking: a rank of db.markings' levels (0 = the lowest).
    marking: int = 0


class Topic(SQLModel, table=True):
    """A subject discussed: cybersecurity, extradition, border control."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)


class Visit(Versioned, table=True):
    """A delegation visit, incoming or outgoing; its programme is its meetings."""

    id: int | None = Field(default=None, primary_key=True)
    title: str
    direction: str
    level: str = ""
    status: str = "planned"
    starts_on: date | None = None
    ends_on: date | None = None
    date_precision: str = "day"
    head_person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    purpose: str = ""
    signing_proposal_id: int | None = Field(
        default=None, foreign_key="proposal.id", ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow)
    # Handling marking: a rank of db.markings' levels (0 = the lowest).
    marking: int = 0


class VisitLeg(SQLModel, table=True):
    """One stop of a visit: an organisation in a city, on some days."""

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True, ondelete="CASCADE")
    position: int = 0
    organisation_id: int | None = Field(
        default=None, foreign_key="organisation.id", ondelete="RESTRICT"
    )
    city: str = ""
    country: str = ""
    starts_on: date | None = None
    ends_on: date | None = None


class VisitMember(SQLModel, table=True):
    """A member of a visiting delegation."""

    visit_id: int = Field(foreign_key="visit.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True, ondelete="RESTRICT")
    role: str = "member"


class Meeting(Folded, ChangedBy, table=True):
    """A meeting held, planned or cancelled; its partners and attendance hang off it."""

    id: int | None = Field(default=None, primary_key=True)
    title: str
    kind: str = "working session"
    # Wall-clock time where the meeting takes place, as the officials typed it.
    starts_at: NaiveDatetime | None = Field(default=None, index=True)
    ends_at: NaiveDatetime | None = None
    date_precision: str = "minute"
    place: str = ""
    status: str = "planned"
    visit_id: int | None = Field(
        default=None, foreign_key="visit.id", index=True, ondelete="SET NULL"
    )
    summary: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    # IANA zone of the place where it happens ("Europe/Vienna"); empty: the user's own zone.
    time_zone: str = ""
    # The iCalendar UID: the same meeting keeps it across exports; an imported event keeps its own.
    calendar_uid: str = Field(default_factory=new_calendar_uid, index=True)
    # Handling marking: a rank of db.markings' levels (0 = the lowest).
    marking: int = 0


class MeetingPartner(SQLModel, table=True):
    """A partner organisation taking part in a meeting."""

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    organisation_id: int = Field(
        foreign_key="organisation.id", primary_key=True, index=True, ondelete="RESTRICT"
    )


class Attendance(SQLModel, table=True):
    """Who sat on which side of the table, in which role (empty when not known)."""

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(
        foreign_key="person.id", primary_key=True, index=True, ondelete="RESTRICT"
    )
    side: str
    role: str = ""


class MeetingTopic(SQLModel, table=True):
    """A topic on a meeting's agenda."""

    meeting_id: int = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    topic_id: int = Field(foreign_key="topic.id", primary_key=True, ondelete="CASCADE")


class Note(SQLModel, table=True):
    """Text typed during or after a meeting."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    kind: str = "note"
    text: str = ""
    # The document typed on the live-notes screen (one per meeting), as opposed to single notes.
    is_live: bool = False
    taken_at: datetime = Field(default_factory=utcnow)
    # Notes copied from older records may be known only to the year or month.
    taken_precision: str = "minute"
    # Not from Versioned and ChangedBy: this table has these columns in another order.
    updated_at: datetime = Field(default_factory=utcnow)
    changed_by: str = ""
    # Whose live document this is: each note-taker of a meeting types into their own.
    author: str = ""
    # Raised by every save of a live document, so that a save never overwrites one it has not seen.
    version: int = 1
    # Never lower than its meeting's (triggers keep it so).
    marking: int = 0


class Proposal(Folded, ChangedBy, table=True):
    """What one side offered or asked for, on the lifecycle of db.lifecycle."""

    id: int | None = Field(default=None, primary_key=True)
    title: str
    description: str = ""
    kind: str
    proposed_by: str = ""
    partner_id: int | None = Field(
        default=None, foreign_key="organisation.id", index=True, ondelete="RESTRICT"
    )
    status: str
    owner: str = ""
    next_step: str = ""
    due_on: date | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    # Handling marking: a rank of db.markings' levels (0 = the lowest).
    marking: int = 0


class ProposalMeeting(SQLModel, table=True):
    """A meeting where a proposal was raised or discussed."""

    proposal_id: int = Field(foreign_key="proposal.id", primary_key=True, ondelete="CASCADE")
    meeting_id: int = Field(
        foreign_key="meeting.id", primary_key=True, index=True, ondelete="CASCADE"
    )
    raised_here: bool = False


class ProposalTopic(SQLModel, table=True):
    """A topic a proposal belongs to."""

    proposal_id: int = Field(foreign_key="proposal.id", primary_key=True, ondelete="CASCADE")
    topic_id: int = Field(foreign_key="topic.id", primary_key=True, ondelete="CASCADE")


class StatusChange(SQLModel, table=True):
    """One dated step in a proposal's history, with the meeting where it happened."""

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True, ondelete="CASCADE")
    old_status: str = ""
    new_status: str
    changed_on: date | None = None
    date_precision: str = "day"
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL")
    comment: str = ""
    recorded_at: datetime = Field(default_factory=utcnow)


class ActionItem(SQLModel, table=True):
    """A commitment: who (which side, which person) does what by when."""

    # Today reads the open ones along their due dates.
    __table_args__ = (
        Index(
            "ix_actionitem_open_due",
            "due_on",
            "id",
            sqlite_where=text("NOT done"),
            postgresql_where=text("NOT done"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    text: str
    side: str = "ours"
    owner_person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    owner: str = ""
    due_on: date | None = None
    done: bool = False
    done_on: date | None = None
    meeting_id: int | None = Field(
        default=None, foreign_key="meeting.id", index=True, ondelete="SET NULL"
    )
    proposal_id: int | None = Field(
        default=None, foreign_key="proposal.id", index=True, ondelete="SET NULL"
    )
    partner_id: int | None = Field(
        default=None, foreign_key="organisation.id", index=True, ondelete="SET NULL"
    )
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Checklist(SQLModel, table=True):
    """The preparation checklist of one visit."""

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", unique=True, ondelete="CASCADE")
    template: str = "default"
    generated_at: datetime | None = None


class ChecklistItem(ChangedBy, table=True):
    """One thing to do before (or after) a visit, and where it came from."""

    id: int | None = Field(default=None, primary_key=True)
    checklist_id: int = Field(foreign_key="checklist.id", index=True, ondelete="CASCADE")
    section: str
    position: int = 0
    text: str
    due_offset: int | None = None
    due_on: date | None = None
    done: bool = False
    owner: str = ""
    source: str = "template"
    # Stable identity of a generated item, so regeneration keeps ticks and edits.
    source_key: str = Field(default="", index=True)
    edited: bool = False
    # A generated item the user deleted: kept so that regeneration does not bring it back.
    dismissed: bool = False


class Brief(ChangedBy, table=True):
    """What the user writes for the brief of a visit or of a single meeting (one of the two);
    the rest of the brief is assembled from the records."""

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int | None = Field(
        default=None, foreign_key="visit.id", unique=True, ondelete="CASCADE"
    )
    meeting_id: int | None = Field(
        default=None, foreign_key="meeting.id", unique=True, ondelete="CASCADE"
    )
    # Purpose in a few sentences, then the objectives.
    purpose: str = ""
    talking_points: str = ""
    # Their likely objectives, each with our response.
    their_objectives: str = ""
    press_line: str = ""
    # The handling marking printed on the cover (free text).
    handling: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class MarkingLevel(SQLModel, table=True):
    """One handling marking of the department's ordered list (rank 0 the lowest)."""

    rank: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    name: str = Field(unique=True)


class Clearance(SQLModel, table=True):
    """On the team server: the highest marking a PostgreSQL role may see."""

    role_name: str = Field(primary_key=True)
    up_to: int


class Draft(SQLModel, table=True):
    """What someone typed in a record form and has not saved yet, kept against a crash."""

    __table_args__ = (UniqueConstraint("author", "form"),)

    id: int | None = Field(default=None, primary_key=True)
    author: str
    # The form and its record: "meeting:new", "partner:12", "status:7" …
    form: str
    # How the form is named to the user ("Edit meeting · Working session").
    title: str = ""
    # The form's fields as JSON: each widget id and its value.
    fields: str = "{}"
    saved_at: datetime = Field(default_factory=utcnow)


class ChangeSignal(SQLModel, table=True):
    """A saved change as the other open sessions hear of it (db.change_feed): who saved it, in
    which tables, from which session. Only the newest are kept."""

    id: int | None = Field(default=None, primary_key=True)
    saved_at: datetime = Field(default_factory=utcnow)
    actor: str = ""
    # The tables the change touched, comma-separated ("checklistitem,visit").
    tables: str = ""
    # The session that saved it (db.engine.Database.origin), so that it ignores its own.
    origin: str = ""


class _Stored(Protocol):
    id: int | None


def require_id(record: _Stored) -> int:
    """The id of a stored record: None only before its first flush, which is a bug here."""
    if record.id is None:
        raise AssertionError(f"{type(record).__name__} has no id: it was not flushed")
    return record.id


def id_col(column: int | None) -> Mapped[int]:
    """A primary-key `id` column in a query (as `sqlmodel.col`): SQLModel types the attribute
    `int | None` for records not yet flushed, but a stored row always has one."""
    return cast("Mapped[int]", col(column))
