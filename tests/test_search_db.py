"""Global search over the full-text index: diacritics, prefixes, awkward input, an index kept
in step with every write, and an index built for an existing database on upgrade."""

import sqlite3
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from alembic import command

from db.demo import load_demo
from db.engine import Database
from db.meeting_changes import create_meeting, update_meeting
from db.meeting_input import MeetingInput
from db.migrate import upgrade
from db.note_changes import add_commitment, mark_decision, save_live_document, update_action_item
from db.opening import open_database
from db.partner_changes import create_organisation, delete_organisation, update_organisation
from db.partner_input import OrganisationInput, PersonInput
from db.person_changes import create_person, delete_person, update_person
from db.proposal_changes import create_proposal, update_proposal
from db.proposal_input import ProposalInput
from db.schema import alembic_config
from db.search import search
from db.search.hits import KINDS, MAX_WORD_LENGTH, MAX_WORDS, SearchUnavailable, search_words
from db.search.sqlite import match_expression
from db.visit_changes import create_visit, delete_visit, update_visit
from db.visit_input import VisitInput
from tests.conftest import TODAY

HUNG = "Lê Quốc Hùng"
WEBINGER = "Peter Webinger"
AUSTRIAN_MINISTRY = "Ministry of the Interior"
TRIGGERS = {
    f"search_fts_{kind}_{event}" for kind in KINDS for event in ("insert", "update", "delete")
}


BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Database]:
    """One demo database per backend for the many tests that only read it."""
    if request.param == "postgresql":
        target = request.getfixturevalue("postgres_server").new_database()
    else:
        target = tmp_path_factory.mktemp("search") / "demo.db"
    database = open_database(target)
    load_demo(database, today=TODAY)
    yield database
    database.close()


def titles(database: Database, text: str, kind: str) -> list[str]:
    """The titles of the hits of one kind, best first."""
    return [hit.title for hit in dict(search(database, text).groups).get(kind, ())]


def found(database: Database, text: str) -> set[tuple[str, int]]:
    return {
        (hit.kind, hit.record_id)
        for _, hits in search(database, text, per_kind=100).groups
        for hit in hits
    }


def index_rows(path) -> list[tuple[int, str | None, str]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT rowid, title, body FROM search_fts ORDER BY rowid"
        ).fetchall()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("hung", "person", HUNG),
        ("HUNG", "person", HUNG),
        ("Hùng", "person", HUNG),
        ("le quoc hung", "person", HUNG),
        ("lê quốc", "person", HUNG),
        ("webi", "person", WEBINGER),
        ("WEBINGER", "person", WEBINGER),
        ("peter webi", "person", WEBINGER),
        ("migr webi", "person", WEBINGER),
        ("webinger", "note", "Working session with the Austrian Ministry of the Interior"),
        ("austria interior", "organisation", AUSTRIAN_MINISTRY),
        ("e-government 1997", "organisation", AUSTRIAN_MINISTRY),
        ("quantum", "organisation", "Austrian Institute of Technology"),
        ("cybersecurity", "proposal", "Memorandum of Understanding on cybersecurity"),
        ("vienna", "meeting", "Working session with the Austrian Ministry of the Interior"),
        (
            "vietnamese community",
            "action",
            "Continue supporting the Vietnamese community in Austria and promote cooperation…",
        ),
        ("residency", "visit", "MPS delegation to Austria"),
    ],
)
def test_search_over_the_demo_data(demo, text, kind, expected):
    assert titles(demo, text, kind)[0] == expected


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_diacritics_in_both_directions_including_vietnamese_d(database):
    austria = create_organisation(
        database, OrganisationInput(name="Bundesministerium für Inneres", description="Österreich")
    )
    dang = create_person(database, PersonInput(full_name="Đặng Văn Đức"))
    zagreb = create_organisation(database, OrganisationInput(name="Međunarodni centar"))
    for text, record in [
        ("osterreich", ("organisation", austria)),
        ("österreich", ("organisation", austria)),
        ("OSTERREICH", ("organisation", austria)),
        ("ÖSTERR", ("organisation", austria)),
        ("fur inneres", ("organisation", austria)),
        ("dang", ("person", dang)),
        ("đặng", ("person", dang)),
        ("ĐẶNG ĐỨC", ("person", dang)),
        ("dang van duc", ("person", dang)),
        ("medunarodni", ("organisation", zagreb)),
        ("međ", ("organisation", zagreb)),
    ]:
        assert found(database, text) == {record}, text


