"""Lists set with a hanging indent (reference lists) and a heading over a heading (synthesis.corpus.pdf.paragraphs).

Lines made by hand, placed as a journal sets them: a reference list's entries open with their number
at the column's edge and go on set in under it; a section's heading, as wide as the text, stands over
its first subsection's heading.
"""

from __future__ import annotations

from synthesis.corpus.pdf.layout import Line
from synthesis.corpus.pdf.paragraphs import build, heading_over_heading, list_marker

EDGE, SET_IN, RIGHT, STEP, HEIGHT = 305.0, 320.0, 537.0, 9.0, 7.0


def entries(rows: list[tuple[str, float, float]], top: float = 100.0) -> list[Line]:
    """Lines one under the other: (text, left edge, right edge)."""
    return [Line(text, x0, top + STEP * n, x1, top + STEP * n + HEIGHT) for n, (text, x0, x1) in enumerate(rows)]


REFERENCES = [  # as BMC sets them: "N." at the edge, the rest of the entry set in
    ("1. Ovretveit J, Serouri A: Hospital quality management system in a low income", EDGE, 532.0),
    ("Arabic country: an evaluation. Int J Health Care Qual Assur 2006, 19:516-532.", SET_IN, 532.0),
    ("2. Chen L, et al: Human resources for health: overcoming the crisis.", EDGE, 511.0),
    ("Lancet 2004, 364(9449):1984-1990.", SET_IN, 418.0),
    ("3. Weitz JI: Low-molecular-weight heparins. N Engl J Med 1997, 337:688-98.", EDGE, 534.0),
    ("4. Geerts WH, Pineo GF, Heit JA, Bergqvist D, Lassen MR, Colwell CW, Ray JG:", EDGE, 536.0),
    ("Prevention of venous thromboembolism: the Seventh ACCP Conference", SET_IN, 536.0),
    ("on Antithrombotic and Thrombolytic Therapy. Chest 2004, 126(3", SET_IN, 511.0),
    ("Suppl):338S-400S.", SET_IN, 370.0),
    ("5. Green D, Lee MY, Lim AC, Chmiel JS, Vetter M, Pang T, Chen D, Fenton L,", EDGE, 531.0),
    ("Yarkony GM, Meyer PR Jr: Prevention of thromboembolism after spinal", SET_IN, 528.0),
    ("cord injury using low-molecular-weight heparin. Ann Intern Med 1990,", SET_IN, 527.0),
    ("113:571-4.", SET_IN, 348.0),
]


def test_list_markers() -> None:
    assert list_marker("[10] P. Johansson") and list_marker("3) Staff") and not list_marker("3.5 per cent of")


def test_each_entry_of_a_reference_list_is_a_paragraph() -> None:
    # before: "...2006, 19:516-532. 2. Chen L" ran on, and "crisis." / "Lancet 2004" and "Ray JG:" / "Prevention"
    # were cut in two (a line set in after a full stop or colon was taken for a new paragraph)
    assert build([entries(REFERENCES)]).text.split("\n\n") == [
        "1. Ovretveit J, Serouri A: Hospital quality management system in a low income Arabic country: an "
        "evaluation. Int J Health Care Qual Assur 2006, 19:516-532.",
        "2. Chen L, et al: Human resources for health: overcoming the crisis. Lancet 2004, 364(9449):1984-1990.",
        "3. Weitz JI: Low-molecular-weight heparins. N Engl J Med 1997, 337:688-98.",
        "4. Geerts WH, Pineo GF, Heit JA, Bergqvist D, Lassen MR, Colwell CW, Ray JG: Prevention of venous "
        "thromboembolism: the Seventh ACCP Conference on Antithrombotic and Thrombolytic Therapy. Chest 2004, "
        "126(3 Suppl):338S-400S.",
        "5. Green D, Lee MY, Lim AC, Chmiel JS, Vetter M, Pang T, Chen D, Fenton L, Yarkony GM, Meyer PR Jr: "
        "Prevention of thromboembolism after spinal cord injury using low-molecular-weight heparin. Ann Intern Med "
        "1990, 113:571-4."]


def test_bracketed_numbers_set_flush_right() -> None:
    # Hindawi: "[9]" and "[10]" end at one place, so "[10]" starts further left; the initials "M." and "D."
    # of one author are split over two lines
    rows = [("[9] S. Stemler, \u201cAn overview of content analysis,\u201d Practical Assess-", 56.2, 290.0),
            ("ment, Research & Evaluation, vol. 7, no. 17, 2001.", 70.4, 244.0),
            ("[10] R. L. Campbell, R. Banner, J. Konick-McMahan, and M.", 51.9, 290.0),
            ("D. Naylor, \u201cDischarge planning and home follow-up of the", 70.2, 290.0),
            ("elderly patient with heart failure,\u201d vol. 33, no.", 70.1, 250.0),
            ("3, pp. 497-513, 1998.", 70.2, 150.0),
            ("[11] E. Rideout and M. Montemuro, \u201cHope, morale and adapta-", 51.9, 290.0),
            ("tion in patients with chronic heart failure,\u201d 1986.", 70.1, 260.0)]
    assert build([entries(rows)]).text.split("\n\n") == [
        "[9] S. Stemler, \u201cAn overview of content analysis,\u201d Practical Assessment, Research & Evaluation, "
        "vol. 7, no. 17, 2001.",
        "[10] R. L. Campbell, R. Banner, J. Konick-McMahan, and M. D. Naylor, \u201cDischarge planning and home "
        "follow-up of the elderly patient with heart failure,\u201d vol. 33, no. 3, pp. 497-513, 1998.",
        "[11] E. Rideout and M. Montemuro, \u201cHope, morale and adaptation in patients with chronic heart "
        "failure,\u201d 1986."]


