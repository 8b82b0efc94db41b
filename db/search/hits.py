"""What a global search finds: hits grouped by kind, the words searched for, the backend protocol.

Cheap to import (no SQLAlchemy), so screens can type against these shapes.
"""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from db.errors import BilateralError
from db.text import clean_line

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


KINDS = ("organisation", "person", "meeting", "note", "proposal", "action", "visit")


MAX_WORDS = 20


MAX_WORD_LENGTH = 100


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
    # How many records of each kind match, including those beyond the hits returned.
    matches: dict[str, int]

    @property
    def total(self) -> int:
        """How many records match in all."""
        return sum(self.matches.values())


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
