"""The checklist of a visit: what generation draws from the records, regeneration that keeps
every tick, edit and own item, the views, and input refused without changing anything."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from db.checklists.changes import add_item, generate_checklist, remove_item, set_done, update_item
from db.checklists.queries import checklist_progress, get_checklist
from db.errors import Invalid, NotFound, StaleEdit
from db.lifecycle import ALL_OPEN_STATUSES
from db.meeting_input import CommitmentInput
from db.models import ChecklistItem, Meeting, Organisation, Person, Proposal
from db.note_changes import add_commitment, add_proposal
from db.partner_input import PersonInput
from db.person_changes import create_person
from db.proposal_input import ProposalInput
from db.visit_changes import create_visit, update_visit
from db.visits import VisitInput, get_visit, list_visits, visit_as_input
from tests.helpers.clock import TODAY

# The data layer behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


@pytest.fixture
def upcoming(demo_database) -> int:
    return next(row.id for row in list_visits(demo_database, today=TODAY).rows if row.upcoming)


@pytest.fixture
def austria(demo_database) -> int:
    with demo_database.reading() as session:
        return session.scalars(
            select(Organisation.id).where(Organisation.name == "Ministry of the Interior")
        ).one()


def _items(database, visit_id: int, **view):
    checklist = get_checklist(database, visit_id, today=TODAY, **view)
    return [item for section in checklist.sections for item in section.items]


def _section(database, visit_id: int, title: str):
    checklist = get_checklist(database, visit_id, today=TODAY)
    return next(section for section in checklist.sections if section.title == title)


def _keys(database) -> list[str]:
    with database.reading() as session:
        return list(session.scalars(select(ChecklistItem.source_key)))


def test_the_demo_visit_gets_logistics_open_proposals_and_counterparts(
    demo_database, upcoming, austria
):
    first_day = get_visit(demo_database, upcoming, TODAY).starts_on
    generate_checklist(demo_database, upcoming, today=TODAY)

    logistics = _section(demo_database, upcoming, "Travel and logistics").items
    assert len(logistics) >= 4
    assert all(item.due_on is not None and item.due_on < first_day for item in logistics)

    briefing = _section(demo_database, upcoming, "Briefing: Ministry of the Interior (AT)").items
    with demo_database.reading() as session:
        open_proposals = session.scalars(
            select(Proposal).where(
                Proposal.partner_id == austria, Proposal.status.in_(ALL_OPEN_STATUSES)
            )
        ).all()
        people = session.scalars(select(Person).where(Person.organisation_id == austria)).all()
    for proposal in open_proposals:
        [item] = [i for i in briefing if f"“{proposal.title}”" in i.text]
        assert f"({proposal.kind}, {proposal.status})" in item.text
        assert "next step:" in item.text
        assert item.source == f"proposal: {proposal.title}"
    assert len([i for i in briefing if i.source.startswith("proposal:")]) == len(open_proposals)
    assert [i.text for i in briefing if i.source.startswith("person:")] == [
        "Confirm the form of address and the attendance of Peter Webinger, "
        "Director General for Migration and International Affairs"
    ]
    assert len(people) == 1
    texts = [i.text for i in briefing]
    assert any(t.startswith("Read the profile of Ministry of the Interior (AT)") for t in texts)
    assert (
        "Review the last meeting with Ministry of the Interior (AT): 2025, "
        "“Working session with the Austrian Ministry of the Interior”"
    ) in texts
    # Our own ministry (the stop in Hanoi) is no partner to brief on.
    titles = [s.title for s in get_checklist(demo_database, upcoming, today=TODAY).sections]
    assert not any("Public Security" in title for title in titles)


def test_pending_action_items_ours_and_theirs(demo_database, upcoming, austria):
    with demo_database.reading() as session:
        vienna_talks = session.scalars(
            select(Meeting.id).where(
                Meeting.title == "Working session with the Austrian Ministry of the Interior",
                Meeting.status == "held",
            )
        ).one()
    add_commitment(
        demo_database,
        vienna_talks,
        CommitmentInput(
            text="Send the proposed agreement",
            side="theirs",
            owner="Webinger",
            due="2026-12-01",
            partner_id=austria,
        ),
    )
    add_commitment(
        demo_database, vienna_talks, CommitmentInput(text="Propose training dates", side="ours")
    )
    generate_checklist(demo_database, upcoming, today=TODAY)
    briefing = _section(demo_database, upcoming, "Briefing: Ministry of the Interior (AT)").items
    actions = [i for i in briefing if i.source.startswith("action item")]
    assert sorted(i.text for i in actions) == [
        "Ask how their commitment stands: Send the proposed agreement "
        "(owner Webinger, due 1 Dec 2026)",
        "Report on our commitment: Propose training dates",
    ]
    assert all(
        i.source == "action item, Working session with the Austrian Ministry of the Interior"
        for i in actions
    )


def test_a_partner_with_no_meeting_on_record(database):
    org = database.write(
        lambda session: _add(session, Organisation(name="Federal Police", country="DE"))
    )
    visit = create_visit(
        database, VisitInput(title="Study visit", starts="2027-02-01", legs=((org,),))
    )
    generate_checklist(database, visit, today=TODAY)
    briefing = _section(database, visit, "Briefing: Federal Police (DE)").items
    assert "Review the history with Federal Police (DE): no earlier meeting on record" in [
        i.text for i in briefing
    ]


def _add(session, record) -> int:
    session.add(record)
    session.flush()
    return record.id


def test_regeneration_keeps_ticks_own_items_and_edits_and_adds_what_is_new(
    demo_database, upcoming, austria
):
    first = generate_checklist(demo_database, upcoming, today=TODAY)
    assert first.added > 30 and first.kept == 0
    items = _items(demo_database, upcoming)
    ticked = [items[0].id, items[5].id, items[10].id]
    for item_id in ticked:
        set_done(demo_database, item_id, True)
    own = add_item(
        demo_database,
        upcoming,
        "Programme",
        "Book the Metropole for the dinner",
        "2027-01-02",
        "An",
    )
    edited = items[20]
    update_item(demo_database, edited.id, edited.version, edited.text, "24.12.2026", edited.owner)
    untouched = items[15]
    before = {item.id: item for item in _items(demo_database, upcoming)}

    # The records change: a new open proposal, a new counterpart, and the visit moves a week.
    with demo_database.reading() as session:
        talks = session.scalars(
            select(Meeting.id).where(Meeting.visit_id.is_not(None), Meeting.status == "planned")
        ).one()
    add_proposal(
        demo_database,
        talks,
        ProposalInput(
            title="Joint training on document fraud",
            kind="training",
            proposed_by="them",
            partner_id=austria,
        ),
    )
    create_person(
        demo_database,
        PersonInput(full_name="Gerhard Karner", title="Minister", organisation_id=austria),
    )
    detail = get_visit(demo_database, upcoming, TODAY)
    later = replace(
        visit_as_input(detail),
        starts=(detail.starts_on + timedelta(days=7)).isoformat(),
        ends=(detail.ends_on + timedelta(days=7)).isoformat(),
        legs=tuple(
            (leg.organisation_id, leg.city, leg.country, _moved(leg.starts_on), _moved(leg.ends_on))
            for leg in detail.legs
        ),
    )
    update_visit(demo_database, upcoming, detail.version, later, TODAY)

    again = generate_checklist(demo_database, upcoming, today=TODAY)
    assert (again.added, again.kept) == (2, first.added)
    after = {item.id: item for item in _items(demo_database, upcoming)}
    assert all(after[item_id].done for item_id in ticked)
    assert [after[i].due_on for i in ticked] == [before[i].due_on for i in ticked]
    assert after[own].text == "Book the Metropole for the dinner" and after[own].source == "own"
    assert after[edited.id].due_on == date(2026, 12, 24)
    assert after[untouched.id].due_on == before[untouched.id].due_on + timedelta(days=7)
    new = [item for item_id, item in after.items() if item_id not in before]
    assert sorted(item.source for item in new) == [
        "person: Gerhard Karner",
        "proposal: Joint training on document fraud",
    ]
    keys = [key for key in _keys(demo_database) if key]
    assert len(keys) == len(set(keys))
    assert len(after) == len(before) + 2


def _moved(day: date) -> str:
    return (day + timedelta(days=7)).isoformat()


def test_dismissed_items_stay_away_and_own_items_are_deleted(demo_database, upcoming):
    generate_checklist(demo_database, upcoming, today=TODAY)
    generated = _items(demo_database, upcoming)[0]
    own = add_item(demo_database, upcoming, "", "Call the embassy", "", "")
    remove_item(demo_database, generated.id)
    remove_item(demo_database, own)
    result = generate_checklist(demo_database, upcoming, today=TODAY)
    assert result.added == 0
    ids = {item.id for item in _items(demo_database, upcoming)}
    assert generated.id not in ids and own not in ids
    with demo_database.reading() as session:
        assert session.get(ChecklistItem, generated.id).dismissed
        assert session.get(ChecklistItem, own) is None
    with pytest.raises(NotFound):
        remove_item(demo_database, own)


def test_own_items_go_to_their_section_and_count(demo_database, upcoming):
    first = add_item(demo_database, upcoming, "  ", "Call the \x1b]0;pwned\x07embassy", "", "")
    assert get_checklist(demo_database, upcoming, today=TODAY).exists
    view = get_checklist(demo_database, upcoming, today=TODAY)
    assert [(s.title, [i.text for i in s.items]) for s in view.sections] == [
        ("Own items", ["Call the embassy"])
    ]
    set_done(demo_database, first, True)
    assert checklist_progress(demo_database, [upcoming, 999], today=TODAY) == {
        upcoming: (1, 1, 0),
        999: (0, 0, 0),
    }


def _day(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


@pytest.fixture
def planned(database) -> int:
    """A visit with own items whose owners, due days and ticks cover every view."""
    visit = create_visit(database, VisitInput(title="Talks", starts=_day(30)))
    for text, due, owner in (
        ("late", _day(-1), "Lê Quốc Hùng"),
        ("late but done", _day(-5), "hung"),
        ("today", _day(0), "protocol office"),
        ("in a week", _day(7), "Protocol Office"),
        ("in eight days", _day(8), "desk"),
        ("undated", "", ""),
    ):
        item = add_item(database, visit, "Work", text, due, owner)
        if text == "late but done":
            set_done(database, item, True)
    return visit


@pytest.mark.parametrize(
    ("view", "me", "expected"),
    [
        ("all", "", ["late but done", "late", "today", "in a week", "in eight days", "undated"]),
        ("mine", "Hung", ["late but done", "late"]),
        ("mine", "  PROTOCOL  ", ["today", "in a week"]),
        ("mine", "", []),
        ("mine", "%", []),
        ("overdue", "", ["late"]),
        ("week", "", ["today", "in a week"]),
    ],
)
def test_views(database, planned, view, me, expected):
    items = _items(database, planned, view=view, me=me)
    assert [item.text for item in items] == expected
    checklist = get_checklist(database, planned, view=view, me=me, today=TODAY)
    assert (checklist.done, checklist.total, checklist.overdue) == (1, 6, 1)


def test_overdue_items_stand_out(database, planned):
    overdue = {item.text: item.overdue for item in _items(database, planned)}
    assert overdue == {
        "late but done": False,
        "late": True,
        "today": False,
        "in a week": False,
        "in eight days": False,
        "undated": False,
    }


def test_an_unknown_view_or_visit_is_refused(database, planned):
    with pytest.raises(ValueError, match="unknown view"):
        get_checklist(database, planned, view="later", today=TODAY)
    with pytest.raises(NotFound):
        get_checklist(database, 999, today=TODAY)
    with pytest.raises(NotFound):
        generate_checklist(database, 999, today=TODAY)
    with pytest.raises(NotFound):
        add_item(database, 999, "", "Call", "", "")


@pytest.mark.parametrize(
    ("text", "due", "owner", "field", "words"),
    [
        ("  \n ", "", "", "text", "must not be empty"),
        ("\x1b[2J\x07", "", "", "text", "must not be empty"),
        ("x" * 2001, "", "", "text", "at most 2,000"),
        ("Call", "31.2.2027", "", "due", "does not exist"),
        ("Call", "7/3/2027", "", "due", "ambiguous"),
        ("Call", "2027", "", "due", "not a single day"),
        ("Call", "", "o" * 201, "owner", "at most 200"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    database, planned, text, due, owner, field, words
):
    before = get_checklist(database, planned, today=TODAY)
    with pytest.raises(Invalid) as caught:
        add_item(database, planned, "Work", text, due, owner)
    assert words in caught.value.problems[field]
    item = before.sections[0].items[0]
    with pytest.raises(Invalid):
        update_item(database, item.id, item.version, text, due, owner)
    assert get_checklist(database, planned, today=TODAY) == before


def test_a_huge_section_name_is_refused(database, planned):
    with pytest.raises(Invalid) as caught:
        add_item(database, planned, "s" * 201, "Call", "", "")
    assert "section" in caught.value.problems


def test_an_edit_from_an_old_copy_is_refused(database, planned):
    item = _items(database, planned)[0]
    update_item(database, item.id, item.version, "Mine", "tomorrow", "me", today=TODAY)
    with pytest.raises(StaleEdit):
        update_item(database, item.id, item.version, "Theirs", "", "")
    [mine] = [i for i in _items(database, planned) if i.id == item.id]
    assert (mine.text, mine.due_on, mine.owner) == ("Mine", TODAY + timedelta(days=1), "me")
    assert mine.version == item.version + 1
    with database.reading() as session:
        assert session.get(ChecklistItem, item.id).edited
    remove_item(database, item.id)
    with pytest.raises(NotFound):
        update_item(database, item.id, mine.version, "Gone", "", "")
    with pytest.raises(NotFound):
        set_done(database, item.id, True)


def test_generation_without_a_known_first_day_leaves_due_days_empty(demo_database):
    germany = next(
        row.id
        for row in list_visits(demo_database, today=TODAY).rows
        if row.title == "MPS delegation to Germany"
    )
    generate_checklist(demo_database, germany, today=TODAY)
    items = _items(demo_database, germany)
    assert items and all(item.due_on is None for item in items)
    with demo_database.reading() as session:
        offsets = session.scalar(select(func.count()).where(ChecklistItem.due_offset.is_not(None)))
    assert offsets == len(items)


def test_an_update_names_the_untouched_items_whose_source_is_gone(demo_database, upcoming):
    from db.checklists.changes import remove_stale_items, set_all_done
    from db.proposal_changes import change_status

    generate_checklist(demo_database, upcoming, today=TODAY)
    by_source = {item.source: item for item in _items(demo_database, upcoming)}
    with demo_database.reading() as session:
        open_ones = session.scalars(
            select(Proposal)
            .where(Proposal.status.in_(ALL_OPEN_STATUSES), Proposal.kind == "agreement")
            .order_by(Proposal.title)
        ).all()
        first, second, *_ = (p for p in open_ones if f"proposal: {p.title}" in by_source)
        first_id, second_id, first_title = first.id, second.id, first.title
    edited = by_source[f"proposal: {second.title}"]
    update_item(demo_database, edited.id, edited.version, "Ask about it", "", "")
    for proposal_id in (first_id, second_id):
        change_status(demo_database, proposal_id, "declined", on=TODAY)
    result = generate_checklist(demo_database, upcoming, today=TODAY)
    assert [(item.text, item.source) for item in result.stale] == [
        (by_source[f"proposal: {first_title}"].text, f"proposal: {first_title}")
    ]
    # Ticked meanwhile: no longer removed.
    set_all_done(demo_database, [result.stale[0].id], True)
    assert remove_stale_items(demo_database, result.stale) == 0
    set_all_done(demo_database, [result.stale[0].id], False)
    again = generate_checklist(demo_database, upcoming, today=TODAY)
    assert [item.id for item in again.stale] == [result.stale[0].id]
    assert remove_stale_items(demo_database, again.stale) == 1
    remaining = {item.id for item in _items(demo_database, upcoming)}
    assert again.stale[0].id not in remaining and edited.id in remaining
    assert generate_checklist(demo_database, upcoming, today=TODAY).stale == ()


def test_a_whole_section_is_ticked_at_once(demo_database, upcoming):
    from db.checklists.changes import set_all_done

    generate_checklist(demo_database, upcoming, today=TODAY)
    section = get_checklist(demo_database, upcoming, today=TODAY).sections[1]
    set_done(demo_database, section.items[0].id, True)
    ids = [item.id for item in section.items]
    assert set_all_done(demo_database, ids, True) == len(ids) - 1
    assert all(item.done for item in _section(demo_database, upcoming, section.title).items)
    assert set_all_done(demo_database, ids, False) == len(ids)
