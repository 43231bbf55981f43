"""Page labels: what a quotation's page is called when it is cited.

In order of trust:

1. the PDF's own /PageLabels, when it has them for every page and they are
   plausible (not all "0", not all alike) and not evidently an index: labels
   that only count 0, 1, 2... or count 1, 2, 3... (or from any number) while
   most pages print other numbers give way to the printed numbers;
2. the page numbers printed on the pages: a number alone, or at the start or
   end, of a line removed as furniture, or "Page N of M" anywhere in it, when
   they rise with the pages (most consecutive pages step by exactly 1: "514,
   515, 516" or an excerpt's "1, 9, 10, 11"); a page without one gets its
   neighbour's number plus or minus one, except that pages numbered "Page N of
   M" count from 1, so a first page that prints none is page 1 (an excerpt's
   title page before its page 9);
3. the page's position in the file: 1, 2, 3...

>>> page_labels(["", "", ""], [{514}, {515, 12}, {516}]).labels
('514', '515', '516')
>>> page_labels(["i", "1", "2"], [{514}, {515}, {516}]).describe()
'page labels from the PDF (/PageLabels): i-2'
>>> page_labels(["", ""], [set(), set()]).describe()
'page labels are positions in the file: 1-2'
>>> page_labels(["0", "1", "2"], [set(), {2}, {3}]).labels  # /PageLabels that index from 0
('1', '2', '3')
>>> page_labels(["1", "2", "3"], [set(), {9}, {10}], from_one=True).labels  # "Page 9 of 11"...
('1', '9', '10')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .furniture import is_page_number

_NUMBER = re.compile(r"\d{1,5}")
_BARE = re.compile(r"^\d{1,5}$")
_OF_ALONE = re.compile(r"(\d{1,5})\s*(?:of|/)\s*(\d{1,5})", re.I)
_OF_INSIDE = re.compile(r"\bpage\s+(\d{1,5})\s+of\s+(\d{1,5})\b", re.I)


@dataclass(frozen=True)
class PageLabels:
    """A label for every page of the file, and where the labels came from ("pdf", "printed" or "position")."""

    labels: tuple[str, ...]
    origin: str

    def describe(self) -> str:
        span = f"{self.labels[0]}-{self.labels[-1]}" if len(self.labels) > 1 else "".join(self.labels)
        if self.origin == "pdf":
            return f"page labels from the PDF (/PageLabels): {span}"
        if self.origin == "printed":
            return f"page labels from printed page numbers {span}"
        return f"page labels are positions in the file: {span}"


def page_of(text: str) -> tuple[int, int] | None:
    """``(N, M)`` when a furniture line numbers its page "Page N of M" (alone or within the line), else None.

    >>> page_of("Page 3 of 12"), page_of("3/12"), page_of("Smith et al. BMC Research 2014, 14:1 Page 2 of 10")
    ((3, 12), (3, 12), (2, 10))
    >>> page_of("Journal 12/2024 of Testing"), page_of("Page 13 of 12"), page_of("514")
    (None, None, None)
    """
    found = _OF_ALONE.search(text) if is_page_number(text) else _OF_INSIDE.search(text)
    if found is None:
        return None
    number, total = int(found.group(1)), int(found.group(2))
    return (number, total) if 1 <= number <= total else None


def printed_numbers(text: str) -> set[int]:
    """The numbers a furniture line may give as its page's number.

    >>> sorted(printed_numbers("Page 3 of 12")), sorted(printed_numbers("514 Journal of Testing 12 (2024)"))
    ([3], [514])
    >>> sorted(printed_numbers("Journal of Testing 12 (2024) 514\\u2013523"))
    []
    >>> sorted(printed_numbers("Smith et al. BMC Research 2014, 14:1 Page 2 of 10"))
    [2]
    """
    text = text.strip()
    if is_page_number(text):
        first = _NUMBER.search(text)
        return {int(first.group())} if first else set()
    if _OF_INSIDE.search(text):  # "Page N of M": N, never M
        of = page_of(text)
        return {of[0]} if of else set()
    tokens = text.split()
    found = set()
    for token in (tokens[0], tokens[-1]) if tokens else ():
        if _BARE.match(token):
            found.add(int(token))
    return found


def printed_sequence(candidates: Sequence[Collection[int]]) -> tuple[int, ...] | None:
    """A page number for every page from each page's candidate numbers, or None if they do not rise with the pages.

    >>> printed_sequence([{1}, {9}, {10}, {11}])
    (1, 9, 10, 11)
    >>> printed_sequence([set(), {273}, {274}, set()])
    (272, 273, 274, 275)
    >>> printed_sequence([{5}, {3}, {9}, {2}]) is None
    True
    """
    n = len(candidates)
    votes: Counter[int] = Counter()
    for i, values in enumerate(candidates):
        for value in set(values):
            votes[value - i] += 1
    if not votes:
        return None
    offset = max(votes, key=lambda d: (votes[d], -d))
    chosen: list[int | None] = [offset + i if offset + i in values else None for i, values in enumerate(candidates)]
    for i, values in enumerate(candidates):
        if chosen[i] is None and len(values) == 1:
            value = next(iter(values))
            below = [c for c in chosen[:i] if c is not None]
            above = [c for c in chosen[i + 1:] if c is not None]
            if (not below or value > below[-1]) and (not above or value < above[0]):
                chosen[i] = value
    found = sum(c is not None for c in chosen)
    if found < 2 or 2 * found < n:
        return None
    pairs = [(a, b) for a, b in zip(chosen, chosen[1:]) if a is not None and b is not None]
    if 2 * sum(b == a + 1 for a, b in pairs) <= len(pairs):
        return None
    values = list(chosen)
    for i in range(1, n):
        if values[i] is None and values[i - 1] is not None:
            values[i] = values[i - 1] + 1
    for i in range(n - 2, -1, -1):
        if values[i] is None and values[i + 1] is not None:
            values[i] = values[i + 1] - 1
    full = [v for v in values if v is not None]
    if len(full) != n or full[0] < 0 or any(b <= a for a, b in zip(full, full[1:])):
        return None
    return tuple(full)


def _plausible(labels: Sequence[str]) -> bool:
    if not labels or not all(label.strip() for label in labels):
        return False
    if all(label.strip() == "0" for label in labels):
        return False
    return len(labels) == 1 or len(set(labels)) > 1


def _an_index(labels: Sequence[str], printed: Sequence[Collection[int]], numbers: Sequence[int] | None) -> bool:
    """Whether /PageLabels only count the pages: from 0, or against the numbers most pages print."""
    if not all(label.isascii() and label.isdecimal() for label in labels):
        return False
    values = [int(label) for label in labels]
    if any(b != a + 1 for a, b in zip(values, values[1:])):
        return False
    if values[0] == 0:
        return True
    if numbers is None:
        return False
    shown = [i for i, values_printed in enumerate(printed) if numbers[i] in values_printed]
    return 2 * sum(values[i] != numbers[i] for i in shown) > len(shown)


def page_labels(pdf_labels: Sequence[str], printed: Sequence[Collection[int]], from_one: bool = False) -> PageLabels:
    """The label of every page: from /PageLabels, else printed numbers, else positions.

    ``pdf_labels[i]`` is page i's /PageLabels entry ('' if none), ``printed[i]``
    the numbers found in its furniture (see :func:`printed_numbers`); ``from_one``
    says the pages are numbered "Page N of M" (see :func:`page_of`), which counts
    an article's pages from 1, so a first page that prints no number is page 1.
    """
    n = len(pdf_labels)
    positions = tuple(str(i + 1) for i in range(n))
    numbers = printed_sequence(printed) if any(printed) else None
    if numbers is not None and from_one and n > 1 and not printed[0] and 1 < numbers[1] in printed[1]:
        numbers = (1, *numbers[1:])  # the article's first page, before the pages an excerpt kept
    if _plausible(pdf_labels) and not _an_index(pdf_labels, printed, numbers):
        return PageLabels(tuple(pdf_labels), "pdf")
    if numbers is not None:
        return PageLabels(tuple(str(v) for v in numbers), "printed")
    return PageLabels(positions, "position")
