"""The text layer, line by line with boxes (synthesis.corpus.pdf.extract)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_helpers import font_path

from synthesis.corpus.pdf.extract import _segments, read_pdf
from synthesis.errors import InputError

W, H = 595.0, 842.0


def small_pdf(path: Path, title: str | None = "A small test") -> Path:
    """Two pages: a running head in two halves, a title, body lines, a word broken at a line end,
    a raised note number; page 2 has two body lines."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "Sans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Sans", font_path("DejaVuSans.ttf")))
    pdf = canvas.Canvas(str(path), pagesize=(W, H), invariant=1)
    if title:
        pdf.setTitle(title)
    pdf.setFont("Sans", 8)
    pdf.drawString(50, H - 40, "Journal of Testing 12 (2024)")
    pdf.drawRightString(W - 50, H - 40, "Trust in partnerships")
    pdf.setFont("Sans", 16)
    pdf.drawString(50, H - 100, "Trust and Partnership")
    pdf.setFont("Sans", 9)
    body = ["Partners met every week and the partner-", "ship grew as the meetings went on and on", "trust grew"]
    for i, line in enumerate(body):
        pdf.drawString(50, H - 140 - 12 * i, line)
    pdf.setFont("Sans", 6)
    pdf.drawString(50 + pdf.stringWidth("trust grew", "Sans", 9) + 0.5, H - 140 - 24 + 3.5, "12")
    pdf.showPage()
    pdf.setFont("Sans", 9)
    pdf.drawString(50, H - 100, "The second page has two lines,")
    pdf.drawString(50, H - 112, "and this is the second.")
    pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    return read_pdf(small_pdf(tmp_path_factory.mktemp("pdf") / "small.pdf"))


def test_pages_lines_and_boxes(raw) -> None:
    assert [(p.number, p.width, p.height, p.label, p.reordered) for p in raw.pages] == [
        (1, W, H, "", False), (2, W, H, "", False)]
    assert raw.title == "A small test"
    texts = [line.text for line in raw.pages[0].lines]
    assert texts == ["Journal of Testing 12 (2024)", "Trust in partnerships", "Trust and Partnership",
                     "Partners met every week and the partner-", "ship grew as the meetings went on and on",
                     "trust grew12"]
    head_left, head_right, title, first, second, third = raw.pages[0].lines
    assert head_left.top == pytest.approx(head_right.top, abs=1) and head_right.x1 == pytest.approx(W - 50, abs=1)
    assert 30 < head_left.top < head_left.bottom < 45
    assert first.top < second.top < third.top and second.top - first.top == pytest.approx(12, abs=1)
    assert all(line.x0 == pytest.approx(50, abs=1.5) for line in (title, first, second, third))
    assert title.size == pytest.approx(16, rel=0.15) and first.size == pytest.approx(9, rel=0.15)
    assert all(line.size == 0 for line in raw.pages[1].lines)  # sizes are measured on page 1 only
    assert [line.text for line in raw.pages[1].lines] == ["The second page has two lines,", "and this is the second."]


def test_the_checked_binding_gives_the_same_lines(tmp_path: Path, monkeypatch) -> None:
    import synthesis.corpus.pdf.extract as extract

    path = small_pdf(tmp_path / "small.pdf")
    fast = read_pdf(path)
    calls = []
    monkeypatch.setattr(extract, "_lean_get_rect", lambda pdfium_c: calls.append(1))  # as if there were none
    assert read_pdf(path) == fast and calls


def test_page_labels_and_no_title(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import PageLabelStyle

    path = small_pdf(tmp_path / "untitled.pdf", title=None)
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.set_page_label(0, 0, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)
    writer.set_page_label(1, 1, style=PageLabelStyle.DECIMAL, start=272)
    writer.write(path)
    raw = read_pdf(path)
    assert [page.label for page in raw.pages] == ["i", "272"]
    assert raw.title == "untitled"  # reportlab's default; the title step knows it is junk


def test_segments() -> None:
    assert _segments("One\r\ntwo part\ufffeners\r\n\r\nthree\x02four") == [
        (0, "One"), (5, "two part-"), (14, "ners"), (20, ""), (22, "three-"), (28, "four")]


def test_unreadable_and_protected(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << >> endobj\n")
    with pytest.raises(InputError, match="is not a readable PDF") as err:
        read_pdf(broken)
    assert err.value.file == str(broken)
    writer = PdfWriter(clone_from=PdfReader(small_pdf(tmp_path / "open.pdf")))
    writer.encrypt("secret", algorithm="RC4-128")
    writer.write(tmp_path / "locked.pdf")
    with pytest.raises(InputError, match="is password protected"):
        read_pdf(tmp_path / "locked.pdf")


ARTICLES = sorted((Path(__file__).parent.parent / "data").glob("*.pdf"))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: path.stem)
def test_three_ways_of_dealing_out_rectangles_give_the_same_lines(path: Path, monkeypatch) -> None:
    """In order, asking PDFium's count where the order may mislead; by every line's count; and each
    line's rectangles asked for anew: on every page of the real articles, the same lines."""
    from synthesis.corpus.pdf import extract

    normal = read_pdf(path)
    calls: list[str] = []

    def only(way: str):
        def page_lines(text, n_chars, boxes, measure):
            segments = extract._segments(text)
            starts = [boxes.char_index(t0) for t0, _ in segments]
            accented = extract.ACCENT.search(text) is not None
            calls.append(way)
            if way == "by count":
                return extract._page_lines_each(segments, starts, n_chars, boxes, measure, accented,
                                                boxes.rects(0, -1))
            return extract._page_lines_each(segments, starts, n_chars, boxes, measure, accented)
        return page_lines

    for way in ("by count", "one by one"):
        monkeypatch.setattr(extract, "_page_lines", only(way))
        assert read_pdf(path) == normal, way
    assert calls.count("by count") == calls.count("one by one") == len(normal.pages)
    # and when the order misleads and nothing says so, the page is dealt out by counts: the same lines
    monkeypatch.undo()
    monkeypatch.setattr(extract, "_clear", lambda table: [True] * len(table))
    assert read_pdf(path) == normal
