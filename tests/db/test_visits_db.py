"""Visit records: the list (upcoming first), a visit's page, the form, edit conflicts,
deletion and the programme."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from db.checklists.changes import generate_checklist, set_done
from db.dates import show_days
from db.errors import Invalid, NotFound, StaleEdit
from db.meetings import get_meeting
from db.models import Checklist, ChecklistItem, Meeting, Organisation, Person, Proposal, Visit
from db.partner_changes import create_organisation
from db.partner_input import OrganisationInput, PersonInput
from db.person_changes import create_person, delete_person
from db.visit_changes import add_programme_meeting, create_visit, delete_visit, update_visit
from db.visits import StopInput, VisitInput, get_visit, list_visits, visit_as_input
from tests.helpers.clock import TODAY

# The data layer behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


def _id_of(database, table, **where) -> int:
    with database.reading() as session:
        return session.scalars(
            select(table.id).where(*(getattr(table, k) == v for k, v in where.items()))
        ).one()


def _count(database, table) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


@pytest.fixture
def austria(demo_database) -> int:
    return _id_of(demo_database, Organisation, name="Ministry of the Interior")


def _day(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


def test_the_list_shows_upcoming_visits_soonest_first_then_past_ones_newest_first(
    demo_database, austria
):
    later = create_visit(demo_database, VisitInput(title="Later", starts=_day(90)))
    sooner = create_visit(demo_database, VisitInput(title="Sooner", starts=_day(10)))
    last_summer = create_visit(demo_database, VisitInput(title="Last summer", starts="2026-07-01"))
    undated = create_visit(demo_database, VisitInput(title="Some day"))
    page = list_visits(demo_database, today=TODAY)
    assert [row.title for row in page.rows] == [
        "Sooner",
        "Return visit: Austrian Ministry of the Interior delegation to Hanoi",
        "Later",
        "Some day",
        "Last summer",
        "MPS delegation to Austria",
        "MPS delegation to Germany",
    ]
    upcoming = {row.id: row.upcoming for row in page.rows}
    assert upcoming[sooner] and upcoming[later] and upcoming[undated]
    assert not upcoming[last_summer]


def test_a_row_shows_dates_legs_head_and_checklist_progress(demo_database):
    rows = {row.title: row for row in list_visits(demo_database, today=TODAY).rows}
    austria = rows["MPS delegation to Austria"]
    assert (austria.direction, austria.level, austria.dates) == ("outgoing", "official", "2025")
    assert austria.legs == "BMI (Vienna) · AIT · OSD · Vietnamese Embassy in Austria"
    assert austria.head == "Lê Quốc Hùng"
    assert austria.progress == (0, 0, 0)
    upcoming = next(row for row in rows.values() if row.upcoming)
    assert upcoming.dates == "7–10 Jan 2027"
    assert upcoming.legs == "MPS (Hanoi)"

    generate_checklist(demo_database, upcoming.id, today=TODAY)
    with demo_database.reading() as session:
        first_two = session.scalars(select(ChecklistItem.id).order_by(ChecklistItem.id)).all()[:2]
    for item in first_two:
        set_done(demo_database, item, True)
    row = next(r for r in list_visits(demo_database, today=TODAY).rows if r.id == upcoming.id)
    done, total, overdue = row.progress
    assert done == 2 and total > 30 and overdue > 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 3),
        ("austria", 2),  # a title word
        ("vienna", 1),  # a stop's city
        ("osd", 1),  # a stop's organisation, by its short name
        ("incoming", 1),
        ("MPS germany", 1),
        ("100%", 0),
        ("hung", 1),  # the head of the delegation (Lê Quốc Hùng), as the Head column shows
        ("tuyen", 1),  # a member of the delegation
        ("hung austria", 1),
        ("hung germany", 0),
    ],
)
def test_filter(demo_database, query, expected):
    assert list_visits(demo_database, query, today=TODAY).total == expected


def test_paging(demo_database):
    page = list_visits(demo_database, today=TODAY, offset=1, limit=1)
    assert (len(page.rows), page.total, page.has_more) == (1, 3, True)
    assert page.rows[0].title == "MPS delegation to Austria"


def test_a_visit_page_holds_legs_delegation_programme_and_progress(demo_database):
    austria_visit = _id_of(demo_database, Visit, title="MPS delegation to Austria")
    detail = get_visit(demo_database, austria_visit, TODAY)
    assert detail.head is not None and detail.head.name == "Lê Quốc Hùng"
    assert detail.members == ()  # the head is not listed again
    assert [(leg.organisation, leg.city) for leg in detail.legs][:2] == [
        ("Ministry of the Interior", "Vienna"),
        ("Austrian Institute of Technology", ""),
    ]
    assert [line.title for line in detail.programme][0] == (
        "Working session with the Austrian Ministry of the Interior"
    )
    assert detail.programme[0].partners == "BMI"
    assert (detail.upcoming, detail.progress, detail.version) == (False, (0, 0, 0), 1)
    with pytest.raises(NotFound):
        get_visit(demo_database, 999, TODAY)


def test_create_edit_and_read_back(demo_database, austria):
    webinger = _id_of(demo_database, Person, full_name="Peter Webinger")
    hung = _id_of(demo_database, Person, full_name="Lê Quốc Hùng")
    crime = _id_of(demo_database, Proposal, title="Cooperation Agreement on Crime Prevention")
    data = VisitInput(
        title="  Vienna \x1b[31mtalks\x1b[0m ",
        direction="outgoing",
        level="official",
        starts="3.3.2027",
        ends="6.3.2027",
        legs=((austria, "Vienna", "", "3.3.2027", "4.3.2027"),),
        head_person_id=hung,
        member_person_ids=(webinger, hung, webinger),
        purpose="Sign the crime prevention agreement.",
        signing_proposal_id=crime,
    )
    visit = create_visit(demo_database, data)
    detail = get_visit(demo_database, visit, TODAY)
    assert detail.title == "Vienna talks"
    assert detail.dates == "3–6 Mar 2027"
    assert [(leg.city, leg.country, leg.dates) for leg in detail.legs] == [
        ("Vienna", "AT", "3–4 Mar 2027")  # the country comes from the organisation
    ]
    assert detail.head.name == "Lê Quốc Hùng"
    assert [member.name for member in detail.members] == ["Peter Webinger"]
    assert detail.signing_proposal == "Cooperation Agreement on Crime Prevention"

    form = visit_as_input(detail)
    update_visit(demo_database, visit, detail.version, replace(form, level="state"), TODAY)
    again = get_visit(demo_database, visit, TODAY)
    assert (again.level, again.version) == ("state", 2)
    assert (again.legs, again.members, again.head) == (detail.legs, detail.members, detail.head)


def test_a_visit_known_only_to_the_year_can_be_edited_as_it_is(demo_database):
    germany = _id_of(demo_database, Visit, title="MPS delegation to Germany")
    detail = get_visit(demo_database, germany, TODAY)
    update_visit(demo_database, germany, detail.version, visit_as_input(detail), TODAY)
    again = get_visit(demo_database, germany, TODAY)
    assert (again.dates, again.date_precision, again.legs) == ("2025", "year", detail.legs)


def test_a_second_save_from_an_old_copy_is_refused(demo_database):
    visit = create_visit(demo_database, VisitInput(title="Talks"))
    form = visit_as_input(get_visit(demo_database, visit, TODAY))
    update_visit(demo_database, visit, 1, replace(form, title="Mine"), TODAY)
    with pytest.raises(StaleEdit):
        update_visit(demo_database, visit, 1, replace(form, title="Theirs"), TODAY)
    assert get_visit(demo_database, visit, TODAY).title == "Mine"
    delete_visit(demo_database, visit)
    with pytest.raises(NotFound):
        update_visit(demo_database, visit, 2, form, TODAY)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": " \n "}, "title", "must not be empty"),
        ({"title": "x" * 201}, "title", "at most 200"),
        ({"direction": "sideways"}, "direction", "must be one of: incoming, outgoing"),
        ({"level": "royal"}, "level", "must be one of"),
        ({"status": "dreaming"}, "status", "must be one of"),
        ({"starts": "31.2.2027"}, "starts", "does not exist"),
        ({"starts": "7/3/2027"}, "starts", "ambiguous"),
        ({"starts": "2027-03-07", "ends": "2027-03-01"}, "ends", "ends before it starts"),
        ({"starts": "", "ends": "2027-03-01"}, "ends", "give the first day too"),
        ({"starts": "2027", "ends": "2027-03-01"}, "ends", "as a day too"),
        ({"legs": ((None, "Vienna"),)}, "legs", "stop 1 has no organisation"),
        ({"legs": ((1, "Vienna", "XX"),)}, "legs", "not an ISO 3166 country code"),
        ({"legs": ((1, "", "", "2027-02-28"),)}, "legs", "stop 1 starts before the visit"),
        ({"legs": ((1, "", "", "", "2027-03-09"),)}, "legs", "stop 1 ends after the visit"),
        ({"legs": ((1, "", "", "", "tomorow"),)}, "legs", "stop 1, last day:"),
        ({"purpose": "x" * 20_001}, "purpose", "at most 20,000"),
    ],
)
def test_bad_input_is_refused_in_words_and_changes_nothing(demo_database, changes, field, words):
    valid = VisitInput(title="Talks", starts="2027-03-01", ends="2027-03-05")
    before = _count(demo_database, Visit)
    with pytest.raises(Invalid) as caught:
        create_visit(demo_database, replace(valid, **changes))
    assert words in caught.value.problems[field]
    assert _count(demo_database, Visit) == before


def test_every_problem_is_listed_at_once():
    with pytest.raises(Invalid) as caught:
        VisitInput(title="", direction="up", starts="someday").cleaned(TODAY)
    assert set(caught.value.problems) == {"title", "direction", "starts"}


def test_references_that_do_not_fit_are_refused(demo_database, austria):
    osd_offer = _id_of(
        demo_database,
        Proposal,
        title="Cooperation in digital transformation and security printing solutions",
    )
    leg = StopInput(austria, "Vienna")
    before = _count(demo_database, Visit)
    with pytest.raises(Invalid) as caught:
        create_visit(
            demo_database, VisitInput(title="Talks", legs=(leg,), signing_proposal_id=osd_offer)
        )
    assert "does not meet" in caught.value.problems["signing_proposal_id"]
    gone = create_person(demo_database, PersonInput(full_name="Gone", organisation_id=austria))
    delete_person(demo_database, gone)
    with pytest.raises(Invalid) as caught:
        create_visit(
            demo_database,
            VisitInput(
                title="Talks", head_person_id=gone, member_person_ids=(999,), legs=((999,),)
            ),
        )
    assert set(caught.value.problems) == {"head_person_id", "member_person_ids", "legs"}
    assert _count(demo_database, Visit) == before


def test_a_signing_with_a_partner_met_in_the_programme_is_accepted(demo_database, austria):
    upcoming = next(r.id for r in list_visits(demo_database, today=TODAY).rows if r.upcoming)
    crime = _id_of(demo_database, Proposal, title="Cooperation Agreement on Crime Prevention")
    detail = get_visit(demo_database, upcoming, TODAY)
    form = replace(visit_as_input(detail), signing_proposal_id=crime)
    update_visit(demo_database, upcoming, detail.version, form, TODAY)
    assert get_visit(demo_database, upcoming, TODAY).signing_proposal_id == crime
    with pytest.raises(Invalid):
        create_visit(demo_database, replace(form, title="Copy"))  # a new visit meets nobody yet


def test_the_programme_grows_by_planned_meetings(demo_database, austria):
    visit = create_visit(demo_database, VisitInput(title="Talks", starts=_day(30)))
    meeting = add_programme_meeting(
        demo_database, visit, "Courtesy call", f"{_day(30)} 10:00", austria
    )
    add_programme_meeting(demo_database, visit, "Site visit", "", None)
    detail = get_visit(demo_database, visit, TODAY)
    assert [(line.title, line.status, line.partners) for line in detail.programme] == [
        ("Courtesy call", "planned", "BMI"),
        ("Site visit", "planned", ""),
    ]
    assert get_meeting(demo_database, meeting).visit_id == visit
    meetings = _count(demo_database, Meeting)
    with pytest.raises(Invalid):
        add_programme_meeting(demo_database, visit, "", "31.2.2027", austria)
    with pytest.raises(NotFound):
        add_programme_meeting(demo_database, 999, "Lunch", "", austria)
    assert _count(demo_database, Meeting) == meetings


def test_deleting_a_visit_takes_its_checklist_and_keeps_its_meetings(demo_database, austria):
    org = create_organisation(demo_database, OrganisationInput(name="Federal Police", country="AT"))
    visit = create_visit(
        demo_database, VisitInput(title="Talks", starts=_day(20), legs=(StopInput(org),))
    )
    meeting = add_programme_meeting(demo_database, visit, "Working session", "", austria)
    generate_checklist(demo_database, visit, today=TODAY)
    delete_visit(demo_database, visit)
    with pytest.raises(NotFound):
        get_visit(demo_database, visit, TODAY)
    with demo_database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Checklist)) == 0
        assert session.scalar(select(func.count()).select_from(ChecklistItem)) == 0
    assert get_meeting(demo_database, meeting).visit_id is None
    with pytest.raises(NotFound):
        delete_visit(demo_database, visit)


@pytest.mark.parametrize(
    ("starts", "ends", "precision", "shown"),
    [
        (date(2027, 1, 7), date(2027, 1, 10), "day", "7–10 Jan 2027"),
        (date(2027, 1, 30), date(2027, 2, 2), "day", "30 Jan – 2 Feb 2027"),
        (date(2026, 12, 30), date(2027, 1, 2), "day", "30 Dec 2026 – 2 Jan 2027"),
        (date(2027, 1, 7), None, "day", "7 Jan 2027"),
        (date(2025, 1, 1), date(2025, 10, 9), "year", "2025 – 9 Oct 2025"),
        (None, None, "day", ""),
    ],
)
def test_visit_days_are_shown_compactly(starts, ends, precision, shown):
    assert show_days(starts, ends, precision) == shown
