"""A synthetic department at the scale of the performance budgets, always the same.

1,000 organisations, 5,000 people, 10,000 meetings over twenty years, 100,000 notes (mostly
short, some pages long; German, French, Vietnamese, Czech, Polish and English, diacritics
kept), 5,000 proposals each with a history along its db.lifecycle path, 20,000 action items
and 200 visits with generated checklists. `random.Random(SEED)` drives everything, so the same
version of this module always builds the same database.

How it goes through `db`:
- every organisation, person, meeting, proposal and status change is checked by the db
  layer's own input classes (OrganisationInput, PersonInput, MeetingInput, ProposalInput)
  and lifecycle (check_transition) before it is written, and all text goes through
  db.text.clean_text;
- visits are created with db.visit_changes.create_visit and their checklists with
  db.checklists.queries.generate_checklist, one transaction each, as the app does;
- the bulk (organisations, people, meetings and their links, notes, proposals, histories,
  action items) is inserted as rows of the db.models tables with `insert(Model)` executemany
  inside `database.write(...)` sessions: 100,000 notes one transaction each (synchronous=FULL,
  an fsync per commit) would take longer than the whole benchmark may. The FTS5 triggers of
  migration 0005 index every row as it is inserted, as they would for the app's own writes.

The file is cached under $BILATERAL_BENCH_CACHE (default: the temp dir) in a name keyed by
GENERATOR_VERSION and a digest of the migrations, so a second run reuses it; benchmarks work on
a copy and never change the cached file.
"""

import contextlib
import hashlib
import os
import random
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

GENERATOR_VERSION = 1
SEED = 20261126
TODAY = date(2026, 11, 26)

ORGANISATIONS = 1_000
PEOPLE = 5_000
MEETINGS = 10_000
NOTES = 100_000
PROPOSALS = 5_000
ACTION_ITEMS = 20_000
VISITS = 200
OWN_ORGANISATIONS = 6
# A word that occurs in only a few notes: the "rare word" of the search benchmark.
RARE_WORD = "Rückübernahmeabkommen"
RARE_NOTES = 7

