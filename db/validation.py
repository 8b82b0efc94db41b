"""Checking what users type, field by field, before anything is saved.

Pure Python (no ORM) so that forms can validate as the user types.
Each checker returns the cleaned value or raises Invalid naming the field.
"""

from collections.abc import Callable, Mapping
from typing import Any

from db.countries import ISO_3166_ALPHA2
from db.errors import Invalid
from db.text import clean_line, clean_text

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
    problems: dict[str, str], checks: Mapping[str, Callable[[], object]]
) -> dict[str, Any]:
    """Run every field's check: cleaned values returned, what is wrong added to `problems`."""
    values: dict[str, Any] = {}
    for field, check in checks.items():
        try:
            values[field] = check()
        except Invalid as error:
            problems.update(error.problems)
    return values
