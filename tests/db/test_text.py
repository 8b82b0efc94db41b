"""User text is data: control sequences are stripped, markup characters kept."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.text import _fold_unicode, clean_line, clean_text, counted, fold


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("[bold]Evil[/] \x1b]0;pwned\x07Corp", "[bold]Evil[/] Corp"),
        ("title \x1b]2;x\x1b\\done", "title done"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("bell\x07 and null\x00", "bell and null"),
        ("c1 \x9b31m csi", "c1  csi"),
        ("line one\r\nline two", "line one\nline two"),
        ("tab\tkept", "tab\tkept"),
        ("Lê Quốc Hùng", "Lê Quốc Hùng"),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_clean_line_folds_line_breaks_and_trims():
    assert clean_line("  Ministry\nof the\r\nInterior  ") == "Ministry of the Interior"


@pytest.mark.parametrize(
    ("raw", "folded"),
    [("Lê Quốc Hùng", "le quoc hung"), ("Österreich", "osterreich"), ("Đặng", "dang")],
)
def test_fold_removes_case_and_diacritics(raw, folded):
    assert fold(raw) == folded


@given(st.text() | st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_quick_way_for_plain_ascii_folds_the_same(value):
    assert fold(value) == _fold_unicode(value)


def test_a_count_says_its_noun_in_the_singular_for_one():
    assert counted(1, "meeting") == "1 meeting"
    assert counted(0, "commitment") == "0 commitments"
    assert counted(2226, "proposal") == "2,226 proposals"
    assert counted(1, "person", "people") == "1 person"
    assert counted(3, "person", "people") == "3 people"
