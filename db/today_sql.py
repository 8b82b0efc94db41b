"""Today's statements in plain SQL, and the reader that makes their rows into a TodayView.

The reader runs them through any `Query`: a DB-API cursor opened before SQLAlchemy is even
imported (db.today_read_ahead) or a session's connection (db.today.today_view), so that both
show the very same rows. Nothing here imports SQLAlchemy.
"""

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, cast

from db.dates import show_date, show_days
from db.lifecycle import ALL_OPEN_STATUSES
from db.meeting_shapes import ActionItemRow
from db.today_shapes import TodayMeetingRow, TodayProposalRow, TodayView, TodayVisitRow

# Runs one statement (`?` placeholders) with its parameters; returns every row.
Query = Callable[[str, Sequence[object]], Sequence[Sequence[Any]]]

VISITS_AHEAD_DAYS = 90
ACTIONS_AHEAD_DAYS = 7
# An open proposal untouched for this long needs someone to push it (or close it).
STALE_AFTER_DAYS = 180
RECENT_MEETINGS = 5
LIMIT = 50
# The levels of a database whose list is empty, as db.markings reads them.
DEFAULT_LEVELS = ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL")

# 'BMI (AT)': an organisation's short name (else its name) and country.
PARTNER_LABEL = (
    "coalesce(nullif(organisation.short_name, ''), organisation.name) || "
    "CASE WHEN organisation.country != '' THEN ' (' || organisation.country || ')' ELSE '' END"
)
LEVELS = "SELECT name FROM markinglevel ORDER BY rank"
VISITS = f"""
SELECT id, title, direction, starts_on, ends_on, date_precision, marking FROM visit
WHERE starts_on <= ? AND coalesce(ends_on, starts_on) >= ? AND status != 'cancelled'
ORDER BY starts_on, id LIMIT {LIMIT}"""
PROGRESS = """
SELECT checklist.visit_id, count(checklistitem.id),
    sum(CASE WHEN checklistitem.done THEN 1 ELSE 0 END),
    sum(CASE WHEN NOT checklistitem.done AND checklistitem.due_on < ? THEN 1 ELSE 0 END)
FROM checklist JOIN checklistitem ON checklistitem.checklist_id = checklist.id
WHERE checklist.visit_id IN ({ids}) AND NOT checklistitem.dismissed
GROUP BY checklist.visit_id"""
# Ours first, then theirs; each side read along the open items' due dates (the partial index
# ix_actionitem_open_due), stopping at LIMIT, however many items the years have left open.
_ITEMS_OF_SIDE = f"""
SELECT id, text, side, owner, due_on, done, partner_id, meeting_id, {{first}} AS first
FROM actionitem WHERE NOT done AND due_on <= ? AND side {{side}}
ORDER BY due_on, id LIMIT {LIMIT}"""
ACTION_ITEMS = f"""
SELECT id, text, side, owner, due_on, done, partner_id, meeting_id FROM (
    SELECT * FROM ({_ITEMS_OF_SIDE.format(first=0, side="= 'ours'")}) AS ours
    UNION ALL
    SELECT * FROM ({_ITEMS_OF_SIDE.format(first=1, side="!= 'ours'")}) AS theirs
) AS items
ORDER BY first, due_on, id LIMIT {LIMIT}"""
PARTNER_LABELS = f"SELECT organisation.id, {PARTNER_LABEL} FROM organisation WHERE id IN ({{ids}})"
MEETING_PARTNERS = f"""
SELECT meetingpartner.meeting_id, {PARTNER_LABEL}
FROM meetingpartner JOIN organisation ON organisation.id = meetingpartner.organisation_id
WHERE meetingpartner.meeting_id IN ({{ids}})"""
# An action item's meeting names its partners in this order (ours last).
BY_PARTNER = " ORDER BY meetingpartner.meeting_id, organisation.is_own, organisation.name"
LAST_MOVED = (
    "(SELECT max(step.changed_on) FROM statuschange AS step WHERE step.proposal_id = proposal.id)"
)
MOVED = f"coalesce({LAST_MOVED}, date(proposal.created_at))"
# The overdue first, read along their due dates (ix_proposal_due_on) and stopping at LIMIT;
# only when fewer are overdue, the open ones that have not moved for STALE_AFTER_DAYS (when
# each last moved is looked up for every open proposal).
_OPEN_PROPOSALS = f"""
SELECT proposal.id, proposal.title, proposal.status, proposal.due_on, proposal.created_at,
    proposal.marking, {PARTNER_LABEL}, {LAST_MOVED}
FROM proposal LEFT OUTER JOIN organisation ON organisation.id = proposal.partner_id
WHERE proposal.status IN ({", ".join("?" for _ in ALL_OPEN_STATUSES)})"""
OVERDUE_PROPOSALS = f"""{_OPEN_PROPOSALS} AND proposal.due_on < ?
ORDER BY proposal.due_on, {MOVED}, proposal.id LIMIT {LIMIT}"""
STALE_PROPOSALS = f"""{_OPEN_PROPOSALS}
    AND (proposal.due_on >= ? OR proposal.due_on IS NULL) AND {MOVED} < ?
ORDER BY proposal.due_on, {MOVED}, proposal.id LIMIT ?"""
# Oldest step first, so that dict() keeps each proposal's latest precision.
PRECISIONS = """
SELECT proposal_id, date_precision FROM statuschange WHERE proposal_id IN ({ids})
ORDER BY changed_on NULLS FIRST, id"""
MEETINGS = f"""
SELECT id, title, starts_at, date_precision, marking FROM meeting WHERE status = 'held'
ORDER BY starts_at DESC NULLS LAST, id DESC LIMIT {RECENT_MEETINGS}"""


