"""User text is data: strip terminal control sequences on the way in and out."""

import functools
import re
import unicodedata

# ESC-introduced sequences: OSC (to BEL or ST), CSI, DCS/SOS/PM/APC strings, and 2-byte escapes.
_ESCAPES = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def clean_text(value: str) -> str:
    """Text with terminal escape sequences and control characters removed (newlines kept)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", value))


def clean_line(value: str) -> str:
    """A single line: like clean_text, line breaks folded into spaces, ends trimmed."""
    return clean_text(_LINE_BREAKS.sub(" ", value)).strip()


def fold(value: str) -> str:
    """Lower-case ASCII-ish key for matching: 'Lê Quốc Hùng' → 'le quoc hung'."""
    # SQL filters call this for every row they look at: plain ASCII takes the quick way.
    if value.isascii():
        return value.lower()
    return _fold_unicode(value)


@functools.lru_cache(maxsize=65536)
def _fold_unicode(value: str) -> str:
    special = value.replace("đ", "d").replace("Đ", "D").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", special)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def counted(count: int, noun: str, plural: str = "") -> str:
    """A count and its noun, singular for one: '1 meeting', '2,226 meetings', '3 people'."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
