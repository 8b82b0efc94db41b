"""How a partner is drawn: the preview beside the list and the profile on its page."""

from rich.console import Group
from rich.text import Text

from db.countries import country_name
from db.partner_shapes import OrganisationDetail
from screens.widgets import heading, marking_badge, plain


def headline(detail: OrganisationDetail) -> Text:
    """'[CONFIDENTIAL] Ministry of the Interior (BMI) · Austria · ministry' (no badge at the
    lowest marking)."""
    line = marking_badge(detail.marking)
    line.append_text(plain(detail.name, "bold"))
    if detail.short_name:
        line.append_text(plain(f" ({detail.short_name})", "bold"))
    facts = [country_name(detail.country), detail.kind]
    if detail.is_own:
        facts.append("our side")
    line.append_text(plain(" · " + " · ".join(f for f in facts if f), "dim"))
    return line


def profile(detail: OrganisationDetail) -> Text:
    """Headline, parent, milestones and description."""
    text = headline(detail)
    if detail.parent_name:
        text.append("\nPart of ")
        text.append_text(plain(detail.parent_name))
    for milestone in detail.milestones:
        text.append("\n")
        text.append(f"{milestone.when:>6}  ", style="bold")
        text.append_text(plain(milestone.text))
    if detail.description:
        text.append("\n\n")
        text.append_text(plain(detail.description))
    return text


def preview(detail: OrganisationDetail) -> Group:
    """The pane beside the list: profile, people, open proposals, latest meetings."""
    parts: list[Text] = [profile(detail)]
    people = heading("People", gap=True)
    for person in detail.people:
        people.append("\n ")
        people.append_text(marking_badge(person.marking))
        people.append_text(plain(person.full_name))
        # 'Name — Position': the honorific (title) is no job.
        if person.position:
            people.append_text(plain(f" — {person.position}", "dim"))
    if not detail.people:
        people.append("\n none recorded", style="dim")
    parts.append(people)
    proposals = heading(f"Open proposals ({len(detail.open_proposals)})", gap=True)
    for proposal in detail.open_proposals:
        proposals.append("\n ")
        proposals.append_text(plain(proposal.title))
        proposals.append_text(plain(f" — {proposal.status}", "italic dim"))
        if proposal.overdue:
            proposals.append_text(plain(f" due {proposal.due}", "bold red"))
    parts.append(proposals)
    meetings = heading(f"Meetings ({len(detail.meetings)})", gap=True)
    for meeting in detail.meetings[:8]:
        meetings.append("\n ")
        meetings.append_text(plain(f"{meeting.when:<12} ", "bold"))
        meetings.append_text(plain(meeting.title))
        if meeting.status != "held":
            meetings.append_text(plain(f"  ({meeting.status})", "dim"))
    parts.append(meetings)
    return Group(*parts)
