"""List bullets the text layer gives as lines of their own (synthesis.corpus.pdf.bullets).

Lines made by hand where the real article (Agyeman-Duah et al., 2014, page 3) has them: each bullet
is U+0001 on a 3.5-point box just left of its item's first line.
"""

from __future__ import annotations

from synthesis.corpus.pdf import import_raw
from synthesis.corpus.pdf.bullets import has_lone_marks, mark_bullets
from synthesis.corpus.pdf.extract import RawPdf
from synthesis.corpus.pdf.layout import Line, PdfPage


def bullet(top: float, mark: str = "\x01") -> Line:
    return Line(mark, 65.2, top + 3.0, 68.7, top + 6.5)


def item(text: str, top: float, x0: float = 77.1) -> Line:
    return Line(text, x0, top, 280.0, top + 9.4)


LIST = [
    Line("sought to address research objectives 1 and 2 by identifying:", 57.0, 407.8, 289.9, 417.1),
    bullet(431.8), item("awareness and practice of a culture of quality", 431.8),
    item("improvement in the Medical Department", 443.8),
    bullet(455.7), item("stakeholder views, perception and expectations of", 455.7),
    item("quality of care", 467.8),
    bullet(479.8), item("pattern of patient flow and utilization of services", 479.8),
    item("within the department", 491.8),
    Line("Interviews lasted about an hour and were recorded with the consent of each", 57.0, 515.8, 289.9, 525.1),
    Line("participant.", 57.0, 527.8, 110.0, 537.1),
]


def test_each_mark_goes_to_the_start_of_its_item() -> None:
    lines, n = mark_bullets(LIST)
    assert n == 3
    assert [line.text for line in lines][1:4] == ["\u2022 awareness and practice of a culture of quality",
                                                 "improvement in the Medical Department",
                                                 "\u2022 stakeholder views, perception and expectations of"]
    assert lines[1].x0 == 65.2 and lines[1].top == 431.8  # the item's box takes in its bullet


def test_a_mark_with_nothing_beside_it_stays() -> None:
    alone = [item("Figure 2 shows the flow", 100.0), Line("\x01", 200.0, 140.0, 203.5, 143.5),
             item("of patients", 112.0)]
    assert mark_bullets(alone) == (alone, 0)
    far = [Line("\u2022", 20.0, 103.0, 23.5, 106.5), item("a line far to the right of it", 100.0, x0=200.0)]
    assert mark_bullets(far) == (far, 0)


def test_a_real_bullet_on_a_line_of_its_own_joins_its_item() -> None:
    lines, n = mark_bullets([bullet(100.0, "\u2022"), item("Shortage of staff", 100.0)])
    assert n == 1 and [line.text for line in lines] == ["\u2022 Shortage of staff"]


def test_lone_marks_are_found_in_the_whole_text_at_once() -> None:
    assert has_lone_marks("identifying:\n\x01\nawareness") and has_lone_marks("a\n\uf0b7")
    assert not has_lone_marks("identifying:\n\x01 awareness") and not has_lone_marks("a\n-\nb")


def test_the_items_are_paragraphs_and_the_report_says_so() -> None:
    page = PdfPage(1, tuple(LIST), 595.0, 842.0)
    imported = import_raw(RawPdf((page,)), "list.pdf")
    assert imported.text == (
        "sought to address research objectives 1 and 2 by identifying:\n\n"
        "\u2022 awareness and practice of a culture of quality improvement in the Medical Department\n\n"
        "\u2022 stakeholder views, perception and expectations of quality of care\n\n"
        "\u2022 pattern of patient flow and utilization of services within the department\n\n"
        "Interviews lasted about an hour and were recorded with the consent of each participant.")
    assert "put back 3 list bullets that the text layer gave as unreadable marks on lines of their own" in imported.report
    assert "dropped 0 control characters" in imported.report
