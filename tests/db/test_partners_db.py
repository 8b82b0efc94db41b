"""Partner queries: filtering and paging in SQL, counts, edits and deletions."""

import pytest

from db.errors import InUse, Invalid, NotFound, StaleEdit
from db.partner_changes import create_organisation, delete_organisation, update_organisation
from db.partner_input import OrganisationInput, PersonInput
from db.partners import get_partner, list_partners
from db.people import get_person
from db.person_changes import create_person, delete_person, update_person

# The data layer behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


def _names(page) -> list[str]:
    return [row.name for row in page.rows]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 8),
        ("INTERIOR", 2),
        ("ministry austria", 1),  # every word must match; 'austria' matches the country AT
        ("germany", 1),
        ("embassy", 2),
        ("viet nam", 3),  # the embassies and our own ministry are VN
        ("100%", 0),  # LIKE wildcards are taken literally
        ("a_t", 0),
        ("zzz", 0),
    ],
)
def test_filter(demo_database, query, expected):
    assert list_partners(demo_database, query).total == expected


def test_list_counts_meetings_open_proposals_and_last_met(demo_database):
    rows = {row.name: row for row in list_partners(demo_database).rows}
    austria = rows["Ministry of the Interior"]
    assert (austria.country, austria.meetings_held, austria.last_met) == ("AT", 1, "2025")
    assert austria.open_proposals == 5
    germany = rows["Federal Ministry of the Interior"]
    assert germany.open_proposals == 12
    assert rows["Ministry of Public Security"].is_own
    assert list(rows)[-1] == "Ministry of Public Security"  # our own side last


def test_diacritics_are_ignored_in_both_directions(database):
    create_organisation(database, OrganisationInput(name="Bundesministerium für Inneres"))
    create_organisation(database, OrganisationInput(name="Bo Cong an"))
    assert _names(list_partners(database, "fur")) == ["Bundesministerium für Inneres"]
    assert _names(list_partners(database, "FÜR")) == ["Bundesministerium für Inneres"]
    assert _names(list_partners(database, "công")) == ["Bo Cong an"]


def test_paging_is_done_in_sql(database):
    for number in range(25):
        create_organisation(database, OrganisationInput(name=f"Agency {number:02d}"))
    first = list_partners(database, "agency", limit=10)
    second = list_partners(database, "agency", offset=10, limit=10)
    last = list_partners(database, "agency", offset=20, limit=10)
    assert (first.total, len(first.rows), first.has_more) == (25, 10, True)
    assert _names(second)[0] == "Agency 10"
    assert (len(last.rows), last.has_more) == (5, False)


def test_a_page_asked_without_counting_still_knows_whether_more_follow(database):
    for number in range(20):
        create_organisation(database, OrganisationInput(name=f"Agency {number:02d}"))
    first = list_partners(database, "agency", limit=10, counted=False)
    second = list_partners(database, "agency", offset=10, limit=10, counted=False)
    assert _names(first) == _names(list_partners(database, "agency", limit=10))
    assert (first.total, len(first.rows), first.has_more) == (None, 10, True)
    assert (second.total, len(second.rows), second.has_more) == (None, 10, False)
    assert list_partners(database, "agency", limit=0).total == 20


def test_invalid_organisation_is_refused_with_every_problem_and_nothing_saved(database):
    with pytest.raises(Invalid) as refused:
        create_organisation(
            database, OrganisationInput(name=" \n ", country="Austria", kind="club")
        )
    assert set(refused.value.problems) == {"name", "country", "kind"}
    assert "not an ISO 3166 country code" in refused.value.problems["country"]
    assert list_partners(database).total == 0


def test_text_is_cleaned_before_it_is_stored(database):
    org_id = create_organisation(
        database, OrganisationInput(name="A\x1b]0;pwned\x07 [b]B[/b]\nC", country=" at ")
    )
    detail = get_partner(database, org_id)
    assert (detail.name, detail.country) == ("A [b]B[/b] C", "AT")


def test_second_save_of_a_stale_copy_is_refused(database):
    org_id = create_organisation(database, OrganisationInput(name="Agency"))
    opened_by_both = get_partner(database, org_id).version
    update_organisation(database, org_id, opened_by_both, OrganisationInput(name="First"))
    with pytest.raises(StaleEdit, match="Someone else saved"):
        update_organisation(database, org_id, opened_by_both, OrganisationInput(name="Second"))
    assert get_partner(database, org_id).name == "First"


