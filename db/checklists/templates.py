"""Checklist templates: TOML files of sections and items, due dates counted from the first day.

The built-in templates ship in db/templates; a user's own live in a directory of their
choice (the config dir) and replace a built-in of the same name (the file name without
`.toml`). A template that cannot be used raises TemplateError naming file, line and reason.

Format (`schema` is versioned; unknown keys are refused so that typos do not go unnoticed):

    schema = "bilateral-checklist-template/1"
    title = "Default preparation checklist"

    [[sections]]
    title = "Travel and logistics"
    direction = "outgoing"          # optional condition, for every item of the section

    [[sections.items]]
    text = "Visas for the delegation"
    due = -45                       # days from the visit's first day; optional
    owner = "protocol office"       # optional
    key = "visas"                   # optional stable identity; default: made from the text
    signing = true                  # optional conditions: direction, level (one or a list),
    level = ["state", "official"]   # signing (whether an instrument will be signed),
    destination = "schengen"        # destination (one or a list; see below)

`destination` looks at the countries of the visit's stops: "schengen" applies when one of them
is in the Schengen area, "outside-schengen" when one is outside it (or no stop names a
country), an ISO 3166 code ("SG") when that country is visited.

Item text may name the instrument to be signed as `{proposal}` (signing items only), and the
countries visited as `{countries}`: those the item's (or its section's) destination condition
picked, else all of them ("each country visited" when no stop names one).
"""

import re
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from db.countries import ISO_3166_ALPHA2, SCHENGEN
from db.errors import BilateralError
from db.text import clean_line, fold
from db.vocab import VISIT_DIRECTIONS, VISIT_LEVELS

SCHEMA = "bilateral-checklist-template/1"
PROPOSAL_PLACEHOLDER = "{proposal}"
COUNTRIES_PLACEHOLDER = "{countries}"
IN_SCHENGEN = "schengen"
OUTSIDE_SCHENGEN = "outside-schengen"
TEXT_MAX = 2000
OWNER_MAX = 200
TITLE_MAX = 200
DUE_RANGE = (-365, 365)
FILE_MAX_BYTES = 1_000_000

_TOP_KEYS = {"schema", "title", "description", "sections"}
_CONDITION_KEYS = {"direction", "level", "signing", "destination"}
_SECTION_KEYS = {"title", "items"} | _CONDITION_KEYS
_ITEM_KEYS = {"text", "due", "owner", "key"} | _CONDITION_KEYS
_KEY_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")


class TemplateError(BilateralError):
    """A template that cannot be used: str() says which file, which line and why."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}, line {line}" if line else path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Conditions:
    """When an item applies: each condition left as None applies to every visit."""

    direction: str | None = None
    levels: tuple[str, ...] | None = None
    signing: bool | None = None
    # "schengen", "outside-schengen" or ISO 3166 codes: see the module's docstring.
    destinations: tuple[str, ...] | None = None

    def allow(
        self, *, direction: str, level: str, signing: bool, countries: tuple[str, ...] = ()
    ) -> bool:
        """Whether a visit with these facts gets the item; `countries` are those of its stops."""
        return (
            (self.direction is None or self.direction == direction)
            and (self.levels is None or level in self.levels)
            and (self.signing is None or self.signing == signing)
            and (
                self.destinations is None
                or bool(self.picked(countries))
                or (OUTSIDE_SCHENGEN in self.destinations and not countries)
            )
        )

    def picked(self, countries: tuple[str, ...]) -> tuple[str, ...]:
        """The countries visited that the destination condition speaks of (all without one)."""
        if self.destinations is None:
            return countries
        return tuple(
            code
            for code in countries
            if code in self.destinations
            or (IN_SCHENGEN in self.destinations and code in SCHENGEN)
            or (OUTSIDE_SCHENGEN in self.destinations and code not in SCHENGEN)
        )


@dataclass(frozen=True)
class TemplateItem:
    """One item of a template."""

    key: str
    text: str
    due: int | None
    owner: str
    conditions: Conditions

    @property
    def names_proposal(self) -> bool:
        return PROPOSAL_PLACEHOLDER in self.text


@dataclass(frozen=True)
class TemplateSection:
    """A titled group of items, with conditions that apply to all of them."""

    title: str
    conditions: Conditions
    items: tuple[TemplateItem, ...]


@dataclass(frozen=True)
class Template:
    """A checklist template, ready to generate from."""

    name: str
    title: str
    origin: str
    sections: tuple[TemplateSection, ...]


def slug(text: str) -> str:
    """A stable key made from an item's text: 'Visas for the delegation' → 'visas-for-the-…'."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    return "-".join(words)[:60].strip("-") or "item"


def builtin_dir() -> Path:
    """Where the templates shipped with bilateral are."""
    return Path(str(files("db").joinpath("templates")))


