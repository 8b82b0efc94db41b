"""Opening a record on its own screen, by kind and id (from the dashboard and from search)."""

from textual.app import App

from screens.context import AppContext


def open_record(
    app: App, context: AppContext, kind: str, record_id: int, note_id: int | None = None
) -> None:
    """Push the page of a partner, meeting (showing a note), proposal or visit."""
    if kind == "partner":
        from screens.partners.detail import PartnerScreen

        app.push_screen(PartnerScreen(context, record_id))
    elif kind == "meeting":
        from screens.meetings.detail import MeetingScreen

        app.push_screen(MeetingScreen(context, record_id, show_note=note_id))
    elif kind == "proposal":
        from screens.proposals.detail import ProposalScreen

        app.push_screen(ProposalScreen(context, record_id))
    elif kind == "visit":
        from screens.visits.detail import VisitScreen

        app.push_screen(VisitScreen(context, record_id))
    else:
        app.notify(
            "This person belongs to no organisation yet; edit them from a partner's page.",
            severity="warning",
        )
