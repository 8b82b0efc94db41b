"""The first look at a calendar file, before anything parses it: its size, that it is UTF-8
text, that it is a calendar at all, and that every line is an iCalendar line in components
that open and close in order. Each refusal names the line."""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from db.calendar.errors import CalendarFileRefused

MAX_FILE_BYTES = 5_000_000
MAX_LINE_CHARS = 100_000
MAX_EVENTS = 500
MAX_LINES = 50_000
# VCALENDAR > VTIMEZONE > STANDARD, VCALENDAR > VEVENT > VALARM: nothing real goes deeper.
MAX_DEPTH = 4

_NAME = r"[A-Za-z0-9-]+"
_PARAMETER_VALUE = r'(?:"[^"]*"|[^";:,]*)'
_PARAMETER = rf";{_NAME}={_PARAMETER_VALUE}(?:,{_PARAMETER_VALUE})*"
_CONTENT_LINE = re.compile(rf"(?P<name>{_NAME})(?:{_PARAMETER})*:(?P<value>.*)", re.DOTALL)
_COMPONENT = re.compile(_NAME)
# Control characters other than tab: RFC 5545 forbids them, a terminal would obey them.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_SHOWN_MAX = 60


@dataclass(frozen=True)
class ScannedFile:
    """A calendar file that passed the first look: its text, the line where each event
    (VEVENT) begins, in the order of the file, and the program that wrote it (PRODID)."""

    text: str
    event_lines: tuple[int, ...]
    producer: str


def shown(value: str) -> str:
    """Text from the file quoted for a message: control characters escaped, cut short."""
    if len(value) > _SHOWN_MAX:
        value = value[: _SHOWN_MAX - 1] + "…"
    return repr(value)


def scan_file(path: Path) -> ScannedFile:
    """The file at `path` read and given the first look; CalendarFileRefused when it fails."""
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise _too_large(size)
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise CalendarFileRefused("", f"{path} cannot be read ({reason})") from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data))
    return scan_bytes(data)


def _too_large(size: int) -> CalendarFileRefused:
    return CalendarFileRefused(
        "", f"the file is {size:,} bytes long; at most {MAX_FILE_BYTES:,} bytes are read"
    )


def scan_bytes(data: bytes) -> ScannedFile:
    """The first look at a calendar file's bytes; CalendarFileRefused naming the line."""
    if not data.strip():
        raise CalendarFileRefused("", "the file is empty")
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise CalendarFileRefused(f"line {line}", "the file holds binary data, not calendar text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CalendarFileRefused(
            f"line {line}", f"the byte 0x{data[error.start]:02X} is not UTF-8 text"
        ) from None
    return _scan_lines(text)


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Each content line with the number of the line it begins on, folded lines joined."""
    pieces: list[tuple[int, list[str]]] = []
    for number, physical in enumerate(text.split("\n"), start=1):
        physical = physical.removesuffix("\r")
        if physical[:1] in (" ", "\t") and pieces:
            pieces[-1][1].append(physical[1:])
        elif physical.strip():
            pieces.append((number, [physical]))
    return [(number, "".join(parts)) for number, parts in pieces]


def _scan_lines(text: str) -> ScannedFile:
    lines = _logical_lines(text)
    if len(lines) > MAX_LINES:
        number, _line = lines[MAX_LINES]
        raise CalendarFileRefused(
            f"line {number}",
            f"the file holds more than {MAX_LINES:,} lines; at most {MAX_LINES:,} are read",
        )
    first_number, first = lines[0]
    if first.strip().upper() != "BEGIN:VCALENDAR":
        raise CalendarFileRefused(
            f"line {first_number}",
            "this is not a calendar file: it should begin with BEGIN:VCALENDAR, "
            f"not {shown(first)}",
        )
    open_components: list[tuple[str, int]] = []
    event_lines: list[int] = []
    producer = ""
    closed_at = 0
    for number, line in lines:
        place = f"line {number}"
        if closed_at:
            raise CalendarFileRefused(
                place, f"there is more after the calendar ended on line {closed_at}"
            )
        name, value = _content_line(place, line)
        if name == "PRODID" and len(open_components) == 1:
            producer = value
        if name == "BEGIN":
            component = _component_name(place, value)
            open_components.append((component, number))
            if len(open_components) > MAX_DEPTH:
                raise CalendarFileRefused(place, f"{component} is nested too deeply")
            if component == "VEVENT":
                event_lines.append(number)
                if len(event_lines) > MAX_EVENTS:
                    raise CalendarFileRefused(
                        place,
                        f"the file holds more than {MAX_EVENTS} events; "
                        f"at most {MAX_EVENTS} are read",
                    )
        elif name == "END":
            component = _component_name(place, value)
            if not open_components:
                raise CalendarFileRefused(place, f"END:{component} closes nothing that was begun")
            begun, begun_at = open_components.pop()
            if component != begun:
                raise CalendarFileRefused(
                    place, f"END:{component} cannot close the {begun} begun on line {begun_at}"
                )
            if not open_components:
                closed_at = number
    if open_components:
        begun, begun_at = open_components[-1]
        raise CalendarFileRefused(
            f"line {begun_at}", f"the {begun} begun here is never closed (END:{begun} is missing)"
        )
    return ScannedFile(text=text, event_lines=tuple(event_lines), producer=producer)


def _content_line(place: str, line: str) -> tuple[str, str]:
    """The property name (upper case) and value of a content line, refused when it is none."""
    if len(line) > MAX_LINE_CHARS:
        name = re.match(_NAME, line)
        raise CalendarFileRefused(
            place,
            f"{name.group().upper() if name else 'this line'} is {len(line):,} characters long; "
            f"at most {MAX_LINE_CHARS:,} are read",
        )
    match = _CONTENT_LINE.match(line)
    if match is None:
        raise CalendarFileRefused(
            place, f"{shown(line)} is not an iCalendar line (NAME;PARAMETERS:value)"
        )
    control = _CONTROL.search(line)
    if control:
        raise CalendarFileRefused(
            place, f"it holds the control character U+{ord(control.group()):04X}"
        )
    return match.group("name").upper(), match.group("value")


def _component_name(place: str, value: str) -> str:
    name = value.strip().upper()
    if not _COMPONENT.fullmatch(name):
        raise CalendarFileRefused(place, f"{shown(value)} is not the name of a component")
    return name
