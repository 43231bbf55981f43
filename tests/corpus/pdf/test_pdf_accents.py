"""Accents drawn as characters of their own go on their letters (synthesis.corpus.pdf.accents, .extract)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pdf_helpers import font_path

from synthesis.corpus.pdf.accents import find_accents
from synthesis.corpus.pdf.extract import read_pdf

W, H = 595.0, 842.0
SIZE = 10.0


def accented_pdf(path: Path) -> Path:
    """One page, drawn as some typesetters do: each accent is a "¨" (or "¸") of its own placed over
    (under) its letter, drawn after the text that follows it, so PDFium reads it out of place.

    Line 1: "Dahlström and Broström wrote it." (the first accent drawn in the middle of the
    line, after "and Brostr"; the second at the end). Line 2: "A garçon came, and a dot ¨ stays."
    (a cedilla under the "c"; the "¨" in the text stands over no letter)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "Sans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Sans", font_path("DejaVuSans.ttf")))
    pdf = canvas.Canvas(str(path), pagesize=(W, H), invariant=1)
    pdf.setFont("Sans", SIZE)

    def width(text: str) -> float:
        return pdf.stringWidth(text, "Sans", SIZE)

    def accent(x: float, y: float, text: str, index: int, mark: str) -> None:
        """Draw ``mark`` centred on ``text[index]`` of ``text`` drawn from ``x``."""
        pdf.drawString(x + width(text[:index]) + (width(text[index]) - width(mark)) / 2, y, mark)

    x, y = 50.0, H - 100
    line = "Dahlstrom and Brostrom wrote it."
    cut = line.index("and Brostr") + len("and Brostr")
    pdf.drawString(x, y, line[:cut])
    accent(x, y, line, line.index("om"), "\u00a8")  # over Dahlström's "o", drawn after "Brostr"
    pdf.drawString(x + width(line[:cut]), y, line[cut:])
    accent(x, y, line, line.rindex("om"), "\u00a8")  # over Broström's "o", drawn last
    line = "A garcon came, and a dot \u00a8 stays."
    y -= 20
    pdf.drawString(x, y, line)
    accent(x, y, line, line.index("c"), "\u00b8")  # under the "c"
    pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    return read_pdf(accented_pdf(tmp_path_factory.mktemp("pdf") / "accents.pdf")).pages[0]


def test_pdfium_reads_the_accents_out_of_place(page, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(accented_pdf(tmp_path / "accents.pdf"))
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    assert text.startswith("Dahlstrom and Brostr \u00a8 om wrote it. \u00a8\r\n")  # what the fix is for


def test_accents_over_letters_go_on_them(page) -> None:
    first, second = page.lines
    assert first.text == "Dahlstr\u00f6m and Brostr\u00f6m wrote it."
    assert second.text == "A gar\u00e7on came, and a dot \u00a8 stays."  # the lone "¨" stays as it is
    # the line's box is the text's, from the first letter to the last (not an accent's box)
    assert first.x0 == pytest.approx(50, abs=1.5)
    assert first.x1 == pytest.approx(50 + 0.55 * SIZE * len(first.text), rel=0.3)


@pytest.mark.parametrize(("spacing", "mark"), [
    ("\u00a8", "\u0308"), ("\u00b4", "\u0301"), ("\u02c6", "\u0302"), ("\u02dc", "\u0303"), ("\u00af", "\u0304"),
    ("\u02d8", "\u0306"), ("\u02d9", "\u0307"), ("\u02da", "\u030a"), ("\u02c7", "\u030c"), ("\u02dd", "\u030b"),
    ("`", "\u0300")])
def test_each_accent_over_a_letter(spacing: str, mark: str) -> None:
    a, e, accent = (10, 2, 14, 6), (14.5, 2, 18.5, 6), (15.3, 1.2, 17.7, 2.0)  # the accent over the "e"
    found = find_accents("ae" + spacing, [a, e, accent], [False] * 3)
    assert found is not None and found.text("ae" + spacing) == unicodedata.normalize("NFC", "ae" + mark)
    assert find_accents("ae" + spacing, [a, e, (25, 1.2, 27.4, 2.0)], [False] * 3) is None  # over nothing


@pytest.mark.parametrize("spacing", ["\u00b8", "\u02db"])
def test_cedilla_and_ogonek_go_under(spacing: str) -> None:
    c, under, above = (10, 2, 14, 6), (11, 6, 13, 7.5), (11, 0.5, 13, 1.5)
    assert find_accents("c" + spacing, [c, under], [False, False]).text("c" + spacing) in ("\u00e7", "c\u0328")
    assert find_accents("c" + spacing, [c, above], [False, False]) is None


def test_accents_that_are_not_over_a_letter_stay() -> None:
    a, beside, big = (10, 2, 14, 6), (16, 1.2, 18.4, 2.0), (10, 0, 14, 6)
    assert find_accents("a\u00a8", [a, beside], [False, False]) is None  # beside the letter, not over it
    assert find_accents("a`", [a, big], [False, False]) is None  # as tall as the letter: a backquote
    assert find_accents("1\u00a8", [a, (10.8, 1.2, 13.2, 2.0)], [False, False]) is None  # over a digit


def test_a_space_between_words_stays() -> None:
    # "o ¨ n" where "o" and "n" are words apart: PDFium made up the spaces around the accent; one stays
    o, n, dots = (10, 2, 14, 6), (25, 2, 29, 6), (10.8, 1.2, 13.2, 2.0)
    found = find_accents("o \u00a8 n", [o, None, dots, None, n], [False, True, False, True, False])
    assert found.text("o \u00a8 n") == "\u00f6 n"
    # a space the page draws stays too
    found = find_accents("o\u00a8 n", [o, dots, (14.5, 2, 15, 6), n], [False] * 4)
    assert found.text("o\u00a8 n") == "\u00f6 n"


def test_line_by_line_rectangles_give_the_same_lines(page, tmp_path: Path, monkeypatch) -> None:
    import synthesis.corpus.pdf.extract as extract

    def one_by_one(text, n_chars, boxes, measure):  # as when the page's rectangles do not come out even
        segments = extract._segments(text)
        starts = [boxes.char_index(t0) for t0, _ in segments]
        return extract._page_lines_each(segments, starts, n_chars, boxes, measure,
                                        extract.ACCENT.search(text) is not None)

    monkeypatch.setattr(extract, "_page_lines", one_by_one)
    assert [line.text for line in read_pdf(accented_pdf(tmp_path / "a.pdf")).pages[0].lines] == [
        line.text for line in page.lines]
