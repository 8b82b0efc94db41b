"""The brief of the demo's upcoming visit as a PDF and as Markdown: what a reader finds in
them, hostile text printed as typed, private files, and a warning where no font has a
script. One PDF is made for the whole module."""

import re
import stat
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
import typst
from markdown_it import MarkdownIt
from pypdf import PdfReader
from sqlalchemy import select

from db.demo import load_demo
from db.documents import fonts
from db.documents.exports import export_brief
from db.models import Brief, Organisation, Person, Visit
from db.opening import open_database
from db.text import fold
from tests.helpers.clock import TODAY

VISIT = "Return visit: Austrian Ministry of the Interior delegation to Hanoi"
TALKING_POINTS = "Propose initialling the Cooperation Agreement on Crime Prevention in March."
HOSTILE = (
    '#import "secret.typ": *\n'
    "= Not a heading\n"
    "# Not a heading either\n"
    "[/] $x^2$ @ref <label> `raw` *bold* _it_ \\ // not a comment /* nor this */\n"
    "[a link](https://example.org) <script>alert(1)</script> &amp; | table |"
)
LONG = " ".join(f"word{n}" for n in range(4000))
SECTIONS = (
    "Purpose and objectives",
    "Our talking points",
    "Their likely objectives and our responses",
    "Press line",
    "Programme",
    "Delegations",
    "Partners",
    "Checklist",
)


def _add_records(session) -> None:
    visit = session.scalars(select(Visit).where(Visit.title == VISIT)).one()
    austria = session.scalars(
        select(Organisation).where(Organisation.name == "Ministry of the Interior")
    ).one()
    for name in ("Gerhard Kößler", "王小明"):
        session.add(Person(full_name=name, sort_name=fold(name), organisation_id=austria.id))
    session.add(
        Brief(
            visit_id=visit.id,
            talking_points=TALKING_POINTS,
            their_objectives=HOSTILE,
            press_line=LONG,
        )
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """The brief as PDF (only the fonts bundled with Typst, so that a CJK name has none)
    and as Markdown."""
    folder = tmp_path_factory.mktemp("brief")
    database = open_database(folder / "demo.db")
    database.actor = ""
    load_demo(database, today=TODAY)
    database.write(_add_records)
    with database.reading() as session:
        visit_id = session.scalar(select(Visit.id).where(Visit.title == VISIT))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fonts, "font_book", lambda: typst.Fonts(include_system_fonts=False))
        pdf = export_brief(
            database, folder / "out" / "brief.pdf", visit_id=visit_id, prepared_by="An", today=TODAY
        )
    markdown = export_brief(
        database, folder / "out" / "brief.md", visit_id=visit_id, prepared_by="An", today=TODAY
    )
    text = "\n".join(page.extract_text() for page in PdfReader(pdf.path).pages)
    yield SimpleNamespace(
        pdf=pdf,
        markdown=markdown,
        text=text,
        flat=" ".join(text.split()),
        md=markdown.path.read_text(encoding="utf-8"),
    )
    database.close()


def test_the_pdf_and_the_markdown_are_written_private(exported: SimpleNamespace) -> None:
    assert exported.pdf.format == "pdf"
    assert exported.pdf.path.read_bytes().startswith(b"%PDF-")
    assert exported.markdown.format == "markdown"
    assert exported.markdown.warnings == ()
    for path in (exported.pdf.path, exported.markdown.path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(exported.pdf.path.parent.stat().st_mode) == 0o700


def test_the_pdf_has_the_austrian_partner_and_people_with_diacritics(
    exported: SimpleNamespace,
) -> None:
    for text in ("Ministry of the Interior (BMI)", "Gerhard Kößler", "Peter Webinger"):
        assert text in exported.text
    assert "With: Lê Quốc Hùng (head), Peter Webinger" in exported.flat


def test_the_pdf_lists_every_open_proposal_with_its_status(exported: SimpleNamespace) -> None:
    flat = exported.flat
    for title, status in (
        ("Cooperation Agreement on Crime Prevention", "under negotiation"),
        ("Extradition agreement", "proposed"),
        ("Agreement on the transfer of sentenced persons", "proposed"),
        ("Training and capacity building for Vietnamese public security personnel", "proposed"),
        ("Invitation to attend the signing ceremony of the Hanoi Convention", "proposed"),
    ):
        assert re.search(re.escape(title) + r" .{0,40}" + re.escape(status), flat), title
    assert "25 Oct 2025 OVERDUE" in flat


def test_the_pdf_has_the_2025_meetings_with_their_outcomes(exported: SimpleNamespace) -> None:
    flat = exported.flat
    assert "2025 Working session with the Austrian Ministry of the Interior Vienna" in flat
    assert "this is the first official visit at the Ministry level" in flat


def test_the_pdf_has_the_talking_points_the_user_wrote(exported: SimpleNamespace) -> None:
    assert TALKING_POINTS in exported.flat


def test_the_markdown_has_the_same_sections_as_the_pdf(exported: SimpleNamespace) -> None:
    headings = [line[3:] for line in exported.md.splitlines() if line.startswith("## ")]
    assert headings == list(SECTIONS)
    lines = exported.text.splitlines()
    for heading in SECTIONS:
        assert heading in lines
    assert TALKING_POINTS in exported.md
    assert "Peter Webinger" in exported.md


def test_hostile_text_prints_as_typed_in_the_pdf(exported: SimpleNamespace) -> None:
    for line in HOSTILE.splitlines():
        assert line in exported.text
    assert "word0 word1" in exported.flat
    assert "word3999" in exported.flat


def test_hostile_text_makes_no_heading_link_or_html_in_the_markdown(
    exported: SimpleNamespace,
) -> None:
    html = MarkdownIt("commonmark").enable("table").render(exported.md)
    start = html.index("<h2>Their likely objectives and our responses</h2>")
    html = html[start : html.index("<h2>Press line</h2>")]
    assert "Not a heading</h" not in html
    assert "<a href" not in html
    assert "<script>" not in html
    assert "<em>" not in html
    assert "# Not a heading either" in html
    assert "[a link](https://example.org) &lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;" in html
    assert "[/] $x^2$ @ref &lt;label&gt; `raw` *bold* _it_ \\ // not a comment" in html


def test_a_script_without_a_font_is_reported_not_printed_silently(
    exported: SimpleNamespace,
) -> None:
    assert exported.pdf.warnings == (
        "No font here has Chinese/Japanese/Korean characters, so they print as boxes "
        "(in 1 text of this document). Install a CJK font (e.g. Noto Sans CJK) and export again.",
    )


def test_the_bundled_fonts_print_vietnamese_german_and_greek() -> None:
    bundled = typst.Fonts(include_system_fonts=False)
    assert fonts.missing_scripts(["Lê Quốc Hùng", "Đỗ Minh", "Kößler", "Ελλάδα"], bundled) == ()
    assert len(fonts.missing_scripts(["公安部", "ไทย"], bundled)) == 2
