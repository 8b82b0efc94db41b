"""Meetings and live notes in the records: filters, forms' input, conflicts, long notes."""

import pytest

from db.errors import Invalid, StaleEdit
from db.meeting_changes import create_meeting, update_meeting
from db.meeting_input import AttendeeInput, CommitmentInput, MeetingInput
from db.meetings import (
    get_meeting,
    list_meetings,
    list_topics,
    meeting_as_input,
    next_meeting_input,
)
from db.note_changes import add_commitment, add_proposal, save_live_document
from db.notes import live_document, talking_points, wrap_up
from db.partners import get_partner, list_partners
from db.people import search_people
from db.proposal_input import ProposalInput
from tests.helpers.clock import TODAY

# The data layer behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


def _partner(database, query):
    return list_partners(database, query).rows[0].id


def _person(database, query):
    return search_people(database, query)[0]


def _titles(page):
    return [row.title for row in page.rows]


def test_list_is_newest_first_and_filters_in_sql(demo_database):
    everything = list_meetings(demo_database)
    assert everything.total == 8
    assert everything.rows[0].status == "planned"  # the upcoming one, in 2027
    austria = _partner(demo_database, "ministry austria")
    assert list_meetings(demo_database, partner_id=austria).total == 2
    assert list_meetings(demo_database, year=2025).total == 7
    assert list_meetings(demo_database, status="planned").total == 1
    assert list_meetings(demo_database, "vienna").total == 1
    assert list_meetings(demo_database, "muehlbauer").total == 1  # a partner's name matches
    extradition = next(i for i, name in list_topics(demo_database) if name == "extradition")
    assert list_meetings(demo_database, topic_id=extradition, year=2025).total == 1
    page = list_meetings(demo_database, limit=3, offset=3)
    assert (len(page.rows), page.has_more) == (3, True)


def test_filter_finds_meetings_by_summary_attendee_and_topic(demo_database):
    # "Interpol" is only in its summary.
    assert _titles(list_meetings(demo_database, "interpol")) == [
        "Working session with State Secretary Christoph de Vries"
    ]
    # Lê Quốc Hùng attended these (his name is in none of their titles).
    attended = list_meetings(demo_database, "hung")
    assert attended.total == 4
    assert "Visit to the Austrian State Printing House" in _titles(attended)
    assert list_meetings(demo_database, "hung printing").total == 1
    meeting = create_meeting(
        demo_database, MeetingInput(title="Liaison call", topics=("Europol",)), today=TODAY
    )
    assert _titles(list_meetings(demo_database, "europol")) == ["Liaison call"]
    assert get_meeting(demo_database, meeting).topics == ("Europol",)


def test_topics_keep_the_case_typed_and_are_one_topic_whatever_the_case(demo_database):
    first = create_meeting(
        demo_database, MeetingInput(title="A", topics=("Interpol", "EU")), today=TODAY
    )
    second = create_meeting(
        demo_database, MeetingInput(title="B", topics=("interpol", "INTERPOL")), today=TODAY
    )
    assert get_meeting(demo_database, first).topics == ("EU", "Interpol")
    assert get_meeting(demo_database, second).topics == ("Interpol",)
    names = [name for _, name in list_topics(demo_database)]
    assert [name for name in names if name.casefold() == "interpol"] == ["Interpol"]


def test_partners_column_tells_the_two_interior_ministries_apart(demo_database):
    partners = {row.partners for row in list_meetings(demo_database, "working session").rows}
    assert {"BMI (AT)", "BMI (DE)"} <= partners


def test_create_a_meeting_with_both_sides_and_read_it_back(demo_database):
    austria = _partner(demo_database, "ministry austria")
    hung, webinger = _person(demo_database, "hung"), _person(demo_database, "webinger")
    meeting_id = create_meeting(
        demo_database,
        MeetingInput(
            title="Follow-up videoconference",
            kind="videoconference",
            starts="tomorrow 9:00",
            ends="10:30",
            status="planned",
            partner_ids=(austria,),
            attendees=(
                AttendeeInput(hung.id, "ours", "head"),
                AttendeeInput(webinger.id, "theirs", "head"),
            ),
            topics=("Extradition", "new topic"),
        ),
        today=TODAY,
    )
    detail = get_meeting(demo_database, meeting_id)
    assert detail.when == "27 Nov 2026 09:00" and detail.ends == "10:30"
    assert [(a.name, a.side, a.role) for a in detail.attendance] == [
        ("Lê Quốc Hùng", "ours", "head"),
        ("Peter Webinger", "theirs", "head"),
    ]
    assert detail.topics == ("extradition", "new topic")
    assert [p.id for p in detail.partners] == [austria]


