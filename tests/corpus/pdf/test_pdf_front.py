"""Article history, editor, correspondence and a closing licence statement out of the flow; body sentences stay.

A reportlab PDF laid out like a journal article: under the authors, the
correspondence address, the history and the academic editor in small type;
a correspondence footnote at page 1's foot; body sentences that mention a
date received, an editor, correspondence and an e-mail address; and at the
end of the last page the history again and an open-access licence statement.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_helpers import _register_fonts, draw_lines

from synthesis.corpus.pdf import extract_pdf
from synthesis.corpus.pdf.front import all_furniture, correspondence_start, is_editor, is_history
from synthesis.corpus.pdf.layout import Line

FRONT = ["Correspondence should be addressed to Anna Author, anna.author@example.org",
         "Received 12 March 2010; Accepted 3 June 2010", "Academic Editor: J. K. Smith"]
FOOTNOTE = ["* Correspondence: ben.writer@example.org", "1 School of Health, University of Testing, Leeds, UK"]
HISTORY = "Submitted: 3 May 2009 Published: 9 July 2009"
LICENCE = ["Open Access This article is licensed under a Creative Commons Attribution 4.0 International",
           "License, which permits use, sharing and reproduction in any medium, provided the original",
           "work is properly cited."]
# body lines that look like the furniture in part: a date received, an editor, correspondence, an e-mail
LOOKALIKES = ["Received 12 March 2010, the letter from the council was read",
              "Editor: the local paper's editor wrote about the closure and",
              "Correspondence between the services was kept in one shared file,",
              "families could write to help@example.org with their questions,",
              "Published: the council's report came out in May 2011 and it was",
              "This article is licensed under the same terms as the study data,"]
WORDS = "staff families funding council budget training respect roles plans needs goals data".split()


def filler(number: int, count: int) -> list[str]:
    return [f"Line {k} of the text: the {WORDS[k % 12]} and the {WORDS[(k * 5) % 12]} were discussed at {k} meetings,"
            for k in range(14 * number, 14 * number + count)]


def make(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    _register_fonts()
    width, height = 600.0, 792.0
    pdf = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    for number in range(1, 5):
        y = height - 50
        pdf.setFont("Sans", 7.6)
        pdf.drawString(51, y, f"{number}    Journal of Community Care")
        y -= 40
        if number == 1:
            pdf.setFont("Bold", 17)
            pdf.drawString(51, y - 20, "Partnership Working in Community Care")
            pdf.setFont("Body", 11)
            pdf.drawString(87, y - 50, "Anna Author and Ben Writer")
            y = draw_lines(pdf, 87, y - 80, FRONT, "Body", 8.5, 19) - 20
        body = filler(number, 10)
        if number == 2:
            body[3:3] = LOOKALIKES
        y = draw_lines(pdf, 51, y, body, "Body", 9.5, 11.5)
        if number == 1:
            draw_lines(pdf, 51, 80, FOOTNOTE, "Sans", 6.9, 8)
        if number == 4:
            draw_lines(pdf, 51, y - 20, [HISTORY, "", *LICENCE], "Body", 8, 9.5)
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    return extract_pdf(make(tmp_path_factory.mktemp("front") / "article.pdf"))


def test_history_editor_and_correspondence_out_of_the_flow(done) -> None:
    for line in [*FRONT, *FOOTNOTE, HISTORY, *LICENCE]:
        assert line not in done.text, line
    assert "@example.org" not in done.text.replace("help@example.org", "")
    assert done.text.startswith("Partnership Working in Community Care")
    assert "Anna Author and Ben Writer\n\nLine 14 of" in done.text


def test_body_sentences_that_look_alike_stay(done) -> None:
    flat = " ".join(done.text.split())
    assert " ".join(LOOKALIKES) in flat


def test_the_report_lists_what_was_removed(done) -> None:
    removed = [line for _, line in done.removed]
    assert [line for line in removed if "Journal of Community Care" not in line] == [
        FRONT[0], FRONT[1], FRONT[2], *FOOTNOTE, HISTORY, *LICENCE]
    assert ("removed 6 lines of article history, editor and correspondence "
            "(dates received and published, e-mail, affiliation footnote)") in done.report
    assert "removed 3 lines of a licence statement after page 1" in done.report
    assert [label for label, line in done.removed if line in LICENCE] == ["4", "4", "4"]


def test_history_lines() -> None:
    assert is_history("Received: 12 March 2010 Revised: 2 May 2010 Accepted: 3 June 2010")
    assert is_history("Received March 12, 2010; accepted in revised form June 3, 2010")
    assert is_history("Available online 2010-06-03")
    for text in ("Received 12 March 2010 from the council", "Published in 2010", "Accepted: yes",
                 "We received 12 March 2010 letters", "Received"):
        assert not is_history(text), text


def test_editor_lines() -> None:
    assert is_editor("Handling Editor: Anna Author and Ben Writer")
    assert is_editor("Reviewed by: Ben Writer, Carla Reader")
    for text in ("Editor: the local paper's editor wrote", "The editor: K. Smith said no", "editors: K. Smith"):
        assert not is_editor(text), text


def test_correspondence_lines() -> None:
    assert correspondence_start("E-mail: anna@example.org") == 0
    assert correspondence_start("Corresponding author: Anna Author") == 0
    assert correspondence_start("shared files. The correspondence: letters and notes") is None


def placed(text: str, top: float, size: float, x0: float = 50) -> Line:
    return Line(text, x0, top, x0 + 5 * len(text), top + size * 0.8, size)


def test_correspondence_needs_an_email_address() -> None:
    body = [placed(f"Staff met every week to plan the work of line {k}.", 300 + 12 * k, 9.5) for k in range(8)]
    first = [placed("Trust in care", 100, 17), placed("Correspondence should be addressed to Anna Author", 200, 8.5),
             *body]
    pages = [first, [placed("Funding ended.", 100, 9.5)]]
    assert [f.kind for f in all_furniture(pages)] == []
    first[1] = placed("Correspondence should be addressed to Anna Author, anna@example.org", 200, 8.5)
    assert [(f.kind, f.text) for f in all_furniture(pages)] == [("correspondence", first[1].text)]


def test_correspondence_on_a_body_line_keeps_the_body_text() -> None:
    body = [placed(f"Staff met every week to plan the work of line {k}.", 300 + 12 * k, 9.5) for k in range(8)]
    note = placed("all of them * Correspondence: anna@example.org", 400, 9.5)
    under = placed("1 School of Health, University of Testing", note.bottom + 1, 6.9)
    pages = [[placed("Trust in care", 100, 17), *body, note, under], [placed("Funding ended.", 100, 9.5)]]
    found = all_furniture(pages)
    assert [(f.text, f.keep) for f in found] == [("* Correspondence: anna@example.org", "all of them"),
                                                 ("1 School of Health, University of Testing", "")]


def test_licence_after_page_one_must_name_a_licence() -> None:
    pages = [[placed("Trust grew.", 100, 9.5)],
             [placed("This article is licensed under the same terms as the data,", 100, 9.5),
              placed("and the families agreed to that.", 110, 9.5)]]
    assert all_furniture(pages) == ()
    pages[1][1] = placed("a Creative Commons Attribution 4.0 International License.", 110, 9.5)
    assert [f.kind for f in all_furniture(pages)] == ["licence", "licence"]