COUNTRIES = {
    "DE": "de", "AT": "de", "CH": "de", "FR": "fr", "BE": "fr", "LU": "fr", "VN": "vi",
    "CZ": "cs", "PL": "pl", "GB": "en", "IE": "en", "US": "en", "CA": "fr", "SK": "cs",
}  # fmt: skip
CITIES = {
    "de": ["Wien", "München", "Köln", "Düsseldorf", "Zürich", "Saarbrücken", "Göttingen"],
    "fr": ["Genève", "Besançon", "Orléans", "Nîmes", "Liège", "Montréal", "Périgueux"],
    "vi": ["Hà Nội", "Đà Nẵng", "Huế", "Hải Phòng", "Cần Thơ", "Thành phố Hồ Chí Minh"],
    "cs": ["Praha", "Brno", "Plzeň", "České Budějovice", "Košice", "Žilina"],
    "pl": ["Kraków", "Łódź", "Gdańsk", "Poznań", "Wrocław", "Białystok"],
    "en": ["London", "Dublin", "Washington", "Cork", "Leeds", "Boston"],
}
ORG_PATTERNS = {
    "de": [("Bundesministerium für {}", "ministry"), ("Landespolizeidirektion {}", "police"),
           ("Bundesamt für {}", "agency"), ("Institut für {}", "research institute")],
    "fr": [("Ministère de {}", "ministry"), ("Direction générale de {}", "agency"),
           ("Préfecture de police de {}", "police"),
           ("Institut d'études de {}", "research institute")],
    "vi": [("Bộ {}", "ministry"), ("Cục {}", "agency"), ("Công an tỉnh {}", "police"),
           ("Viện nghiên cứu {}", "research institute")],
    "cs": [("Ministerstvo {}", "ministry"), ("Krajské ředitelství policie {}", "police"),
           ("Úřad pro {}", "agency")],
    "pl": [("Ministerstwo {}", "ministry"), ("Komenda Wojewódzka Policji {}", "police"),
           ("Urząd do spraw {}", "agency")],
    "en": [("Ministry of {}", "ministry"), ("{} Police Service", "police"),
           ("Agency for {}", "agency"), ("{} Institute", "research institute")],
}  # fmt: skip
ORG_SUBJECTS = {
    "de": ["Inneres", "Justiz", "Digitalisierung", "Migration", "Zollwesen", "Katastrophenschutz"],
    "fr": ["l'Intérieur", "la Justice", "la Sécurité civile", "l'Immigration", "la Défense"],
    "vi": ["Công an", "Tư pháp", "Ngoại giao", "Quốc phòng", "Thông tin và Truyền thông"],
    "cs": ["vnitra", "spravedlnosti", "zahraničních věcí", "obrany"],
    "pl": ["Spraw Wewnętrznych", "Sprawiedliwości", "Cyfryzacji", "Obrony Narodowej"],
    "en": ["Home Affairs", "Justice", "Border Security", "Cyber Resilience", "Civil Protection"],
}
GIVEN = {
    "de": ["Jürgen", "Käthe", "Björn", "Günther", "Sören", "Annelie", "Matthias", "Ursula"],
    "fr": ["Hélène", "François", "Jérôme", "Cécile", "Anaïs", "Loïc", "Gaël", "Émilie"],
    "vi": ["Văn Hùng", "Thị Lan", "Quốc Bảo", "Đức Anh", "Minh Châu", "Thu Hằng", "Đình Tuấn"],
    "cs": ["Jiří", "Tomáš", "Věra", "Radek", "Zuzana", "Lukáš", "Markéta"],
    "pl": ["Łukasz", "Małgorzata", "Paweł", "Żaneta", "Wojciech", "Agnieszka", "Michał"],
    "en": ["Siobhán", "Seán", "Margaret", "Oliver", "Aoife", "James", "Niamh"],
}
FAMILY = {
    "de": ["Müller", "Schäfer", "Groß", "Weiß", "Köhler", "Jäger", "Huber", "Bäumer", "Strauß"],
    "fr": ["Lefèvre", "Béranger", "Dubois", "Gauthier", "Lemaître", "Mérieux", "Thévenot"],
    "vi": ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"],
    "cs": ["Dvořák", "Novák", "Šťastný", "Černý", "Procházková", "Kučera", "Růžička"],
    "pl": ["Wałęsa", "Kowalski", "Wiśniewska", "Wójcik", "Kamiński", "Zieliński", "Dąbrowska"],
    "en": ["O'Brien", "Murphy", "Smith", "Walsh", "Byrne", "Taylor", "Kennedy"],
}
TITLES = ["", "", "Dr.", "Mag.", "Prof.", "Generalmajor", "Đại tá", "Colonel", "Ing."]
POSITIONS = ["Director General", "Head of Unit", "Desk Officer", "Deputy Minister", "Attaché",
             "Abteilungsleiterin", "Chef de bureau", "Vụ trưởng", "Phó Cục trưởng",
             "Referent"]  # fmt: skip
TOPICS = [
    "cybersecurity", "cybercrime", "extradition", "border control", "migration",
    "police training", "disaster relief", "e-government", "data protection", "forensics",
    "counter-terrorism", "drug trafficking", "human trafficking", "document security",
    "civil protection", "firearms", "money laundering", "liaison officers", "road safety",
    "visa policy", "readmission", "judicial cooperation", "protocol",
]  # fmt: skip


def _split(text: str) -> list[str]:
    return text.split()


