"""Handling markings where records are written: each form's marking saved and read back, a
level that does not exist refused, and notes never below their meeting."""

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.errors import Invalid
from db.markings import MARKED_RECORDS, marking_levels, set_marking_levels
from db.meeting_changes import create_meeting, update_meeting
from db.meeting_input import CommitmentInput, MeetingInput
from db.meetings import get_meeting, meeting_as_input, next_meeting_input
from db.note_changes import (
    add_commitment,
    add_proposal,
    mark_decision,
    raise_note_marking,
    save_live_document,
)
from db.partner_changes import create_organisation, update_organisation
from db.partner_input import OrganisationInput, PersonInput
from db.partners import get_partner, organisation_as_input
from db.people import get_person, person_as_input
from db.person_changes import create_person, update_person
from db.proposal_changes import create_proposal, update_proposal
from db.proposal_input import ProposalInput
from db.proposals import proposal_as_input
from db.record_markings import marking_of
from db.visit_changes import add_programme_meeting, create_visit, update_visit
from db.visit_input import VisitInput
from db.visits import get_visit, visit_as_input
from tests.helpers.clock import TODAY

BOTH_BACKENDS = True

RESTRICTED, CONFIDENTIAL = 1, 2


def _counts(database: Database) -> dict[str, int]:
    with database.reading() as session:
        return {
            table.__name__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in MARKED_RECORDS
        }


def test_every_form_saves_its_marking_and_reads_it_back(database):
    levels = marking_levels(database)

    partner = create_organisation(database, OrganisationInput(name="BMI", marking=CONFIDENTIAL))
    form = organisation_as_input(get_partner(database, partner), levels)
    assert form.marking == CONFIDENTIAL
    update_organisation(database, partner, 1, replace(form, marking=RESTRICTED))
    assert organisation_as_input(get_partner(database, partner), levels).marking == RESTRICTED

    person = create_person(database, PersonInput("Anna Probst", partner, marking=RESTRICTED))
    form = person_as_input(get_person(database, person), levels)
    assert form.marking == RESTRICTED
    update_person(database, person, 1, replace(form, marking=CONFIDENTIAL))
    assert person_as_input(get_person(database, person), levels).marking == CONFIDENTIAL

    meeting = create_meeting(database, MeetingInput(title="Talks", marking=RESTRICTED), TODAY)
    detail = get_meeting(database, meeting, TODAY)
    assert meeting_as_input(detail, levels).marking == RESTRICTED
    assert next_meeting_input(detail, levels).marking == RESTRICTED  # the copy keeps it

    proposal = create_proposal(
        database, ProposalInput(title="Cyber drill", marking=CONFIDENTIAL), today=TODAY
    )
    form, version = proposal_as_input(database, proposal)
    assert form.marking == CONFIDENTIAL
    update_proposal(database, proposal, version, replace(form, marking=0))
    assert proposal_as_input(database, proposal)[0].marking == 0

    visit = create_visit(database, VisitInput(title="Return visit", marking=RESTRICTED), TODAY)
    form = visit_as_input(get_visit(database, visit, TODAY), levels)
    assert form.marking == RESTRICTED
    update_visit(database, visit, 1, replace(form, marking=CONFIDENTIAL), TODAY)
    assert visit_as_input(get_visit(database, visit, TODAY), levels).marking == CONFIDENTIAL
    # A meeting planned on the visit's programme is marked as the visit is.
    planned = add_programme_meeting(database, visit, "Courtesy call", "", None, TODAY)
    assert marking_of(database, "meeting", planned) == CONFIDENTIAL


