"""A two-column journal article, made with reportlab, imported end to end."""

from __future__ import annotations

import re
import unicodedata
import warnings
from pathlib import Path

import pytest
from pdf_helpers import (ARTICLE, AUTHORS_HEAD, JOURNAL, QUOTE, SHORT_TITLE, TITLE, Article, make_article,
                         make_scan)

from synthesis.corpus.normalise import cite_pages, page_range
from synthesis.corpus.pdf import extract_pdf, preview_pdf
from synthesis.corpus.sources import read_source
from synthesis.corpus.store import sha256
from synthesis.errors import InputError, InputWarning

# How the words the layout breaks at line ends must come out.
BREAKS = {
    "partner-|ship": "partnership",  # "partnership" appears elsewhere unbroken
    "inter-|views": "interviews",  # "interviews" appears elsewhere, though "inter" makes compounds
    "commis-|sioners": "commissioners",  # nowhere else, but "sioners" starts lower-case
    "co-|location": "co-location",  # a compound prefix
    "self-|evaluation": "self-evaluation",  # a compound prefix
    "decision-|making": "decision-making",  # "decision-making" appears elsewhere hyphenated
}
LIGATURES = {"\ufb01": "fi", "\ufb02": "fl", "\ufb00": "ff", "\ufb03": "ffi"}
LABELS = ["514", "515", "516", "517", "518"]


def expected_text(blocks=ARTICLE) -> str:
    """The article's text as a reader would type it: one paragraph per block."""
    paragraphs = []
    for _, text in blocks:
        for broken, whole in BREAKS.items():
            text = text.replace(broken, whole)
        for ligature, letters in LIGATURES.items():
            text = text.replace(ligature, letters)
        assert "|" not in text
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Article:
    return make_article(tmp_path_factory.mktemp("pdf") / "Author 2024.pdf")


@pytest.fixture(scope="module")
def done(article):
    return extract_pdf(article.path)


def test_layout_is_what_the_tests_expect(article) -> None:
    """The fixture itself: five pages, the broken words at line ends, the quotation on page 2."""
    assert article.n_pages == 5
    lines = [line.text for line in article.lines]
    for broken in BREAKS:
        first, second = broken.split("|")
        assert any(a.endswith(first) and b.startswith(second) for a, b in zip(lines, lines[1:])), broken
    assert article.page_of("\u201cWe trusted them") == 2
    last_of_2 = [line for line in article.on_page(2)][-1].text
    first_of_3 = article.on_page(3)[0].text
    assert (last_of_2, first_of_3) == ("funding was cut. Staff agreed that continuity of",
                                       "people mattered more than continuity of")
    assert article.on_page(1)[-1].text.endswith("inter-") and article.on_page(2)[0].text.startswith("views")


def test_text_reads_like_the_article(done) -> None:
    """Reading order, no furniture, mended words, paragraphs: the whole text, exactly."""
    assert done.text == expected_text()


def test_no_furniture_ligatures_or_control_characters(done) -> None:
    for furniture in (JOURNAL, AUTHORS_HEAD, SHORT_TITLE, "514", "515", "516", "517", "518"):
        assert furniture not in done.text
    assert not re.search("[\ufb00-\ufb06]", done.text)
    assert not [ch for ch in done.text if unicodedata.category(ch) == "Cc" and ch not in "\n\t"]
    assert "\n\n\n" not in done.text and "  " not in done.text
    assert unicodedata.is_normalized("NFC", done.text)


def test_paragraphs(done) -> None:
    assert done.text.count("\n\n") == len(ARTICLE) - 1
    assert "\n" not in done.text.replace("\n\n", "")


def test_left_column_before_right(done) -> None:
    text = done.text
    assert text.index("how trust is built.") < text.index("Earlier work found") < text.index("2. Methods")
    assert text.index("We held 42 interviews") < text.index("three regions. The interviews")


def test_words_broken_at_line_ends(done) -> None:
    for whole in BREAKS.values():
        assert whole in done.text
    for wrong in ("partner-ship", "partner ship", "inter-views", "commis-sioners", "colocation",
                  "selfevaluation", "decisionmaking", "co- location"):
        assert wrong not in done.text
    assert "joined 3 hyphenated words" in done.report
    assert "kept 3 hyphens of compounds at line ends" in done.report


def test_sentences_run_over_page_breaks(done) -> None:
    text, pages = done.text, done.pages
    sentence = "Staff agreed that continuity of people mattered more than continuity of contracts."
    start = text.index(sentence)
    assert page_range(pages, start, start + len(sentence)) == "515-516"
    sentence = "The sites volunteered, and the interviews were held in one year, so we cannot say how trust"
    start = text.index(sentence)
    assert page_range(pages, start, start + len(sentence)) == "517-518"
    word = text.index("The interviews lasted")  # "inter-" ends page 514, "views" starts 515
    assert page_range(pages, word + 4, word + 14) == "514-515"


def test_page_labels_from_printed_numbers(done) -> None:
    assert [label for _, label in done.pages] == LABELS
    assert "page labels from printed page numbers 514-518" in done.report


def test_quotation_on_the_second_page_cites_515(done) -> None:
    start = done.text.index(QUOTE)
    assert cite_pages(page_range(done.pages, start, start + len(QUOTE))) == "p. 515"


def test_page_map_offsets_slice_the_text(article, done) -> None:
    """Each page's offset is where that page's first line starts in the text."""
    starts = [start for start, _ in done.pages]
    assert starts == sorted(starts) and starts[0] == 0
    for (start, _), page in zip(done.pages, range(1, 6)):
        first = article.on_page(page)[0].text  # page 515's is "views lasted ...", the end of "inter-views"
        assert done.text[start:start + len(first)] == first, page
    assert done.text[done.pages[1][0] - 5:done.pages[1][0] + 5] == "interviews"


