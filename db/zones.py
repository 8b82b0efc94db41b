"""Time zones: the user's own, the zone of a place, and a meeting's time read in both.

A meeting's times are the wall-clock times where it happens; its zone is an IANA name
("Europe/Vienna"), empty for the user's own zone.
"""

import difflib
import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from db.countries import COUNTRY_NAMES
from db.dates import show_date
from db.errors import Invalid
from db.text import clean_line, fold

UTC = "UTC"
EXAMPLE_ZONE = "Europe/Vienna"

# Cities known by another name than their zone's (in their own language, or spelt the old way).
_OTHER_CITY_NAMES = {
    "wien": "Europe/Vienna",
    "hanoi": "Asia/Ho_Chi_Minh",
    "ha noi": "Asia/Ho_Chi_Minh",
    "ho chi minh city": "Asia/Ho_Chi_Minh",
    "saigon": "Asia/Ho_Chi_Minh",
    "praha": "Europe/Prague",
    "warszawa": "Europe/Warsaw",
    "roma": "Europe/Rome",
    "lisboa": "Europe/Lisbon",
    "moskva": "Europe/Moscow",
    "kiev": "Europe/Kyiv",
    "bucuresti": "Europe/Bucharest",
    "beograd": "Europe/Belgrade",
    "athina": "Europe/Athens",
    "kobenhavn": "Europe/Copenhagen",
    "bruxelles": "Europe/Brussels",
    "brussel": "Europe/Brussels",
    "beijing": "Asia/Shanghai",
    "peking": "Asia/Shanghai",
    "new delhi": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "washington": "America/New_York",
}

# Countries whose first listed zone is not the zone of their capital.
_CAPITAL_ZONES = {
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "FM": "Pacific/Pohnpei",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "UZ": "Asia/Tashkent",
}


@dataclass(frozen=True)
class StopZone:
    """A stop of a visit: its days and the zone of its place ("" when not known)."""

    zone: str
    starts_on: date | None
    ends_on: date | None


@functools.cache
def _zone_names() -> dict[str, str]:
    """Every zone name this computer knows, by its name in lower case."""
    return {name.casefold(): name for name in available_timezones()}


@functools.cache
def _zone_table() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(countries, zone) of tzdata's zone.tab, then zone1970.tab, in the order they list them."""
    rows: list[tuple[tuple[str, ...], str]] = []
    for name in ("zone.tab", "zone1970.tab"):
        try:
            text = resources.files("tzdata").joinpath("zoneinfo", name).read_text("utf-8")
        except (ModuleNotFoundError, OSError):
            continue
        for line in text.splitlines():
            columns = line.split("\t")
            if not line.startswith("#") and len(columns) >= 3:
                rows.append((tuple(columns[0].split(",")), columns[2]))
    return tuple(rows)


@functools.cache
def _zone_countries() -> dict[str, frozenset[str]]:
    countries: dict[str, set[str]] = {}
    for codes, zone in _zone_table():
        countries.setdefault(zone, set()).update(codes)
    return {zone: frozenset(codes) for zone, codes in countries.items()}


@functools.cache
def _country_zones() -> dict[str, str]:
    """Each country's principal zone: its capital's where tzdata lists another first."""
    zones: dict[str, str] = {}
    for codes, zone in _zone_table():
        for code in codes:
            zones.setdefault(code, zone)
    return {**zones, **_CAPITAL_ZONES}


@functools.cache
def _zones_by_city() -> dict[str, str]:
    zones: dict[str, str] = {}
    for _codes, zone in _zone_table():
        zones.setdefault(_city_key(zone_label(zone)), zone)
    for name, zone in _OTHER_CITY_NAMES.items():
        zones.setdefault(name, zone)
    return zones


@functools.cache
def _country_codes() -> dict[str, str]:
    """ISO codes by their country's name and by themselves, folded."""
    return {fold(name): code for code, name in COUNTRY_NAMES.items()} | {
        code.casefold(): code for code in COUNTRY_NAMES
    }


def _city_key(city: str) -> str:
    return " ".join(fold(city).replace("_", " ").replace("-", " ").replace(".", " ").split())


def _known_zone(name: str) -> str:
    """The zone of this name as tzdata spells it ("" when there is none)."""
    return _zone_names().get(name.strip().replace(" ", "_").casefold(), "")


def user_zone() -> str:
    """The IANA name of this computer's zone (the TZ variable first); "UTC" when not known."""
    named = _known_zone(os.environ.get("TZ", "").removeprefix(":"))
    if named:
        return named
    import tzlocal

    try:
        local = tzlocal.get_localzone_name()
    except (KeyError, OSError, ValueError):
        return UTC
    return _known_zone(local or "") or UTC


