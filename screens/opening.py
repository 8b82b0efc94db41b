"""Opening a record on its own screen, by kind and id (from Today and from search)."""

from typing import TYPE_CHECKING, Any, cast

from textual.app import App
from textual.screen import Screen

from screens.context import AppContext

if TYPE_CHECKING:
    from screens.meetings.detail import MeetingScreen
    from screens.record import RecordScreen

# The mode a record belongs to: opened from search, it opens there (its key then leads back).
MODE_OF = {
    "partner": "partners",
    "person": "partners",
    "meeting": "meetings",
    "proposal": "proposals",
    "visit": "visits",
}


def open_record(
    app: App, context: AppContext, kind: str, record_id: int, note_id: int | None = None
) -> None:
    """Push the page of a partner, meeting (showing a note), proposal or visit here."""
    page = record_page(context, kind, record_id, note_id)
    if page is not None:
        app.push_screen(page)
    else:
        cannot_open(app, kind)


def open_in_own_mode(
    app: App, context: AppContext, kind: str, record_id: int, note_id: int | None = None
) -> None:
    """Open a record in its own mode (a partner in Partners…), not on top of the screen shown:
    the header, the mode keys and escape then lead where they say. A page of the same record
    already open there is shown again, not opened twice."""
    mode = MODE_OF.get(kind)
    if mode is None:
        cannot_open(app, kind)
        return
    app.switch_mode(mode)
    if kind == "person":
        open_person(app, context, record_id)
        return
    shown = next((s for s in reversed(app.screen_stack) if shows(s, kind, record_id)), None)
    if shown is not None and unwind_to(app, shown):
        if kind == "meeting" and note_id is not None:
            cast("MeetingScreen", shown).show_note = note_id  # shows() found a MeetingScreen
        cast("RecordScreen[Any]", shown).load()  # every record page has load()
        return
    open_record(app, context, kind, record_id, note_id)


def open_person(app: App, context: AppContext, person_id: int) -> None:
    """The People list (in Partners) with the person's form open on it."""
    from screens.partners.people import PeopleScreen

    shown = next((s for s in reversed(app.screen_stack) if isinstance(s, PeopleScreen)), None)
    if shown is not None and unwind_to(app, shown):
        shown.open_person_form(None, person_id)
    else:
        app.push_screen(PeopleScreen(context, edit_person=person_id))


def unwind_to(app: App, screen: Screen) -> bool:
    """Close the pages above `screen` (not live notes or a dialog); True if it is on top."""
    unwind = getattr(app, "unwind_pages", None)
    if unwind is None:
        return app.screen is screen
    return unwind(screen)


def record_page(
    context: AppContext, kind: str, record_id: int, note_id: int | None = None
) -> Screen | None:
    """The page of a partner, meeting (showing a note), proposal or visit."""
    if kind == "partner":
        from screens.partners.detail import PartnerScreen

        return PartnerScreen(context, record_id)
    if kind == "meeting":
        from screens.meetings.detail import MeetingScreen

        return MeetingScreen(context, record_id, show_note=note_id)
    if kind == "proposal":
        from screens.proposals.detail import ProposalScreen

        return ProposalScreen(context, record_id)
    if kind == "visit":
        from screens.visits.detail import VisitScreen

        return VisitScreen(context, record_id)
    return None


# The page of each kind of record (a screens.record.RecordScreen: its id is `record_id`).
PAGES = {
    "partner": "PartnerScreen",
    "meeting": "MeetingScreen",
    "proposal": "ProposalScreen",
    "visit": "VisitScreen",
}


def shows(screen: Screen, kind: str, record_id: int) -> bool:
    """Whether `screen` is the page of this record."""
    page = PAGES.get(kind, "")
    return type(screen).__name__ == page and getattr(screen, "record_id", None) == record_id


def cannot_open(app: App, kind: str) -> None:
    if kind == "action":
        message = "This action item belongs to no meeting, partner or proposal."
    else:
        message = f"This {kind} cannot be opened."
    app.notify(message, severity="warning")
