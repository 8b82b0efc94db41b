"""The Partners screen driven as a user would, with Pilot."""

from textual.widgets import DataTable, Input

from db.partners import list_partners
from screens.forms import FormScreen
from screens.partners.detail import PartnerScreen
from tests.pilot import notices, press, running, screen_text, settle


def _names(app) -> list[str]:  # noqa: ANN001 - BilateralApp
    """The names in the partners list, top to bottom."""
    table = app.screen.query_one("#partners-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_first_start_offers_demo_and_shows_both_interior_ministries(app_paths):
    async with running(app_paths) as pilot:
        app = pilot.app
        assert "This database is empty" in screen_text(pilot)
        await press(pilot, "d")
        assert "Visits in the next 90 days (1)" in screen_text(pilot)  # the dashboard, filled
        await press(pilot, "p")
        # Both interior ministries, each a row of its own (one name holds the other).
        assert {
            "Federal Ministry of the Interior",
            "Ministry of the Interior",
            "Austrian State Printing House",
        } <= set(_names(app))


async def test_start_empty_keeps_database_empty(app_paths, database):
    async with running(app_paths) as pilot:
        await press(pilot, "e")
        await press(pilot, "p")
        assert "No partners yet" in screen_text(pilot)
    assert list_partners(database).total == 0


async def test_filter_as_you_type_ignores_case_and_diacritics(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "p")
        await press(pilot, "slash", *"austr")
        assert _names(app) == [
            "Austrian Institute of Technology",
            "Austrian State Printing House",
            "Ministry of the Interior",
            "Vietnamese Embassy in Austria",
        ]
        assert "4 partners" in screen_text(pilot)
        await press(pilot, "escape")
        assert len(_names(app)) == 8


async def test_enter_opens_partner_with_people_meetings_and_proposals(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "p")
        await press(pilot, "slash", *"webinger")  # no partner is named so: nothing matches
        assert "No partner matches" in screen_text(pilot)
        app.screen.query_one("#filter", Input).value = "ministry austria"
        await settle(pilot)
        await press(pilot, "enter", "enter")
        assert isinstance(app.screen, PartnerScreen)
        text = screen_text(pilot)
        assert "Peter Webinger" in text
        assert "1972" in text and "Diplomatic relations" in text
        assert "Cooperation Agreement on Crime Prevention" in text
        assert "under negotiation" in text
        assert text.index("8 Jan 2027") < text.index("Vienna")  # newest meeting first
        await press(pilot, "escape")
        assert not isinstance(app.screen, PartnerScreen)


async def _open_austrian_ministry(pilot) -> None:
    await press(pilot, "p", "slash", *"ministry austria", "enter", "enter")


async def test_add_person_refuses_invalid_then_saves_and_survives_restart(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "p")
        await _open_austrian_ministry(pilot)
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, FormScreen)
        # Only spaces in the name, and a title far beyond the limit: refused, form stays.
        form.query_one("#full_name", Input).value = "   "
        form.query_one("#title", Input).value = "x" * 300
        await press(pilot, "ctrl+s")
        assert app.screen is form
        text = screen_text(pilot)
        assert "must not be empty" in text
        assert "at most 200 allowed" in text
        assert "Not saved" in text
        detail = demo_database
        from db.partners import get_partner

        austrian = next(r for r in list_partners(detail, "ministry austria").rows)
        assert [p.full_name for p in get_partner(detail, austrian.id).people] == ["Peter Webinger"]
        form.query_one("#full_name", Input).value = "Gerhard Karner"
        form.query_one("#title", Input).value = ""  # the honorific (Dr., Prof.): none
        form.query_one("#position", Input).value = "Federal Minister"  # the job
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PartnerScreen)
        assert "Gerhard Karner" in screen_text(pilot)

    async with running(app_paths) as pilot:
        await _open_austrian_ministry(pilot)
        text = screen_text(pilot)
        assert "Gerhard Karner" in text and "Federal Minister" in text


async def test_hostile_partner_name_shows_literally_without_escape_sequences(app_paths, database):
    from db.partner_changes import create_organisation
    from db.partner_input import OrganisationInput

    create_organisation(
        database,
        OrganisationInput(
            name="[bold]Evil[/] \x1b]0;pwned\x07Corp",
            description="Closing tag [/oops] and [@click=app.quit]click[/]",
            country="AT",
        ),
    )
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "p")
        text = screen_text(pilot)
        assert "[bold]Evil[/] Corp" in text
        assert "pwned" not in text and "\x1b" not in text
        await press(pilot, "enter")
        text = screen_text(pilot)
        assert "[/oops]" in text and "[@click=app.quit]click[/]" in text
        assert app.is_running


