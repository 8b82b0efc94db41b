"""What a global search finds: hits grouped by kind, the words searched for, the backend protocol.

Cheap to import (no SQLAlchemy), so screens can type against these shapes.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from db.errors import BilateralError
from db.text import clean_line

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


KINDS = ("organisation", "person", "meeting", "note", "proposal", "action", "visit")


MAX_WORDS = 20


MAX_WORD_LENGTH = 100


# Ranking costs the index some work per match: a kind matching more records than this shows its
# newest first. Counting stops there too: a kind's count is at most RANK_LIMIT + 1, which
# means "more than RANK_LIMIT" (counting every match of a common word grows with the records).
RANK_LIMIT = 1000
COUNTED_UP_TO = RANK_LIMIT + 1


def count_text(count: int) -> str:
    """A kind's count as shown: "1,204"; "1,000+" where counting stopped."""
    return f"{RANK_LIMIT:,}+" if count >= COUNTED_UP_TO else f"{count:,}"


# Scripts written without spaces between words (Chinese, Japanese; Korean joins particles to its
# words): a run of them is searched for anywhere inside the runs of the records. Migration 0014
# indexes the same ranges.
CJK_RANGES = (
    (0x1100, 0x11FF),
    (0x3005, 0x3007),
    (0x3041, 0x30FF),
    (0x3131, 0x318E),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),
    (0x20000, 0x3FFFF),
)
_CJK_RUN = re.compile("([" + "".join(f"{chr(a)}-{chr(b)}" for a, b in CJK_RANGES) + "]+)")


@dataclass(frozen=True)
class SearchHit:
    """One record found, and where `enter` takes the user."""

    kind: str
    record_id: int
    # The record's name or title; a note's meeting title; an action item's text, shortened.
    title: str
    # Plain-text segments of a short extract; True marks a word that matched.
    snippet: tuple[tuple[str, bool], ...]
    # ("partner" | "person" | "meeting" | "proposal" | "visit" | "action", id)
    opens: tuple[str, int]
    # The record's handling marking: its level's name, "" for the lowest level (and for an
    # action item, which carries none).
    marking: str
    # For a note: its id, so that the meeting page can show it.
    note_id: int | None = None


@dataclass(frozen=True)
class SearchResults:
    """The hits for a query, grouped by kind in KINDS order (only kinds with hits)."""

    query: str
    groups: tuple[tuple[str, tuple[SearchHit, ...]], ...]
    # How many records of each kind match, including those beyond the hits returned; at most
    # COUNTED_UP_TO (more than RANK_LIMIT).
    matches: dict[str, int]

    @property
    def total(self) -> int:
        """How many records match in all (of a kind where counting stopped: RANK_LIMIT)."""
        return sum(min(count, RANK_LIMIT) for count in self.matches.values())

    @property
    def total_text(self) -> str:
        """How many records match in all, as shown: "2,310", or "1,310+" when counting of a
        kind stopped."""
        more = any(count >= COUNTED_UP_TO for count in self.matches.values())
        return f"{self.total:,}{'+' if more else ''}"


class SearchUnavailable(BilateralError):
    """The database's backend has no search yet."""


class SearchBackend(Protocol):
    """Full-text search as one database backend does it."""

    def find(
        self, session: "Session", words: tuple[str, ...], per_kind: int
    ) -> tuple[Sequence[SearchHit], dict[str, int]]:
        """The best `per_kind` hits of each kind matching every word as a prefix, each kind's
        best first, and how many records of each kind match."""
        ...


def search_words(text: str) -> tuple[str, ...]:
    """The words typed: runs of letters and digits, lower case, accents kept (the index folds
    them), at most MAX_WORDS words of at most MAX_WORD_LENGTH characters."""
    typed = unicodedata.normalize("NFC", clean_line(text[: MAX_WORDS * MAX_WORD_LENGTH * 2]))
    spaced = "".join(c if c.isalnum() or unicodedata.combining(c) else " " for c in typed.lower())
    words = (word[:MAX_WORD_LENGTH] for word in spaced.split() if any(c.isalnum() for c in word))
    return tuple(dict.fromkeys(words))[:MAX_WORDS]


def cjk_split(words: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words with their CJK runs taken out (a word around one leaves its pieces), and
    those runs; at most MAX_WORDS runs."""
    others: list[str] = []
    runs: list[str] = []
    for word in words:
        for place, piece in enumerate(_CJK_RUN.split(word)):
            if any(c.isalnum() for c in piece):
                (runs if place % 2 else others).append(piece)
    return tuple(dict.fromkeys(others)), tuple(dict.fromkeys(runs))[:MAX_WORDS]