@functools.lru_cache(maxsize=1024)
def zone_for_place(city: str, country: str) -> str:
    """The zone of a place: the zone named after the city ("Vienna", "Wien"), else the
    country's principal zone (the country as its ISO code, "AT", or its name); "" when
    neither is known."""
    code = _country_codes().get(fold(country.strip()), "")
    zone = _zones_by_city().get(_city_key(city), "") if city.strip() else ""
    if zone and (not code or code in _zone_countries().get(zone, frozenset())):
        return zone
    return _country_zones().get(code, "")


def zone_on(stops: Sequence[StopZone], day: date | None) -> str:
    """The zone of the stop whose days hold `day`, else of the first stop with a known zone;
    "" when no stop has one."""
    known = [stop for stop in stops if stop.zone]
    for stop in known:
        first = stop.starts_on
        if day and first and first <= day <= (stop.ends_on or first):
            return stop.zone
    return known[0].zone if known else ""


def stop_zones(stops: Iterable[tuple[str, str, date | None, date | None]]) -> tuple[StopZone, ...]:
    """The zones of stops given as (city, country, first day, last day)."""
    return tuple(
        StopZone(zone_for_place(city, country), starts_on, ends_on)
        for city, country, starts_on, ends_on in stops
    )


def check_zone(name: str, field: str = "time_zone") -> str:
    """The zone as tzdata names it ("europe/vienna" and "Vienna" are Europe/Vienna); "" stays
    "" (the user's own zone). Invalid with a suggestion when there is no such zone."""
    text = clean_line(name)
    if not text:
        return ""
    zone = _known_zone(text) or _zones_by_city().get(_city_key(text), "")
    if zone:
        return zone
    close = difflib.get_close_matches(text.replace(" ", "_").casefold(), _zone_names(), n=1)
    example = _zone_names()[close[0]] if close and len(text) <= 64 else EXAMPLE_ZONE
    shown = text if len(text) <= 40 else f"{text[:39]}…"
    raise Invalid({field: f"Unknown time zone '{shown}': try a name like {example}"})


def zone_label(zone: str) -> str:
    """The city of a zone, as people say it: "Vienna", "Ho Chi Minh"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def _zone_info(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _clock(starts: datetime, ends: datetime | None) -> str:
    return f"{starts:%H:%M}–{ends:%H:%M}" if ends else f"{starts:%H:%M}"


def times_in_zones(
    starts_at: datetime, zone: str, user_zone: str, ends_at: datetime | None = None
) -> str:
    """A meeting's time where it happens (`zone`; "" is the user's) and, when the user's zone
    differs at that moment, there too: "09:00 Vienna · 15:00 Ho Chi Minh"; else "09:00".
    With `ends_at`, each is a span: "09:00–11:00 Vienna · 15:00–17:00 Ho Chi Minh"."""
    clock = _clock(starts_at, ends_at)
    where, own = _zone_info(zone), _zone_info(user_zone)
    if where is None or own is None:
        return clock
    start = starts_at.replace(tzinfo=where)
    mine = start.astimezone(own)
    if start.utcoffset() == mine.utcoffset():
        return clock
    end = ends_at.replace(tzinfo=where).astimezone(own) if ends_at else None
    other = f"{_clock(mine, end)} {zone_label(user_zone)}"
    if mine.date() != starts_at.date():
        other += " (next day)" if mine.date() > starts_at.date() else " (the day before)"
    return f"{clock} {zone_label(zone)} · {other}"


def when_in_zones(
    starts_at: datetime | None,
    precision: str,
    zone: str,
    user_zone: str,
    ends_at: datetime | None = None,
) -> str:
    """When a meeting is, as far as it is known: "7 Oct 2025 09:00 Vienna · 15:00 Ho Chi
    Minh" (see `times_in_zones`); a day, a month or a year alone as `show_date` gives it."""
    if starts_at is None or precision != "minute":
        return show_date(starts_at, precision)
    return f"{show_date(starts_at.date())} {times_in_zones(starts_at, zone, user_zone, ends_at)}"


def zones_differ(starts_at: datetime | None, precision: str, zone: str, user_zone: str) -> bool:
    """Whether a meeting's clock time reads differently in the user's zone."""
    if starts_at is None or precision != "minute":
        return False
    return times_in_zones(starts_at, zone, user_zone) != f"{starts_at:%H:%M}"
