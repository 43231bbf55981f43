"""An article's first page, made with reportlab: banner, licence, a head without its page number.

Laid out like a BioMed Central article: page 1 has the running head without
"Page N of M", a "RESEARCH ARTICLE Open Access" banner above the title and a
licence statement at its foot; the other pages print "Page N of 4" in the head.
The /PageLabels count from 0, as some publishers' files do (page 1 is "0", then 1, 2, 3).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_helpers import _register_fonts

from synthesis.corpus.pdf import extract_pdf

HEAD = "Smith et al. Journal of Testing 2014, 14:1"
TITLE = "Trust and partnership in community health services"
LICENCE = ["\u00a9 2014 Smith et al.; licensee Testing Press Ltd. This is an open access article distributed under",
           "the terms of the Creative Commons Attribution License, which permits unrestricted use, distribution,",
           "and reproduction in any medium, provided the original work is properly cited."]
BODY = [
    ["Services were short of staff, and the wards were under-", "resourced for the work asked of them; under the plan",
     "every resource went to the acute wards first."],
    ["Parents spoke of trust as something earned slowly, over", "years, by staff who stayed in post."],
    ["Managers said that decisions were made elsewhere, by the", "people who held the budgets, and rarely explained."],
    ["Funding ended in the third year, and two of the services", "closed; the families were not told why."],
]


def make(path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import PageLabelStyle
    from reportlab.pdfgen import canvas

    _register_fonts()
    width, height = 595.0, 794.0
    pdf = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    for number, lines in enumerate(BODY, start=1):
        pdf.setFont("Sans", 7.4)
        pdf.drawString(57, height - 42, HEAD + (f"  Page {number} of {len(BODY)}" if number > 1 else ""))
        y = height - 100
        if number == 1:
            pdf.setFont("Bold", 12)
            pdf.drawString(61, y, "RESEARCH ARTICLE Open Access")
            pdf.setFont("Bold", 20)
            pdf.drawString(58, y - 40, TITLE)
            y -= 90
        pdf.setFont("Body", 9)
        for line in lines:
            pdf.drawString(57, y, line)
            y -= 12
        if number == 1:
            pdf.setFont("Sans", 6.4)
            for k, line in enumerate(LICENCE):
                pdf.drawString(180, 80 - 8 * k, line)
        pdf.showPage()
    pdf.save()
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.set_page_label(0, 0, prefix="0")
    writer.set_page_label(1, len(BODY) - 1, style=PageLabelStyle.DECIMAL, start=1)
    writer.write(path)
    return path


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    return extract_pdf(make(tmp_path_factory.mktemp("first") / "article.pdf"))


def test_pages_are_the_printed_numbers_not_the_index(done) -> None:
    assert [label for _, label in done.pages] == ["1", "2", "3", "4"]
    assert "page labels from printed page numbers 1-4" in done.report


def test_first_page_furniture_out_of_the_flow_and_reported(done) -> None:
    assert done.text.startswith(TITLE + "\n\nServices were short of staff")
    assert "Open Access" not in done.text and "licensee" not in done.text and "Smith et al." not in done.text
    first = [line for label, line in done.removed if label == "1"]
    assert first == [HEAD, "RESEARCH ARTICLE Open Access", *LICENCE]  # in the order of the text layer
    assert "removed 5 lines of first-page furniture (banner, licence, journal line)" in done.report
    assert "removed 3 running heads/footers" in done.report


def test_title_and_compound(done) -> None:
    assert done.title == TITLE
    assert "the wards were under-resourced for the work" in done.text
