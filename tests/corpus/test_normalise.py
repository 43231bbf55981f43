"""Text normalisation, decoding, page markers and page citations."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthesis.corpus.normalise import (
    cite_pages, decode, normalise_text, page_at, page_range, strip_page_markers,
)
from synthesis.errors import InputError


# ------------------------------------------------------------------ normalise_text
@pytest.mark.parametrize(
    "raw, expected",
    [
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\r\n\r\nb", "a\n\nb"),
        ("a\n\rb", "a\n\nb"),
        ("a\u2028b\u2029c\x85d", "a\nb\nc\nd"),
        ("\ufeffStart", "Start"),
        ("\ufeff\ufeffStart", "Start"),
        ("mid\ufeffdle", "mid\ufeffdle"),  # only a leading byte-order mark is dropped
        ("Cafe\u0301", "Café"),
        ("A\u030a", "\u00c5"),
        ("\u1100\u1161", "\uac00"),  # Hangul jamo compose
        ("ﬁ", "ﬁ"),  # NFC, not NFKC: ligatures stay
        ("👩‍👩‍👧 🤝", "👩‍👩‍👧 🤝"),
        ("tab\tand\x0cform feed", "tab\tand\x0cform feed"),
        ("", ""),
    ],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


def test_crlf_next_to_combining_mark() -> None:
    assert normalise_text("e\r\n\u0301x") == "e\n\u0301x"
    assert normalise_text("e\u0301\r\n") == "é\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.characters(exclude_categories=("Cs",)),
                          st.sampled_from(["\r", "\n", "\r\n", "\u0301", "\ufeff", "\u2028", "e\u0301"]))))
def test_normalised_text_is_stable(parts: list[str]) -> None:
    raw = "".join(parts)
    text = normalise_text(raw)
    assert normalise_text(text) == text
    assert "\r" not in text and "\u2028" not in text and "\u2029" not in text and "\x85" not in text
    assert not text.startswith("\ufeff")
    assert unicodedata.is_normalized("NFC", text)
    # newlines become one "\n" each; nothing else is added or lost
    assert text.count("\n") == (raw.replace("\r\n", "\n").count("\n") + raw.replace("\r\n", "").count("\r")
                                + raw.count("\u2028") + raw.count("\u2029") + raw.count("\x85"))


# ------------------------------------------------------------------ decode
def test_decode_utf8_with_and_without_bom() -> None:
    assert decode("Café".encode(), "a.txt") == "Café"
    assert decode("\ufeffCafé".encode("utf-8"), "a.txt") == "Café"


def test_decode_names_the_line_of_a_bad_byte() -> None:
    raw = "line one\nline two\nna\u00efve\n".encode("cp1252")
    with pytest.raises(InputError) as caught:
        decode(raw, "notes.txt")
    err = caught.value
    assert err.file == "notes.txt" and err.line == 3 and err.unit == "line"
    assert "0xef" in str(err) and "cp1252" in str(err) and str(err).startswith("notes.txt, line 3:")


def test_decode_with_explicit_encoding() -> None:
    raw = "na\u00efve".encode("cp1252")
    assert decode(raw, "a.txt", "cp1252") == "naïve"
    with pytest.raises(InputError, match="cannot be read as utf-8"):
        decode(raw, "a.txt", "utf-8")
    with pytest.raises(InputError, match="cannot be read as no-such-codec"):
        decode(raw, "a.txt", "no-such-codec")


# ------------------------------------------------------------------ page markers
def test_strip_page_markers() -> None:
    text, pages = strip_page_markers("[p. 7] First page.\n[pp. 8-9] Second. [page 10]Third [P.11] x")
    assert text == "First page.\nSecond. Third x"
    assert pages == ((0, "7"), (12, "8-9"), (20, "10"), (26, "11"))
    for start, _ in pages:
        assert 0 <= start <= len(text)


def test_page_marker_variants() -> None:
    text, pages = strip_page_markers("a [pp. 8 \u2013 10] b [pages iv] c [p.12]")
    assert text == "a b c "
    assert pages == ((2, "8-10"), (4, "iv"), (6, "12"))


def test_form_feeds_start_the_next_page() -> None:
    text, pages = strip_page_markers("one\ftwo\fthree", first_page="4")
    assert text == "onetwothree"
    assert pages == ((0, "4"), (3, "5"), (6, "6"))
    assert strip_page_markers("one\ftwo")[1] == ((3, "2"),)
    assert strip_page_markers("[p. iv] one\ftwo")[1] == ((0, "iv"), (3, ""))


def test_marker_at_the_same_offset_replaces_the_previous_one() -> None:
    text, pages = strip_page_markers("[p. 3][p. 4] text", first_page="1")
    assert text == "text" and pages == ((0, "4"),)


def test_no_markers() -> None:
    assert strip_page_markers("plain [not a page] text") == ("plain [not a page] text", ())


def test_page_at_and_page_range() -> None:
    pages = ((0, "8"), (20, "9"), (40, "10"))
    assert [page_at(pages, i) for i in (0, 19, 20, 39, 40, 999)] == ["8", "8", "9", "9", "10", "10"]
    assert page_at((), 5) == "" and page_at(((10, "3"),), 5) == ""
    assert page_range(pages, 0, 20) == "8"  # end is exclusive
    assert page_range(pages, 0, 21) == "8-9"
    assert page_range(pages, 5, 45) == "8-10"
    assert page_range(pages, 25, 25) == "9"
    assert page_range(((0, "8-9"), (10, "10-11")), 0, 15) == "8-11"
    assert page_range((), 0, 10) == ""


def test_cite_pages() -> None:
    assert cite_pages("10") == "p. 10"
    assert cite_pages("8-10") == "pp. 8-10"
    assert cite_pages("iv") == "p. iv"
    assert cite_pages("") == ""
