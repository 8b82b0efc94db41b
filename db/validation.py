"""Checking what users type, field by field, before anything is saved.

Pure Python (no ORM) so that forms can validate as the user types.
Each checker returns the cleaned value or raises Invalid naming the field.
"""

from collections.abc import Callable
from dataclasses import dataclass

from db.countries import ISO_3166_ALPHA2
from db.errors import Invalid
from db.text import clean_line, clean_text
from db.vocab import ORGANISATION_KINDS

NAME_MAX = 200
LINE_MAX = 500
TEXT_MAX = 20_000


def required_line(field: str, value: str, limit: int = NAME_MAX) -> str:
    """A one-line text that must not be empty."""
    cleaned = clean_line(value)
    if not cleaned:
        raise Invalid({field: "must not be empty"})
    return optional_line(field, cleaned, limit)


def optional_line(field: str, value: str, limit: int = LINE_MAX) -> str:
    """A one-line text, possibly empty, at most `limit` characters."""
    cleaned = clean_line(value)
    if len(cleaned) > limit:
        raise Invalid({field: f"is {len(cleaned):,} characters long; at most {limit:,} allowed"})
    return cleaned


def long_text(field: str, value: str, limit: int = TEXT_MAX) -> str:
    """A multi-line text at most `limit` characters long."""
    cleaned = clean_text(value).strip()
    if len(cleaned) > limit:
        raise Invalid({field: f"is {len(cleaned):,} characters long; at most {limit:,} allowed"})
    return cleaned


def country_code(field: str, value: str) -> str:
    """An ISO 3166 alpha-2 code ('AT'), or empty when unknown."""
    code = clean_line(value).upper()
    if code and code not in ISO_3166_ALPHA2:
        raise Invalid({field: f"{code!r} is not an ISO 3166 country code (e.g. AT, DE, VN)"})
    return code


def choice(field: str, value: str, allowed: tuple[str, ...]) -> str:
    """One of a fixed list of values."""
    if value not in allowed:
        raise Invalid({field: f"must be one of: {', '.join(allowed)}"})
    return value


def run_checks(
    problems: dict[str, str], checks: dict[str, Callable[[], object]]
) -> dict[str, object]:
    """Run every field's check: cleaned values returned, what is wrong added to `problems`."""
    values: dict[str, object] = {}
    for field, check in checks.items():
        try:
            values[field] = check()
        except Invalid as error:
            problems.update(error.problems)
    return values


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
        values.update(is_own=self.is_own, parent_id=self.parent_id)
        if problems:
            raise Invalid(problems)
        return OrganisationInput(**values)  # type: ignore[arg-type]


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
            },
        )
        values["organisation_id"] = self.organisation_id
        if problems:
            raise Invalid(problems)
        return PersonInput(**values)  # type: ignore[arg-type]
