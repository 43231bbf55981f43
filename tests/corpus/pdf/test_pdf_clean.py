"""Ligatures, control characters and odd spaces (synthesis.corpus.pdf.clean)."""

from __future__ import annotations

import pytest

from synthesis.corpus.pdf.clean import clean_text


@pytest.mark.parametrize("ligature, letters", [("\ufb00", "ff"), ("\ufb01", "fi"), ("\ufb02", "fl"),
                                               ("\ufb03", "ffi"), ("\ufb04", "ffl"), ("\ufb05", "st"),
                                               ("\ufb06", "st")])
def test_each_ligature(ligature: str, letters: str) -> None:
    cleaned = clean_text(f"a{ligature}b")
    assert (cleaned.text, cleaned.ligatures, cleaned.controls) == (f"a{letters}b", 1, 0)


def test_only_ligatures_are_expanded() -> None:
    """NFKC would also flatten these; they are meant."""
    text = "x\u00b2 \u00bd \uff21 \u2460 \u00e9"
    assert clean_text(text).text == text


def test_control_characters_dropped_but_newline_and_tab() -> None:
    cleaned = clean_text("a\x00b\x07c\x1fd\x7fe\x85f\ufffeg\tt\nnext")
    assert cleaned.text == "abcdefg\tt\nnext"
    assert cleaned.controls == 6


def test_spaces() -> None:
    assert clean_text("a\u00a0b\u2009c\u202fd\u3000e  f   g").text == "a b c d e f g"
    assert clean_text("  leading\ntrailing  \n\u00a0both\u00a0").text == "leading\ntrailing\nboth"
    assert clean_text("line\u2028separator").text == "line separator"


def test_invisible_characters_and_soft_hyphens() -> None:
    assert clean_text("zero\u200bwidth\ufeff word\u00adbreak").text == "zerowidth wordbreak"
    assert clean_text("kept at a line end\u00ad\nnext").text == "kept at a line end\u00ad\nnext"
    assert clean_text("and at the very end\u00ad").text == "and at the very end\u00ad"


def test_word_bullets() -> None:
    assert clean_text("\uf0b7 First point\n\uf0a7 Second").text == "\u2022 First point\n\u25aa Second"


def test_nfc_and_lines_kept() -> None:
    cleaned = clean_text("Cafe\u0301\n\ufb01ne\n\nend")
    assert cleaned.text == "Caf\u00e9\nfine\n\nend"
    assert cleaned.text.count("\n") == 3


def test_plain_text_unchanged() -> None:
    text = "Plain ASCII text.\nSecond line."
    cleaned = clean_text(text)
    assert cleaned.text is text and (cleaned.ligatures, cleaned.controls) == (0, 0)
