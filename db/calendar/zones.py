"""Time zones as calendar files name them: IANA names, the Windows names Outlook writes, and
IANA names behind a vendor's prefix. The user's own zone and a place's come from db.zones."""

import functools
from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from db.zones import user_zone


@functools.cache
def _iana_names() -> frozenset[str]:
    return frozenset(available_timezones())


def is_iana_zone(name: str) -> bool:
    """Whether `name` is a zone of the IANA database ('Europe/Vienna', 'UTC')."""
    return name in _iana_names()


def zone_or_user(name: str) -> str:
    """`name` when it is an IANA zone, else the user's own zone (a meeting's "" means that)."""
    return name if is_iana_zone(name) else user_zone()


def iana_zone(tzid: str) -> str | None:
    """The IANA zone a calendar's TZID names: an IANA name, a Windows name ('W. Europe
    Standard Time'), or an IANA name behind a vendor prefix ('/mozilla.org/Europe/Vienna');
    None when it names none of them."""
    name = tzid.strip().strip('"')
    if is_iana_zone(name):
        return name
    if name in WINDOWS_TO_OLSON:
        return WINDOWS_TO_OLSON[name]
    parts = name.strip("/").split("/")
    for start in range(1, len(parts)):
        if is_iana_zone("/".join(parts[start:])):
            return "/".join(parts[start:])
    return None


def is_windows_zone(tzid: str) -> bool:
    """Whether a TZID is a Windows zone name, which stands for several places at once."""
    return tzid.strip().strip('"') in WINDOWS_TO_OLSON


def same_offsets(first: str, second: str, *moments: datetime) -> bool:
    """Whether two zones keep the same clock at these wall-clock moments."""
    return all(
        moment.replace(tzinfo=ZoneInfo(first)).utcoffset()
        == moment.replace(tzinfo=ZoneInfo(second)).utcoffset()
        for moment in moments
    )
