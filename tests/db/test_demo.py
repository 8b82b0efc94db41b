"""The demo data keeps to what the two articles say."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from db.demo import NotEmpty, load_demo
from db.models import Meeting, Milestone, Organisation, Person, Proposal, Visit
from tests.helpers.clock import TODAY


def _all(database, model):
    with database.reading() as session:
        return session.scalars(select(model)).all()


def test_organisations_and_our_own_side(demo_database):
    orgs = {o.name: o for o in _all(demo_database, Organisation)}
    assert set(orgs) == {
        "Ministry of Public Security",
        "Federal Ministry of the Interior",
        "Ministry of the Interior",
        "Austrian Institute of Technology",
        "Austrian State Printing House",
        "Muehlbauer Group",
        "Vietnamese Embassy in Berlin",
        "Vietnamese Embassy in Austria",
    }
    assert [name for name, o in orgs.items() if o.is_own] == ["Ministry of Public Security"]
    assert orgs["Muehlbauer Group"].country == ""  # the article does not say


def test_people_with_their_jobs_as_positions_and_diacritics_as_written(demo_database):
    people = {p.full_name: p.position for p in _all(demo_database, Person)}
    assert people["Lê Quốc Hùng"] == "Deputy Minister"
    assert people["Peter Webinger"] == "Director General for Migration and International Affairs"
    assert people["Christoph de Vries"] == "State Secretary"
    assert people["Ludwig Huber"] == "Vice President"
    assert people["Vu Le Thai Hoang"] == "Vietnamese Ambassador to Austria"
    assert people["Tuyen"] == ""  # only the name is given
    # The articles give no honorific (Dr., Prof.): the title is not the job.
    assert {p.title for p in _all(demo_database, Person)} == {""}


def test_milestones(demo_database):
    assert sorted(m.year for m in _all(demo_database, Milestone)) == [1972, 1975, 2011, 2025]


def test_proposals_with_proposer_and_implied_status(demo_database):
    proposals = {p.title: p for p in _all(demo_database, Proposal)}
    crime = proposals["Cooperation Agreement on Crime Prevention"]
    assert (crime.kind, crime.status, crime.proposed_by) == (
        "agreement",
        "under negotiation",
        "us",
    )
    classified = proposals["Agreement on the exchange and protection of classified information"]
    assert classified.status == "under negotiation"
    assert proposals["Memorandum of Understanding on cybersecurity"].kind == "mou"
    border = proposals["Training courses for Viet Nam's border forces"]
    assert (border.proposed_by, border.status) == ("them", "proposed")
    invitations = [p for p in proposals.values() if p.kind == "invitation"]
    assert len(invitations) == 2
    assert all(p.due_on == date(2025, 10, 25) for p in invitations)


def test_past_visits_are_dated_only_as_far_as_known(demo_database):
    meetings = [m for m in _all(demo_database, Meeting) if m.status == "held"]
    assert len(meetings) == 7
    assert {m.date_precision for m in meetings} == {"year"}
    assert {m.starts_at.year for m in meetings} == {2025}


def test_upcoming_visit_is_about_six_weeks_ahead(demo_database):
    upcoming = [v for v in _all(demo_database, Visit) if v.status == "planned"]
    assert len(upcoming) == 1
    assert upcoming[0].starts_on - TODAY == timedelta(days=42)


def test_demo_refuses_a_database_with_records(demo_database):
    with pytest.raises(NotEmpty, match="already holds records"):
        load_demo(demo_database, today=TODAY)
    assert len(_all(demo_database, Organisation)) == 8
