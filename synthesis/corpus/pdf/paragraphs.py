"""Paragraphs rebuilt from lines, across columns and pages.

The lines of a paragraph are joined with a space (or as :mod:`.dehyphenate`
decides at a hyphen); paragraphs are separated by a blank line (``\\n\\n``).
Within a column a paragraph ends:

* at a blank line;
* at a vertical gap clearly wider than the document's usual line spacing;
* after a line much shorter than its neighbours when the next line starts a
  sentence (a capital, a digit, a quotation mark or a bullet);
* before an indented line, or one that opens with a run-in heading (a
  structured abstract's "Results: ..."), when the line above ends a sentence;
* after a heading: a line after a gap, unpunctuated and narrower than the
  text under it, when that text starts like a paragraph; or as wide as the
  text, in sentence case, when a second heading under it heads the text (a
  section's heading over its first subsection's);
* before an entry of a list set with a hanging indent (a reference list:
  "12. Geerts WH..." or "[3] S. A. Murray...", its other lines set in under
  it), whose indented lines are no new paragraphs.

Where the text moves to the next column or page a paragraph ends when the last
line ends a sentence *and* the new column starts a new paragraph (that last
line is short, or the new line is indented or opens with a run-in heading or a
list's entry; or both lines stand alone in their
columns, as on slides), so a sentence running over a page break continues. A
heading at the top of a column (short, unpunctuated, text under it) or at the
foot of the one before starts a paragraph whatever the line before it.

>>> lines = ["Partners met every week and the", "meetings built trust.", "",
...          "Funding was short.", "Staff left in the first year,", "and the", "Services closed."]
>>> print(build([[Line(t) for t in lines[:4]], [Line(t) for t in lines[4:]]]).text)
Partners met every week and the meetings built trust.
<BLANKLINE>
Funding was short. Staff left in the first year, and the
<BLANKLINE>
Services closed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain
from operator import itemgetter

import numpy as np

from .dehyphenate import HYPHENS, SOFT_HYPHEN, Vocabulary, glue
from .layout import Line

SHORT = 0.75  # a line narrower than this share of its neighbours is short
GAP = 1.3  # a line step this many times the usual one is a paragraph gap
_ENDS = (".", "?", "!", ":")
_CLOSING = "\"'\u201d\u2019)]"
_OPENING = "\"'\u201c\u2018\u201e(["
_BULLETS = "\u2022\u25aa\u25cf\u2013\u2014*-"
_CONTINUES = HYPHENS + SOFT_HYPHEN
_GLUED = _CONTINUES + "\u2013\u2014"  # line ends :func:`.glue` must look at
_UNENDED = _CONTINUES + ",;\u2013\u2014"  # a line ending so goes on: never a heading
WIDE_HEADING = 0.85  # a line after a paragraph gap narrower than this share of the lines under it may be a heading
# words a heading broken over two lines may end its first line with: never the last word of a heading
_JOINING = frozenset("a an the and or nor but of in on at to for with by from as into onto via vs versus among "
                     "between about after before under over within without its their our his her".split())


@dataclass(frozen=True)
class Flow:
    """The text of a run of pages and where each page starts in it.

    ``page_starts[i]`` is the offset of page ``i``'s first character, or None
    when the page added no text. ``joined`` counts hyphens dropped at line
    ends, ``kept`` hyphens kept there (compounds).
    """

    text: str
    page_starts: tuple[int | None, ...]
    paragraphs: int = 0
    joined: int = 0
    kept: int = 0


def ends_sentence(text: str) -> bool:
    """Whether a line ends with a full stop, ? ! or : (closing quotes and brackets allowed).

    >>> ends_sentence("as one said: \\u201cwe trusted them.\\u201d"), ends_sentence("and the")
    (True, False)
    """
    return text.rstrip(_CLOSING)[-1:] in _ENDS


def starts_new(text: str) -> bool:
    """Whether a line could start a paragraph: a capital, a digit, an opening quote or a bullet.

    >>> starts_new("Staff left."), starts_new("\\u201cWe trusted them\\u201d"), starts_new("and then")
    (True, True, False)
    """
    first = text[:1]
    if first in _OPENING:
        first = text[1:2]
    elif first in _BULLETS:
        return text[1:2] == " "
    return first.isdigit() or (first.isalpha() and not first.islower())


_RUN_IN = re.compile(r"[^\W\d_][\w'\u2019/-]*(?: [\w'\u2019/-]+){0,2}: [\"'\u201c\u2018(]?[^\W_a-z]")


def run_in_heading(text: str) -> bool:
    """Whether a line opens with a run-in heading, as the parts of a structured abstract do: one to three
    words, a colon, and a sentence starting.

    >>> run_in_heading("Results: Human resource shortages were"), run_in_heading("However: the staff")
    (True, False)
    >>> run_in_heading("Trial registration: ISRCTN1234"), run_in_heading("as one said: We")
    (True, False)
    """
    return text[:1].isupper() and _RUN_IN.match(text) is not None


_MARKER = re.compile(r"(?:\[\d{1,3}\]|\(?\d{1,3}[.)]|[\u2022\u25aa\u25cf]) ")


def list_marker(text: str) -> bool:
    """Whether a line opens with the marker of a list's entry: a number with a full stop or bracket, or a bullet.

    >>> list_marker("12. Geerts WH, Pineo GF"), list_marker("[3] S. A. Murray"), list_marker("\u2022 Staff")
    (True, True, True)
    >>> list_marker("2010. The year"), list_marker("4.5.2 of the appendix"), list_marker("12 patients")
    (False, False, False)
    """
    return _MARKER.match(text) is not None


def heading_over_heading(text: str, below: str) -> bool:
    """Whether ``text``, a line as wide as the text, can be a heading of its own over the heading ``below``
    rather than the first line of a heading broken over two: unpunctuated, in sentence case (its last word
    in lower case and no joining word), and the line below starts with a capital.

    >>> heading_over_heading("Document review and participatory observations", "Staffing")
    True
    >>> heading_over_heading("Barriers to quality improvement in", "Malawi")
    False
    >>> heading_over_heading("Barriers to Quality Improvement", "Strategies")
    False
    >>> heading_over_heading("Patient flow and care", "within the department")
    False
    """
    if not text or ends_sentence(text) or text[-1] in _UNENDED or not starts_new(text) or not below[:1].isupper():
        return False
    last = text.rsplit(" ", 1)[-1]
    return last.isalpha() and last.islower() and last not in _JOINING


@lru_cache(maxsize=None)
def _codes(chars: Sequence[str]) -> np.ndarray:
    """The code points of ``chars``, to compare characters as numbers.

    >>> _codes((".", "?")).tolist()
    [46, 63]
    """
    return np.array([ord(char) for char in chars], dtype=np.int64)


def _shift(values, by: int, fill):
    """``values`` moved ``by`` places later (earlier when negative), ``fill`` in the gap."""
    out = np.full_like(values, fill)
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


class _Lines:
    """The flow's lines as columns of numbers, and which line continues the one before in its column.

    Arrays, so that the tests every pair of lines goes through are done for
    all pairs at once; the per-line methods serve the few pairs left over.
    """

    def __init__(self, flow: Sequence[tuple[int, Line]]) -> None:
        n = len(flow)
        pages, lines = zip(*flow)
        columns = list(zip(*lines))
        self.texts: list[str] = list(columns[0])
        self.pages = np.asarray(pages, dtype=np.int64)
        self.x0, self.top, self.x1, self.bottom = (np.asarray(c, dtype=float) for c in columns[1:5])
        self.placed = self.x1 > self.x0
        height = self.bottom - self.top
        self.height = np.maximum(height, 1.0)
        self.same = np.zeros(n, dtype=bool)  # line j is the next line down in line j-1's column
        self.step = np.zeros(n)  # how far down from line j-1, in line heights
        if n > 1:
            ha, hb = height[:-1], height[1:]
            self.same[1:] = ((self.pages[1:] == self.pages[:-1]) & self.placed[1:] & self.placed[:-1]
                             & (self.top[1:] > self.top[:-1] + 0.3 * np.maximum(np.minimum(ha, hb), 1.0))
                             & (np.minimum(self.x1[1:], self.x1[:-1]) > np.maximum(self.x0[1:], self.x0[:-1])))
            down = np.minimum(self.top[1:] - self.top[:-1], self.bottom[1:] - self.bottom[:-1])
            self.step[1:] = down / np.maximum(np.maximum(ha, hb), 1.0)
        self.usual = float(np.median(self.step[self.same])) if self.same.any() else 0.0
        # plain lists for the per-line methods (numpy's scalars are slow one at a time)
        self.x0s, self.x1s, self.sames, self.placeds = (self.x0.tolist(), self.x1.tolist(), self.same.tolist(),
                                                        self.placed.tolist())
        self.page_list = self.pages.tolist()

    def short_after(self):
        """For each line j continuing its column: is line j-1 much narrower than its neighbours?"""
        x0, x1 = self.x0, self.x1
        x0_i, x1_i = _shift(x0, 1, 0.0), _shift(x1, 1, 0.0)
        before = _shift(self.same, 1, False)  # line j-1 continues line j-2's column
        left = np.minimum(x0_i, x0)
        left = np.where(before, np.minimum(left, _shift(x0, 2, 0.0)), left)
        right = np.where(before, np.maximum(x1, _shift(x1, 2, 0.0)), x1)
        return (right > left) & ((x1_i - left) < SHORT * (right - left))

    def indented_after(self):
        """For each line j continuing its column: does it start right of line j-1 (or of line j+1, if below
        it), and not as the third line in a row to start at one place?"""
        x0_i = _shift(self.x0, 1, 0.0)
        after = _shift(self.same, -1, False)
        edge = np.where(after, np.minimum(x0_i, _shift(self.x0, -1, 0.0)), x0_i)
        shift = self.x0 - edge
        # the third line in a row to start at one place continues a block set in (a quotation and the
        # line citing it, a list) even when the body text under it starts further left
        near = 0.6 * self.height
        block = (_shift(self.same, 1, False) & (np.abs(self.x0 - x0_i) <= near)
                 & (np.abs(x0_i - _shift(self.x0, 2, 0.0)) <= near))
        return (shift > near) & (shift < 6 * self.height) & ~block

    def short(self, i: int, j: int) -> bool:
        """Whether line i is much narrower than its neighbours in its column (j: the next line)."""
        neighbours = []
        if self.placeds[i]:
            if i > 0 and self.sames[i]:
                neighbours.append(i - 1)
            if j == i + 1 and self.sames[j]:
                neighbours.append(j)
            if not neighbours:
                return False
            left = min(self.x0s[i], *(self.x0s[k] for k in neighbours))
            right = max(self.x1s[k] for k in neighbours)
            return right > left and (self.x1s[i] - left) < SHORT * (right - left)
        page = self.page_list[i]
        if i > 0 and self.page_list[i - 1] == page:
            neighbours.append(len(self.texts[i - 1]))
        if j == i + 1 and self.page_list[j] == page:
            neighbours.append(len(self.texts[j]))
        return bool(neighbours) and len(self.texts[i]) < SHORT * max(neighbours)

    def indented(self, j: int, i: int | None) -> bool:
        """Whether line j starts to the right of the lines around it in its column (i: the line above, if any)."""
        if not self.placeds[j]:
            return False
        edges = [self.x0s[i]] if i is not None else []
        if j + 1 < len(self.texts) and self.sames[j + 1]:
            edges.append(self.x0s[j + 1])
        if not edges:
            return False
        shift, h = self.x0s[j] - min(edges), float(self.height[j])
        return 0.6 * h < shift < 6 * h

    def hanging(self, j: int, i: int | None) -> bool:
        """Whether line j, set in from the line above it (i, None at a column's top) or from the one under it,
        goes on with an entry of a list set with a hanging indent: the line above opens the entry with a
        marker ("12. Geerts WH, ...") and the line under goes on at j's left edge or opens the next entry;
        or j is level with the line above and only the line under, the next entry's marker, is further left."""
        k = j + 1
        near = 0.6 * float(self.height[j])
        under = k < len(self.texts) and self.sames[k]
        next_entry = under and self.x0s[k] < self.x0s[j] - near and list_marker(self.texts[k])
        if i is not None and self.x0s[j] > self.x0s[i] + near:
            return list_marker(self.texts[i]) and (not under or abs(self.x0s[k] - self.x0s[j]) <= near
                                                   or next_entry)
        return next_entry

    def entry(self, j: int, within: bool) -> bool:
        """Whether line j opens an entry of a list set with a hanging indent: it opens with a marker, the
        line under it is set in (or opens the next entry, or there is none), and the line before ends a
        sentence, or (``within`` its column) is set in further than j."""
        text, k = self.texts[j], j + 1
        if not (self.placeds[j] and list_marker(text)):
            return False
        near = 0.6 * float(self.height[j])
        if k < len(self.texts) and self.sames[k] and not (self.x0s[k] > self.x0s[j] + near
                                                          or list_marker(self.texts[k])):
            return False
        return ends_sentence(self.texts[j - 1]) or (within and self.x0s[j] < self.x0s[j - 1] - near)

    def over_heading(self, i: int) -> bool:
        """Whether line i, starting a paragraph, is a heading of its own over a second heading under it
        (a section's, as wide as the text, over its first subsection's: see :func:`heading_over_heading`)."""
        k = i + 1
        return (k < len(self.texts) and self.sames[k] and self.placeds[i]
                and heading_over_heading(self.texts[i], self.texts[k]) and self.heading(k))

    def alone(self, i: int, step: int) -> bool:
        """Whether line i has no line before it (step -1) or after it (step 1) in its column, or on its page."""
        k = i + step
        if not 0 <= k < len(self.texts):
            return True
        if self.placeds[i]:
            return not self.sames[max(i, k)]
        return self.page_list[k] != self.page_list[i]

    def heading(self, j: int, share: float = SHORT) -> bool:
        """Whether line j (starting a column or a paragraph) is a heading: narrower than ``share`` of the
        lines under it, unpunctuated, and followed in its column by a line that could start a paragraph."""
        text = self.texts[j]
        k = j + 1
        if (ends_sentence(text) or text[-1] in _UNENDED or k >= len(self.texts) or not self.sames[k]
                or not self.placeds[j] or not starts_new(self.texts[k])):
            return False
        right, n = self.x1s[k], len(self.texts)
        for m in range(k + 1, min(k + 3, n)):  # the widest of up to three lines under it (ragged text varies)
            if not self.sames[m]:
                break
            right = max(right, self.x1s[m])
        return (self.x1s[j] - self.x0s[j]) < share * (right - min(self.x0s[k], self.x0s[j]))

    def heading_at_foot(self, i: int, breaks: Sequence[bool]) -> bool:
        """Whether line i, the last of its column, is a heading: a line of its own (a paragraph starts
        there), unpunctuated, and narrower than the lines above it."""
        text = self.texts[i]
        if not (breaks[i] and self.placeds[i] and self.sames[i]) or ends_sentence(text) or text[-1] in _UNENDED:
            return False
        k = i - 1
        left, right = min(self.x0s[k], self.x0s[i]), self.x1s[k]
        if k > 0 and self.sames[k]:
            right = max(right, self.x1s[k - 1])
        return right > left and (self.x1s[i] - self.x0s[i]) < SHORT * (right - left)


def paragraph_breaks(flow: Sequence[tuple[int, Line]]) -> list[bool]:
    """For each ``(page, line)`` of ``flow``, whether a paragraph starts there (False for the first).

    A line with blank text marks a break before the next line; its own entry is False.
    """
    texts = [line.text for _, line in flow]
    if not all(texts) or any(map(str.isspace, texts)):
        kept = [k for k, text in enumerate(texts) if text and not text.isspace()]
        inner = paragraph_breaks([flow[k] for k in kept])
        out = [False] * len(flow)
        for position, k in enumerate(kept):
            out[k] = inner[position] or (position > 0 and k > kept[position - 1] + 1)
        return out
    if len(flow) < 2:
        return [False] * len(flow)
    lines = _Lines(flow)
    texts = lines.texts
    # each line's last character (its code), compared all at once
    last = np.fromiter(map(ord, map(itemgetter(-1), texts)), dtype=np.int64, count=len(texts))
    ends = np.isin(last, _codes(_ENDS))
    for j in np.flatnonzero(np.isin(last, _codes(_CLOSING))).tolist():  # a full stop before a closing quote
        ends[j] = ends_sentence(texts[j])
    goes_on = np.isin(last, _codes(_CONTINUES))  # a line ending in a hyphen never ends a paragraph
    # pairs within a column, all at once: a wide gap, a short line before a new start, an indent after a full stop
    within = lines.same & ~_shift(goes_on, 1, True)
    gap = lines.step > GAP * lines.usual if lines.usual else np.zeros(len(texts), dtype=bool)
    short = within & ~gap & lines.short_after()
    new = np.zeros(len(texts), dtype=bool)
    for j in np.flatnonzero(short).tolist():
        new[j] = starts_new(texts[j])
    plain = gap | (short & new)
    out = within & (plain | (_shift(ends, 1, False) & lines.indented_after()))
    # an indented line that goes on with an entry of a list set with a hanging indent is no new paragraph
    for j in np.flatnonzero(out & ~plain).tolist():
        out[j] = not lines.hanging(j, j - 1)
    result = out.tolist()
    # a run-in heading after a full stop ("... observation." then "Results: Human resources ...")
    for j in np.flatnonzero(within & _shift(ends, 1, False) & ~out).tolist():
        result[j] = run_in_heading(texts[j])
    # the entries of such a list: a marker further left than the line above (over a line set in, or a line
    # level with it after a full stop, or none), or level with it, after a full stop, over a line set in
    near = 0.6 * lines.height
    under = _shift(lines.same, -1, False)
    hang = under & (_shift(lines.x0, -1, 0.0) > lines.x0 + near)
    left = lines.x0 < _shift(lines.x0, 1, 0.0) - near
    level = ~left & (lines.x0 <= _shift(lines.x0, 1, 0.0) + near)
    set_in = within & ~out & ((left & (hang | ~under | ends)) | (level & hang & _shift(ends, 1, False)))
    for j in np.flatnonzero(set_in).tolist():
        result[j] = result[j] or lines.entry(j, True)
    # a heading after a gap, a little narrower than the text under it ("Study approach, sampling and analysis")
    for i in np.flatnonzero(gap & within).tolist():
        if i + 1 < len(texts) and not result[i + 1] and lines.heading(i, WIDE_HEADING):
            result[i + 1] = True
    # the rest one by one: a new column or page, or lines without boxes
    for j in np.flatnonzero(~lines.same).tolist():
        if j == 0:
            continue
        i, text, above = j - 1, texts[j], texts[j - 1]
        if above[-1] in _CONTINUES:
            continue
        if (lines.placeds[i] and lines.placeds[j]) or lines.page_list[i] != lines.page_list[j]:
            # a heading at the top of a column, or at the foot of the one before, stands alone whatever precedes it
            result[j] = ((starts_new(text) and (lines.heading(j) or lines.heading_at_foot(i, result)))
                         or (ends_sentence(above) and (lines.short(i, j)
                                                       or (lines.indented(j, None) and not lines.hanging(j, None))
                                                       or (lines.alone(i, -1) and lines.alone(j, 1))
                                                       or run_in_heading(text) or lines.entry(j, False))))
        else:  # lines without boxes on one page
            result[j] = lines.short(i, j) and starts_new(text)
    # a heading as wide as the text, after a gap or at a column's top, over a second heading
    # ("Document review and participatory observations", then "Staffing", then its text)
    for i in np.flatnonzero((gap & within) | ~lines.same).tolist():
        if i + 1 < len(texts) and not result[i + 1] and (result[i] or i == 0) and lines.over_heading(i):
            result[i + 1] = True
    return result


def build(pages: Sequence[Sequence[Line]], vocabulary: Vocabulary | None = None) -> Flow:
    """Join the lines of ``pages`` (in reading order) into paragraphs; hyphens as :func:`.glue` decides.

    ``vocabulary`` defaults to the lines' own; one made of more text (running heads too) does as well.
    """
    flow = [(p, line) for p, lines in enumerate(pages) for line in lines]
    texts = list(map(str.strip, map(itemgetter(0), chain.from_iterable(pages))))
    if vocabulary is None:
        vocabulary = Vocabulary.of(texts)
    breaks = paragraph_breaks(flow)
    order = [k for k, text in enumerate(texts) if text]
    separators = ["\n\n" if new else " " for new in breaks]
    if order:
        separators[order[0]] = ""
    joined = kept = 0
    closer = [n for n, k in enumerate(order[:-1]) if texts[k][-1] in _GLUED]  # hyphens and dashes at line ends
    for n in closer:
        i, j = order[n], order[n + 1]
        if not breaks[j]:
            how = glue(texts[i], texts[j], vocabulary)
            if how.cut:
                texts[i] = texts[i][: -how.cut]
            separators[j] = how.separator
            joined += how.action == "joined"
            kept += how.action == "kept"
    pieces = [separators[k] + texts[k] for k in order]
    ends = [0, *accumulate(map(len, pieces))]
    starts: list[int | None] = [None] * len(pages)
    first = 0  # the index in the flow of each page's first line
    for page, lines in enumerate(pages):
        n = bisect_left(order, first)  # the page's first line with text, if it is on this page
        if n < len(order) and order[n] < first + len(lines):
            starts[page] = ends[n] + len(separators[order[n]])
        first += len(lines)
    paragraphs = 1 + sum(breaks[k] for k in order[1:]) if order else 0
    return Flow("".join(pieces), tuple(starts), paragraphs, joined, kept)