async def test_delete_partner_with_meetings_is_refused(app_paths, demo_database):
    async with running(app_paths) as pilot:
        await press(pilot, "p")
        await press(pilot, "slash", *"muehlbauer", "enter", "x")
        assert "cannot be deleted: 1 meeting, 1 visit stop refer to it" in notices(pilot)
    assert list_partners(demo_database, "muehlbauer").total == 1


async def test_delete_partner_asks_first_and_takes_its_people(app_paths, database):
    from db.partner_changes import create_organisation
    from db.partner_input import OrganisationInput, PersonInput
    from db.person_changes import create_person

    org_id = create_organisation(database, OrganisationInput(name="Short-lived Agency"))
    create_person(database, PersonInput(full_name="Anna Probst", organisation_id=org_id))
    async with running(app_paths) as pilot:
        await press(pilot, "p")
        await press(pilot, "x")
        assert "and its 1 person?" in screen_text(pilot)
        await press(pilot, "n")
        assert list_partners(database).total == 1
        await press(pilot, "x")
        await press(pilot, "y")
        assert list_partners(database).total == 0
        assert "No partners yet" in screen_text(pilot)


async def test_edit_partner_validates_country_as_you_type(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "p")
        await press(pilot, "slash", *"muehlbauer", "enter", "e")
        form = app.screen
        country = form.query_one("#country", Input)
        country.focus()
        await press(pilot, *"XQ")
        assert "'XQ' is not an ISO 3166 country code" in screen_text(pilot)
        country.value = "DE"
        await press(pilot, "ctrl+s")
    assert list_partners(demo_database, "muehlbauer").rows[0].country == "DE"


async def test_help_lists_the_live_keys_of_the_screen(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "p")
        await press(pilot, "f1")
        assert "Keys — Partners" in screen_text(pilot)
        table = app.screen.query_one(DataTable)
        actions = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert {"Add partner", "Delete partner", "Filter", "Open", "Help", "Proposals"} <= actions


async def test_command_palette_offers_the_screens_and_their_actions(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "p")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Go to Partners" in titles
        assert {"Add partner", "Edit partner", "Delete partner", "Filter"} <= set(titles)
        await press(pilot, "ctrl+p", *"add")
        await press(pilot, "enter")
        assert isinstance(app.screen, FormScreen)


async def test_a_long_list_shows_a_page_then_its_count_and_pages_in_the_rest(app_paths, database):
    from db.partner_changes import create_organisation
    from db.partner_input import OrganisationInput

    for number in range(75):
        create_organisation(
            database, OrganisationInput(name=f"Landespolizeidirektion {number:02d}")
        )
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "p")
        table = app.screen.query_one(DataTable)
        assert table.row_count == 60
        assert "60 of 75 partners" in screen_text(pilot)
        await press(pilot, "slash", *"direktion 7", "enter")
        assert "12 partners matching “direktion 7”" in screen_text(pilot)  # 07, 17, … 70–74
        await press(pilot, "slash", "escape")  # clear the filter
        await press(pilot, "G")
        assert table.row_count == 75
        assert "75 partners" in screen_text(pilot)


async def test_a_message_quoting_a_name_with_brackets_shows_it_as_typed(app_paths, demo_database):
    from sqlalchemy import update

    from db.models import Organisation

    def rename(session):
        session.execute(
            update(Organisation)
            .where(Organisation.name == "Muehlbauer Group")
            .values(name="Muehlbauer [/] [b]Group")
        )

    demo_database.write(rename)
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "p")
        await press(pilot, "slash", *"muehlbauer", "enter", "x")
        assert "“Muehlbauer [/] [b]Group” cannot be deleted" in notices(pilot)
        # Shown as typed: no notice is read as markup (which would eat "[b]").
        assert not any(n.markup for n in app._notifications)  # noqa: SLF001


async def test_a_pronunciation_typed_in_the_person_form_shows_beside_the_name(
    app_paths, demo_database
):
    async with running(app_paths, size=(160, 40)) as pilot:
        await _open_austrian_ministry(pilot)
        await press(pilot, "a", *"Gerhard Karner", "tab", *"GAIR-hart KAR-ner", "ctrl+s")
        assert isinstance(pilot.app.screen, PartnerScreen)
        assert "Gerhard Karner (GAIR-hart KAR-ner)" in screen_text(pilot)