def test_several_words_narrow_the_result(demo):
    ministries = found(demo, "ministry")
    austrian = found(demo, "ministry austria")
    assert austrian and austrian < ministries
    assert found(demo, "ministry austria quokka") == set()


@pytest.mark.parametrize(
    "text",
    [
        '"hung"',
        '"hung',
        'hung"',
        "-hung",
        "hung*",
        "*hung",
        "(hung)",
        "hung:",
        "hung)",
        "^hung",
        "{hung}",
        "hung +",
        "'hung'",
        "h\x1b[31mung",
        "hung\n",
    ],
)
def test_operators_and_quotes_are_plain_characters(demo, text):
    assert titles(demo, text, "person") == [HUNG]


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "'",
        "-",
        "*",
        ":",
        "(",
        ")",
        "()",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(a b)",
        "a OR b NOT c",
        "who's",
        "col:umn",
        "-*-",
        "\\",
        "%_",
        "\x00",
        "\x1b]0;title\x07",
        "🙂",
        "",
        "   ",
        "\n\t",
        "a" * 10_000,
        "word " * 500,
        "d" * 50,
    ],
)
def test_any_text_is_a_search_never_an_error(demo, text):
    results = search(demo, text)
    assert results.query == text
    assert results.total >= sum(len(hits) for _, hits in results.groups)


@pytest.mark.parametrize("text", ["", "   ", '"', "-", "*", ":", "()", "🙂", "\x1b[0m"])
def test_text_without_letters_or_digits_finds_nothing(demo, text):
    assert search(demo, text).groups == ()
    assert search(demo, text).total == 0


def test_words_are_capped_folded_and_quoted():
    assert search_words('  Hùng  "webi*  HÙNG ') == ("hùng", "webi")
    assert len(search_words(" ".join(f"w{n}" for n in range(100)))) == MAX_WORDS
    assert search_words("x" * 1000) == ("x" * MAX_WORD_LENGTH,)
    assert match_expression(["dang", "hung"]) == '("dang"* OR "đang"*) AND ("hung"*)'
    assert match_expression(["đặng"]) == '("dặng"* OR "đặng"*)'
    assert match_expression(["d", "a"]) == '("d" OR "đ") AND ("a")'


def test_a_prefix_longer_than_the_indexed_ones_is_searched_as_the_words_it_covers():
    index = {"cooperat": ["cooperation", "cooperative"], "osterrei": ["osterreich"]}
    asked = []

    def words_starting(prefix):
        asked.append(prefix)
        return index.get(prefix, [])

    assert (
        match_expression(["cooperat", "hung"], words_starting)
        == '("cooperation" OR "cooperative") AND ("hung"*)'
    )
    assert match_expression(["österrei"], words_starting) == '("osterreich")'
    # Nothing (or too much) in the vocabulary: the plain prefix query decides.
    assert match_expression(["zusammen"], words_starting) == '("zusammen"*)'
    assert match_expression(["cooper"], words_starting) == '("cooper"*)'
    assert asked == ["cooperat", "osterrei", "zusammen"]


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_long_prefixes_find_what_their_shorter_ones_narrow_to(demo_database):
    many = [
        create_organisation(demo_database, OrganisationInput(name=f"Zusammenarbeit{n:03} Büro"))
        for n in range(80)
    ]
    assert found(demo_database, "zusammenarbeit") == {("organisation", i) for i in many}
    assert found(demo_database, "zusammenarbeit007") == {("organisation", many[7])}
    austria = create_organisation(demo_database, OrganisationInput(name="Republik Österreich"))
    assert ("organisation", austria) in found(demo_database, "österreich")
    assert found(demo_database, "österreich") == found(demo_database, "österr")
    assert found(demo_database, "osterreichische") <= found(demo_database, "osterr")


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_one_letter_matches_only_itself_two_letters_match_as_a_prefix(demo_database):
    plan = create_organisation(demo_database, OrganisationInput(name="Plan B Unit"))
    assert found(demo_database, "b") == {("organisation", plan)}
    assert "Vietnamese Embassy in Berlin" in titles(demo_database, "be", "organisation")