def test_title_from_metadata(done) -> None:
    assert done.title == TITLE
    assert "title from the PDF's metadata" in done.report


def test_report_and_removed_furniture(done) -> None:
    assert done.report == (
        "read 5 pages with pypdfium2",
        "removed 14 running heads/footers",
        "joined 3 hyphenated words",
        "kept 3 hyphens of compounds at line ends",
        "replaced 0 ligatures",
        "dropped 0 control characters",
        "18 paragraphs",
        "page labels from printed page numbers 514-518",
        "title from the PDF's metadata",
    )
    expected = []
    for label in LABELS:
        expected.append((label, JOURNAL))
        if label != "514":
            expected.append((label, AUTHORS_HEAD if int(label) % 2 else SHORT_TITLE))
        expected.append((label, label))
    assert done.removed == tuple(expected)
    assert done.pages_without_text == ()


def test_read_source_uses_the_importer(article, done) -> None:
    source, text = read_source(article.path)
    assert text == done.text
    assert source.pages == done.pages
    assert (source.title, source.source_id, source.sha256, source.n_chars) == (
        TITLE, "author-2024", sha256(text), len(text))


def test_preview(article, done) -> None:
    shown = preview_pdf(article.path)
    assert shown.startswith(f"Title: {TITLE}\n\n--- page 514 ---\n{TITLE}\n\nAnna Author and Ben Writer\n")
    assert [m for m in re.findall(r"^--- page (\d+) ---$", shown, re.M)] == LABELS
    assert "\n--- report ---\nread 5 pages with pypdfium2\n" in shown
    assert f"\n--- removed lines ---\np. 514: {JOURNAL}\np. 514: 514\np. 515: {JOURNAL}\n" in shown
    body = shown[shown.index("--- page 514 ---"):shown.index("--- report ---")]
    assert re.sub(r"\s|--- page \d+ ---", "", body) == re.sub(r"\s", "", done.text)


# -------------------------------------------------------------- variants
def test_page_labels_and_junk_title(tmp_path: Path) -> None:
    """/PageLabels from 514 and no printed numbers; the metadata title is Word's file name."""
    article = make_article(tmp_path / "draft.pdf", page_labels_from=514, printed_numbers=False,
                           title="Microsoft Word - draft.docx")
    done = extract_pdf(article.path)
    assert [label for _, label in done.pages] == LABELS
    assert "page labels from the PDF (/PageLabels): 514-518" in done.report
    assert done.title == TITLE
    assert "title from the largest type on page 1 (metadata title 'Microsoft Word - draft.docx' ignored)" in done.report
    assert done.text == expected_text()
    assert len(done.removed) == 9  # running heads only


def test_no_labels_no_numbers(tmp_path: Path) -> None:
    done = extract_pdf(make_article(tmp_path / "plain.pdf", printed_numbers=False).path)
    assert [label for _, label in done.pages] == ["1", "2", "3", "4", "5"]
    assert "page labels are positions in the file: 1-5" in done.report
    assert done.text == expected_text()


def test_page_without_text(tmp_path: Path) -> None:
    """A figure page with no text: left out with a warning; the printed numbers skip it."""
    article = make_article(tmp_path / "figure.pdf", blank_page_after=3)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        done = extract_pdf(article.path)
    assert [str(w.message) for w in seen if issubclass(w.category, InputWarning)] == [
        f"{article.path}: page 4 has no text layer (scanned?) and was left out; run OCR (e.g. ocrmypdf) first "
        "to include it"]
    assert done.pages_without_text == (4,)
    assert [label for _, label in done.pages] == ["514", "515", "516", "518", "519"]
    assert "page 4 has no text layer and was left out" in done.report
    assert done.text == expected_text()


def test_interleaved_columns(tmp_path: Path, done) -> None:
    """Columns written line by line across the page read left column, then right."""
    interleaved = extract_pdf(make_article(tmp_path / "interleaved.pdf", interleave=True).path)
    assert interleaved.text == done.text
    assert interleaved.pages == done.pages
    assert "read two interleaved columns left, then right on pages 1-4" in interleaved.report


def test_scan_needs_ocr(tmp_path: Path) -> None:
    path = make_scan(tmp_path / "scan.pdf", n_pages=12)
    with pytest.raises(InputError) as err:
        extract_pdf(path)
    assert str(err.value) == (f"{path}: pages 1-12 have no text layer (a scanned document?); "
                              "run OCR (e.g. ocrmypdf) first")
    with pytest.raises(InputError, match="page 1 has no text layer"):
        extract_pdf(make_scan(tmp_path / "one.pdf", n_pages=1))


def test_password_protected(tmp_path: Path, article) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(article.path))
    writer.encrypt("secret", algorithm="RC4-128")
    writer.write(tmp_path / "locked.pdf")
    with pytest.raises(InputError) as err:
        extract_pdf(tmp_path / "locked.pdf")
    assert str(err.value) == (f"{tmp_path / 'locked.pdf'}: is password protected (encrypted); "
                              "save an unprotected copy and import that")
    writer = PdfWriter(clone_from=PdfReader(article.path))
    writer.encrypt("", owner_password="owner", algorithm="RC4-128")  # opens without a password
    writer.write(tmp_path / "restricted.pdf")
    assert extract_pdf(tmp_path / "restricted.pdf").text == expected_text()


def test_not_a_pdf_inside(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(InputError, match=r"broken\.pdf: is not a readable PDF \(Failed to load document"):
        extract_pdf(path)
