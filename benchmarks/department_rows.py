"""The rows of the synthetic department, one step per kind of record, in the order of STEPS.

Each step takes the open database and the State the earlier steps filled in and returns how many
records it made. Organisations, people, meetings, proposals and status changes are checked by
db's own input classes and lifecycle before they are written; visits and checklists go through
db.visit_changes.create_visit and db.checklists.changes.generate_checklist as in the app; the
bulk is inserted as rows of the db.models tables (see benchmarks.department).
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from benchmarks.department_content import (
    ACTION_ITEMS,
    CITIES,
    COUNTRIES,
    DATE_FORMATS,
    FAMILY,
    GIVEN,
    LANGUAGES,
    MEETINGS,
    NOTES,
    ORG_PATTERNS,
    ORG_SUBJECTS,
    ORGANISATIONS,
    OWN_ORGANISATIONS,
    OWNERS,
    PEOPLE,
    POSITIONS,
    PROPOSALS,
    RARE_NOTES,
    RARE_WORD,
    TITLES,
    TODAY,
    TOPICS,
    VISITS,
    WORDS,
    prose,
)


@dataclass
class State:
    """What the later steps need of the earlier ones."""

    rng: random.Random
    org_language: dict[int, str] = field(default_factory=dict)
    own_orgs: list[int] = field(default_factory=list)
    partner_orgs: list[int] = field(default_factory=list)
    people_by_org: dict[int, list[int]] = field(default_factory=dict)
    meetings_by_org: dict[int, list[tuple[int, datetime]]] = field(default_factory=dict)
    meeting_partners: dict[int, list[int]] = field(default_factory=dict)
    meeting_start: dict[int, datetime] = field(default_factory=dict)


def _bulk(database, table, rows: list[dict]) -> None:  # noqa: ANN001
    from sqlalchemy import insert

    from db.folded import FOLDED, folded_text

    if table.__tablename__ in FOLDED:
        # The text the lists match, as the app folds it when it saves a record.
        rows = [{**row, "folded": folded_text(table.__tablename__, row)} for row in rows]

    def work(session) -> None:  # noqa: ANN001
        for start in range(0, len(rows), 5000):
            session.execute(insert(table), rows[start : start + 5000])

    database.write(work)


def _stamp(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _organisations(database, state: State) -> int:  # noqa: ANN001
    from db.models import Organisation
    from db.partner_input import OrganisationInput

    rng, rows, names = state.rng, [], set()
    codes = list(COUNTRIES)
    for org_id in range(1, ORGANISATIONS + 1):
        own = org_id <= OWN_ORGANISATIONS
        country = "AT" if own else rng.choice(codes)
        language = COUNTRIES[country]
        pattern, kind = rng.choice(ORG_PATTERNS[language])
        subject = rng.choice(ORG_SUBJECTS[language] + CITIES[language])
        name = pattern.format(subject)
        while name in names:
            name = f"{pattern.format(subject)} {rng.choice(CITIES[language])} {len(names) % 97}"
        names.add(name)
        short = "".join(w[0] for w in name.split() if w[0].isupper())[:8]
        clean = OrganisationInput(
            name=name,
            short_name=short,
            kind=kind,
            country=country,
            is_own=own,
            description=prose(rng, language, rng.randint(0, 30)),
        ).cleaned()
        rows.append(
            {"id": org_id, "name": clean.name, "short_name": clean.short_name,
             "kind": clean.kind, "country": clean.country, "is_own": clean.is_own,
             "description": clean.description, "parent_id": None,
             "created_at": _stamp(datetime(2006, 1, 1)), "updated_at": _stamp(datetime(2006, 1, 1)),
             "version": 1}
        )  # fmt: skip
        state.org_language[org_id] = language
        (state.own_orgs if own else state.partner_orgs).append(org_id)
    _bulk(database, Organisation, rows)
    return len(rows)


def _people(database, state: State) -> int:  # noqa: ANN001
    from db.models import Person
    from db.partner_input import PersonInput
    from db.text import fold

    rng, rows = state.rng, []
    orgs = list(state.org_language)
    for person_id in range(1, PEOPLE + 1):
        # Every organisation has four people; our own have a thousand more between them.
        org_id = (
            orgs[(person_id - 1) % len(orgs)]
            if person_id <= 4 * len(orgs)
            else rng.choice(state.own_orgs)
        )
        language = state.org_language[org_id]
        family, given = rng.choice(FAMILY[language]), rng.choice(GIVEN[language])
        name = f"{family} {given}" if language == "vi" else f"{given} {family}"
        clean = PersonInput(
            full_name=name,
            organisation_id=org_id,
            title=rng.choice(TITLES),
            position=rng.choice(POSITIONS),
            languages=", ".join(rng.sample(("de", "en", "fr", "vi"), 2)),
            protocol_notes=prose(rng, language, rng.choice((0, 0, 8, 20))),
        ).cleaned()
        rows.append(
            {"id": person_id, "full_name": clean.full_name, "sort_name": fold(clean.full_name),
             "title": clean.title, "position": clean.position, "organisation_id": org_id,
             "form_of_address": "", "languages": clean.languages,
             "protocol_notes": clean.protocol_notes, "created_at": _stamp(datetime(2006, 1, 1)),
             "updated_at": _stamp(datetime(2006, 1, 1)), "version": 1}
        )  # fmt: skip
        state.people_by_org.setdefault(org_id, []).append(person_id)
    _bulk(database, Person, rows)
    return len(rows)


def _visits(database, state: State) -> int:  # noqa: ANN001
    from db.visit_changes import create_visit
    from db.visit_input import StopInput, VisitInput

    rng = state.rng
    for number in range(VISITS):
        # Spread over ten years back and one ahead, the last twenty in the coming months.
        offset = rng.randint(-3650, -30) if number < VISITS - 20 else rng.randint(5, 200)
        starts = TODAY + timedelta(days=offset)
        legs, day = [], starts
        for _ in range(rng.choice((1, 2, 3, 3, 4))):
            org_id = rng.choice(state.partner_orgs)
            length = rng.randint(0, 2)
            city = rng.choice(CITIES[state.org_language[org_id]])
            last = day + timedelta(days=length)
            legs.append(StopInput(org_id, city, "", day.isoformat(), last.isoformat()))
            day += timedelta(days=length + 1)
        head_org = rng.choice(state.own_orgs)
        members = rng.sample(state.people_by_org[head_org], 3)
        status = "completed" if offset < 0 else rng.choice(("planned", "confirmed"))
        create_visit(
            database,
            VisitInput(
                title=f"Delegation visit to {legs[0].city} {starts.year} ({number + 1})",
                direction=rng.choice(("incoming", "outgoing")),
                level=rng.choice(("state", "official", "working")),
                status=status,
                starts=starts.isoformat(),
                ends=(day - timedelta(days=1)).isoformat(),
                legs=tuple(legs),
                head_person_id=members[0],
                member_person_ids=tuple(members[1:]),
                purpose=prose(rng, "en", 25),
            ),
            today=TODAY,
        )
    return VISITS


def _meetings(database, state: State) -> int:  # noqa: ANN001
    from sqlalchemy import select

    from db.meeting_input import AttendeeInput, MeetingInput
    from db.models import Attendance, Meeting, MeetingPartner, MeetingTopic, Topic, Visit, VisitLeg
    from db.vocab import MEETING_KINDS

    rng = state.rng
    with database.reading() as session:
        visit_stops = session.execute(
            select(VisitLeg.visit_id, VisitLeg.organisation_id, VisitLeg.starts_on, Visit.status)
            .join(Visit, Visit.id == VisitLeg.visit_id)
        ).all()  # fmt: skip
    topics = [{"id": n, "name": name} for n, name in enumerate(TOPICS, start=1)]
    meetings, partners, attendance, meeting_topics = [], [], [], []
    first = datetime(2006, 1, 1)
    span = int((datetime.combine(TODAY, datetime.min.time()) - first).total_seconds())
    for meeting_id in range(1, MEETINGS + 1):
        visit_id = None
        if meeting_id <= len(visit_stops):
            # A visit's programme: one meeting at each stop.
            visit_id, org_id, day, _status = visit_stops[meeting_id - 1]
            starts = datetime.combine(day, datetime.min.time()) + timedelta(hours=10)
            chosen = [org_id]
        elif meeting_id > MEETINGS - 150:
            starts = datetime.combine(TODAY, datetime.min.time()) + timedelta(
                days=rng.randint(1, 300), hours=rng.randint(8, 17)
            )
            chosen = rng.sample(state.partner_orgs, rng.choice((1, 1, 1, 2, 3)))
        else:
            starts = first + timedelta(seconds=rng.randrange(span))
            starts = starts.replace(hour=rng.randint(8, 17), minute=rng.choice((0, 30)), second=0)
            chosen = rng.sample(state.partner_orgs, rng.choice((1, 1, 1, 2, 3)))
        status = "planned" if starts.date() > TODAY else rng.choice(("held",) * 30 + ("cancelled",))
        precision = "minute"
        typed = f"{starts:%Y-%m-%d %H:%M}"
        if starts.year < 2010 and rng.random() < 0.3:
            precision = rng.choice(("year", "month", "day"))
            typed = starts.strftime(DATE_FORMATS[precision])
        language = state.org_language[chosen[0]]
        ours = rng.sample(state.people_by_org[rng.choice(state.own_orgs)], 2)
        theirs = rng.sample(state.people_by_org[chosen[0]], 2)
        clean = MeetingInput(
            title=f"{rng.choice(TOPICS).capitalize()}: {rng.choice(WORDS[language])} "
            f"{rng.choice(CITIES[language])} #{meeting_id}",
            kind=rng.choice(MEETING_KINDS),
            starts=typed,
            ends=f"{starts + timedelta(hours=2):%H:%M}" if precision == "minute" else "",
            place=rng.choice(CITIES[language]),
            status=status,
            summary=prose(rng, language, rng.choice((0, 0, 15, 40))) if status == "held" else "",
            visit_id=visit_id,
            partner_ids=tuple(chosen),
            attendees=tuple(
                [AttendeeInput(ours[0], "ours", "head"), AttendeeInput(ours[1], "ours", "member")]
                + [AttendeeInput(p, "theirs", "") for p in theirs]
            ),
            topics=tuple(rng.sample(TOPICS, rng.randint(1, 3))),
        ).cleaned(TODAY)  # fmt: skip
        assert clean.start_when is not None
        created = _stamp(clean.start_when.value)
        meetings.append(
            {"id": meeting_id, "title": clean.title, "kind": clean.kind,
             "starts_at": clean.start_when.value, "ends_at": clean.end_at,
             "date_precision": clean.start_when.precision, "place": clean.place,
             "status": clean.status, "visit_id": visit_id, "summary": clean.summary,
             "created_at": created, "updated_at": created, "version": 1}
        )  # fmt: skip
        partners += [{"meeting_id": meeting_id, "organisation_id": o} for o in clean.partner_ids]
        attendance += [
            {"meeting_id": meeting_id, "person_id": a.person_id, "side": a.side, "role": a.role}
            for a in clean.attendees
        ]
        meeting_topics += [
            {"meeting_id": meeting_id, "topic_id": TOPICS.index(t) + 1} for t in clean.topics
        ]
        state.meeting_start[meeting_id] = clean.start_when.value
        state.meeting_partners[meeting_id] = list(clean.partner_ids)
        for org_id in clean.partner_ids:
            state.meetings_by_org.setdefault(org_id, []).append(
                (meeting_id, clean.start_when.value)
            )
    for table, rows in ((Topic, topics), (Meeting, meetings), (MeetingPartner, partners),
                        (Attendance, attendance), (MeetingTopic, meeting_topics)):  # fmt: skip
        _bulk(database, table, rows)
    return len(meetings)


def _note_length(rng: random.Random) -> int:
    """Words in a note: mostly a line or two, some a page, a few whole transcripts."""
    roll = rng.random()
    if roll < 0.55:
        return rng.randint(5, 35)
    if roll < 0.90:
        return rng.randint(35, 150)
    if roll < 0.995:
        return rng.randint(150, 500)
    return rng.randint(1000, 3000)


def _notes(database, state: State) -> int:  # noqa: ANN001
    from db.models import Note
    from db.text import clean_text
    from db.vocab import NOTE_KINDS

    rng = state.rng
    held = [m for m, start in state.meeting_start.items() if start.date() <= TODAY]
    rare = set(rng.sample(range(1, NOTES + 1), RARE_NOTES))
    live_done: set[int] = set()
    rows = []
    for note_id in range(1, NOTES + 1):
        meeting_id = rng.choice(held)
        language = state.org_language[state.meeting_partners[meeting_id][0]]
        if rng.random() < 0.3:
            language = rng.choice(LANGUAGES)
        text = prose(rng, language, _note_length(rng))
        if note_id in rare:
            text += f" {RARE_WORD} besprochen."
        is_live = meeting_id not in live_done and rng.random() < 0.05
        if is_live:
            live_done.add(meeting_id)
        kind = "note" if is_live or rng.random() < 0.85 else rng.choice(NOTE_KINDS[1:])
        taken = _stamp(state.meeting_start[meeting_id] + timedelta(minutes=rng.randint(0, 120)))
        rows.append(
            {"id": note_id, "meeting_id": meeting_id, "kind": kind, "text": clean_text(text),
             "is_live": is_live, "taken_at": taken, "taken_precision": "minute",
             "updated_at": taken}
        )  # fmt: skip
    _bulk(database, Note, rows)
    return len(rows)


def _proposals(database, state: State) -> int:  # noqa: ANN001
    from db.lifecycle import PATHS, PROPOSAL_KINDS, allowed_next, check_transition, family
    from db.models import Proposal, ProposalMeeting, StatusChange
    from db.proposal_input import ProposalInput

    rng = state.rng
    proposals, changes, links = [], [], []
    kinds = list(PROPOSAL_KINDS)
    for proposal_id in range(1, PROPOSALS + 1):
        partner = rng.choice(state.partner_orgs)
        kind = rng.choice(kinds)
        language = state.org_language[partner]
        met = sorted(state.meetings_by_org.get(partner, []), key=lambda m: m[1])
        first = PATHS[family(kind)][0]
        # Walk the lifecycle: forward mostly, sometimes stalling, declining or withdrawing.
        steps, status = [first], first
        for _ in range(rng.randint(0, 6)):
            options = allowed_next(kind, status)
            if not options:
                break
            forward = [s for s in options if s not in ("stalled", "declined", "withdrawn")]
            nxt = forward[0] if forward and rng.random() < 0.85 else rng.choice(options)
            check_transition(kind, status, nxt)
            steps.append(nxt)
            status = nxt
        start = met[0][1].date() if met else TODAY - timedelta(days=rng.randint(200, 7000))
        due = start + timedelta(days=rng.randint(60, 1500)) if rng.random() < 0.7 else None
        clean = ProposalInput(
            title=f"{kind.capitalize()} on {rng.choice(TOPICS)} with {rng.choice(CITIES[language])}"
            f" ({proposal_id})",
            kind=kind,
            proposed_by=rng.choice(("us", "them", "jointly")),
            partner_id=partner,
            status=status,
            owner=rng.choice(OWNERS),
            next_step=prose(rng, language, rng.randint(0, 8)),
            due=due.isoformat() if due else "",
            description=prose(rng, language, rng.randint(5, 60)),
        ).cleaned(TODAY)
        created = _stamp(datetime.combine(start, datetime.min.time()))
        proposals.append(
            {"id": proposal_id, "title": clean.title, "description": clean.description,
             "kind": kind, "proposed_by": clean.proposed_by, "partner_id": partner,
             "status": status, "owner": clean.owner, "next_step": clean.next_step,
             "due_on": due, "created_at": created, "updated_at": created, "version": 1}
        )  # fmt: skip
        day, previous = start, ""
        usable = [m for m in met if m[1].date() >= start]
        linked: list[int] = []
        for number, new in enumerate(steps):
            meeting = usable[number] if number < len(usable) and rng.random() < 0.6 else None
            if meeting is not None:
                day = max(day, meeting[1].date())
                if meeting[0] not in linked:
                    linked.append(meeting[0])
            changes.append(
                {"proposal_id": proposal_id, "old_status": previous, "new_status": new,
                 "changed_on": min(day, TODAY), "date_precision": "day",
                 "meeting_id": meeting[0] if meeting else None, "comment": "",
                 "recorded_at": _stamp(datetime.combine(min(day, TODAY), datetime.min.time()))}
            )  # fmt: skip
            previous = new
            day += timedelta(days=rng.randint(20, 400))
        links += [
            {"proposal_id": proposal_id, "meeting_id": m, "raised_here": i == 0}
            for i, m in enumerate(linked)
        ]
    _bulk(database, Proposal, proposals)
    _bulk(database, StatusChange, changes)
    _bulk(database, ProposalMeeting, links)
    return len(proposals)


def _action_items(database, state: State) -> int:  # noqa: ANN001
    from db.models import ActionItem
    from db.validation import optional_line, required_line

    rng, rows = state.rng, []
    meetings = list(state.meeting_start)
    for item_id in range(1, ACTION_ITEMS + 1):
        meeting_id = rng.choice(meetings)
        partner = state.meeting_partners[meeting_id][0]
        start = state.meeting_start[meeting_id]
        due = start.date() + timedelta(days=rng.randint(7, 180))
        done = due < TODAY - timedelta(days=30) and rng.random() < 0.9
        said = prose(rng, state.org_language[partner], rng.randint(4, 20))
        text = required_line("text", said, 2000)
        rows.append(
            {"id": item_id, "text": text, "side": rng.choice(("ours", "theirs")),
             "owner_person_id": None, "owner": optional_line("owner", rng.choice(OWNERS), 200),
             "due_on": due, "done": done, "done_on": due if done else None,
             "meeting_id": meeting_id, "partner_id": partner,
             "proposal_id": rng.randint(1, PROPOSALS) if rng.random() < 0.2 else None,
             "created_at": _stamp(start), "updated_at": _stamp(start)}
        )  # fmt: skip
    _bulk(database, ActionItem, rows)
    return len(rows)


def _checklists(database, state: State) -> int:  # noqa: ANN001
    from db.checklists.changes import generate_checklist

    for visit_id in range(1, VISITS + 1):
        generate_checklist(database, visit_id, today=TODAY)
    return VISITS


STEPS = (
    ("organisations", _organisations),
    ("people", _people),
    ("visits", _visits),
    ("meetings", _meetings),
    ("notes", _notes),
    ("proposals", _proposals),
    ("action items", _action_items),
    ("checklists", _checklists),
)
