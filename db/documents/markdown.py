"""Documents as Markdown. Every text is escaped, so that a note beginning "# ", a "[link](…)"
or "<b>" in a name prints as typed instead of becoming a heading, a link or HTML."""

import re

from db.documents.blocks import (
    Block,
    Document,
    Fields,
    Heading,
    Inline,
    Paragraph,
    Strong,
    Table,
    spans,
)
from db.text import clean_text

# Characters that make emphasis, code, links, HTML, tables, strikethrough or maths anywhere.
_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~$])")
# An entity such as "&amp;" or "&#35;" would print as the character it names.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# An underscore between two letters or digits never makes emphasis: "Asia/Ho_Chi_Minh" stays.
_INTRAWORD = re.compile(r"(?<=[^\W_])((?:\\_)+)(?=[^\W_])")
# What a line must not begin with: a heading, a quote, a list item, a setext underline.
_LINE_START = re.compile(r"^([#>+=-])")
_ORDERED = re.compile(r"^(\d+)([.)])")


def escape_line(text: str) -> str:
    """One line of user text, escaped to print as it is written."""
    text = _ANYWHERE.sub(r"\\\1", text.strip())
    text = _INTRAWORD.sub(lambda found: found[1].replace("\\_", "_"), text)
    text = _ENTITY.sub(r"\\&", text)
    text = _LINE_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2", text)


def _lines(text: str) -> list[str]:
    return clean_text(text).split("\n")


def _inline(text: Inline, joiner: str) -> str:
    """A text on one line (table cells, fields) or with hard line breaks (`joiner`)."""
    out = []
    for span in spans(text):
        content = span.text if isinstance(span, Strong) else span
        escaped = joiner.join(escape_line(line) for line in _lines(content))
        if isinstance(span, Strong) and escaped:
            escaped = f"**{escaped}**"
        out.append(escaped)
    return "".join(out)


def _cell(text: Inline) -> str:
    return _inline(text, " / ").replace("\n", " ") or " "


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * (block.level + 1)} {escape_line(block.text)}"
    if isinstance(block, Paragraph):
        body = _inline(block.text, "  \n")
        return f"*{body}*" if block.muted else body
    if isinstance(block, Fields):
        return "\n".join(
            f"- **{escape_line(label)}:** {_cell(value)}" for label, value in block.rows
        )
    if isinstance(block, Table):
        header = "| " + " | ".join(escape_line(title) for title in block.header) + " |"
        rule = "|" + "|".join("---" for _ in block.header) + "|"
        rows = ("| " + " | ".join(_cell(cell) for cell in row) + " |" for row in block.rows)
        return "\n".join((header, rule, *rows))
    return "\n".join(f"- {_cell(item)}" for item in block.items)


def render_markdown(document: Document) -> str:
    """The document as Markdown text, its handling marking on the first and the last line."""
    banner = f"**{_cell(document.marking)}**"
    parts = [banner, f"# {escape_line(document.title)}"]
    parts += (_block(block) for block in document.blocks)
    parts.append(banner)
    return "\n\n".join(parts) + "\n"
