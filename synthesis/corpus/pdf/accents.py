"""Accents drawn as characters of their own, put back on their letters.

Some PDFs (TeX output among them) draw an accent as a separate spacing
character: a small "¨" (U+00A8) placed over the "o" of "Dahlström". PDFium
then gives the accent as a character of its own, often out of place and with
spaces it made up around it ("Dahlstrom ... Brostr ¨ om"). Here, by the
characters' boxes, each such accent that sits over a letter (a cedilla or an
ogonek: under it) becomes the letter's combining mark (U+0308 and so on), the
accent and the spaces PDFium made up around it come out, and the result is in
NFC ("ö"). An accent over no letter stays as it is.

The functions are pure: :mod:`.extract` gives them a line's characters, their
boxes (x0, top, x1, bottom in points, top-down; None where PDFium has none)
and whether PDFium made them up, and only for lines that hold an accent
character (:data:`ACCENT`), so ordinary pages cost one regex search.

>>> r, o, m, dots = (4, 2, 9, 6), (10, 2, 14, 6), (14.5, 2, 21, 6), (10.8, 1.2, 13.2, 2.0)
>>> found = find_accents("r ¨ om", [r, None, dots, None, o, m], [False, True, False, True, False, False])
>>> found.text("r ¨ om")
'röm'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points, top-down

#: spacing accent -> the combining mark it stands for
MARKS: dict[str, str] = {
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u00b4": "\u0301",  # ´ acute
    "\u02ca": "\u0301",  # ˊ modifier acute
    "\u0060": "\u0300",  # ` grave (only when tiny and over a letter, as every accent here)
    "\u02cb": "\u0300",  # ˋ modifier grave
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u005e": "\u0302",  # ^
    "\u02dc": "\u0303",  # ˜ small tilde
    "\u007e": "\u0303",  # ~
    "\u00af": "\u0304",  # ¯ macron
    "\u02c9": "\u0304",  # ˉ modifier macron
    "\u02d8": "\u0306",  # ˘ breve
    "\u02d9": "\u0307",  # ˙ dot above
    "\u02da": "\u030a",  # ˚ ring above
    "\u02dd": "\u030b",  # ˝ double acute
    "\u02c7": "\u030c",  # ˇ caron
    "\u00b8": "\u0327",  # ¸ cedilla (under)
    "\u02db": "\u0328",  # ˛ ogonek (under)
}
UNDER = frozenset("\u00b8\u02db")
#: any spacing accent (one search of a page's text tells whether to look further)
ACCENT = re.compile("[" + "".join(map(re.escape, MARKS)) + "]")


@dataclass(frozen=True)
class Accents:
    """What to change in a line's text: offsets to leave out, marks to put after letters.

    ``accents`` are the offsets of the accents put on letters, ``boxes`` their
    boxes (their text rectangles are no part of the line's box).

    >>> Accents(frozenset({1}), {2: "\\u0301"}).text("e´e!", 0, 3)
    'eé'
    """

    drop: frozenset[int]
    marks: dict[int, str]
    accents: tuple[int, ...] = ()
    boxes: tuple[Box, ...] = field(default=())

    def text(self, part: str, start: int = 0, stop: int | None = None) -> str:
        """``part[start:stop]`` with the accents on their letters, in NFC."""
        stop = len(part) if stop is None else stop
        out = []
        for i in range(start, stop):
            if i not in self.drop:
                out.append(part[i])
            if i in self.marks:
                out.append(self.marks[i])
        return unicodedata.normalize("NFC", "".join(out))

    def covers(self, rect: Box, slack: float = 0.1) -> bool:
        """Whether a text rectangle lies within the accents' boxes (it holds nothing but accents).

        >>> a = Accents(frozenset(), {}, (1,), ((10, 1, 13, 2),))
        >>> a.covers((10, 1, 13, 2)), a.covers((10, 1, 14, 6))
        (True, False)
        """
        if not self.boxes:
            return False
        x0 = min(b[0] for b in self.boxes) - slack
        top = min(b[1] for b in self.boxes) - slack
        x1 = max(b[2] for b in self.boxes) + slack
        bottom = max(b[3] for b in self.boxes) + slack
        return x0 <= rect[0] and top <= rect[1] and rect[2] <= x1 and rect[3] <= bottom


def over(accent: Box, letter: Box, under: bool = False) -> bool:
    """Whether a small accent sits just over (``under``: just under) a letter, by their boxes.

    The accent is small beside the letter (at most 0.6 of its height, 1.5 of its
    width), its middle is over the letter (give or take a quarter of its width),
    and it is above the letter's top (below its bottom) by at most half the
    letter's height.

    >>> o = (10, 2, 14, 6)
    >>> over((10.8, 1.2, 13.2, 2.0), o), over((15, 1.2, 17.4, 2.0), o), over((10.8, -4, 13.2, -3), o)
    (True, False, False)
    >>> over((10, 1, 14, 5), o), over((11, 6, 13, 7.5), (10, 2, 14, 6), under=True)
    (False, True)
    """
    ax0, atop, ax1, abottom = accent
    lx0, ltop, lx1, lbottom = letter
    lw, lh, ah = lx1 - lx0, lbottom - ltop, abottom - atop
    if lw <= 0 or lh <= 0 or ah <= 0 or ah > 0.6 * lh or ax1 - ax0 > 1.5 * lw:
        return False
    if not lx0 - 0.25 * lw <= (ax0 + ax1) / 2 <= lx1 + 0.25 * lw:
        return False
    middle = (atop + abottom) / 2
    if under:
        return middle > lbottom and atop - lbottom <= 0.5 * lh
    return middle < ltop and ltop - abottom <= 0.5 * lh


def find_accents(part: str, boxes: Sequence[Box | None], generated: Sequence[bool]) -> Accents | None:
    """The accents of a line's text ``part`` that sit over (or under) a letter, or None if none do.

    ``boxes`` and ``generated`` go with the characters of ``part``. The spaces
    PDFium made up on either side of such an accent come out too, unless the
    characters around them are apart (a space between words: one stays).

    >>> o, n = (10, 2, 14, 6), (15, 2, 19, 6)
    >>> find_accents("o¨n", [o, (10.8, 1.2, 13.2, 2.0), n], [False] * 3).text("o¨n")
    'ön'
    >>> find_accents("o ¨", [o, None, (30, 1.2, 32.4, 2.0)], [False, True, False]) is None  # over nothing
    True
    >>> find_accents("o ¨ n", [o, None, (10.8, 1.2, 13.2, 2.0), None, (25, 2, 29, 6)], [False, True, False, True, False]).text("o ¨ n")
    'ö n'
    """
    letters = [(i, box) for i, (char, box) in enumerate(zip(part, boxes))
               if box is not None and not generated[i] and char.isalpha() and char not in MARKS]
    if not letters:
        return None
    drop: set[int] = set()
    marks: dict[int, str] = {}
    accents: list[int] = []
    placed: list[Box] = []
    for match in ACCENT.finditer(part):
        i = match.start()
        box = boxes[i]
        if box is None or generated[i]:
            continue
        under = part[i] in UNDER
        middle = (box[0] + box[2]) / 2
        near = [(abs((letter[0] + letter[2]) / 2 - middle), j) for j, letter in letters if over(box, letter, under)]
        if not near:
            continue
        j = min(near)[1]
        marks[j] = marks.get(j, "") + MARKS[part[i]]
        drop.add(i)
        accents.append(i)
        placed.append(box)
        lo, hi = i, i + 1
        while lo > 0 and part[lo - 1] == " " and generated[lo - 1]:
            lo -= 1
        while hi < len(part) and part[hi] == " " and generated[hi]:
            hi += 1
        spaces = [*range(lo, i), *range(i + 1, hi)]
        if spaces and _apart(boxes, lo - 1, hi, len(part)):
            spaces = spaces[1:]  # one space stays between the words either side
        drop.update(spaces)
    if not accents:
        return None
    return Accents(frozenset(drop), marks, tuple(accents), tuple(placed))


def _apart(boxes: Sequence[Box | None], before: int, after: int, n: int) -> bool:
    """Whether the characters at ``before`` and ``after`` have a gap between them (as between words)."""
    if before < 0 or after >= n:
        return False
    a, b = boxes[before], boxes[after]
    if a is None or b is None:
        return False
    h = max(a[3] - a[1], b[3] - b[1], 1.0)
    return b[0] - a[2] > 0.25 * h
