"""Fixtures of the database tests: the demo's upcoming visit and a checklist for it."""

import pytest

from db.engine import Database
from tests.helpers.checklists import STANDARD, make_checklist, upcoming_visit


@pytest.fixture
def visit_id(demo_database: Database) -> int:
    return upcoming_visit(demo_database)


@pytest.fixture
def item_ids(demo_database: Database, visit_id: int) -> list[int]:
    return make_checklist(demo_database, visit_id, STANDARD)
