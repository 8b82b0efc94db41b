"""Documents as PDF, typeset by Typst. The document's text goes in as JSON data that the
template reads (never as Typst markup): a '#import' or a '[/]' in a note prints as typed."""

import json
from typing import Any

from db.documents import fonts
from db.documents.blocks import Block, Document, Fields, Heading, Inline, Paragraph, Table, spans
from db.documents.blocks import texts as document_texts
from db.errors import BilateralError

# The layout: A4, a dense serif page, section rules, small tables; the handling marking at the
# top and bottom of every page, the page numbers in the footer.
TEMPLATE = b"""
#let doc = json(bytes(sys.inputs.document))
#let banner = text(size: 8pt, weight: "bold", fill: black, tracking: 0.04em, doc.marking)
#let rich(value) = if type(value) == str { value } else {
  value.map(s => if type(s) == str { s } else { strong(s.strong) }).join()
}
#set document(title: doc.title)
#set page(
  paper: "a4",
  margin: (x: 1.7cm, top: 1.8cm, bottom: 1.9cm),
  header: align(center, banner),
  footer: context {
    set text(size: 7.5pt, fill: luma(90))
    grid(
      columns: (1fr, auto, 1fr), column-gutter: 1em,
      align(left, doc.title),
      banner,
      align(right, counter(page).display("1 / 1", both: true)),
    )
  },
)
#set text(font: ("Libertinus Serif", "New Computer Modern"), size: 9.5pt, lang: "en")
#set par(leading: 0.5em, spacing: 0.75em)
#set table(stroke: 0.4pt + luma(175), inset: (x: 4pt, y: 3pt))
#show table.cell.where(y: 0): set text(weight: "bold")
#show heading: set block(sticky: true)
#show heading.where(level: 2): it => block(
  above: 1.3em, below: 0.6em, width: 100%,
  stroke: (bottom: 0.6pt + luma(120)), inset: (bottom: 3pt),
  text(size: 12.5pt, it.body),
)
#show heading.where(level: 3): set text(size: 11pt)
#show heading.where(level: 3): set block(above: 1.1em, below: 0.5em)
#show heading.where(level: 4): set text(size: 9.5pt, style: "italic")
#show heading.where(level: 4): set block(above: 0.9em, below: 0.45em)

#text(size: 16pt, weight: "bold", doc.title)
#v(0.3em)
#for block in doc.blocks {
  if block.type == "heading" {
    heading(level: block.level + 1, block.text)
  } else if block.type == "paragraph" {
    let body = rich(block.text)
    if block.muted { text(fill: luma(100), style: "italic", body) } else { body }
    parbreak()
  } else if block.type == "fields" {
    grid(
      columns: (auto, 1fr), column-gutter: 1em, row-gutter: 0.55em,
      ..block.rows.map(r => (text(weight: "bold", r.at(0)), rich(r.at(1)))).flatten(),
    )
  } else if block.type == "table" {
    set text(size: 8.5pt)
    table(
      columns: block.widths.map(w => w * 1fr),
      table.header(..block.header),
      ..block.rows.map(row => row.map(rich)).join(),
    )
  } else {
    list(..block.items.map(rich))
  }
}
"""


def _inline(text: Inline) -> str | list[str | dict[str, str]]:
    if isinstance(text, str):
        return text
    return [span if isinstance(span, str) else {"strong": span.text} for span in spans(text)]


def _block(block: Block) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {"type": "heading", "level": block.level, "text": block.text}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "text": _inline(block.text), "muted": block.muted}
    if isinstance(block, Fields):
        return {"type": "fields", "rows": [[label, _inline(v)] for label, v in block.rows]}
    if isinstance(block, Table):
        return {
            "type": "table",
            "header": list(block.header),
            "rows": [[_inline(cell) for cell in row] for row in block.rows],
            "widths": list(block.widths),
        }
    return {"type": "list", "items": [_inline(item) for item in block.items]}


def render_pdf(document: Document) -> tuple[bytes, tuple[str, ...]]:
    """The document as PDF, and sentences for the user about characters no font here has."""
    import typst

    book = fonts.font_book()
    data = {
        "title": document.title,
        "marking": document.marking,
        "blocks": [_block(block) for block in document.blocks],
    }
    try:
        pdf = typst.compile(
            TEMPLATE,
            format="pdf",
            font_paths=book,
            sys_inputs={"document": json.dumps(data, ensure_ascii=False)},
        )
    except typst.TypstError as error:
        raise BilateralError(
            f"The PDF could not be typeset ({error.message}); nothing was written."
        ) from error
    return pdf, fonts.missing_scripts(document_texts(document), book)
