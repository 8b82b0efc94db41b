"""The People list (in Partners) driven with Pilot: find anyone, open and complete them."""

from textual.widgets import DataTable, Input, Select

from db.partner_input import PersonInput
from db.partners import list_partners
from db.people import get_person
from db.person_changes import create_person
from screens.dialogs import ConfirmScreen
from screens.forms import FormScreen
from screens.meetings.form import MeetingForm
from screens.partners.list import PartnersScreen
from screens.partners.people import PeopleScreen
from screens.search import SearchScreen
from tests.pilot import notices, press, running, screen_text, settle


def _rows(app) -> list[tuple[str, ...]]:  # noqa: ANN001 - BilateralApp
    table = app.screen.query_one("#people-table", DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def _open_people(pilot) -> None:  # noqa: ANN001
    await press(pilot, "p")
    await press(pilot, "P")
    assert isinstance(pilot.app.screen, PeopleScreen)


async def test_people_list_finds_anyone_accents_ignored_and_shows_the_job(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await _open_people(pilot)
        text = screen_text(pilot)
        assert "Partners ▸ People" in text
        assert "6 people" in text
        await press(pilot, "slash", *"hung")
        # The demo's jobs are positions: 'Name — Position', no honorific taken for a job.
        assert _rows(app) == [
            ("Lê Quốc Hùng", "Deputy Minister", "Ministry of Public Security", "VN", "")
        ]
        assert "1 person matching “hung”" in screen_text(pilot)
        app.screen.query_one("#filter", Input).value = "embassy austria"  # the organisation
        await settle(pilot)
        assert [row[0] for row in _rows(app)] == ["Vu Le Thai Hoang"]
        await press(pilot, "escape")  # clears the filter, back in the list
        assert isinstance(app.screen, PeopleScreen) and len(_rows(app)) == 6
        await press(pilot, "escape")  # back to Partners
        assert isinstance(app.screen, PartnersScreen)


async def test_a_person_created_in_the_meeting_form_is_found_and_completed(
    app_paths, demo_database
):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "m", "a")
        assert isinstance(app.screen, MeetingForm)
        await press(pilot, "f3")
        await press(pilot, *"Aubeck Kam")
        await press(pilot, "enter")  # nobody is called so: "＋ Create the person"
        assert isinstance(app.screen, MeetingForm)
        assert "Partners ▸ People" in notices(pilot)
        assert "partner's page" not in notices(pilot)
        await press(pilot, "escape")  # the meeting is not saved; the person is
        if isinstance(app.screen, ConfirmScreen):
            await press(pilot, "y")
        await _open_people(pilot)
        await press(pilot, "slash", *"aubeck")
        assert _rows(app) == [("Aubeck Kam", "", "none", "", "")]  # no organisation, still listed
        await press(pilot, "enter", "enter")  # leave the filter, open the highlighted person
        form = app.screen
        assert isinstance(form, FormScreen) and form.form_title == "Edit person"
        text = screen_text(pilot)
        assert "Honorific" in text and "Position (job)" in text
        embassy = list_partners(demo_database, "embassy austria").rows[0].id
        form.query_one("#title", Input).value = "Mr"
        form.query_one("#position", Input).value = "Counsellor"
        form.query_one("#organisation_id", Select).value = embassy
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PeopleScreen)
        assert _rows(app) == [
            ("Aubeck Kam", "Counsellor", "Vietnamese Embassy in Austria", "VN", "")
        ]
        [person_id] = [int(k.value) for k in app.screen.query_one(DataTable).rows]
    person = get_person(demo_database, person_id)
    assert (person.title, person.position, person.organisation_id) == ("Mr", "Counsellor", embassy)


async def test_a_person_without_organisation_found_by_search_opens_their_form(
    app_paths, demo_database
):
    person_id = create_person(demo_database, PersonInput(full_name="Aubeck Kam"))
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "v", "ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await press(pilot, *"aubeck")
        await press(pilot, "enter")
        assert app.current_mode == "partners"
        form = app.screen
        assert isinstance(form, FormScreen) and form.form_title == "Edit person"
        assert form.query_one("#full_name", Input).value == "Aubeck Kam"
        assert "partner's page" not in notices(pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, PeopleScreen)
        assert _rows(app)[0] == ("Aubeck Kam", "", "none", "", "")  # first by sort name
        assert get_person(demo_database, person_id).organisation_id is None
        await press(pilot, "x")  # attended nothing: may go, once confirmed
        assert "Delete “Aubeck Kam”?" in screen_text(pilot)
        await press(pilot, "y")
        assert "Person deleted." in notices(pilot)
        assert "6 people" in screen_text(pilot)
