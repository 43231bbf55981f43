"""Page furniture: running heads, journal banners, footers and page numbers.

Furniture is what repeats at the top or bottom of many pages. The few lines
nearest each page's top and bottom edge (by position when lines have boxes,
else the first and last lines) are compared across pages, as they are and
with every number replaced by ``#`` (so "Page 3 of 12" and "Page 4 of 12",
or "514" and "515", have one shape). A line is furniture when its text recurs
on at least 40% of the pages (and on 2 pages at least), or on half the odd
(or even) pages, as alternating running heads do; a shape that only matches
with numbers masked must recur on 3 pages, unless it is a page number ("514",
"Page 3 of 12", "- 3 -"). A document of one page has no furniture; in one
of two pages a line must be on both.

>>> bodies = ("Trust grew.", "It took time.", "Staff left.", "Funding ended.")
>>> pages = [[Line("Journal of Testing 12 (2024) 514-523"), Line(body), Line(str(n))]
...          for n, body in zip((514, 515, 516, 517), bodies)]
>>> [(f.page, f.text) for f in find_furniture(pages)][:3]
[(0, 'Journal of Testing 12 (2024) 514-523'), (0, '514'), (1, 'Journal of Testing 12 (2024) 514-523')]
>>> len(find_furniture(pages))
8
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .layout import Line

ZONE = 3  # lines looked at near each page's top and bottom edge
SHARE = 0.4  # of the pages a line must recur on
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:[-\u2013\u2014(\[]\s*)?(?:pages?\s*|p\.\s*)?#(?:\s*(?:of|/)\s*#)?"
                          r"(?:\s*[-\u2013\u2014)\]])?$", re.I)


@dataclass(frozen=True)
class Furniture:
    """A line taken out of the text: ``page`` and ``line`` index the input pages and their lines."""

    page: int
    line: int
    text: str


def key(text: str) -> str:
    """A line's text for comparison: spaces evened out, case folded.

    >>> key("  Journal of  Testing ")
    'journal of testing'
    """
    return " ".join(text.split()).casefold()


def shape(text: str) -> str:
    """A line's key with every number masked.

    >>> shape("Page 3 of 12"), shape("Smith et al. BMC Health (2020) 20:514")
    ('page # of #', 'smith et al. bmc health (#) #:#')
    """
    return _DIGITS.sub("#", key(text))


def is_page_number(text: str) -> bool:
    """Whether a line is only a page number ("12", "Page 3 of 12", "- 4 -").

    >>> [is_page_number(t) for t in ("12", "Page 3 of 12", "- 4 -", "3/12", "Table 2", "2024")]
    [True, True, True, True, False, True]
    """
    return bool(_PAGE_NUMBER.match(shape(text)))


def edge_lines(lines: Sequence[Line], zone: int = ZONE) -> list[int]:
    """Indexes of the lines nearest the page's top and bottom edges.

    >>> edge_lines([Line(str(i)) for i in range(10)])
    [0, 1, 2, 7, 8, 9]
    """
    n = len(lines)
    if n <= 2 * zone:
        return list(range(n))
    if all(line[3] > line[1] for line in lines):  # all placed: nearest the edges by position
        tops = [line[2] for line in lines]
        order = sorted(range(n), key=tops.__getitem__)
        return sorted(set(order[:zone] + order[-zone:]))
    return list(range(zone)) + list(range(n - zone, n))


def find_furniture(pages: Sequence[Sequence[Line]], *, zone: int = ZONE, share: float = SHARE) -> tuple[Furniture, ...]:
    """The furniture lines of ``pages`` (each a sequence of lines), in page and line order."""
    with_text = sum(1 for lines in pages if lines)
    if with_text < 2:
        return ()
    need = max(2, math.ceil(share * with_text))
    need_shape = max(3, need)
    exact: defaultdict[str, set[int]] = defaultdict(set)
    masked: defaultdict[str, set[int]] = defaultdict(set)
    candidates: list[tuple[int, int, str, str]] = []
    for p, lines in enumerate(pages):
        for i in edge_lines(lines, zone):
            text = lines[i].text
            if not text.strip():
                continue
            k = key(text)
            s = _DIGITS.sub("#", k)
            exact[k].add(p)
            masked[s].add(p)
            candidates.append((p, i, k, s))
    # alternating heads (authors on even pages, the title on odd ones) need only recur on half their side's pages
    sides = [sum(1 for p in range(side, len(pages), 2) if pages[p]) for side in (0, 1)]

    def enough(where: set[int], least: int, slack: int = 0) -> bool:
        if len(where) >= least:
            return True
        side = {p % 2 for p in where}
        return len(side) == 1 and len(where) >= max(2, least - slack, math.ceil(sides[side.pop()] / 2))

    found = []
    for p, i, k, s in candidates:
        if enough(exact[k], need, 1) or (s != k and enough(masked[s], need if _PAGE_NUMBER.match(s) else need_shape)):
            found.append(Furniture(p, i, pages[p][i].text))
    return tuple(found)