def test_an_entry_over_a_column_break() -> None:
    # the right column ends inside entry 3, whose last line opens the next column (after "no."),
    # and the next column ends an entry before the following page opens entry 5
    left = entries([("3. S. A. Murray, K. Boyd, M. Kendall, \u201cDying of lung cancer or", 56.0, 290.0),
                    ("cardiac failure,\u201d British Medical Journal, vol. 325, no.", 70.0, 288.0)])
    right = entries([("7370, pp. 929-932, 2002.", 330.0, 420.0),
                     ("4. W. C. Lee, Y. E. Chavez, T. Baker, and B. R. Luce, \u201cEconomic", 316.0, 548.0),
                     ("burden of heart failure,\u201d Heart and Lung, 2004.", 330.0, 500.0)])
    after = entries([("5. F. A. Masoudi, J. S. Rumsfeld, E. P. Havranek et al., \u201cAge,", 56.0, 290.0),
                     ("functional capacity, and quality of life,\u201d 2004.", 70.0, 250.0)])
    assert build([left + right, after]).text.split("\n\n") == [
        "3. S. A. Murray, K. Boyd, M. Kendall, \u201cDying of lung cancer or cardiac failure,\u201d British "
        "Medical Journal, vol. 325, no. 7370, pp. 929-932, 2002.",
        "4. W. C. Lee, Y. E. Chavez, T. Baker, and B. R. Luce, \u201cEconomic burden of heart failure,\u201d "
        "Heart and Lung, 2004.",
        "5. F. A. Masoudi, J. S. Rumsfeld, E. P. Havranek et al., \u201cAge, functional capacity, and quality of "
        "life,\u201d 2004."]


def test_running_text_and_numbered_items_keep_their_paragraphs() -> None:
    # an item of a numbered list, then a paragraph set in as usual (its next line back at the edge):
    # still a new paragraph; a number that opens a line in mid-sentence starts none
    rows = [("The specific objectives were to assess the flow of", 57.0, 290.0),
            ("patients and care within the department, and the views of", 57.0, 290.0),
            ("12. staff and patients on the quality of care they give and receive.", 57.0, 290.0),
            ("Interviews were audio recorded and later transcribed. Content", 65.0, 290.0),
            ("analysis was done inductively by identifying the categories.", 57.0, 290.0)]
    assert build([entries(rows)]).text.split("\n\n") == [
        "The specific objectives were to assess the flow of patients and care within the department, and the "
        "views of 12. staff and patients on the quality of care they give and receive.",
        "Interviews were audio recorded and later transcribed. Content analysis was done inductively by "
        "identifying the categories."]


def _with_heading(first: str, second: str) -> list[Line]:
    """A paragraph, a gap, a line as wide as the text, a short line, and a paragraph (as BMC sets a section's
    heading over its first subsection's)."""
    step = 12.0
    lines = [Line("Findings from the interviews related to staffing included", 57.0, 100.0, 290.0, 109.0),
             Line("the lack of staff and certain attitudes of some workers.", 57.0, 112.0, 225.0, 121.0),
             Line(first, 57.0, 136.0, 283.0, 145.0), Line(second, 57.0, 148.0, 87.0, 157.0)]
    body = ["The medical staff in the department from January to December",
            "2010 included two clinical officers, seven medical doctors and",
            "one nursing manager, with nurse midwife technicians as well."]
    return lines + [Line(text, 57.0, 160.0 + step * n, 290.0, 169.0 + step * n) for n, text in enumerate(body)]


def test_a_wide_heading_over_a_subsections_heading() -> None:
    # before: "Document review and participatory observations Staffing" was one paragraph
    paragraphs = build([_with_heading("Document review and participatory observations", "Staffing")]).text.split("\n\n")
    assert paragraphs[1:3] == ["Document review and participatory observations", "Staffing"]
    assert paragraphs[3].startswith("The medical staff in the department")


def test_a_heading_broken_over_two_lines_stays_whole() -> None:
    for first, second in (("Barriers to quality improvement and quality of care in", "Malawi"),
                          ("Barriers to Quality Improvement in the Medical", "Department")):
        paragraphs = build([_with_heading(first, second)]).text.split("\n\n")
        assert paragraphs[1] == f"{first} {second}"
    assert not heading_over_heading("Staffing levels and the quality of care.", "Staffing")