def test_a_level_that_does_not_exist_is_refused_and_nothing_is_saved(database):
    partner = create_organisation(database, OrganisationInput(name="BMI"))
    before = _counts(database)
    for create in (
        lambda: create_organisation(database, OrganisationInput(name="BKA", marking=3)),
        lambda: create_person(database, PersonInput("Anna Probst", marking=3)),
        lambda: create_meeting(database, MeetingInput(title="Talks", marking=3), TODAY),
        lambda: create_proposal(database, ProposalInput(title="Drill", marking=3), today=TODAY),
        lambda: create_visit(database, VisitInput(title="Visit", marking=3), TODAY),
        lambda: update_organisation(database, partner, 1, OrganisationInput("BMI", marking=-1)),
    ):
        with pytest.raises(Invalid) as refused:
            create()
        problem = refused.value.problems["marking"]
        assert (
            "is not a level here: choose one of UNCLASSIFIED, RESTRICTED, CONFIDENTIAL" in problem
        )
    assert _counts(database) == before
    assert get_partner(database, partner).version == 1


def test_a_marking_is_checked_against_the_levels_the_department_keeps(database):
    levels = set_marking_levels(database, ["OFFEN", "VS-NfD", "VERTRAULICH", "GEHEIM"])
    meeting = create_meeting(database, MeetingInput(title="Talks", marking=3), TODAY)
    detail = get_meeting(database, meeting, TODAY)
    assert detail.marking == "GEHEIM"
    assert meeting_as_input(detail, levels).marking == 3


def test_what_is_noted_in_a_confidential_meeting_is_confidential(database):
    partner = create_organisation(database, OrganisationInput(name="BMI"))
    meeting = create_meeting(
        database,
        MeetingInput(title="Talks", partner_ids=(partner,), marking=CONFIDENTIAL),
        TODAY,
    )
    live = save_live_document(database, meeting, "Webinger: three pillars", None)
    decision = mark_decision(database, meeting, "Expedite the agreement")
    add_commitment(database, meeting, CommitmentInput("Send the draft", partner_id=partner))
    proposal = add_proposal(database, meeting, ProposalInput("Joint training"), TODAY)

    notes = get_meeting(database, meeting, TODAY).notes
    assert {note.kind for note in notes} == {"note", "decision", "commitment", "proposal"}
    assert {note.marking for note in notes} == {"CONFIDENTIAL"}
    assert marking_of(database, "note", live.saved.note_id) == CONFIDENTIAL
    assert marking_of(database, "note", decision) == CONFIDENTIAL
    assert proposal_as_input(database, proposal)[0].marking == CONFIDENTIAL


def test_raising_a_meeting_raises_its_notes_and_lowering_it_leaves_them(database):
    meeting = create_meeting(database, MeetingInput(title="Talks"), TODAY)
    plain = mark_decision(database, meeting, "Meet again in spring")
    secret = mark_decision(database, meeting, "Share the list of suspects")
    raise_note_marking(database, secret)
    raise_note_marking(database, secret)

    detail = get_meeting(database, meeting, TODAY)
    update_meeting(database, meeting, detail.version, replace(meeting_as_input(detail), marking=1))
    assert marking_of(database, "note", plain) == RESTRICTED
    assert marking_of(database, "note", secret) == CONFIDENTIAL

    detail = get_meeting(database, meeting, TODAY)
    update_meeting(database, meeting, detail.version, replace(meeting_as_input(detail), marking=0))
    assert marking_of(database, "note", plain) == RESTRICTED


def test_raising_notes_goes_one_level_up_to_the_highest_and_the_editor_saves_on(database):
    meeting = create_meeting(database, MeetingInput(title="Talks", marking=RESTRICTED), TODAY)
    held = save_live_document(database, meeting, "Three pillars", None).saved
    assert marking_of(database, "note", held.note_id) == RESTRICTED

    assert raise_note_marking(database, held.note_id) == CONFIDENTIAL
    assert raise_note_marking(database, held.note_id) == CONFIDENTIAL  # the highest stays

    saved = save_live_document(database, meeting, "Three pillars since 1997", held)
    assert saved.kept_apart_from is None  # the same document, not one kept apart
    assert saved.saved.note_id == held.note_id
    assert marking_of(database, "note", held.note_id) == CONFIDENTIAL