def test_invalid_meeting_is_refused_whole(demo_database):
    with pytest.raises(Invalid) as refused:
        create_meeting(
            demo_database,
            MeetingInput(title="", starts="31.02.2025", ends="9:00", status="held"),
            today=TODAY,
        )
    assert {"title", "starts"} <= set(refused.value.problems)
    assert list_meetings(demo_database).total == 8


def test_end_before_start_is_refused(demo_database):
    with pytest.raises(Invalid, match="ends before it starts"):
        create_meeting(
            demo_database, MeetingInput(title="x", starts="7.10.2025 14:00", ends="13:00")
        )


def test_editing_a_stale_copy_is_refused(demo_database):
    detail = get_meeting(demo_database, list_meetings(demo_database, "vienna").rows[0].id)
    update_meeting(demo_database, detail.id, detail.version, meeting_as_input(detail))
    with pytest.raises(StaleEdit):
        update_meeting(demo_database, detail.id, detail.version, meeting_as_input(detail))


def test_a_copy_starts_the_next_meeting_with_the_same_people(demo_database):
    detail = get_meeting(demo_database, list_meetings(demo_database, "vienna").rows[0].id)
    follow_up = next_meeting_input(detail)
    assert (follow_up.status, follow_up.starts, follow_up.summary) == ("planned", "", "")
    assert follow_up.attendees == meeting_as_input(detail).attendees
    new_id = create_meeting(demo_database, follow_up)
    assert get_meeting(demo_database, new_id).partners == detail.partners


def test_a_100000_character_note_saves_and_reopens_intact(demo_database):
    meeting_id = list_meetings(demo_database, "vienna").rows[0].id
    text = ('Lê Quốc Hùng [/] "quotes" ünïcödé — ' * 3000)[:99_999] + "\n"
    assert len(text) == 100_000
    first = save_live_document(demo_database, meeting_id, text, None)
    save_live_document(demo_database, meeting_id, text + "more", first.saved)
    document = live_document(demo_database, meeting_id)
    assert document is not None and document.text == text + "more"
    assert sum(n.is_live for n in get_meeting(demo_database, meeting_id).notes) == 1


def test_live_notes_strip_escape_sequences_but_keep_markup_literally(demo_database):
    meeting_id = list_meetings(demo_database, "vienna").rows[0].id
    save_live_document(demo_database, meeting_id, "[bold]x[/] \x1b]0;pwned\x07ok\nline 2", None)
    assert live_document(demo_database, meeting_id).text == "[bold]x[/] ok\nline 2"


def test_marked_commitment_and_proposal_are_linked_to_meeting_and_partner(demo_database):
    meeting_id = list_meetings(demo_database, "vienna").rows[0].id
    austria = _partner(demo_database, "ministry austria")
    add_commitment(
        demo_database,
        meeting_id,
        CommitmentInput(
            text="Send the draft text", side="theirs", owner="BMI legal", partner_id=austria
        ),
    )
    add_proposal(
        demo_database,
        meeting_id,
        ProposalInput(
            title="Training in money laundering investigation",
            kind="training",
            proposed_by="us",
            partner_id=austria,
        ),
    )
    marked = wrap_up(demo_database, meeting_id, TODAY)
    assert [c.text for c in marked.commitments] == ["Send the draft text"]
    assert "Training in money laundering investigation" in [p.title for p in marked.proposals]
    page = get_partner(demo_database, austria, TODAY)
    assert "Send the draft text" in [a.text for a in page.action_items]
    assert "Training in money laundering investigation" in [p.title for p in page.open_proposals]
    planned = list_meetings(demo_database, status="planned").rows[0].id
    points = talking_points(demo_database, planned, TODAY)
    assert "Send the draft text" in [a.text for a in points.action_items]


def test_a_proposal_marked_in_the_notes_of_a_past_meeting_dates_from_the_meeting(demo_database):
    from db.models import StatusChange
    from db.note_changes import add_proposal
    from db.proposals import get_proposal

    old = list_meetings(demo_database, "vienna").rows[0]  # held in 2025, known to the year
    proposal_id = add_proposal(
        demo_database,
        old.id,
        ProposalInput(title="Exchange of liaison officers", kind="agreement", proposed_by="them"),
        on=TODAY,
    )
    with demo_database.reading() as session:
        first = session.query(StatusChange).filter_by(proposal_id=proposal_id).one()
    assert (first.changed_on.year, first.date_precision) == (2025, "year")
    assert get_proposal(demo_database, proposal_id, TODAY).proposed_on == "2025"
