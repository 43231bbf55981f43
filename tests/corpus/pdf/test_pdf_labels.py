"""Page labels: /PageLabels, printed page numbers, positions (synthesis.corpus.pdf.labels)."""

from __future__ import annotations

import pytest

from synthesis.corpus.pdf.labels import PageLabels, page_labels, page_of, printed_numbers, printed_sequence


@pytest.mark.parametrize("line, numbers", [
    ("514", {514}), ("- 7 -", {7}), ("Page 3 of 12", {3}), ("p. 12", {12}), ("3/12", {3}),
    ("515 Journal of Testing 12 (2024)", {515}), ("A. Author and B. Writer 516", {516}),
    ("Journal of Testing 12 (2024) 514\u2013523", set()), ("doi:10.1234/jot.2024.514", set()),
    ("Smith et al. BMC Health Services Research (2020) 20:514", set()), ("", set()),
    ("Smith et al. BMC Health Services Research 2014, 14:1 Page 2 of 10", {2}),  # not the 10 of "of 10"
    ("Page 2 of 10 Smith et al. BMC Health Services Research 2014, 14:1", {2}),
    ("Journal of Testing 12 (2024) Page 12 of 10", set()),  # a page beyond the count is no page
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


def test_pdf_labels_that_index_from_zero_are_not_page_numbers() -> None:
    """/PageLabels 0, 1, 2... are an index: the printed numbers win, else the positions."""
    printed = [set(), {2}, {3}, {4}]  # "Page 2 of 4"...; the first page prints none
    assert page_labels(["0", "1", "2", "3"], printed) == PageLabels(("1", "2", "3", "4"), "printed")
    assert page_labels(["0", "1", "2"], [set(), set(), set()]) == PageLabels(("1", "2", "3"), "position")
    assert page_labels(["0"], [set()]) == PageLabels(("1",), "position")


def test_pdf_labels_that_count_against_the_printed_numbers_give_way() -> None:
    """Labels that count 5, 6, 7... while the pages print 12, 13, 14... are an index too."""
    assert page_labels(["5", "6", "7", "8"], [{12}, {13}, {14}, {15}]).labels == ("12", "13", "14", "15")
    # one page of four disagreeing is not most: the PDF's labels stay
    assert page_labels(["12", "13", "14", "15"], [{12}, {13}, {14}, {99}]).origin == "pdf"
    # labels that do not only count (roman front matter) are the publisher's own
    assert page_labels(["i", "ii", "1", "2"], [{5}, {6}, {7}, {8}]).origin == "pdf"


def test_page_n_of_m_counts_from_one() -> None:
    """An excerpt of an article numbered "Page N of M": its unnumbered first page is page 1."""
    printed = [set(), {9}, {10}, {11}]
    assert page_labels(["1", "2", "3", "4"], printed, from_one=True).labels == ("1", "9", "10", "11")
    assert page_labels(["", "", "", ""], printed, from_one=True).labels == ("1", "9", "10", "11")
    # numbers printed alone ("272") count on from the volume: the first page is the one before
    assert page_labels(["", "", "", ""], [set(), {273}, {274}, {275}]).labels == ("272", "273", "274", "275")
    # two pages without a number before the first printed one: counted back, as nothing says otherwise
    assert page_labels(["", "", "", ""], [set(), set(), {9}, {10}], from_one=True).labels == ("7", "8", "9", "10")
    assert page_labels(["", "", ""], [set(), {2}, {3}], from_one=True).labels == ("1", "2", "3")


@pytest.mark.parametrize("line, found", [
    ("Page 3 of 12", (3, 12)), ("3 / 12", (3, 12)), ("- 3 of 12 -", (3, 12)),
    ("Smith et al. Health 2014, 14:1 Page 2 of 10", (2, 10)), ("page 2 of 10 | Smith et al.", (2, 10)),
    ("Journal 12/2024", None), ("Volume 3 of 12 in the series", None), ("514", None), ("Page 0 of 3", None),
])
def test_page_of(line: str, found) -> None:
    assert page_of(line) == found
