"""The fixed vocabularies of the records: kinds, sides, roles and statuses.

Pure Python so that the UI can offer choices without importing the ORM.
"""

ORGANISATION_KINDS = (
    "ministry",
    "agency",
    "police",
    "company",
    "research institute",
    "international organisation",
    "embassy",
    "other",
)

MEETING_KINDS = (
    "working session",
    "courtesy call",
    "site visit",
    "signing ceremony",
    "videoconference",
    "meeting",
)
MEETING_STATUSES = ("planned", "held", "cancelled")

SIDES = ("ours", "theirs")
ATTENDANCE_ROLES = ("head", "member", "note-taker", "interpreter")
NOTE_KINDS = ("note", "decision", "commitment", "proposal")
PROPOSED_BY = ("us", "them", "jointly")

VISIT_DIRECTIONS = ("incoming", "outgoing")
VISIT_LEVELS = ("state", "official", "working")
VISIT_STATUSES = ("planned", "confirmed", "under way", "completed", "cancelled")

# How much of a date is known: archives often hold only the year or the month.
DATE_PRECISIONS = ("year", "month", "day", "minute")


def proposed_by_words(proposed_by: str) -> str:
    """Who proposed it, in words: 'proposed by us', 'proposed by them', 'proposed jointly';
    '' when not known."""
    if not proposed_by:
        return ""
    if proposed_by == "jointly":
        return "proposed jointly"
    return f"proposed by {proposed_by}"


# How a marked line of live notes reads, by what was marked.
MARKS = {"decision": "◆ DECISION", "commitment": "▲ COMMITMENT", "proposal": "✚ PROPOSAL"}