def read_today(query: Query, today: date, *, postgresql: bool) -> TodayView:
    """Upcoming visits (90 days), action items overdue or due this week (ours first),
    proposals overdue or unmoved for 180 days, and the last meetings held. `postgresql`: the
    query runs on psycopg (`%s` placeholders, dates as dates) rather than on SQLite."""
    reader = _Reader(query, today, postgresql)
    return TodayView(
        visits=reader.visits(),
        action_items=reader.action_items(),
        proposals=reader.proposals(),
        meetings=reader.meetings(),
    )


def _day(value: object) -> date | None:
    """A DATE column's value: SQLite stores it as text."""
    return date.fromisoformat(value) if isinstance(value, str) else cast("date | None", value)


def _moment(value: object) -> datetime | None:
    """A DATETIME column's value: SQLite stores it as text."""
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    return cast("datetime | None", value)


class _Reader:
    def __init__(self, query: Query, today: date, postgresql: bool) -> None:
        self.query = query
        self.today = today
        self.postgresql = postgresql
        self.levels = tuple(name for (name,) in self.rows(LEVELS)) or DEFAULT_LEVELS

    def rows(self, statement: str, *parameters: object, ids: Sequence[int] = ()) -> list[Any]:
        """The statement's rows; `ids` fill its `{ids}` list (no rows for an empty list)."""
        if "{ids}" in statement:
            if not ids:
                return []
            statement = statement.format(ids=", ".join("?" for _ in ids))
        if self.postgresql:
            statement = statement.replace("?", "%s")
        # SQLite compares the dates it stores as text; PostgreSQL takes a date as a date.
        values = [
            value.isoformat() if isinstance(value, date) and not self.postgresql else value
            for value in (*parameters, *ids)
        ]
        return list(self.query(statement, values))

    def marking(self, rank: int) -> str:
        """The level's name, blank for the lowest; a rank beyond the list reads as the highest."""
        return self.levels[min(rank, len(self.levels) - 1)] if rank > 0 else ""

    def partners_of(self, statement: str, meeting_ids: Sequence[int]) -> dict[int, list[str]]:
        partners: dict[int, list[str]] = {}
        for meeting_id, label in self.rows(statement, ids=meeting_ids):
            partners.setdefault(meeting_id, []).append(label)
        return partners

    def visits(self) -> tuple[TodayVisitRow, ...]:
        today = self.today
        found = self.rows(VISITS, today + timedelta(days=VISITS_AHEAD_DAYS), today)
        progress = dict.fromkeys([row[0] for row in found], (0, 0, 0))
        for visit_id, total, done, late in self.rows(PROGRESS, today, ids=list(progress)):
            progress[visit_id] = (done or 0, total, late or 0)
        return tuple(
            TodayVisitRow(
                id=visit_id,
                title=title,
                direction=direction,
                dates=show_days(_day(starts_on), _day(ends_on), precision),
                days_to_go=((_day(starts_on) or today) - today).days,
                progress=progress[visit_id],
                marking=self.marking(rank),
            )
            for visit_id, title, direction, starts_on, ends_on, precision, rank in found
        )

    def action_items(self) -> tuple[ActionItemRow, ...]:
        today = self.today
        due_by = today + timedelta(days=ACTIONS_AHEAD_DAYS)
        found = self.rows(ACTION_ITEMS, due_by, due_by)
        labels = dict(
            self.rows(PARTNER_LABELS, ids=sorted({row[6] for row in found if row[6] is not None}))
        )
        of_meeting = self.partners_of(
            MEETING_PARTNERS + BY_PARTNER,
            sorted({row[7] for row in found if row[6] is None and row[7]}),
        )
        rows = []
        for item_id, text, side, owner, due_on, done, partner_id, meeting_id in found:
            due = _day(due_on)
            rows.append(
                ActionItemRow(
                    id=item_id,
                    text=text,
                    side=side,
                    owner=owner,
                    due_on=due,
                    due=show_date(due),
                    done=bool(done),
                    partner_id=partner_id,
                    partner=labels.get(partner_id, "")
                    if partner_id is not None
                    else ", ".join(of_meeting.get(meeting_id or 0, [])),
                    meeting_id=meeting_id,
                    overdue=bool(due and not done and due < today),
                )
            )
        return tuple(rows)

    def proposals(self) -> tuple[TodayProposalRow, ...]:
        today = self.today
        stale_before = today - timedelta(days=STALE_AFTER_DAYS)
        found = self.rows(OVERDUE_PROPOSALS, *ALL_OPEN_STATUSES, today)
        if len(found) < LIMIT:
            found += self.rows(
                STALE_PROPOSALS, *ALL_OPEN_STATUSES, today, stale_before, LIMIT - len(found)
            )
        precisions = dict(self.rows(PRECISIONS, ids=[row[0] for row in found]))
        rows = []
        for proposal_id, title, status, due_on, created_at, rank, partner, last in found:
            due, moved_on = _day(due_on), _day(last)
            created = _moment(created_at)
            assert created is not None  # a NOT NULL column
            rows.append(
                TodayProposalRow(
                    id=proposal_id,
                    title=title,
                    partner=partner or "",
                    status=status,
                    due=show_date(due),
                    overdue=bool(due and due < today),
                    last_moved=show_date(moved_on, precisions.get(proposal_id, "day"))
                    if moved_on
                    else "",
                    stale=(moved_on or created.date()) < stale_before,
                    marking=self.marking(rank),
                )
            )
        return tuple(rows)

    def meetings(self) -> tuple[TodayMeetingRow, ...]:
        found = self.rows(MEETINGS)
        partners = self.partners_of(MEETING_PARTNERS, [row[0] for row in found])
        return tuple(
            TodayMeetingRow(
                id=meeting_id,
                when=show_date(_moment(starts_at), precision),
                title=title,
                partners=", ".join(partners.get(meeting_id, [])),
                marking=self.marking(rank),
            )
            for meeting_id, title, starts_at, precision, rank in found
        )
