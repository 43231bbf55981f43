"""Offsets across tools: NVivo's UTF-16 units, ATLAS.ti's CRLF-as-one, the spec's code
points, BOM, CRLF and decomposed accents, all landing on this project's offsets."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from qda_helpers import foreign_qdpx

from synthesis.exchange import import_file
from synthesis.exchange.offsets import (
    CODEPOINTS, CODEPOINTS_LF, CONVENTIONS, UTF16, UTF16_LF, Convention, TextMap, quote_matches,
)
from synthesis.project import Project

RAW = ("\ufeffCaf\u0065\u0301 \u201cna\u00efve\u201d \U0001F600 d\u00e9j\u00e0 vu\r\n"
       "\U0001F44D\U0001F3FD second line: \u201ctrust\u201d\r\nthird \u00e9t\u00e9 line \U0001F389 end")
WORDS = ["\u201cna\u00efve\u201d", "d\u00e9j\u00e0 vu", "\U0001F44D\U0001F3FD", "\u201ctrust\u201d",
         "\u00e9t\u00e9", "\U0001F389", "Cafe\u0301"]


def vendor_offsets(raw: str, start: int, end: int, convention: Convention) -> tuple[int, int]:
    """Where a tool counting by ``convention`` puts raw[start:end] (BOM dropped)."""
    body = raw.lstrip("\ufeff")
    shift = len(raw) - len(body)

    def count(prefix: str) -> int:
        if convention.crlf_as_one:
            prefix = prefix.replace("\r\n", "\n")
        return len(prefix.encode("utf-16-le")) // 2 if convention.utf16 else len(prefix)

    return count(body[: start - shift]), count(body[: end - shift])


def expected(raw: str, start: int, end: int) -> str:
    return unicodedata.normalize("NFC", raw[start:end].replace("\r\n", "\n"))


@pytest.mark.parametrize("convention", CONVENTIONS, ids=lambda c: c.name)
def test_every_convention_maps_to_the_normalised_text(convention):
    tmap = TextMap(RAW)
    assert "\r" not in tmap.text and unicodedata.is_normalized("NFC", tmap.text)
    for word in WORDS:
        start = RAW.index(word)
        span = tmap.span(*vendor_offsets(RAW, start, start + len(word), convention), convention)
        assert span is not None
        assert tmap.text[span[0]:span[1]] == expected(RAW, start, start + len(word))


def test_span_over_a_crlf_and_inside_a_surrogate_pair():
    tmap = TextMap(RAW)
    start = RAW.index("vu")
    end = RAW.index("second") + 6
    span = tmap.span(*vendor_offsets(RAW, start, end, UTF16), UTF16)
    assert tmap.text[span[0]:span[1]] == "vu\n\U0001F44D\U0001F3FD second"
    emoji = vendor_offsets(RAW, RAW.index("\U0001F600"), RAW.index("\U0001F600") + 1, UTF16)
    assert tmap.span(emoji[0] + 1, emoji[1], UTF16) is None  # cuts the surrogate pair
    assert tmap.span(0, 10_000, CODEPOINTS) is None
    assert tmap.span(5, 4, CODEPOINTS) is None


_chars = st.sampled_from(["a", "b", " ", "\r\n", "\n", "\r", "e\u0301", "\u00e9", "\U0001F600", "\u201c",
                          "\u2019", "\u1100\u1161", "\uac00", "o\u0308\u0304", "\u212b", "\U0001F44D\U0001F3FD"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_chars, min_size=1, max_size=40), st.data(), st.sampled_from(CONVENTIONS), st.booleans())
def test_any_text_any_convention(pieces, data, convention, bom):
    raw = ("\ufeff" if bom else "") + "".join(pieces)
    tmap = TextMap(raw)
    assert tmap.text == unicodedata.normalize("NFC", tmap.text)
    # boundaries between pieces are boundaries of whole characters in every convention
    cuts = [len("\ufeff") if bom else 0]
    for piece in pieces:
        cuts.append(cuts[-1] + len(piece))
    i = data.draw(st.integers(0, len(cuts) - 1))
    j = data.draw(st.integers(i, len(cuts) - 1))
    start, end = cuts[i], cuts[j]
    if convention.crlf_as_one:  # no position between CR and LF exists when CRLF counts once
        assume(not any(raw[k - 1:k + 1] == "\r\n" for k in (start, end) if k))
    span = tmap.span(*vendor_offsets(raw, start, end, convention), convention)
    assert span is not None
    got = tmap.text[span[0]:span[1]]
    want = expected(raw, start, end).replace("\r", "\n")
    # NFC can join a piece to its neighbour (e + combining accent); the span then grows to whole characters
    assert unicodedata.normalize("NFD", want) in unicodedata.normalize("NFD", got)


def test_quote_matching():
    assert quote_matches(None, "x") is None
    assert quote_matches("  two\r\nlines ", "two lines")
    assert quote_matches("Cafe\u0301", "Caf\u00e9")
    assert quote_matches("abc...", "abcdef") and not quote_matches("abd\u2026", "abcdef")


@pytest.mark.parametrize("origin, convention, named", [
    ("NVivo for Windows 12.6", UTF16, False),
    ("ATLAS.ti for Windows 23.2.3.27778", CODEPOINTS_LF, True),
    ("MAXQDA 2022", CODEPOINTS, True),
    ("QualCoder 3.5", CODEPOINTS, False),
    ("Some tool that counts UTF-16 and CRLF once", UTF16_LF, True),
])
def test_foreign_files_land_on_the_right_words(tmp_path, origin, convention, named):
    raw = RAW.encode("utf-8")
    selections = []
    for word in WORDS:
        start = RAW.index(word)
        a, b = vendor_offsets(RAW, start, start + len(word), convention)
        selections.append((a, b, word.replace("e\u0301", "\u00e9") if named else None, "Ann Smith"))
    path = foreign_qdpx(tmp_path / "f.qdpx", origin=origin, raw=raw, selections=selections)
    project = Project.init(tmp_path / "p")
    report = import_file(project, path)
    assert report.unplaced == () and report.n_codings == len(WORDS)
    assert dict(report.conventions) == {"interview-1": convention.name}
    quotes = sorted(c.quote for c in project.codings.values())
    assert quotes == sorted(expected(RAW, RAW.index(w), RAW.index(w) + len(w)) for w in WORDS)
    assert {c.reviewer for c in project.codings.values()} == {"Ann_Smith"}


def test_unknown_origin_without_names_is_read_by_its_word_boundaries(tmp_path):
    text = ("\U0001F600 word " * 40 + "\r\n") * 3
    raw = "\ufeff" + text
    selections = []
    for k in range(0, 30):
        start = raw.index("word", 20 * k + 1)
        selections.append((*vendor_offsets(raw, start, start + 4, UTF16), None, "Ann Smith"))
    path = foreign_qdpx(tmp_path / "f.qdpx", origin="Unknown QDA 1.0", raw=raw.encode(), selections=selections)
    project = Project.init(tmp_path / "p")
    report = import_file(project, path)
    assert {c.quote for c in project.codings.values()} == {"word"}
    assert any("fits its selections better" in n for n in report.notices)


def test_wrong_position_but_full_name_is_relocated_and_reported(tmp_path):
    raw = "alpha beta gamma\r\ndelta epsilon"
    selections = [(0, 5, "delta epsilon", "Ann Smith"), (6, 10, "beta", "Ann Smith"),
                  (500, 510, None, "Ann Smith"), (5, 6, None, "Ann Smith"), (3, 3, None, "Ann Smith")]
    path = foreign_qdpx(tmp_path / "f.qdpx", origin="MAXQDA", raw=raw.encode(), selections=selections)
    project = Project.init(tmp_path / "p")
    report = import_file(project, path)
    assert sorted(c.quote for c in project.codings.values()) == ["beta", "delta epsilon"]
    assert any("was found at" in n for n in report.notices)
    assert len(report.unplaced) == 3
    assert any("does not fit the text" in u for u in report.unplaced)
    assert any("white space" in u for u in report.unplaced)
    assert any("empty selection" in u for u in report.unplaced)
    assert report.selections == 5


def test_atlas_names_cut_short_still_pick_crlf_as_one(tmp_path):
    raw = "First line of the interview.\r\nSecond line, which is rather long and goes on.\r\nThird."
    selections = []
    for quote in ("Second line, which is rather long and goes on.", "Third.", "interview."):
        start = raw.index(quote)
        a, b = vendor_offsets(raw, start, start + len(quote), CODEPOINTS_LF)
        name = quote if len(quote) < 20 else quote[:15] + "\u2026"
        selections.append((a, b, name, "Ann Smith"))
    path = foreign_qdpx(tmp_path / "f.qdpx", origin="MAXQDA 2022", raw=raw.encode(), selections=selections)
    project = Project.init(tmp_path / "p")
    report = import_file(project, path)
    assert dict(report.conventions) == {"interview-1": CODEPOINTS_LF.name}
    assert sorted(c.quote for c in project.codings.values()) == [
        "Second line, which is rather long and goes on.", "Third.", "interview."]
