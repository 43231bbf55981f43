"""Page labels: /PageLabels, printed page numbers, positions (synthesis.corpus.pdf.labels)."""

from __future__ import annotations

import pytest

from synthesis.corpus.pdf.labels import PageLabels, page_labels, printed_numbers, printed_sequence


@pytest.mark.parametrize("line, numbers", [
    ("514", {514}), ("- 7 -", {7}), ("Page 3 of 12", {3}), ("p. 12", {12}), ("3/12", {3}),
    ("515 Journal of Testing 12 (2024)", {515}), ("A. Author and B. Writer 516", {516}),
    ("Journal of Testing 12 (2024) 514\u2013523", set()), ("doi:10.1234/jot.2024.514", set()),
    ("Smith et al. BMC Health Services Research (2020) 20:514", set()), ("", set()),
])
def test_printed_numbers(line: str, numbers: set[int]) -> None:
    assert printed_numbers(line) == numbers


@pytest.mark.parametrize("candidates, numbers", [
    ([{272}, {273}, {274}], (272, 273, 274)),
    ([{272, 12}, {273, 2024}, {274}], (272, 273, 274)),  # other numbers in the furniture are outvoted
    ([set(), {273}, {274}, set()], (272, 273, 274, 275)),  # the first page of an article often has none
    ([{1}, {9}, {10}, {11}], (1, 9, 10, 11)),  # an excerpt: most steps are 1
    ([{1}, {9}, {20}, {31}], None),  # no step of 1
    ([{5}, {5}, {5}], None),  # a number that does not change
    ([{12}, set(), set(), set()], None),  # one page of four
    ([{514}], None),  # one page: nothing to go by
    ([set(), set()], None),
    ([{3}, {2}, {1}], None),  # falling
])
def test_printed_sequence(candidates, numbers) -> None:
    assert printed_sequence(candidates) == numbers


def test_pdf_labels_first() -> None:
    labels = page_labels(["i", "ii", "1", "2"], [{514}, {515}, {516}, {517}])
    assert labels == PageLabels(("i", "ii", "1", "2"), "pdf")
    assert labels.describe() == "page labels from the PDF (/PageLabels): i-2"


def test_implausible_pdf_labels() -> None:
    assert page_labels(["0", "0", "0"], [{514}, {515}, {516}]).labels == ("514", "515", "516")
    assert page_labels(["5", "5"], [set(), set()]).labels == ("1", "2")
    assert page_labels(["1", "", "3"], [set(), set(), set()]).origin == "position"
    assert page_labels(["7"], [set()]) == PageLabels(("7",), "pdf")


def test_pdf_labels_that_only_count_yield_to_printed_numbers() -> None:
    """/PageLabels of 1, 2, 3 say no more than the positions; the printed 514-516 say more."""
    assert page_labels(["1", "2", "3"], [{514}, {515}, {516}]) == PageLabels(("514", "515", "516"), "printed")
    assert page_labels(["1", "2", "3"], [set(), set(), set()]).origin == "pdf"


def test_positions_last() -> None:
    labels = page_labels(["", "", ""], [set(), {9}, set()])
    assert labels == PageLabels(("1", "2", "3"), "position")
    assert labels.describe() == "page labels are positions in the file: 1-3"
    assert page_labels([""], [set()]).describe() == "page labels are positions in the file: 1"
    assert page_labels(["", ""], [{514}, {515}]).describe() == "page labels from printed page numbers 514-515"