def test_hits_are_grouped_in_kind_order_ranked_title_first_and_limited(demo):
    results = search(demo, "de", per_kind=2)
    kinds = [kind for kind, _ in results.groups]
    assert kinds == [kind for kind in KINDS if kind in kinds]
    assert all(0 < len(hits) <= 2 for _, hits in results.groups)
    assert results.total > sum(len(hits) for _, hits in results.groups)
    proposals = titles(demo, "cybersecurity", "proposal")
    assert proposals[0] == "Memorandum of Understanding on cybersecurity"
    assert proposals[-1].startswith("Training and capacity building")  # in its description only


def test_a_hit_has_a_plain_snippet_with_the_matching_words_marked(demo):
    [person] = dict(search(demo, "hung").groups)["person"]
    assert person.snippet == (("Lê Quốc ", False), ("Hùng", True))
    for _, hits in search(demo, "austria").groups:
        for hit in hits:
            assert any(matched for _, matched in hit.snippet)
            assert all(text and text.isprintable() for text, _ in hit.snippet)
            assert len(" ".join(text for text, _ in hit.snippet).split()) <= 20


def test_a_person_found_by_name_brings_the_meetings_they_attended(demo):
    results = search(demo, "hung")
    meetings = dict(results.groups)["meeting"]
    assert {hit.title for hit in meetings} == {
        "Working session with the Austrian Ministry of the Interior",  # its summary names him
        "Visit to the Vietnamese Embassy in Austria",
        "Visit to the Austrian State Printing House",
        "Visit to the Austrian Institute of Technology",
    }
    assert results.matches["meeting"] == 4
    printing = next(hit for hit in meetings if hit.title.endswith("State Printing House"))
    assert printing.snippet == (("attended by Lê Quốc ", False), ("Hùng", True))
    assert printing.opens == ("meeting", printing.record_id)
    # By name only: "director" finds Peter Webinger (Director General), not his meetings.
    directors = search(demo, "director")
    assert WEBINGER in [hit.title for hit in dict(directors.groups)["person"]]
    assert "meeting" not in dict(directors.groups)
    [webinger] = dict(search(demo, "webi", per_kind=1).groups)["meeting"]
    assert webinger.title == "Working session with the Austrian Ministry of the Interior"
    assert webinger.snippet == (("attended by Peter ", False), ("Webinger", True))


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_each_hit_opens_its_record_or_where_it_is_shown(demo_database):
    hits = {
        (hit.kind, hit.title): hit
        for text in ("hung", "vietnamese community", "residency", "cybersecurity memorandum")
        for _, group in search(demo_database, text).groups
        for hit in group
    }
    assert hits["person", HUNG].opens == ("partner", 1)
    note = next(hit for (kind, _), hit in hits.items() if kind == "note")
    assert note.opens[0] == "meeting" and note.note_id == note.record_id
    assert note.title == "Working session with the Austrian Ministry of the Interior"
    action = next(hit for (kind, _), hit in hits.items() if kind == "action")
    assert action.opens[0] == "meeting" and action.note_id is None
    proposal = hits["proposal", "Memorandum of Understanding on cybersecurity"]
    assert proposal.opens == ("proposal", proposal.record_id)
    assert hits["visit", "MPS delegation to Austria"].opens == ("visit", 2)
    loner = create_person(demo_database, PersonInput(full_name="Ursula Ohneorg"))
    [hit] = dict(search(demo_database, "ohneorg").groups)["person"]
    assert hit.opens == ("person", loner)


