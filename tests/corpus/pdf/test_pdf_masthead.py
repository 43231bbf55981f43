"""A first page with a journal masthead above the title and a licence statement in mid page (reportlab).

Laid out like many journals' first pages: the publisher, journal, volume and
DOI in small type above an article-type banner and the title; the licence
statement between the affiliations and the abstract, not at the foot.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_helpers import _register_fonts, draw_lines

from synthesis.corpus.pdf import extract_pdf

MASTHEAD = ["Example Publishing Corporation", "Journal of Community Care", "Volume 2010, Article ID 157939, 6 pages",
            "doi:10.1155/2010/157939"]
TITLE = "Partnership Working in Community Care"
LICENCE = ["Copyright \u00a9 2010 Anna Author et al. This is an open access article distributed under the Creative",
           "Commons Attribution License, which permits unrestricted use, provided the original work is properly cited."]
ABSTRACT = ["Objectives. Staff were asked how partnerships between services began and why some",
            "of them ended within a year. Methods. Focus groups with twelve staff members."]
BODY = ["Partners met every week, and the meetings built trust between the",
        "services; the licensee of the day centre kept the records of each",
        "meeting, and the families were told what had been agreed."]
WORDS = "staff families funding council budget training respect roles plans needs goals data".split()


def body(number: int) -> list[str]:
    """Fourteen lines of body text of page ``number``, different on every page."""
    lines = list(BODY) if number == 1 else []
    while len(lines) < 14:
        k = len(lines) + 14 * number
        lines.append(f"Line {k} of the text: the {WORDS[k % 12]} and the {WORDS[(k * 5) % 12]} were discussed"
                     f" at {k} meetings,")
    return lines


def make(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    _register_fonts()
    width, height = 600.0, 792.0
    pdf = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    for number in range(1, 6):
        y = height - 50
        if number == 1:
            pdf.setFont("Sans", 7.6)
            for line in MASTHEAD:
                pdf.drawString(51, y, line)
                y -= 9.5
            pdf.setFont("Bold", 17)
            pdf.drawString(51, y - 50, "Research Article")
            pdf.drawString(51, y - 74, TITLE)
            pdf.setFont("Body", 11)
            pdf.drawString(87, y - 120, "Anna Author and Ben Writer")
            pdf.setFont("Body", 8.5)
            y -= 160
            for line in LICENCE + [""] + ABSTRACT:
                pdf.drawString(87, y, line)
                y -= 10.5
            y -= 40
        else:
            pdf.setFont("Sans", 7.6)
            pdf.drawString(51, y, f"{number}    Journal of Community Care")
            y -= 40
        draw_lines(pdf, 51, y, body(number), "Body", 9.5, 11.5)
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    return extract_pdf(make(tmp_path_factory.mktemp("masthead") / "article.pdf"))


def test_masthead_and_licence_out_of_the_flow(done) -> None:
    assert done.text.startswith(TITLE + "\n\nAnna Author and Ben Writer\n\nObjectives. Staff were asked")
    for gone in ("Publishing", "Volume 2010", "doi:", "Research Article", "open access article", "properly cited"):
        assert gone not in done.text, gone
    assert "the licensee of the day centre kept the records" in done.text  # body text that names a licensee stays


def test_masthead_and_licence_reported(done) -> None:
    first = [line for label, line in done.removed if label == "1"]
    assert first == [*MASTHEAD, "Research Article", *LICENCE]
    assert "removed 7 lines of first-page furniture (banner, licence, journal line)" in done.report
    assert done.title == TITLE