def _template_files(user_dir: Path | None) -> dict[str, Path]:
    found = {path.stem: path for path in sorted(builtin_dir().glob("*.toml"))}
    if user_dir is not None and user_dir.is_dir():
        found.update({path.stem: path for path in sorted(user_dir.glob("*.toml"))})
    return found


def template_names(user_dir: Path | None = None) -> tuple[str, ...]:
    """The names of every template available, built-in and the user's."""
    return tuple(sorted(_template_files(user_dir)))


def load_template(name: str, user_dir: Path | None = None) -> Template:
    """The template called `name`, the user's own first; TemplateError when unusable."""
    path = _template_files(user_dir).get(name)
    if path is None:
        raise TemplateError(name, None, f"no template called “{name}”")
    return read_template(path)


def load_templates(user_dir: Path | None = None) -> dict[str, Template]:
    """Every template by name; a user's template replaces the built-in of the same name."""
    return {name: read_template(path) for name, path in _template_files(user_dir).items()}


def read_template(path: Path) -> Template:
    """Read and check one template file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TemplateError(str(path), None, f"cannot be read ({error.strerror})") from None
    if len(raw) > FILE_MAX_BYTES:
        raise TemplateError(str(path), None, f"is larger than {FILE_MAX_BYTES:,} bytes")
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise TemplateError(str(path), line, "is not UTF-8 text") from None
    return parse_template(source, name=path.stem, origin=str(path))


def parse_template(source: str, *, name: str, origin: str) -> Template:
    """Check a template's text; `origin` names it in error messages."""
    try:
        document = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(origin, str(error)) from None
    return _Checker(source, origin).template(name, document)


_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


def _syntax_error(origin: str, message: str) -> TemplateError:
    match = _AT_LINE.search(message)
    if match is None:
        return TemplateError(origin, None, f"is not valid TOML: {message}")
    reason = f"is not valid TOML: {message[: match.start()]} (column {match[2]})"
    return TemplateError(origin, int(match[1]), reason)


_SECTION_HEADER = re.compile(r"\s*\[\[\s*sections\s*\]\]")
_ITEM_HEADER = re.compile(r"\s*\[\[\s*sections\s*\.\s*items\s*\]\]")
_ANY_HEADER = re.compile(r"\s*\[")


