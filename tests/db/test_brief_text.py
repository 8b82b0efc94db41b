"""A brief's own text: written for a visit or a meeting, checked, saved with edit conflicts
caught, gone with its visit."""

import pytest
from sqlalchemy import func, select

from db.brief_text import BriefText, BriefTextInput, read_brief_text, save_brief_text
from db.errors import Invalid, NotFound, StaleEdit
from db.models import Brief, Meeting
from db.visit_changes import delete_visit
from tests.helpers.checklists import upcoming_visit

# Saving and the edit conflicts behave the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True

TEXT = BriefTextInput(
    purpose="Agree the 2027 training plan.",
    talking_points="- Thank them for Vienna\n- Propose two exchanges",
    their_objectives="Cyber crime unit visit; answer: yes, in spring.",
    press_line="Both ministries deepen their cooperation.",
    handling="RESTRICTED",
)


@pytest.fixture
def visit(demo_database) -> int:
    return upcoming_visit(demo_database)


@pytest.fixture
def meeting(demo_database) -> int:
    with demo_database.reading() as session:
        return session.scalars(select(Meeting.id).order_by(Meeting.id)).first()


def _briefs(database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(Brief)) or 0


def test_a_brief_never_written_is_empty_at_version_0(demo_database, visit, meeting):
    assert read_brief_text(demo_database, visit_id=visit) == BriefText()
    assert read_brief_text(demo_database, meeting_id=meeting).version == 0


def test_the_first_save_creates_the_text_and_later_saves_change_it(demo_database, visit):
    demo_database.actor = "Nguyễn Thị Hoa"
    save_brief_text(demo_database, TEXT, visit_id=visit, expected_version=0)
    saved = read_brief_text(demo_database, visit_id=visit)
    assert saved.talking_points == TEXT.talking_points
    assert (saved.handling, saved.version) == ("RESTRICTED", 1)

    changed = BriefTextInput(**{**TEXT.__dict__, "press_line": "No comment."})
    save_brief_text(demo_database, changed, visit_id=visit, expected_version=1)
    saved = read_brief_text(demo_database, visit_id=visit)
    assert (saved.press_line, saved.purpose, saved.version) == ("No comment.", TEXT.purpose, 2)
    with demo_database.reading() as session:
        assert session.scalars(select(Brief.changed_by)).one() == "Nguyễn Thị Hoa"
    assert _briefs(demo_database) == 1


def test_a_visit_and_its_meetings_have_briefs_of_their_own(demo_database, visit, meeting):
    save_brief_text(demo_database, TEXT, visit_id=visit, expected_version=0)
    mine = BriefTextInput(talking_points="Only for this meeting")
    save_brief_text(demo_database, mine, meeting_id=meeting, expected_version=0)
    assert read_brief_text(demo_database, visit_id=visit).talking_points == TEXT.talking_points
    assert read_brief_text(demo_database, meeting_id=meeting).talking_points == (
        "Only for this meeting"
    )


def test_a_save_over_someone_elses_is_refused_and_keeps_theirs(demo_database, visit):
    save_brief_text(demo_database, TEXT, visit_id=visit, expected_version=0)
    theirs = BriefTextInput(talking_points="Theirs")
    save_brief_text(demo_database, theirs, visit_id=visit, expected_version=1)
    with pytest.raises(StaleEdit, match="Someone else saved this brief"):
        save_brief_text(demo_database, TEXT, visit_id=visit, expected_version=1)
    # Two people writing the first text: the second learns of the first.
    with pytest.raises(StaleEdit):
        save_brief_text(demo_database, TEXT, visit_id=visit, expected_version=0)
    assert read_brief_text(demo_database, visit_id=visit).talking_points == "Theirs"


def test_texts_are_cleaned_and_too_long_ones_refused_naming_the_field(demo_database, visit):
    typed = BriefTextInput(purpose="  Agree\x1b[31m the plan \n", handling=" RESTRICTED ")
    save_brief_text(demo_database, typed, visit_id=visit, expected_version=0)
    saved = read_brief_text(demo_database, visit_id=visit)
    assert (saved.purpose, saved.handling) == ("Agree the plan", "RESTRICTED")

    too_long = BriefTextInput(talking_points="x" * 20_001, handling="H" * 81)
    with pytest.raises(Invalid) as refused:
        save_brief_text(demo_database, too_long, visit_id=visit, expected_version=1)
    assert refused.value.problems == {
        "talking_points": "is 20,001 characters long; at most 20,000 allowed",
        "handling": "is 81 characters long; at most 80 allowed",
    }
    assert read_brief_text(demo_database, visit_id=visit) == saved


def test_an_unknown_visit_or_meeting_is_refused_in_words(demo_database):
    with pytest.raises(NotFound, match="This visit no longer exists"):
        read_brief_text(demo_database, visit_id=99_999)
    with pytest.raises(NotFound, match="This meeting was deleted by someone else"):
        save_brief_text(demo_database, TEXT, meeting_id=99_999, expected_version=0)
    assert _briefs(demo_database) == 0


def test_deleting_a_visit_deletes_its_brief(demo_database, visit):
    save_brief_text(demo_database, TEXT, visit_id=visit, expected_version=0)
    delete_visit(demo_database, visit)
    assert _briefs(demo_database) == 0
