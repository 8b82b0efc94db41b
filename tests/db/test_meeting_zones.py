"""A meeting's time zone: saved, taken from the visit's stop, refused when unknown, kept in a
copy, and its time read in the user's zone on the meeting's and the visit's page."""

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from db.errors import Invalid
from db.meeting_changes import create_meeting, update_meeting
from db.meeting_input import MeetingInput
from db.meetings import get_meeting, meeting_as_input, next_meeting_input
from db.models import Meeting
from db.partner_changes import create_organisation
from db.partner_input import OrganisationInput
from db.visit_changes import add_programme_meeting, create_visit
from db.visit_input import StopInput, VisitInput
from db.visits import get_visit
from tests.helpers.clock import TODAY

BOTH_BACKENDS = True


@pytest.fixture
def in_hanoi(monkeypatch: pytest.MonkeyPatch) -> str:
    """The user's computer keeps Hanoi's time."""
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    return "Asia/Ho_Chi_Minh"


@pytest.fixture
def tour(database) -> int:
    """A visit to Berlin (5–7 Oct 2025), then Vienna (8–9 Oct)."""
    berlin, vienna = (
        create_organisation(database, OrganisationInput(name=name, country=country))
        for name, country in (("Bundesministerium des Innern", "DE"), ("Innenministerium", "AT"))
    )
    return create_visit(
        database,
        VisitInput(
            title="Tour of two ministries",
            starts="5.10.2025",
            ends="9.10.2025",
            legs=(
                StopInput(berlin, "Berlin", "DE", "5.10.2025", "7.10.2025"),
                StopInput(vienna, "Wien", "AT", "8.10.2025", "9.10.2025"),
            ),
        ),
        TODAY,
    )


def _meetings(database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(Meeting)) or 0


def test_the_zone_given_is_saved_as_tzdata_names_it(database):
    meeting = create_meeting(
        database, MeetingInput(title="Talks", starts="7.10.2025 09:00", time_zone="europe/vienna")
    )
    detail = get_meeting(database, meeting, TODAY)
    assert detail.time_zone == "Europe/Vienna"
    assert meeting_as_input(detail).time_zone == "Europe/Vienna"

    update_meeting(
        database, meeting, detail.version, replace(meeting_as_input(detail), time_zone="")
    )
    assert get_meeting(database, meeting, TODAY).time_zone == ""


def test_a_meeting_of_a_visit_takes_the_zone_of_the_stop_on_its_day(database, tour):
    in_vienna = create_meeting(
        database, MeetingInput(title="Vienna talks", starts="8.10.2025 10:00", visit_id=tour)
    )
    in_berlin = add_programme_meeting(database, tour, "Berlin talks", "6.10.2025", None, TODAY)
    undated = create_meeting(database, MeetingInput(title="Dinner", visit_id=tour))
    given = create_meeting(
        database,
        MeetingInput(
            title="Call home", starts="8.10.2025 07:00", visit_id=tour, time_zone="Asia/Ho_Chi_Minh"
        ),
    )
    zones = [get_meeting(database, m, TODAY).time_zone for m in (in_vienna, in_berlin, undated)]
    assert zones == ["Europe/Vienna", "Europe/Berlin", "Europe/Berlin"]
    assert get_meeting(database, given, TODAY).time_zone == "Asia/Ho_Chi_Minh"


def test_a_meeting_outside_a_visit_keeps_the_users_own_zone(database):
    meeting = create_meeting(database, MeetingInput(title="Desk talk", starts="7.10.2025 9:00"))
    assert get_meeting(database, meeting, TODAY).time_zone == ""


def test_an_unknown_zone_is_refused_and_nothing_is_saved(database):
    with pytest.raises(Invalid) as refused:
        create_meeting(database, MeetingInput(title="Talks", time_zone="Europe/Viena"))
    assert refused.value.problems == {
        "time_zone": "Unknown time zone 'Europe/Viena': try a name like Europe/Vienna"
    }
    assert _meetings(database) == 0


def test_the_next_meeting_from_a_copy_keeps_the_zone(database):
    first = create_meeting(
        database,
        MeetingInput(title="Liaison call", starts="7.10.2025 09:00", time_zone="America/New_York"),
    )
    copy = replace(
        next_meeting_input(get_meeting(database, first, TODAY)), starts="14.10.2025 09:00"
    )
    second = create_meeting(database, copy)
    assert get_meeting(database, second, TODAY).time_zone == "America/New_York"


def test_the_pages_read_the_time_in_the_users_zone_too(database, tour, in_hanoi):
    meeting = create_meeting(
        database,
        MeetingInput(title="Vienna talks", starts="8.10.2025 09:00", ends="11:00", visit_id=tour),
    )
    detail = get_meeting(database, meeting, TODAY)
    assert detail.when == "8 Oct 2025 09:00–11:00 Vienna · 14:00–16:00 Ho Chi Minh"
    assert detail.ends == ""
    assert meeting_as_input(detail).ends == "11:00"
    programme = get_visit(database, tour, TODAY).programme
    assert [row.when for row in programme] == ["8 Oct 2025 09:00 Vienna · 14:00 Ho Chi Minh"]


def test_a_meeting_in_the_users_zone_reads_its_time_once(database, in_hanoi):
    meeting = create_meeting(
        database,
        MeetingInput(
            title="Talks", starts="8.10.2025 09:00", ends="11:00", time_zone="Asia/Ho_Chi_Minh"
        ),
    )
    detail = get_meeting(database, meeting, TODAY)
    assert (detail.when, detail.ends) == ("8 Oct 2025 09:00", "11:00")


def test_a_copy_of_a_visits_meeting_in_the_users_zone_stays_in_it(database, tour, in_hanoi):
    first = create_meeting(database, MeetingInput(title="Call home", visit_id=tour))
    detail = get_meeting(database, first, TODAY)
    update_meeting(database, first, detail.version, replace(meeting_as_input(detail), time_zone=""))
    copy = replace(
        next_meeting_input(get_meeting(database, first, TODAY)), starts="8.10.2025 07:00"
    )
    second = get_meeting(database, create_meeting(database, copy), TODAY)
    assert (second.time_zone, second.when) == ("Asia/Ho_Chi_Minh", "8 Oct 2025 07:00")