class _Checker:
    """Checks a parsed template; finds the line of what is wrong in the source (best effort)."""

    def __init__(self, source: str, origin: str) -> None:
        self.origin = origin
        self.lines = source.splitlines()
        # (section index, item index or -1) → line number of its [[…]] header.
        self.headers: dict[tuple[int, int], int] = {}
        section = item = -1
        for number, line in enumerate(self.lines, start=1):
            if _SECTION_HEADER.match(line):
                section, item = section + 1, -1
                self.headers[(section, -1)] = number
            elif _ITEM_HEADER.match(line) and section >= 0:
                item += 1
                self.headers[(section, item)] = number

    def line_of(self, place: tuple[int, int] | None, key: str | None = None) -> int | None:
        """The line of `key` in a section or item (place None: the top), else of its header."""
        start = 0 if place is None else self.headers.get(place)
        if start is None:
            return None
        if key is not None:
            pattern = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
            for number in range(start + 1, len(self.lines) + 1):
                line = self.lines[number - 1]
                if _ANY_HEADER.match(line):
                    break
                if pattern.match(line):
                    return number
        return start or None

    def fail(self, place: tuple[int, int] | None, key: str | None, reason: str) -> TemplateError:
        return TemplateError(self.origin, self.line_of(place, key), reason)

    def template(self, name: str, document: dict[str, Any]) -> Template:
        self.unknown_keys(None, document, _TOP_KEYS, "the template")
        schema = document.get("schema")
        if schema != SCHEMA:
            found = "no schema" if schema is None else f"schema {schema!r}"
            raise self.fail(None, "schema", f"has {found}; expected schema = {SCHEMA!r}")
        title = self.text(None, document, "title", TITLE_MAX, required=False) or name
        self.text(None, document, "description", TEXT_MAX, required=False)
        sections = document.get("sections")
        if not isinstance(sections, list) or not sections:
            raise self.fail(None, "sections", "has no [[sections]]")
        seen: dict[str, int] = {}
        checked = tuple(self.section(index, raw, seen) for index, raw in enumerate(sections))
        return Template(name=name, title=title, origin=self.origin, sections=checked)

    def section(self, index: int, raw: object, seen: dict[str, int]) -> TemplateSection:
        place = (index, -1)
        if not isinstance(raw, dict):
            raise self.fail(place, None, f"section {index + 1} is not a table")
        self.unknown_keys(place, raw, _SECTION_KEYS, f"section {index + 1}")
        title = self.text(place, raw, "title", TITLE_MAX, required=True)
        conditions = self.conditions(place, raw)
        items = raw.get("items", [])
        if not isinstance(items, list) or not items:
            raise self.fail(place, "items", f"section “{title}” has no [[sections.items]]")
        checked = []
        for number, item in enumerate(items):
            checked.append(self.item((index, number), item, title, conditions.signing, seen))
        return TemplateSection(title=title, conditions=conditions, items=tuple(checked))

    def item(
        self,
        place: tuple[int, int],
        raw: object,
        section: str,
        section_signing: bool | None,
        seen: dict[str, int],
    ) -> TemplateItem:
        what = f"item {place[1] + 1} of section “{section}”"
        if not isinstance(raw, dict):
            raise self.fail(place, None, f"{what} is not a table")
        self.unknown_keys(place, raw, _ITEM_KEYS, what)
        text = self.text(place, raw, "text", TEXT_MAX, required=True)
        owner = self.text(place, raw, "owner", OWNER_MAX, required=False)
        due = raw.get("due")
        if due is not None and (type(due) is not int or not DUE_RANGE[0] <= due <= DUE_RANGE[1]):
            raise self.fail(
                place,
                "due",
                f"{what}: due must be a whole number of days between {DUE_RANGE[0]} and "
                f"{DUE_RANGE[1]} (e.g. due = -45), not {due!r}",
            )
        key = raw.get("key", slug(text))
        if not isinstance(key, str) or not _KEY_PATTERN.fullmatch(key):
            raise self.fail(
                place, "key", f"{what}: key must be lower-case letters, digits and dashes"
            )
        if key in seen:
            raise self.fail(
                place,
                "key",
                f"{what} has the same key “{key}” as an item on line {seen[key]}; "
                'give one of them its own key = "…"',
            )
        seen[key] = self.line_of(place) or 0
        conditions = self.conditions(place, raw)
        if PROPOSAL_PLACEHOLDER in text and True not in (conditions.signing, section_signing):
            raise self.fail(
                place, "text", f"{what} names {PROPOSAL_PLACEHOLDER} but is not a signing item"
            )
        return TemplateItem(key=key, text=text, due=due, owner=owner, conditions=conditions)

    def conditions(self, place: tuple[int, int], raw: dict[str, Any]) -> Conditions:
        direction = raw.get("direction")
        if direction is not None and direction not in VISIT_DIRECTIONS:
            raise self.fail(
                place,
                "direction",
                f"direction must be one of {', '.join(VISIT_DIRECTIONS)}, not {direction!r}",
            )
        levels = raw.get("level")
        if levels is not None:
            levels = (levels,) if isinstance(levels, str) else levels
            if (
                not isinstance(levels, list | tuple)
                or not levels
                or any(level not in VISIT_LEVELS for level in levels)
            ):
                raise self.fail(
                    place,
                    "level",
                    f"level must be one of {', '.join(VISIT_LEVELS)} or a list of them, "
                    f"not {raw['level']!r}",
                )
            levels = tuple(levels)
        signing = raw.get("signing")
        if signing is not None and not isinstance(signing, bool):
            raise self.fail(place, "signing", f"signing must be true or false, not {signing!r}")
        return Conditions(
            direction=direction,
            levels=levels,
            signing=signing,
            destinations=self.destinations(place, raw),
        )

    def destinations(self, place: tuple[int, int], raw: dict[str, Any]) -> tuple[str, ...] | None:
        given = raw.get("destination")
        if given is None:
            return None
        values = (given,) if isinstance(given, str) else given
        areas = (IN_SCHENGEN, OUTSIDE_SCHENGEN)
        if (
            not isinstance(values, list | tuple)
            or not values
            or any(
                not isinstance(v, str) or (v not in areas and v not in ISO_3166_ALPHA2)
                for v in values
            )
        ):
            raise self.fail(
                place,
                "destination",
                f"destination must be {IN_SCHENGEN!r}, {OUTSIDE_SCHENGEN!r}, an ISO 3166 country "
                f"code (e.g. 'SG') or a list of them, not {given!r}",
            )
        return tuple(values)

    def text(
        self,
        place: tuple[int, int] | None,
        raw: dict[str, Any],
        key: str,
        limit: int,
        *,
        required: bool,
    ) -> str:
        value = raw.get(key, "")
        if not isinstance(value, str):
            raise self.fail(place, key, f"{key} must be a text in quotes, not {value!r}")
        cleaned = clean_line(value)
        if required and not cleaned:
            raise self.fail(place, key, f"{key} must not be empty")
        if len(cleaned) > limit:
            raise self.fail(place, key, f"{key} is longer than {limit:,} characters")
        return cleaned

    def unknown_keys(
        self, place: tuple[int, int] | None, raw: dict[str, Any], allowed: set[str], what: str
    ) -> None:
        for key in raw:
            if key not in allowed:
                raise self.fail(
                    place,
                    key,
                    f"{what} has an unknown key “{key}” (allowed: {', '.join(sorted(allowed))})",
                )
