"""Fonts for PDF documents: those bundled with Typst and the system's own. Typst prints a
character no font has as a box; before that happens, `missing_scripts` names the scripts that
would, so that the user is told instead of finding boxes in a brief."""

import functools
import mmap
import os
import struct
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from db.text import counted

if TYPE_CHECKING:
    import typst

# Where fonts usually live; the ones Typst does not look at by itself are added to its own.
_FONT_FOLDERS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
    "%LOCALAPPDATA%/Microsoft/Windows/Fonts",
)
# Scripts that the bundled fonts (Libertinus Serif, New Computer Modern) print.
_BUNDLED_SCRIPTS = frozenset({"LATIN", "GREEK", "CYRILLIC", "HEBREW", "COMBINING", "MODIFIER"})
_CJK_WORDS = frozenset(
    {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC", "HALFWIDTH", "FULLWIDTH"}
)
_CJK = "Chinese/Japanese/Korean"

_Ranges = tuple[tuple[int, ...], tuple[int, ...]]
_NONE: _Ranges = ((), ())


@functools.cache
def font_book() -> "typst.Fonts":
    """Typst's bundled fonts, the system's, and those of the usual font folders (loaded once)."""
    import typst

    system = typst.Fonts()
    known = [font.path for font in system.fonts() if font.path]
    extra = [
        str(folder)
        for folder in (Path(os.path.expandvars(os.path.expanduser(f))) for f in _FONT_FOLDERS)
        if folder.is_dir() and not any(path.startswith(str(folder)) for path in known)
    ]
    return typst.Fonts(font_paths=extra) if extra else system


def _script(character: str) -> str:
    """The script of a letter or mark that the bundled fonts do not print; '' for others."""
    if unicodedata.category(character)[0] not in "LM":
        return ""
    word = unicodedata.name(character, "").split(" ", 1)[0]
    if not word or word in _BUNDLED_SCRIPTS:
        return ""
    return _CJK if word in _CJK_WORDS else word.title()


def missing_scripts(texts: Iterable[str], fonts: "typst.Fonts") -> tuple[str, ...]:
    """A sentence for each script of `texts` that no font in `fonts` has, saying how many texts
    print boxes and what to install."""
    wanted: dict[str, set[str]] = {}
    for text in set(texts):
        if text.isascii():
            continue
        for character in set(text):
            script = _script(character)
            if script:
                wanted.setdefault(character, set()).add(text)
    if not wanted:
        return ()
    missing = set(wanted)
    for font in fonts.fonts():
        if font.path:
            missing -= {c for c in missing if _has(_coverage(font.path, font.index), ord(c))}
        if not missing:
            return ()
    by_script: dict[str, set[str]] = {}
    for character in missing:
        by_script.setdefault(_script(character), set()).update(wanted[character])
    return tuple(_warning(script, len(by_script[script])) for script in sorted(by_script))


def _warning(script: str, texts: int) -> str:
    font = (
        "a CJK font (e.g. Noto Sans CJK)"
        if script == _CJK
        else f"a font for {script} (e.g. Noto Sans {script})"
    )
    return (
        f"No font here has {script} characters, so they print as boxes "
        f"(in {counted(texts, 'text')} of this document). Install {font} and export again."
    )


def _has(ranges: _Ranges, code: int) -> bool:
    starts, ends = ranges
    at = bisect_right(starts, code) - 1
    return at >= 0 and code <= ends[at]


@functools.cache
def _coverage(path: str, index: int) -> _Ranges:
    """The character ranges of a font file's Unicode character map (none when unreadable)."""
    try:
        with open(path, "rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _character_map(data, index)
    except (OSError, ValueError, struct.error):
        return _NONE


def _character_map(data: mmap.mmap, index: int) -> _Ranges:
    start = 0
    if data[:4] == b"ttcf":
        (fonts,) = struct.unpack_from(">I", data, 8)
        if index >= fonts:
            return _NONE
        (start,) = struct.unpack_from(">I", data, 12 + 4 * index)
    (tables,) = struct.unpack_from(">H", data, start + 4)
    for number in range(tables):
        tag, _, cmap, _ = struct.unpack_from(">4sIII", data, start + 12 + 16 * number)
        if tag == b"cmap":
            break
    else:
        return _NONE
    (subtables,) = struct.unpack_from(">H", data, cmap + 2)
    best = 0
    for number in range(subtables):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * number)
        (form,) = struct.unpack_from(">H", data, cmap + offset)
        if platform in (0, 3) and form == 12:
            return _groups(data, cmap + offset)
        if (platform == 0 or (platform, encoding) == (3, 1)) and form == 4:
            best = cmap + offset
    return _segments(data, best) if best else _NONE


def _groups(data: mmap.mmap, at: int) -> _Ranges:
    (count,) = struct.unpack_from(">I", data, at + 12)
    groups = sorted(struct.iter_unpack(">III", data[at + 16 : at + 16 + 12 * count]))
    return tuple(g[0] for g in groups), tuple(g[1] for g in groups)


def _segments(data: mmap.mmap, at: int) -> _Ranges:
    (doubled,) = struct.unpack_from(">H", data, at + 6)
    count = doubled // 2
    ends = struct.unpack_from(f">{count}H", data, at + 14)
    starts = struct.unpack_from(f">{count}H", data, at + 16 + doubled)
    deltas = struct.unpack_from(f">{count}H", data, at + 16 + 2 * doubled)
    offsets_at = at + 16 + 3 * doubled
    offsets = struct.unpack_from(f">{count}H", data, offsets_at)
    ranges: list[tuple[int, int]] = []
    for number, (first, last) in enumerate(zip(starts, ends, strict=True)):
        if not offsets[number]:
            ranges.append((first, last))
            continue
        # Characters of this segment whose glyph is 0 (none) are not in the font.
        glyphs_at = offsets_at + 2 * number + offsets[number]
        for code in range(first, last + 1):
            (glyph,) = struct.unpack_from(">H", data, glyphs_at + 2 * (code - first))
            if glyph and (glyph + deltas[number]) & 0xFFFF:
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1] = (ranges[-1][0], code)
                else:
                    ranges.append((code, code))
    ranges.sort()
    return tuple(r[0] for r in ranges), tuple(r[1] for r in ranges)
