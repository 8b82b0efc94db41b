"""What search finds, and a run of writes through db that search must follow step by step."""

from db.engine import Database
from db.meeting_changes import create_meeting, update_meeting
from db.meeting_input import CommitmentInput, MeetingInput
from db.note_changes import add_commitment, mark_decision, save_live_document, update_action_item
from db.partner_changes import create_organisation, delete_organisation, update_organisation
from db.partner_input import OrganisationInput, PersonInput
from db.person_changes import create_person, delete_person, update_person
from db.proposal_changes import create_proposal, update_proposal
from db.proposal_input import ProposalInput
from db.search import search
from db.visit_changes import create_visit, delete_visit, update_visit
from db.visit_input import VisitInput
from tests.helpers.clock import TODAY


def titles(database: Database, text: str, kind: str) -> list[str]:
    """The titles of the hits of one kind, best first."""
    return [hit.title for hit in dict(search(database, text).groups).get(kind, ())]


def found(database: Database, text: str) -> set[tuple[str, int]]:
    return {
        (hit.kind, hit.record_id)
        for _, hits in search(database, text, per_kind=100).groups
        for hit in hits
    }


def write_everything_and_check(db: Database) -> None:
    """Create, edit and delete one record of each kind through db; search follows each step."""
    org = create_organisation(db, OrganisationInput(name="Zebrafish Authority", description="kelp"))
    assert found(db, "zebrafish") == found(db, "kelp") == {("organisation", org)}
    update_organisation(db, org, 1, OrganisationInput(name="Narwhal Authority", short_name="NA"))
    assert found(db, "zebrafish") == found(db, "kelp") == set()
    assert found(db, "narwhal") == {("organisation", org)}

    person = create_person(db, PersonInput(full_name="Olga Quokka", organisation_id=org))
    assert found(db, "quokka") == {("person", person)}
    update_person(db, person, 1, PersonInput(full_name="Olga Wombat", organisation_id=org))
    assert found(db, "quokka") == set() and found(db, "wombat") == {("person", person)}
    delete_person(db, person)
    assert found(db, "wombat") == set()
    delete_organisation(db, org, with_people=False)
    assert found(db, "narwhal") == set()

    meeting = create_meeting(db, MeetingInput(title="Okapi talks", place="Graz", summary="tapir"))
    assert found(db, "okapi") == found(db, "tapir graz") == {("meeting", meeting)}
    update_meeting(db, meeting, 1, MeetingInput(title="Ibex talks", place="Linz"))
    assert found(db, "okapi") == found(db, "tapir") == found(db, "graz") == set()
    assert found(db, "ibex linz") == {("meeting", meeting)}

    first = save_live_document(db, meeting, "first draft about pangolins", None).saved
    live = first.note_id
    assert found(db, "pangolin") == {("note", live)}
    assert (
        save_live_document(db, meeting, "second draft about axolotls", first).saved.note_id == live
    )
    assert found(db, "pangolin") == set() and found(db, "axolotl") == {("note", live)}
    decision = mark_decision(db, meeting, "Both sides adopt the caracal plan")
    assert found(db, "caracal") == {("note", decision)}
    action = add_commitment(
        db, meeting, CommitmentInput(text="Send the gecko report", side="ours", owner="Anh")
    )
    assert ("action", action) in found(db, "gecko")
    update_action_item(
        db, action, CommitmentInput(text="Send the gecko files", side="ours", owner="Binh")
    )
    assert ("action", action) not in found(db, "report") | found(db, "anh")
    assert ("action", action) in found(db, "gecko files binh")

    proposal = create_proposal(
        db, ProposalInput(title="Lemur exchange", next_step="call"), today=TODAY
    )
    assert found(db, "lemur") == {("proposal", proposal)}
    update_proposal(db, proposal, 1, ProposalInput(title="Marmot exchange", owner="Chi"))
    assert found(db, "lemur") == set() and found(db, "marmot chi") == {("proposal", proposal)}

    visit = create_visit(db, VisitInput(title="Bison tour", purpose="dingo"), TODAY)
    assert found(db, "bison") == found(db, "dingo") == {("visit", visit)}
    update_visit(db, visit, 1, VisitInput(title="Yak tour"), TODAY)
    assert found(db, "bison") == found(db, "dingo") == set()
    assert found(db, "yak") == {("visit", visit)}
    delete_visit(db, visit)
    assert found(db, "yak") == set()
