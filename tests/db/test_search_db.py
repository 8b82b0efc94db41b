"""Global search over the full-text index, on SQLite and PostgreSQL: diacritics, prefixes,
awkward input, hits grouped and ranked, and an index kept in step with every write.
(SQLite's own index, its triggers and its upgrade: test_search_sqlite.py.)"""

from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from db.demo import load_demo
from db.engine import Database
from db.opening import open_database
from db.partner_changes import create_organisation
from db.partner_input import OrganisationInput, PersonInput
from db.person_changes import create_person
from db.search import search
from db.search.hits import KINDS, MAX_WORD_LENGTH, MAX_WORDS, SearchUnavailable, search_words
from db.search.sqlite import match_expression
from tests.helpers.clock import TODAY
from tests.helpers.search import found, titles, write_everything_and_check

# Search behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True

HUNG = "Lê Quốc Hùng"
WEBINGER = "Peter Webinger"
AUSTRIAN_MINISTRY = "Ministry of the Interior"


@pytest.fixture(scope="module")
def demo(request: pytest.FixtureRequest, backend: str, tmp_path_factory) -> Iterator[Database]:
    """One demo database per backend for the many tests that only read it."""
    if backend == "postgresql":
        target = request.getfixturevalue("postgres_server").new_database()
    else:
        target = tmp_path_factory.mktemp("search") / "demo.db"
    database = open_database(target)
    load_demo(database, today=TODAY)
    yield database
    database.close()


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


def test_the_index_follows_every_write_through_db(demo_database):
    write_everything_and_check(demo_database)


def test_search_on_another_backend_says_so_in_words():
    oracle = Database(
        engine=SimpleNamespace(dialect=SimpleNamespace(name="oracle")), url="", path=None
    )
    with pytest.raises(SearchUnavailable, match="Search on oracle is not available yet"):
        search(oracle, "hung")
    assert search(oracle, "  ").groups == ()