def write_everything_and_check(db: Database) -> None:
    """Create, edit and delete one record of each kind through db; search follows each step."""
    org = create_organisation(db, OrganisationInput(name="Zebrafish Authority", description="kelp"))
    assert found(db, "zebrafish") == found(db, "kelp") == {("organisation", org)}
    update_organisation(db, org, 1, OrganisationInput(name="Narwhal Authority", short_name="NA"))
    assert found(db, "zebrafish") == found(db, "kelp") == set()
    assert found(db, "narwhal") == {("organisation", org)}

    person = create_person(db, PersonInput(full_name="Olga Quokka", organisation_id=org))
    assert found(db, "quokka") == {("person", person)}
    update_person(db, person, 1, PersonInput(full_name="Olga Wombat", organisation_id=org))
    assert found(db, "quokka") == set() and found(db, "wombat") == {("person", person)}
    delete_person(db, person)
    assert found(db, "wombat") == set()
    delete_organisation(db, org, with_people=False)
    assert found(db, "narwhal") == set()

    meeting = create_meeting(db, MeetingInput(title="Okapi talks", place="Graz", summary="tapir"))
    assert found(db, "okapi") == found(db, "tapir graz") == {("meeting", meeting)}
    update_meeting(db, meeting, 1, MeetingInput(title="Ibex talks", place="Linz"))
    assert found(db, "okapi") == found(db, "tapir") == found(db, "graz") == set()
    assert found(db, "ibex linz") == {("meeting", meeting)}

    first = save_live_document(db, meeting, "first draft about pangolins", None).saved
    live = first.note_id
    assert found(db, "pangolin") == {("note", live)}
    assert (
        save_live_document(db, meeting, "second draft about axolotls", first).saved.note_id == live
    )
    assert found(db, "pangolin") == set() and found(db, "axolotl") == {("note", live)}
    decision = mark_decision(db, meeting, "Both sides adopt the caracal plan")
    assert found(db, "caracal") == {("note", decision)}
    action = add_commitment(db, meeting, text="Send the gecko report", side="ours", owner="Anh")
    assert ("action", action) in found(db, "gecko")
    update_action_item(
        db, action, text="Send the gecko files", side="ours", owner="Binh", due_on=None
    )
    assert ("action", action) not in found(db, "report") | found(db, "anh")
    assert ("action", action) in found(db, "gecko files binh")

    proposal = create_proposal(
        db, ProposalInput(title="Lemur exchange", next_step="call"), today=TODAY
    )
    assert found(db, "lemur") == {("proposal", proposal)}
    update_proposal(db, proposal, 1, ProposalInput(title="Marmot exchange", owner="Chi"))
    assert found(db, "lemur") == set() and found(db, "marmot chi") == {("proposal", proposal)}

    visit = create_visit(db, VisitInput(title="Bison tour", purpose="dingo"), TODAY)
    assert found(db, "bison") == found(db, "dingo") == {("visit", visit)}
    update_visit(db, visit, 1, VisitInput(title="Yak tour"), TODAY)
    assert found(db, "bison") == found(db, "dingo") == set()
    assert found(db, "yak") == {("visit", visit)}
    delete_visit(db, visit)
    assert found(db, "yak") == set()


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_the_index_follows_every_write_through_db(demo_database):
    write_everything_and_check(demo_database)


