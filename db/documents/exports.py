"""Writing a brief or a visit report to a file, as Markdown or PDF by the file's suffix."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from db.documents.blocks import Document
from db.documents.brief import assemble_brief
from db.documents.layout import brief_document
from db.documents.markdown import render_markdown
from db.documents.report import assemble_report
from db.documents.report_layout import report_document
from db.documents.shapes import Marking
from db.engine import Database
from db.errors import BilateralError
from db.files import write_atomically

_FORMATS = {".pdf": "pdf", ".md": "markdown", ".markdown": "markdown"}
_UNSAFE = re.compile(r"[^A-Za-z0-9 ._,()-]+")
TITLE_MAX = 80


class UnknownDocumentFormat(BilateralError):
    """A document was asked for in a file type bilateral does not write."""


@dataclass(frozen=True)
class DocumentWritten:
    """A document written: where, as "pdf" or "markdown", sentences for the user (for
    instance about characters no font here has), the highest handling marking it holds, and
    how many records above the level asked for were left out."""

    path: Path
    format: str
    warnings: tuple[str, ...]
    marking: str = ""
    left_out: int = 0


def _format_of(target: Path) -> str:
    fmt = _FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise UnknownDocumentFormat(
            f"“{target.name}” was not written: a document is saved as .pdf, .md or .markdown."
        )
    return fmt


def _write(document: Document, marking: Marking, target: Path, fmt: str) -> DocumentWritten:
    warnings: tuple[str, ...] = ()
    if fmt == "pdf":
        from db.documents.typst_pdf import render_pdf

        data, warnings = render_pdf(document)
    else:
        data = render_markdown(document).encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomically(target, data)
    return DocumentWritten(target, fmt, warnings, marking.highest, marking.left_out)


def brief_markdown(
    database: Database,
    *,
    visit_id: int | None = None,
    meeting_id: int | None = None,
    prepared_by: str,
    today: date,
    up_to: int | None = None,
) -> str:
    """The brief of a visit or of a meeting (exactly one of the two) as Markdown text, with
    the records up to the handling marking of rank `up_to` (None: every record)."""
    content = assemble_brief(
        database,
        visit_id=visit_id,
        meeting_id=meeting_id,
        prepared_by=prepared_by,
        today=today,
        up_to=up_to,
    )
    return render_markdown(brief_document(content))


def report_markdown(
    database: Database,
    *,
    visit_id: int,
    prepared_by: str,
    today: date,
    up_to: int | None = None,
) -> str:
    """The report of a visit as Markdown text, up to a handling marking as brief_markdown."""
    content = assemble_report(
        database, visit_id=visit_id, prepared_by=prepared_by, today=today, up_to=up_to
    )
    return render_markdown(report_document(content))


def export_brief(
    database: Database,
    target: Path,
    *,
    visit_id: int | None = None,
    meeting_id: int | None = None,
    prepared_by: str,
    today: date,
    up_to: int | None = None,
) -> DocumentWritten:
    """Write the brief of a visit or of a meeting (exactly one of the two) to `target`: PDF for
    .pdf, Markdown for .md or .markdown, with the records up to the handling marking of rank
    `up_to` (None: every record). Replaces the file whole, readable by the user only."""
    fmt = _format_of(target)
    content = assemble_brief(
        database,
        visit_id=visit_id,
        meeting_id=meeting_id,
        prepared_by=prepared_by,
        today=today,
        up_to=up_to,
    )
    return _write(brief_document(content), content.marking, target, fmt)


def export_report(
    database: Database,
    target: Path,
    *,
    visit_id: int,
    prepared_by: str,
    today: date,
    up_to: int | None = None,
) -> DocumentWritten:
    """Write the report of a visit to `target`, as export_brief does."""
    fmt = _format_of(target)
    content = assemble_report(
        database, visit_id=visit_id, prepared_by=prepared_by, today=today, up_to=up_to
    )
    return _write(report_document(content), content.marking, target, fmt)


def document_path(
    exports_dir: Path, kind: str, title: str, today: date, suffix: str = ".pdf"
) -> Path:
    """A file name that reads well and is safe on every system: '2026-12-02 brief - Return
    visit Austrian Ministry of the Interior delegation to Hanoi.pdf' (accents dropped, other
    signs left out, the title cut at a word near 80 characters)."""
    words = " ".join(_safe(title).split())
    if len(words) > TITLE_MAX:
        words = words[:TITLE_MAX].rsplit(" ", 1)[0]
    words = words.strip(" .") or "untitled"
    return (
        exports_dir / f"{today.isoformat()} {_safe(kind).strip() or 'document'} - {words}{suffix}"
    )


def _safe(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _UNSAFE.sub(" ", ascii_only)
