"""A person's e-mail address and phone number: saved, read back for the form, refused when
they are not one."""

import pytest
from sqlalchemy import func, select

from db.errors import Invalid
from db.models import Person
from db.partner_input import PersonInput
from db.people import get_person
from db.person_changes import create_person, update_person

BOTH_BACKENDS = True


def _people(database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(Person)) or 0


def test_email_and_phone_are_saved_and_read_back(database):
    person = create_person(
        database,
        PersonInput(
            full_name="Anna Probst", email=" Anna.Probst@BMI.GV.AT ", phone="+43 (1) 531 26-0"
        ),
    )
    row = get_person(database, person)
    assert (row.email, row.phone) == ("Anna.Probst@bmi.gv.at", "+43 (1) 531 26-0")

    update_person(
        database,
        person,
        row.version,
        PersonInput(full_name="Anna Probst", email="", phone="+43 1\r\n531 26/2000"),
    )
    row = get_person(database, person)
    assert (row.email, row.phone) == ("", "+43 1 531 26/2000")  # one line


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "anna.probst", "is not an e-mail address like name@ministry.gov.vn"),
        ("email", "anna@bmi", "is not an e-mail address like name@ministry.gov.vn"),
        ("email", "anna probst@bmi.gv.at", "is not an e-mail address like name@ministry.gov.vn"),
        (
            "email",
            "anna@bmi.gv.at\nbcc@x.org",
            "is not an e-mail address like name@ministry.gov.vn",
        ),
        ("email", f"{'a' * 250}@bmi.gv.at", "is 260 characters long; at most 254 allowed"),
        ("phone", "+43 1 531 26 ext. 2", "may hold only digits, spaces and + - ( ) . /"),
        ("phone", "+", "has no digits: give the number, like +43 1 531 26"),
        ("phone", "1" * 41, "is 41 characters long; at most 40 allowed"),
    ],
)
def test_a_bad_email_or_phone_is_refused_and_nothing_is_saved(database, field, value, message):
    with pytest.raises(Invalid) as refused:
        create_person(database, PersonInput(full_name="Anna Probst", **{field: value}))
    assert refused.value.problems == {field: message}
    assert _people(database) == 0


def test_a_bad_email_leaves_the_saved_person_as_it_was(database):
    person = create_person(database, PersonInput(full_name="Anna Probst", email="a@bmi.gv.at"))
    with pytest.raises(Invalid):
        update_person(database, person, 1, PersonInput(full_name="Anna P.", email="a@"))
    row = get_person(database, person)
    assert (row.full_name, row.email, row.version) == ("Anna Probst", "a@bmi.gv.at", 1)
