"""Lines with boxes and reading order (synthesis.corpus.pdf.layout)."""

from __future__ import annotations

from synthesis.corpus.pdf.layout import Line, PdfPage, column_of, interleaved, reading_order

WIDTH = 595.0


def row(text: str, x0: float, top: float, x1: float) -> Line:
    return Line(text, x0, top, x1, top + 9)


def two_columns(n: int = 6) -> tuple[list[Line], list[Line]]:
    left = [row(f"left {i}", 50, 100 + 12 * i, 60 + (280 - 60) * (1 if i % 3 else 0.5)) for i in range(n)]
    right = [row(f"right {i}", 310 if i else 320, 100 + 12 * i, 545) for i in range(n)]
    return left, right


def test_column_of() -> None:
    assert [column_of(line, WIDTH) for line in (row("a", 50, 0, 280), row("b", 310, 0, 540),
                                                row("c", 50, 0, 540), Line("d"))] == ["L", "R", "F", "F"]
    assert column_of(row("a", 50, 0, 280), 0) == "F"


def test_column_by_column_is_kept() -> None:
    left, right = two_columns()
    assert not interleaved(left + right, WIDTH)
    assert reading_order(left + right, WIDTH) == left + right


def test_interleaved_columns_are_put_in_order() -> None:
    left, right = two_columns()
    title = row("A title across the page", 50, 60, 500)
    footer = row("514", 290, 800, 305)
    mixed = [title] + [line for pair in zip(left, right) for line in pair] + [footer]
    assert interleaved(mixed, WIDTH)
    assert [line.text for line in reading_order(mixed, WIDTH)] == (
        ["A title across the page"] + [f"left {i}" for i in range(6)] + [f"right {i}" for i in range(6)] + ["514"])


def test_full_width_line_between_column_bands() -> None:
    left, right = two_columns(8)
    caption = row("Figure 1. A caption across the page", 50, 100 + 12 * 3.5, 540)
    top = [line for pair in zip(left[:4], right[:4]) for line in pair]
    bottom = [line for pair in zip(left[4:], right[4:]) for line in pair]
    order = [line.text for line in reading_order(top + [caption] + bottom, WIDTH)]
    assert order == ([f"left {i}" for i in range(4)] + [f"right {i}" for i in range(4)]
                     + ["Figure 1. A caption across the page"]
                     + [f"left {i}" for i in range(4, 8)] + [f"right {i}" for i in range(4, 8)])


def test_figure_labels_are_not_columns() -> None:
    """Labels of a diagram alternate between the halves of a page, but start all over the place."""
    body = [row(f"A paragraph line {i} across the page", 50, 100 + 12 * i, 540) for i in range(4)]
    labels = [row(f"label {i}", 60 + 47 * i if i % 2 == 0 else 320 + 31 * i, 300 + 20 * i,
                  100 + 47 * i if i % 2 == 0 else 360 + 31 * i) for i in range(8)]
    assert not interleaved(body + labels, WIDTH)


def test_unplaced_lines_are_never_reordered() -> None:
    lines = [Line(f"line {i}") for i in range(10)]
    assert reading_order(lines, WIDTH) == lines


def test_line_and_page_records() -> None:
    line = Line("Trust grew.", 50, 100, 120, 109, 9.5)
    assert (line.placed, line.height, line.size) == (True, 9, 9.5)
    assert not Line("Trust grew.").placed
    assert PdfPage(1, (line,)).has_text and not PdfPage(2, (Line("  "),)).has_text
