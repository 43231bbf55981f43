"""Figures and tables written into the text layer after the running text: out of the sentences
they would cut, each a paragraph of its own on its page (PDFs made here with reportlab)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from synthesis.corpus.pdf import extract_pdf
from synthesis.corpus.pdf.floats import find_floats, is_caption, page_map, place_floats
from synthesis.corpus.pdf.layout import Line
from synthesis.corpus.pdf.paragraphs import Flow


W, H = 595.0, 842.0
LEFT, RIGHT, COLUMN = 56.0, 307.0, 232.0
SIZE, LEADING = 9.0, 12.0
FIGURE_WORDS = ["Referred (36%)", "Self-referred (64%)", "WARD", "HOME"]
CAPTION = "Figure 1 Flow of patients through the department, June 2010."
ENDS_PAGE_1 = "Across the two years the partnership held, and the staff said that"
STARTS_PAGE_2 = "trust took years to build and weeks to lose."
TABLE = ["Table 1 Who took part", "Group Number", "Parents 12", "Teachers 9"]


def _wrap(text: str, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and stringWidth(trial, "Helvetica", SIZE) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line] if line else lines


def _column(pdf, x: float, top: float, bottom: float, lines: list[str]) -> list[str]:
    """Draw lines down a column from ``top``; return those that did not fit."""
    y = top
    while lines and y >= bottom:
        pdf.drawString(x, y, lines.pop(0))
        y -= LEADING
    return lines


def make(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(W, H), invariant=1)
    pdf.setFont("Helvetica", SIZE)
    paragraphs = [f"Paragraph {n} of the findings says that partners met often, shared what they knew and "
                  f"kept the families in the picture, which the parents valued above all else. " * 2
                  for n in range(1, 8)]
    paragraphs.insert(3, "Table 2 shows that the meetings were short, and that they were held in the "
                         "evenings so that the parents could come after work.")
    lines: list[str] = []
    for text in paragraphs:
        lines += _wrap(text, COLUMN) + [""]
    # page 1: the left column starts under the figure; the right column ends in mid-sentence
    rest = _column(pdf, LEFT, 660, 80, lines)
    rest = _column(pdf, RIGHT, 780, 80 + LEADING, rest)
    assert not rest, "the test's text must fit on page 1"
    pdf.drawString(RIGHT, 80, ENDS_PAGE_1)
    # then, in the text layer after the columns, the figure's words and its caption (top of the left column)
    for (x, y), word in zip([(70, 780), (70, 768), (200, 775), (150, 735)], FIGURE_WORDS):
        pdf.drawString(x, y, word)
    for k, line in enumerate(_wrap(CAPTION, COLUMN)):
        pdf.drawString(LEFT, 705 - k * 10, line)
    pdf.showPage()
    # page 2: the sentence goes on; a table drawn after the text, at the top of the right column
    pdf.setFont("Helvetica", SIZE)
    rest = _column(pdf, LEFT, 780, 80, _wrap(STARTS_PAGE_2 + " The last paragraph closes the findings. "
                                             "Services changed when the money ran out.", COLUMN))
    pdf.drawString(RIGHT, 780, TABLE[0])
    pdf.drawString(RIGHT, 764, "Group")
    pdf.drawString(RIGHT + 150, 764, "Number")
    for k, (group, number) in enumerate([("Parents", "12"), ("Teachers", "9")]):
        pdf.drawString(RIGHT, 750 - k * 14, group)
        pdf.drawString(RIGHT + 150, 750 - k * 14, number)
    pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    return extract_pdf(make(tmp_path_factory.mktemp("floats") / "floats.pdf"))


def test_a_sentence_over_a_page_break_is_not_cut_by_a_figure(done) -> None:
    assert f"{ENDS_PAGE_1} {STARTS_PAGE_2}" in done.text
    for word in FIGURE_WORDS:
        assert word not in done.text
    assert [line for label, line in done.removed if line in FIGURE_WORDS] == FIGURE_WORDS
    assert {label for label, line in done.removed if line in FIGURE_WORDS} == {"1"}


def test_a_caption_is_a_paragraph_on_its_own_page(done) -> None:
    assert f"\n\n{CAPTION}\n\n" in done.text
    at = done.text.index(CAPTION)
    assert max((start, label) for start, label in done.pages if start <= at)[1] == "1"


def test_a_table_keeps_its_rows_one_to_a_line_on_its_page(done) -> None:
    block = "\n".join(TABLE)
    assert f"\n\n{block}" in done.text
    at = done.text.index(block)
    assert max((start, label) for start, label in done.pages if start <= at)[1] == "2"
    assert any("moved 1 figure and 1 table" in line for line in done.report)
    assert any("left out 4 lines of words inside figures" in line for line in done.report)


def test_running_text_that_names_a_table_stays(done) -> None:
    assert re.search(r"\n\nTable 2 shows that the meetings were short, and that they were held", done.text)


def test_captions_are_told_from_running_text() -> None:
    assert is_caption("FIGURE 3. Themes") and is_caption("Box 1") and is_caption("Table 4: Included studies")
    assert not is_caption("Table 4 lists the studies") and not is_caption("Figures show")
    assert not is_caption("Table 4, in the appendix")


def test_a_caption_continuing_the_line_above_is_running_text() -> None:
    lines = [Line("the results are set out in full in", 57, 100, 290, 109),
             Line("Table 3 Themes by study and the quotations that", 57, 112, 290, 121),
             Line("support each theme, which the reviewers checked.", 57, 124, 290, 133)]
    assert find_floats(lines, 595) == []


def test_a_float_on_a_page_with_no_running_text_starts_that_page() -> None:
    flow = Flow("The staff said that\n\nPage three text.", (0, None, 21), 2)
    placed, extras = place_floats(flow, [[], ["Table 2 Themes\nTrust 3"], []])
    assert placed.text == "The staff said that\n\nTable 2 Themes\nTrust 3\n\nPage three text."
    assert placed.page_starts == (0, None, 45)
    assert extras == [(21, 1), (45, 0)]  # page 2 from the table on; page 3's own start wins the tie after it
    assert page_map(placed.page_starts, extras, ["1", "2", "3"]) == ((0, "1"), (21, "2"), (45, "3"))
