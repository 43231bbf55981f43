"""Lines of text with their place on the page, and reading order.

A :class:`Line` is one visual line of a page: its text and its box in points,
measured from the page's top-left corner (``top`` < ``bottom``). A line made
by hand without a box (all zeros) is "unplaced"; every step of the importer
then falls back to the order and length of the lines.

PDF publishers write two-column pages column by column, so the order of the
text layer is kept. Only when the lines of two columns clearly alternate (left,
right, left, right...) are they put back in order: the left column, then the
right.

>>> left = [Line(f"left {i}", 50, 100 + 12 * i, 280, 109 + 12 * i) for i in range(4)]
>>> right = [Line(f"right {i}", 310, 100 + 12 * i, 540, 109 + 12 * i) for i in range(4)]
>>> mixed = [line for pair in zip(left, right) for line in pair]
>>> [line.text for line in reading_order(mixed, 595)][:5]
['left 0', 'left 1', 'left 2', 'left 3', 'right 0']
>>> reading_order(left + right, 595) == left + right
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import ne
from typing import NamedTuple


class Line(NamedTuple):
    """One visual line: text and box in points from the top-left corner (zeros: no box).

    A named tuple rather than a dataclass: an article has thousands of lines
    and tuples are several times cheaper to make.

    >>> Line("Trust grew.", 50, 100, 120, 109).placed, Line("Trust grew.").placed
    (True, False)
    """

    text: str
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0  # font size (em box height) when measured, else 0

    @property
    def placed(self) -> bool:
        return self.x1 > self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class PdfPage:
    """The text lines of one page, in reading order.

    ``number`` is the page's position in the file (1-based); ``label`` its
    /PageLabels entry ('' when the PDF has none); ``reordered`` says that two
    interleaved columns were put in reading order.
    """

    number: int
    lines: tuple[Line, ...]
    width: float = 0.0
    height: float = 0.0
    label: str = ""
    reordered: bool = False

    @property
    def has_text(self) -> bool:
        return any(line.text.strip() for line in self.lines)


def column_of(line: Line, width: float) -> str:
    """'L' (left half), 'R' (right half) or 'F' (across or on the middle, or unplaced).

    >>> column_of(Line("a", 50, 0, 280, 9), 595), column_of(Line("b", 310, 0, 540, 9), 595)
    ('L', 'R')
    >>> column_of(Line("title", 50, 0, 540, 9), 595), column_of(Line("514", 290, 800, 305, 809), 595)
    ('F', 'F')
    """
    if not line.placed or width <= 0:
        return "F"
    middle, slack = width / 2, width * 0.02
    centre = (line.x0 + line.x1) / 2
    if line.x1 <= middle + slack and centre < middle - slack:
        return "L"
    if line.x0 >= middle - slack and centre > middle + slack:
        return "R"
    return "F"


def interleaved(lines: Sequence[Line], width: float) -> bool:
    """Whether the lines of two columns alternate in the text layer's order.

    Two columns: most lines lie in one half of the page, and each half's lines
    start at one left edge (give or take an indent), as columns of text do and
    the labels of a figure do not. Alternating: the order switches between the
    halves on at least a quarter of its steps.
    """
    if width <= 0:
        return False
    middle, slack = width / 2, width * 0.02
    # a quick bound first: the halves' order switches no more often than the lines' left edges cross
    # the middle (less the slack), and a page read column by column crosses it a few times only
    edge = middle - slack
    right = [line[1] >= edge for line in lines if line[3] > line[1]]
    if sum(map(ne, right, right[1:])) <= 3:
        return False
    sides = []
    starts: dict[str, list[float]] = {"L": [], "R": []}
    heights = []
    placed = 0
    for line in lines:  # column_of, inlined: this runs for every line of every page
        x0, x1 = line[1], line[3]
        if x1 > x0:
            placed += 1
            centre = (x0 + x1) / 2
            side = ("L" if x1 <= middle + slack and centre < middle - slack
                    else "R" if x0 >= middle - slack and centre > middle + slack else "")
            if side:
                sides.append(side)
                starts[side].append(x0)
                heights.append(line[4] - line[2])
    if len(starts["L"]) < 3 or len(starts["R"]) < 3 or 2 * len(sides) < placed:
        return False
    switches = sum(a != b for a, b in zip(sides, sides[1:]))
    if switches <= max(3, len(sides) // 4):
        return False
    slack = 1.5 * sorted(heights)[len(heights) // 2]
    for edges in starts.values():
        edge = sorted(edges)[len(edges) // 2]
        if 10 * sum(abs(x - edge) <= slack for x in edges) < 7 * len(edges):
            return False
    return True


def reading_order(lines: Sequence[Line], width: float) -> list[Line]:
    """The lines in reading order: as given, unless two columns are interleaved.

    Interleaved pages are read top to bottom in bands: a line across the
    middle (a title, a full-width caption, a centred page number) ends a band;
    within a band the left column comes first, then the right.
    """
    if not interleaved(lines, width):
        return list(lines)
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in sorted(lines, key=lambda line: (line.top, line.x0)):
        side = column_of(line, width)
        if side == "F":
            out += left + right + [line]
            left, right = [], []
        else:
            (left if side == "L" else right).append(line)
    return out + left + right