def test_person_edit_conflict_and_deleted_record(database):
    org_id = create_organisation(database, OrganisationInput(name="Agency"))
    person_id = create_person(database, PersonInput(full_name="Ana", organisation_id=org_id))
    version = get_person(database, person_id).version
    update_person(database, person_id, version, PersonInput(full_name="Ana Lopes"))
    with pytest.raises(StaleEdit):
        update_person(database, person_id, version, PersonInput(full_name="Ana L."))
    delete_person(database, person_id)
    with pytest.raises(NotFound, match="deleted by someone else"):
        update_person(database, person_id, version + 1, PersonInput(full_name="Ana"))


def test_sort_name_defaults_to_the_name_without_diacritics(database):
    person_id = create_person(database, PersonInput(full_name="Lê Quốc Hùng"))
    assert get_person(database, person_id).sort_name == "le quoc hung"


def test_delete_refuses_partners_that_meetings_refer_to(demo_database):
    muehlbauer = list_partners(demo_database, "muehlbauer").rows[0]
    with pytest.raises(InUse, match=r"Cannot delete: 1 meeting, 1 visit stop refer"):
        delete_organisation(demo_database, muehlbauer.id, with_people=True)
    assert list_partners(demo_database, "muehlbauer").total == 1


def test_delete_takes_people_only_when_told(database):
    org_id = create_organisation(database, OrganisationInput(name="Agency"))
    create_person(database, PersonInput(full_name="Ana", organisation_id=org_id))
    with pytest.raises(InUse, match=r"has 1 person\.$"):
        delete_organisation(database, org_id, with_people=False)
    delete_organisation(database, org_id, with_people=True)
    assert list_partners(database).total == 0


def test_people_who_attended_meetings_cannot_be_deleted(demo_database):
    austria = list_partners(demo_database, "ministry austria").rows[0]
    webinger = get_partner(demo_database, austria.id).people[0]
    with pytest.raises(InUse, match="attended 1 meeting and is in 0 delegations"):
        delete_person(demo_database, webinger.id)


def test_people_list_pages_and_filters_everyone_with_or_without_organisation(demo_database):
    from db.people import list_people, search_people

    loner = create_person(demo_database, PersonInput(full_name="Aubeck Kam", title="Mr"))
    everyone = list_people(demo_database)
    assert everyone.total == 7 and loner in {r.id for r in everyone.rows}
    [hung] = list_people(demo_database, "HUNG deputy").rows  # case and accents ignored
    assert (hung.full_name, hung.position, hung.organisation) == (
        "Lê Quốc Hùng",
        "Deputy Minister",
        "Ministry of Public Security",
    )
    assert [r.full_name for r in list_people(demo_database, "embassy austria").rows] == [
        "Vu Le Thai Hoang"
    ]
    [kam] = list_people(demo_database, "aubeck").rows
    assert (kam.organisation_id, kam.organisation) == (None, "")
    first = list_people(demo_database, limit=2, counted=False)
    assert first.total is None and first.more and len(first.rows) == 2
    rest = list_people(demo_database, offset=2, limit=10)
    assert {r.id for r in first.rows}.isdisjoint(r.id for r in rest.rows)
    # 'Name — Position': the honorific is not taken for the job.
    assert [c.label for c in search_people(demo_database, "aubeck")] == ["Aubeck Kam"]
    assert search_people(demo_database, "hung")[0].label == (
        "Lê Quốc Hùng — Deputy Minister, Ministry of Public Security (VN)"
    )


def test_a_persons_pronunciation_is_kept_cleaned_and_checked(database):
    ministry = create_organisation(database, OrganisationInput(name="Bộ Công an", country="VN"))
    person = create_person(
        database,
        PersonInput(
            full_name="Lương Tam Quang",
            organisation_id=ministry,
            pronunciation="  LOO-uhng tahm KWAHNG\x1b[2J ",
        ),
    )
    assert get_person(database, person).pronunciation == "LOO-uhng tahm KWAHNG"
    assert get_partner(database, ministry).people[0].pronunciation == "LOO-uhng tahm KWAHNG"
    with pytest.raises(Invalid) as refused:
        create_person(database, PersonInput(full_name="Tô Lâm", pronunciation="x" * 201))
    assert "pronunciation" in refused.value.problems