WORDS = {
    "en": _split(
        "the delegation agreed to cooperation on training and exchange of experts next year "
        "both sides stressed that information sharing must respect data protection rules a draft "
        "memorandum will be circulated before the summer the partner asked for equipment support "
        "cybersecurity cybercrime cyberattack forensic laboratory border management"
    ),
    "de": _split(
        "die Delegation vereinbarte eine Zusammenarbeit bei der Ausbildung und einen "
        "Expertenaustausch im nächsten Jahr beide Seiten betonten dass der Informationsaustausch "
        "den Datenschutz achten muss Übergabe Schulung Grenzübertritt Prüfung Maßnahmen größere "
        "Bundesländer Fortschritt Abschluss Verhandlungen Gespräch"
    ),
    "fr": _split(
        "la délégation a convenu d'une coopération en matière de formation et d'un échange "
        "d'experts l'année prochaine les deux parties ont souligné que l'échange d'informations "
        "doit respecter la protection des données préfecture sécurité intérieure réunion "
        "prochaine étape"
    ),
    "vi": _split(
        "hai bên nhất trí tăng cường hợp tác trong lĩnh vực đào tạo và trao đổi chuyên gia "
        "năm tới phía bạn đề nghị hỗ trợ trang thiết bị an ninh mạng phòng chống tội phạm "
        "xuất nhập cảnh Đà Nẵng Hà Nội bản ghi nhớ ký kết đoàn công tác"
    ),
    "cs": _split(
        "obě strany se dohodly na spolupráci v oblasti výcviku a výměny odborníků příští rok "
        "ochrana údajů hraniční kontrola kybernetická bezpečnost memorandum"
    ),
    "pl": _split(
        "obie strony uzgodniły współpracę w zakresie szkoleń oraz wymiany ekspertów w "
        "przyszłym roku ochrona danych straż graniczna cyberbezpieczeństwo porozumienie"
    ),
}
LANGUAGES = tuple(WORDS)
DATE_FORMATS = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}
OWNERS = ["Huber", "Nguyễn Thị Lan", "Lefèvre", "Schäfer", "Dvořák", "Wójcik", "O'Brien", "me"]


def cache_dir() -> Path:
    """Where generated databases are kept between runs."""
    root = os.environ.get("BILATERAL_BENCH_CACHE") or tempfile.gettempdir()
    return Path(root) / "bilateral-bench"


def cache_key() -> str:
    """GENERATOR_VERSION and a digest of the migrations: a schema change builds a new file."""
    digest = hashlib.sha256()
    versions = Path(__file__).resolve().parent.parent / "db" / "migrations" / "versions"
    for path in sorted(versions.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return f"v{GENERATOR_VERSION}-{digest.hexdigest()[:12]}"


def department_database(log=print) -> Path:  # noqa: ANN001 - a print-like callable
    """The cached department database, generated first when missing."""
    target = cache_dir() / f"department-{cache_key()}.db"
    if target.exists():
        log(f"department database: cached {target} ({target.stat().st_size / 1e6:.0f} MB)")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_suffix(".building")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    counts = generate(building, log)
    shutil.move(building, target)
    seconds = time.perf_counter() - started
    log(
        f"department database: generated in {seconds:.0f} s, {target.stat().st_size / 1e6:.0f} MB"
        f" ({', '.join(f'{n:,} {k}' for k, n in counts.items())})"
    )
    return target


@dataclass
class _State:
    rng: random.Random
    org_language: dict[int, str]
    own_orgs: list[int]
    partner_orgs: list[int]
    people_by_org: dict[int, list[int]]
    meetings_by_org: dict[int, list[tuple[int, datetime]]]
    meeting_partners: dict[int, list[int]]
    meeting_start: dict[int, datetime]


def generate(path: Path, log=print) -> dict[str, int]:  # noqa: ANN001
    """Build the department in a new database file at `path`; the number of each record."""
    from db.opening import open_database

    rng = random.Random(SEED)
    database = open_database(path)
    try:
        state = _State(rng, {}, [], [], {}, {}, {}, {})
        steps = (
            ("organisations", _organisations),
            ("people", _people),
            ("visits", _visits),
            ("meetings", _meetings),
            ("notes", _notes),
            ("proposals", _proposals),
            ("action items", _action_items),
            ("checklists", _checklists),
        )
        counts = {}
        for name, step in steps:
            started = time.perf_counter()
            counts[name] = step(database, state)
            log(f"  {name:<14} {counts[name]:>7,}  {time.perf_counter() - started:6.1f} s")
    finally:
        database.close()
    # Everything into the main file, so that the cached file is complete on its own. No
    # ANALYZE: the app never runs it, so the query planner sees what a user's file gives it.
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return counts


def _bulk(database, table, rows: list[dict]) -> None:  # noqa: ANN001
    from sqlalchemy import insert

    def work(session) -> None:  # noqa: ANN001
        for start in range(0, len(rows), 5000):
            session.execute(insert(table), rows[start : start + 5000])

    database.write(work)


def _stamp(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _text(rng: random.Random, language: str, words: int) -> str:
    vocabulary = WORDS[language]
    chosen = rng.choices(vocabulary, k=words)
    sentences = []
    for start in range(0, words, 12):
        sentence = " ".join(chosen[start : start + 12])
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
    return " ".join(sentences)


def _organisations(database, state: _State) -> int:  # noqa: ANN001
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
            description=_text(rng, language, rng.randint(0, 30)),
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


def _people(database, state: _State) -> int:  # noqa: ANN001
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
            protocol_notes=_text(rng, language, rng.choice((0, 0, 8, 20))),
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


def _visits(database, state: _State) -> int:  # noqa: ANN001
    from db.visit_changes import create_visit
    from db.visit_input import LegInput, VisitInput

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
            legs.append(LegInput(org_id, city, "", day.isoformat(), last.isoformat()))
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
                purpose=_text(rng, "en", 25),
            ),
            today=TODAY,
        )
    return VISITS


