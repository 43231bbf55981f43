"""List bullets that the text layer gives as lines of their own.

Some PDFs draw a list's bullet with a glyph the text layer cannot name: a
control character such as U+0001, or a private-use code of the Symbol or
Wingdings font. PDFium gives it as a line of its own, a small box just left of
the first line of its item and level with it. Cleaning drops control
characters, so without this step the items of the list would run together
("... quality of care pattern of patient flow ..."). Here each such mark
becomes "\u2022 " at the start of its item's line, which then starts a paragraph
as a list's entry does (see :mod:`.paragraphs`).

>>> bullet = Line("\\x01", 65.2, 434.8, 68.7, 438.2)
>>> item = Line("awareness and practice of a culture of quality", 77.1, 431.8, 259.7, 441.2)
>>> lines, n = mark_bullets([bullet, item])
>>> lines[0].text, lines[0].x0, n
('\u2022 awareness and practice of a culture of quality', 65.2, 1)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .clean import BULLETS
from .layout import Line

BULLET = "\u2022"
# what a lone mark on a small box may be: C0 controls (not tab, line feed or carriage return), the
# bullets of the Symbol and Wingdings fonts, and the bullets and squares of Unicode
MARKS = frozenset(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") | frozenset(BULLETS) | frozenset(
    "\u2022\u2023\u2043\u2219\u25aa\u25ab\u25a0\u25a1\u25cf\u25cb\u25e6\u00b7")
# a line that is one such mark, in the text of many lines joined by "\n" (one search over a whole document;
# a pattern that starts with a line feed is searched for far faster than one that starts with "^")
_MARK = "[" + "".join(sorted(re.escape(mark) for mark in MARKS)) + "]"
LONE = re.compile(f"\n{_MARK}(?=\n|$)")
GAP = 3.0  # at most this many of the item's line heights between the mark and its item


def has_lone_marks(text: str) -> bool:
    """Whether any line of ``text`` (lines joined by "\\n") is a lone mark that may be a bullet.

    >>> has_lone_marks("Trust grew\\n\\x01\\nstaff"), has_lone_marks("\\x01\\nstaff"), has_lone_marks("Trust\\n1\\nstaff")
    (True, True, False)
    """
    return LONE.search(text) is not None or (text[:1] in MARKS and text[1:2] in ("", "\n"))


def mark_bullets(lines: Sequence[Line]) -> tuple[list[Line], int]:
    """The page's ``lines`` with each lone mark that sits just left of a line, level with it, put at the
    start of that line as a bullet; and how many were.

    A mark with no box, or with no line beside it (a symbol in a figure), stays as it is.
    """
    out = list(lines)
    taken: set[int] = set()  # the marks put on a line, and the lines given one
    gone: set[int] = set()  # the marks
    for i, line in enumerate(lines):
        if line.text not in MARKS or not line.placed:
            continue
        for j in (i + 1, i - 1):  # the line after it in the text layer, else the one before
            if 0 <= j < len(lines) and j not in taken and _beside(line, lines[j]):
                item = out[j]
                out[j] = Line(f"{BULLET} {item.text}", line.x0, min(line.top, item.top), item.x1,
                              max(line.bottom, item.bottom), item.size)
                taken.update((i, j))
                gone.add(i)
                break
    if not gone:
        return out, 0
    return [line for i, line in enumerate(out) if i not in gone], len(gone)


def _beside(mark: Line, item: Line) -> bool:
    """Whether ``mark`` is a bullet for ``item``: no taller than its line, its middle within the line's
    height, and just left of the line's start.

    >>> _beside(Line("\\x01", 313.2, 584.8, 316.7, 588.3), Line("the patient's view", 324.9, 581.8, 533.1, 591.2))
    True
    >>> _beside(Line("\\x01", 313.2, 600.8, 316.7, 604.3), Line("the patient's view", 324.9, 581.8, 533.1, 591.2))
    False
    """
    if not item.placed or item.text in MARKS:
        return False
    height = item.bottom - item.top
    middle = (mark.top + mark.bottom) / 2
    return (mark.bottom - mark.top <= height and mark.x1 - mark.x0 <= 1.5 * height
            and item.top <= middle <= item.bottom and 0 <= item.x0 - mark.x1 <= GAP * height)
