"""What the organisation and person forms hold, and how it is checked (pure Python, no ORM)."""

import re
from dataclasses import dataclass

from db.errors import Invalid
from db.text import clean_line
from db.validation import (
    NAME_MAX,
    choice,
    country_code,
    long_text,
    optional_line,
    required_line,
    run_checks,
)
from db.vocab import ORGANISATION_KINDS

EMAIL_MAX = 254
PHONE_MAX = 40
# name@domain.tld: no spaces or second @, a domain of dotted labels ending in a name of letters.
_EMAIL = re.compile(r"[^@\s]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}")
_PHONE = re.compile(r"[0-9 +\-().\/]+")


def email_address(field: str, value: str) -> str:
    """An e-mail address (its domain in lower case), or empty."""
    address = clean_line(value)
    if len(address) > EMAIL_MAX:
        raise Invalid({field: f"is {len(address):,} characters long; at most {EMAIL_MAX} allowed"})
    if address and not _EMAIL.fullmatch(address):
        raise Invalid({field: "is not an e-mail address like name@ministry.gov.vn"})
    name, _, domain = address.rpartition("@")
    return f"{name}@{domain.lower()}" if address else ""


def phone_number(field: str, value: str) -> str:
    """A telephone number as written ("+43 1 531 26-0"), or empty."""
    number = clean_line(value)
    if len(number) > PHONE_MAX:
        raise Invalid({field: f"is {len(number):,} characters long; at most {PHONE_MAX} allowed"})
    if number and not _PHONE.fullmatch(number):
        raise Invalid({field: "may hold only digits, spaces and + - ( ) . /"})
    if number and not re.search("[0-9]", number):
        raise Invalid({field: "has no digits: give the number, like +43 1 531 26"})
    return number


@dataclass(frozen=True)
class OrganisationInput:
    """What the organisation form holds."""

    name: str
    short_name: str = ""
    kind: str = "other"
    country: str = ""
    is_own: bool = False
    description: str = ""
    parent_id: int | None = None
    # The handling marking: a rank of the department's levels (checked where it is saved).
    marking: int = 0

    def cleaned(self) -> "OrganisationInput":
        """The same input with every field checked and cleaned; Invalid lists all problems."""
        problems: dict[str, str] = {}
        values = run_checks(
            problems,
            {
                "name": lambda: required_line("name", self.name),
                "short_name": lambda: optional_line("short_name", self.short_name, 40),
                "kind": lambda: choice("kind", self.kind, ORGANISATION_KINDS),
                "country": lambda: country_code("country", self.country),
                "description": lambda: long_text("description", self.description),
            },
        )
        values.update(is_own=self.is_own, parent_id=self.parent_id, marking=self.marking)
        if problems:
            raise Invalid(problems)
        return OrganisationInput(**values)


@dataclass(frozen=True)
class PersonInput:
    """What the person form holds."""

    full_name: str
    organisation_id: int | None = None
    title: str = ""
    position: str = ""
    form_of_address: str = ""
    languages: str = ""
    protocol_notes: str = ""
    sort_name: str = ""
    pronunciation: str = ""
    email: str = ""
    phone: str = ""
    # The handling marking: a rank of the department's levels (checked where it is saved).
    marking: int = 0

    def cleaned(self) -> "PersonInput":
        """The same input with every field checked and cleaned; Invalid lists all problems."""
        problems: dict[str, str] = {}
        values = run_checks(
            problems,
            {
                "full_name": lambda: required_line("full_name", self.full_name),
                "title": lambda: optional_line("title", self.title, NAME_MAX),
                "position": lambda: optional_line("position", self.position),
                "form_of_address": lambda: optional_line("form_of_address", self.form_of_address),
                "languages": lambda: optional_line("languages", self.languages),
                "protocol_notes": lambda: long_text("protocol_notes", self.protocol_notes),
                "sort_name": lambda: optional_line("sort_name", self.sort_name, NAME_MAX),
                "pronunciation": lambda: optional_line(
                    "pronunciation", self.pronunciation, NAME_MAX
                ),
                "email": lambda: email_address("email", self.email),
                "phone": lambda: phone_number("phone", self.phone),
            },
        )
        values.update(organisation_id=self.organisation_id, marking=self.marking)
        if problems:
            raise Invalid(problems)
        return PersonInput(**values)