def _meetings(database, state: _State) -> int:  # noqa: ANN001
    from sqlalchemy import select

    from db.meeting_input import AttendeeInput, MeetingInput
    from db.models import Attendance, Meeting, MeetingPartner, MeetingTopic, Topic, Visit, VisitLeg
    from db.vocab import MEETING_KINDS

    rng = state.rng
    with database.reading() as session:
        visit_legs = session.execute(
            select(VisitLeg.visit_id, VisitLeg.organisation_id, VisitLeg.starts_on, Visit.status)
            .join(Visit, Visit.id == VisitLeg.visit_id)
        ).all()  # fmt: skip
    topics = [{"id": n, "name": name} for n, name in enumerate(TOPICS, start=1)]
    meetings, partners, attendance, meeting_topics = [], [], [], []
    first = datetime(2006, 1, 1)
    span = int((datetime.combine(TODAY, datetime.min.time()) - first).total_seconds())
    for meeting_id in range(1, MEETINGS + 1):
        visit_id = None
        if meeting_id <= len(visit_legs):
            # A visit's programme: one meeting at each stop.
            visit_id, org_id, day, _status = visit_legs[meeting_id - 1]
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
            summary=_text(rng, language, rng.choice((0, 0, 15, 40))) if status == "held" else "",
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


def _notes(database, state: _State) -> int:  # noqa: ANN001
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
        text = _text(rng, language, _note_length(rng))
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


def _proposals(database, state: _State) -> int:  # noqa: ANN001
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
            next_step=_text(rng, language, rng.randint(0, 8)),
            due=due.isoformat() if due else "",
            description=_text(rng, language, rng.randint(5, 60)),
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


def _action_items(database, state: _State) -> int:  # noqa: ANN001
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
        said = _text(rng, state.org_language[partner], rng.randint(4, 20))
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


def _checklists(database, state: _State) -> int:  # noqa: ANN001
    from db.checklists.changes import generate_checklist

    for visit_id in range(1, VISITS + 1):
        generate_checklist(database, visit_id, today=TODAY)
    return VISITS


if __name__ == "__main__":
    department_database()