def test_the_index_kept_by_triggers_is_the_index_built_afresh(demo_database, db_path):
    write_everything_and_check(demo_database)
    db = demo_database
    db.close()
    kept_by_triggers = index_rows(db_path)
    again = open_database(db_path, migrate=False)
    with again.engine.connect() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    upgrade(again, "head")
    again.close()
    assert index_rows(db_path) == kept_by_triggers  # the same as one filled afresh


def test_another_program_writing_the_file_keeps_the_index(database, db_path):
    database.close()
    connection = sqlite3.connect(db_path)  # a plain connection: none of the app's SQL functions
    connection.execute(
        "INSERT INTO organisation (name, short_name, kind, country, is_own, "
        "description, created_at, updated_at, version) VALUES ('Capybara "
        "Institute', '', 'other', '', 0, '', '2026-01-01', '2026-01-01', 1)"
    )
    connection.commit()
    connection.close()
    reopened = open_database(db_path)
    assert titles(reopened, "capybara", "organisation") == ["Capybara Institute"]
    reopened.close()


def test_a_database_at_revision_0004_gets_the_index_filled_on_upgrade(db_path):
    old = open_database(db_path, migrate=False)
    upgrade(old, "0004")
    old.close()
    now = "2025-10-01 10:00:00"
    connection = sqlite3.connect(db_path)
    connection.executescript(
        f"""
        INSERT INTO organisation (id, name, short_name, kind, country, is_own, description,
                                  created_at, updated_at, version)
        VALUES (1, 'Bundesministerium für Inneres', 'BMI', 'ministry', 'AT', 0,
                'Republik Österreich', '{now}', '{now}', 1);
        INSERT INTO person (id, full_name, sort_name, title, position, organisation_id,
                            form_of_address, languages, protocol_notes, created_at, updated_at,
                            version)
        VALUES (1, 'Peter Webinger', 'webinger', 'Director General', '', 1, '', '', '',
                '{now}', '{now}', 1);
        INSERT INTO meeting (id, title, kind, starts_at, date_precision, place, status, summary,
                             created_at, updated_at, version)
        VALUES (1, 'Working session', 'working session', '2025-01-01 00:00:00', 'year',
                'Vienna', 'held', '', '{now}', '{now}', 1);
        INSERT INTO note (id, meeting_id, kind, text, is_live, taken_at, taken_precision,
                          updated_at)
        VALUES (1, 1, 'note', 'e-Government since 1997', 1, '{now}', 'year', '{now}');
        INSERT INTO proposal (id, title, description, kind, proposed_by, partner_id, status,
                              owner, next_step, created_at, updated_at, version)
        VALUES (1, 'Cooperation Agreement on Crime Prevention', '', 'agreement', 'us', 1,
                'under negotiation', '', '', '{now}', '{now}', 1);
        """
    )
    connection.commit()
    assert "search_fts" not in {n for (n,) in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()

    database = open_database(db_path)

    assert found(database, "osterreich") == {("organisation", 1)}
    assert found(database, "webi") == {("person", 1)}
    assert found(database, "vienna") == {("meeting", 1)}
    assert found(database, "government 1997") == {("note", 1)}
    assert found(database, "crime prevention") == {("proposal", 1)}
    update_person(database, 1, 1, PersonInput(full_name="Peter Webinger-Neu", organisation_id=1))
    assert titles(database, "webi", "person") == ["Peter Webinger-Neu"]
    database.close()


def test_every_trigger_exists_at_head(database, db_path):
    """A later batch migration that recreates a table drops its triggers: this notices."""
    database.close()
    connection = sqlite3.connect(db_path)
    names = {
        n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    connection.close()
    assert names >= TRIGGERS


def test_search_on_another_backend_says_so_in_words():
    oracle = Database(
        engine=SimpleNamespace(dialect=SimpleNamespace(name="oracle")), url="", path=None
    )
    with pytest.raises(SearchUnavailable, match="Search on oracle is not available yet"):
        search(oracle, "hung")
    assert search(oracle, "  ").groups == ()
