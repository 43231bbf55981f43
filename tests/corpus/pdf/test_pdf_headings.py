"""Headings at column and page breaks start their own paragraph (a two-column PDF made with reportlab)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_helpers import BODY_SIZE, COLUMN_W, GUTTER, LEADING, MARGIN, PAGE_H, PAGE_W, _register_fonts, draw_lines, wrap

from synthesis.corpus.pdf import extract_pdf

KEYWORDS = "Keywords: trust, partnership working, community health services, qualitative research, parents"
BACKGROUND = ("Partnership working between health services, councils and families is now expected in community "
              "care, yet the evidence on what sustains it is thin and most of it comes from one country.")
DESIGN = ("We held forty-two interviews with staff and parents in three regions and coded them inductively, "
          "meeting weekly to compare codes and to agree a shared codebook for the analysis.")
SAMPLING = ("Sites were chosen to differ in size and in how long their partnership had run, and every "
            "parent who had used a service in the year before was invited to take part in the study.")
OVER = ("Staff in every site said that the people who stayed mattered more than the structures, and the "
        "families in the northern region, who had seen four managers in two years, described the same "
        "thing from the other side.")
FINDINGS = "Parents spoke of trust as something earned slowly, and of services that kept their promises."


def _column(pdf, x: float, y: float, rows: list[tuple[str, str]]) -> None:
    """Draw ``rows`` ((kind, text): heading, para or gap) down a column from baseline ``y``."""
    for kind, text in rows:
        if kind == "gap":
            y -= LEADING
        elif kind == "heading":
            y = draw_lines(pdf, x, y, [text], "Bold", BODY_SIZE, LEADING)
        else:
            lines = wrap(text, COLUMN_W, "Body", BODY_SIZE)
            y = draw_lines(pdf, x, y, lines, "Body", BODY_SIZE, LEADING)


def make_headings(path: Path) -> Path:
    """Page 1: keywords at the left column's foot (no full stop), a heading at the right column's top,
    a long heading after a gap, and a heading alone at the right column's foot; page 2: its text at
    the top, then a sentence running from the left column into the right one, whose top line starts
    with a capital."""
    from reportlab.pdfgen import canvas

    _register_fonts()
    left, right, top = MARGIN, MARGIN + COLUMN_W + GUTTER, PAGE_H - 80
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    _column(pdf, left, top, [("para", BACKGROUND), ("gap", ""), ("para", KEYWORDS)])
    _column(pdf, right, top, [("heading", "Background"), ("para", BACKGROUND), ("gap", ""),
                              ("heading", "Study design, sampling and analysis"), ("para", DESIGN),
                              ("gap", ""), ("heading", "Sampling")])
    pdf.showPage()
    over = wrap(OVER, COLUMN_W, "Body", BODY_SIZE)
    assert over[2].startswith("families"), over  # the right column's top line must start with a capital
    over[2] = over[2].capitalize()
    _column(pdf, left, top, [("para", SAMPLING), ("gap", "")])
    y = top - LEADING * (len(wrap(SAMPLING, COLUMN_W, "Body", BODY_SIZE)) + 1)
    draw_lines(pdf, left, y, over[:2], "Body", BODY_SIZE, LEADING)
    draw_lines(pdf, right, top, over[2:], "Body", BODY_SIZE, LEADING)
    _column(pdf, right, top - LEADING * (len(over) - 1), [("gap", ""), ("heading", "Findings"), ("para", FINDINGS)])
    pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def paragraphs(tmp_path_factory) -> list[str]:
    return extract_pdf(make_headings(tmp_path_factory.mktemp("headings") / "headings.pdf")).text.split("\n\n")


def test_heading_at_a_column_top_after_unfinished_line(paragraphs) -> None:
    assert KEYWORDS in paragraphs  # "parents" ends the left column without a full stop
    assert paragraphs[paragraphs.index(KEYWORDS) + 1] == "Background"


def test_long_heading_after_a_gap(paragraphs) -> None:
    assert "Study design, sampling and analysis" in paragraphs  # four fifths of the text's width
    assert DESIGN in paragraphs


def test_heading_at_a_column_foot_before_a_page_break(paragraphs) -> None:
    k = paragraphs.index("Sampling")
    assert paragraphs[k + 1] == SAMPLING


def test_sentence_over_a_column_break_stays_whole(paragraphs) -> None:
    assert OVER.replace(" families", " Families") in paragraphs
    assert paragraphs[-2:] == ["Findings", FINDINGS]
