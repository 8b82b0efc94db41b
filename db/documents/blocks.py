"""A document as a renderer sees it: a title and a run of headings, paragraphs, fields, tables
and lists. Every text here is the user's or the records' own and is printed as it is; only
`Strong` marks words the document itself stresses (OVERDUE)."""

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Strong:
    """Words printed in bold."""

    text: str


# A piece of text: plain, or a run of plain and bold pieces.
Span = str | Strong
Inline = str | tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    """A section (level 1) or a part of one (levels 2 and 3)."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """Text, line breaks kept; `muted` for what stands in for missing text."""

    text: Inline
    muted: bool = False


@dataclass(frozen=True)
class Fields:
    """Labelled lines: 'Dates: 7–10 Jan 2027'."""

    rows: tuple[tuple[str, Inline], ...]


@dataclass(frozen=True)
class Table:
    """A small table; `widths` are the columns' shares of the page width."""

    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    widths: tuple[int, ...]


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[Inline, ...]


Block = Heading | Paragraph | Fields | Table | Bullets


@dataclass(frozen=True)
class Document:
    """A whole document: its title, the handling marking printed at the top and bottom of
    every page, its blocks."""

    title: str
    marking: str
    blocks: tuple[Block, ...]


def spans(text: Inline) -> tuple[Span, ...]:
    """The pieces of a text."""
    return (text,) if isinstance(text, str) else text


def plain(text: Inline) -> str:
    """A text without its bold marks."""
    return "".join(span if isinstance(span, str) else span.text for span in spans(text))


def texts(document: Document) -> Iterator[str]:
    """Every text the document prints."""
    yield document.title
    yield document.marking
    for block in document.blocks:
        if isinstance(block, Heading):
            yield block.text
        elif isinstance(block, Paragraph):
            yield plain(block.text)
        elif isinstance(block, Fields):
            for label, value in block.rows:
                yield label
                yield plain(value)
        elif isinstance(block, Table):
            yield from block.header
            for row in block.rows:
                yield from (plain(cell) for cell in row)
        else:
            yield from (plain(item) for item in block.items)
