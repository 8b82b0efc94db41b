"""A meeting's time zone and a person's e-mail, typed in their forms as a user would."""

from textual.widgets import Input

from db.meetings import get_meeting, list_meetings
from db.partner_changes import create_organisation
from db.partner_input import OrganisationInput
from db.partners import list_partners
from db.people import get_person, search_people
from db.visit_changes import create_visit
from db.visit_input import StopInput, VisitInput
from screens.meetings.form import MeetingForm
from screens.partners.detail import PartnerScreen
from screens.partners.forms import PersonForm
from screens.visits.detail import VisitScreen
from tests.helpers.clock import TODAY
from tests.pilot import notices, press, running, screen_text, settle, show


async def test_an_unknown_zone_is_refused_under_its_field_and_a_known_one_saves(
    app_paths, demo_database
):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "m", "a")
        form = app.screen
        assert isinstance(form, MeetingForm)
        form.query_one("#title", Input).value = "Talks in Vienna"
        form.query_one("#starts", Input).value = "8.10.2025 09:00"
        form.query_one("#time_zone", Input).focus()
        await press(pilot, *"Europe/Viena")
        message = "Unknown time zone 'Europe/Viena': try a name like"  # … Europe/Vienna
        assert message in screen_text(pilot)
        await press(pilot, "ctrl+s")
        assert app.screen is form and "Not saved" in screen_text(pilot)

        await press(pilot, "backspace", *"na")
        assert message not in screen_text(pilot)
        await press(pilot, "ctrl+s")
        assert "Meeting saved." in notices(pilot)
    meeting = list_meetings(demo_database, "talks in vienna").rows[0]
    assert get_meeting(demo_database, meeting.id).time_zone == "Europe/Vienna"


async def test_a_meeting_planned_in_a_visit_takes_the_zone_of_the_stop_on_its_day(
    app_paths, database
):
    stops = [
        (create_organisation(database, OrganisationInput(name=name, country=country)), city, day)
        for name, country, city, day in (
            ("Bundesministerium des Innern", "DE", "Berlin", "5.10.2025"),
            ("Innenministerium", "AT", "Wien", "8.10.2025"),
        )
    ]
    tour = create_visit(
        database,
        VisitInput(
            title="Tour",
            starts="5.10.2025",
            ends="9.10.2025",
            legs=tuple(StopInput(org, city, "", day, day) for org, city, day in stops),
        ),
        TODAY,
    )
    async with running(app_paths) as pilot:
        app = pilot.app
        await show(pilot, VisitScreen(app.context, tour))
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, MeetingForm)
        zone = form.query_one("#time_zone", Input)
        assert zone.value == "Europe/Berlin"
        form.query_one("#title", Input).value = "Talks in Vienna"
        form.query_one("#starts", Input).value = "8.10.2025 10:00"
        await settle(pilot)
        assert zone.value == "Europe/Vienna"
        await press(pilot, "ctrl+s")
        assert "Meeting planned." in notices(pilot)
    meeting = list_meetings(database, "talks in vienna").rows[0]
    assert get_meeting(database, meeting.id).time_zone == "Europe/Vienna"


async def test_an_email_typed_in_the_person_form_is_checked_then_saved(app_paths, demo_database):
    austria = list_partners(demo_database, "ministry austria").rows[0].id
    async with running(app_paths) as pilot:
        app = pilot.app
        await show(pilot, PartnerScreen(app.context, austria))
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, PersonForm)
        form.query_one("#full_name", Input).value = "Anna Probst"
        form.query_one("#email", Input).value = "anna@bmi"
        await settle(pilot)
        assert "is not an e-mail address like name@ministry.gov.vn" in screen_text(pilot)
        form.query_one("#email", Input).value = "anna@BMI.GV.AT"
        form.query_one("#phone", Input).value = "+43 1 531 26"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PartnerScreen)
    person = get_person(demo_database, search_people(demo_database, "anna probst")[0].id)
    assert (person.email, person.phone) == ("anna@bmi.gv.at", "+43 1 531 26")
