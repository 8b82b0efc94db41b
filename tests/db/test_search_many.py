"""A word matching more records of a kind than search ranks shows that kind's newest records,
counted as "more than RANK_LIMIT", on SQLite and PostgreSQL; a kind matching fewer is still
ranked and counted exactly."""

from collections.abc import Iterator

import pytest
from sqlalchemy import insert

from db.engine import Database
from db.models import Organisation
from db.opening import open_database
from db.search import search
from db.search.hits import COUNTED_UP_TO, RANK_LIMIT

BOTH_BACKENDS = True

PARTNERS = RANK_LIMIT + 200
# The oldest partners carry both words in their names too: ranked, they would come first.
NAMED = 10
# A second word that only the older partners hold: fewer of them than are ever ranked.
FEW = RANK_LIMIT // 2
PER_KIND = 10


def _name(number: int) -> str:
    return f"{'Kelpfarm Seagrass ' if number < NAMED else ''}Authority {number:04}"


@pytest.fixture(scope="module")
def many(request: pytest.FixtureRequest, backend: str, tmp_path_factory) -> Iterator[Database]:
    """Partners all described with "kelpfarm", the older ones with "seagrass" as well."""
    if backend == "postgresql":
        target = request.getfixturevalue("postgres_server").new_database()
    else:
        target = tmp_path_factory.mktemp("many") / "many.db"
    database = open_database(target)
    rows = [
        {
            "name": _name(number),
            "description": "Kelpfarm partner" + (" near the seagrass" if number < FEW else ""),
            "version": 1,
        }
        for number in range(PARTNERS)
    ]
    database.write(lambda session: session.execute(insert(Organisation), rows))
    yield database
    database.close()


def test_a_word_matching_more_than_are_ranked_shows_the_newest_and_says_more_than(
    many: Database,
) -> None:
    results = search(many, "kelpfarm", per_kind=PER_KIND)

    assert results.matches == {"organisation": COUNTED_UP_TO}
    assert results.total_text == f"{RANK_LIMIT:,}+"
    newest = [_name(number) for number in range(PARTNERS - 1, PARTNERS - 1 - PER_KIND, -1)]
    assert [hit.title for hit in dict(results.groups)["organisation"]] == newest


def test_a_word_matching_fewer_is_ranked_with_names_first(many: Database) -> None:
    results = search(many, "kelpfarm seagrass", per_kind=PER_KIND)

    assert results.matches == {"organisation": FEW}
    best = {hit.title for hit in dict(results.groups)["organisation"]}
    assert best == {_name(number) for number in range(NAMED)}
