"""Figures and tables taken out of the sentences they interrupt.

Publishers often write a page's figures and tables into the text layer after the
columns of running text (or between them), so that, read in order, a figure's
labels or a table's rows land in the middle of a sentence that runs on to the
next page. A float starts at a caption line ("Figure 1 ...", "Fig. 2.",
"Table 3: ...", "Box 1") that is not running text ("Table 2 shows ..." is); a
table's rows come after its caption and below it, a figure's words before its
caption and above it, in the caption's column, up to running text (two or more
wide lines of words, one under the other). A caption set on its side (a table
turned to fit a page) takes every line turned with it.

:func:`find_floats` finds them on a page; :func:`place_floats` puts each, as
paragraphs of its own, at the paragraph break nearest the end of its page
(within the page when it has one), so no sentence is cut. A table keeps its
caption and its rows, one row a line; a figure keeps its caption, and the words
inside it (axis labels, boxes of a flow chart) are left out and reported.

>>> rows = [Line("Table 1 Who took part", 57, 90, 287, 98), Line("Group Number", 57, 104, 290, 111),
...         Line("Parents", 57, 117, 102, 124), Line("12", 190, 117, 200, 123)]
>>> found = find_floats(rows, 595)
>>> found[0].kind, found[0].caption, found[0].content
('table', (0,), (1, 2, 3))
>>> table_text(rows, found[0])
'Table 1 Who took part\\nGroup Number\\nParents 12'
>>> flow = Flow("It was a prerequisite for the next\\n\\nstep.", (0,), 2)
>>> placed, extras = place_floats(flow, [["Table 1 Who took part"]])
>>> print(placed.text)
It was a prerequisite for the next
<BLANKLINE>
Table 1 Who took part
<BLANKLINE>
step.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .layout import Line, column_of
from .paragraphs import Flow

CAPTION = re.compile(r"(?:Figure|FIGURE|Fig\.|FIG\.|Table|TABLE|Box|BOX|Exhibit|EXHIBIT)\s?\d{1,3}[A-Za-z]?"
                     r"(?=$|[\s.:|\u2013\u2014-])")
_AFTER = " .:|\u2013\u2014-"
PROSE = 0.8  # a line at least this share of the page's usual line width may be running text
MOST_CAPTION_LINES = 6


@dataclass(frozen=True)
class Float:
    """A figure or table on a page: the indices (in the page's lines) of its caption and contents."""

    kind: str  # "figure" or "table"
    caption: tuple[int, ...]
    content: tuple[int, ...] = ()

    @property
    def lines(self) -> tuple[int, ...]:
        return self.caption + self.content


def is_caption(text: str) -> bool:
    """Whether a line starts like a caption, not like running text that names one.

    >>> is_caption("Table 1 Patient-provider relationship"), is_caption("Fig. 2. Flow of patients")
    (True, True)
    >>> is_caption("Table 2 shows the themes"), is_caption("Figure 1, above, shows"), is_caption("Tables")
    (False, False, False)
    """
    found = CAPTION.match(text)
    if found is None:
        return False
    rest = text[found.end():].lstrip(_AFTER)
    return not rest[:1].islower() and rest[:1] not in (",", ";", ")")


def _turned(line: Line) -> bool:
    """Whether a line is set on its side (its box much taller than wide)."""
    return line.placed and line.height > 1.5 * (line.x1 - line.x0) and len(line.text) > 3


def _level(line: Line) -> bool:
    """Whether a line is plainly set level: long, and many times wider than high."""
    wide = line.x1 - line.x0
    return line.placed and wide >= 100 and wide > 5 * line.height


def find_floats(lines: Sequence[Line], width: float) -> list[Float]:
    """The figures and tables on a page of placed ``lines`` (in reading order), by caption."""
    if not any(CAPTION.match(line.text) for line in lines):  # most pages: one quick look
        return []
    widths = sorted(line.x1 - line.x0 for line in lines if line.placed and not _turned(line))
    usual = widths[len(widths) * 3 // 4] if widths else 0.0
    taken: set[int] = set()
    found: list[Float] = []

    def prose(i: int) -> bool:
        line = lines[i]
        letters = sum(c.isalpha() for c in line.text)
        return (line.x1 - line.x0 >= PROSE * usual and letters >= 0.6 * len(line.text)
                and any(c.islower() for c in line.text))

    def under(i: int, j: int) -> bool:  # line j is the next one down from line i, in its column
        a, b = lines[i], lines[j]
        return (b.top > a.top and b.top - a.bottom < 1.2 * max(a.height, 1.0)
                and min(a.x1, b.x1) > max(a.x0, b.x0))

    def running(i: int, caption: Sequence[int]) -> bool:  # running text: wide lines of words, one under another
        def beside(j: int) -> bool:
            return 0 <= j < len(lines) and j not in caption and prose(j)
        return prose(i) and ((beside(i - 1) and under(i - 1, i)) or (beside(i + 1) and under(i, i + 1)))

    def band(line: Line) -> tuple[float, float]:
        side = column_of(line, width)
        return {"L": (0.0, width / 2), "R": (width / 2, width)}.get(side, (0.0, width))

    def inside(line: Line, where: tuple[float, float]) -> bool:
        return line.placed and where[0] <= (line.x0 + line.x1) / 2 <= where[1]

    for c, line in enumerate(lines):
        if c in taken or not line.placed or not is_caption(line.text):
            continue
        if c > 0 and lines[c - 1].placed and under(c - 1, c) and prose(c - 1) \
                and not lines[c - 1].text.rstrip().endswith((".", ":", "?", "!")):
            continue  # the line before goes on into this one: running text after all
        kind = "figure" if line.text[:1] in "Ff" else "table"
        if _turned(line):  # a table or figure turned on its side: every line of the page not set level and long
            content = tuple(i for i, other in enumerate(lines) if i != c and i not in taken and not _level(other))
            item = Float(kind, (c,), content)
        elif kind == "table":
            where, content, last = band(line), [], line.bottom
            for k in range(c + 1, len(lines)):
                other = lines[k]
                if k in taken or not inside(other, where) or other.top < line.bottom - 1 or running(k, (c,)):
                    break
                if content and other.top - last > 3 * max(other.height, 1.0):
                    break  # a wide gap: the table ended
                content.append(k)
                last = max(last, other.bottom)
            item = Float(kind, (c,), tuple(content))
        else:
            where, caption = band(line), [c]
            for k in range(c + 1, min(c + MOST_CAPTION_LINES, len(lines))):
                if k in taken or not inside(lines[k], where) or not under(caption[-1], k):
                    break
                caption.append(k)
            content = []
            for k in range(c - 1, -1, -1):
                other = lines[k]
                if k in taken or not inside(other, where) or other.bottom > line.top + 1 or running(k, caption):
                    break
                content.append(k)
            item = Float(kind, tuple(caption), tuple(sorted(content)))
        taken.update(item.lines)
        found.append(item)
    return found


def _rows(lines: Sequence[Line]) -> list[list[Line]]:
    """Lines grouped into rows (boxes side by side at one height), top to bottom, each left to right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: (line.top, line.x0)):
        middle = (line.top + line.bottom) / 2
        if rows and abs(middle - (rows[-1][0].top + rows[-1][0].bottom) / 2) < 0.5 * max(line.height, 1.0):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda line: line.x0) for row in rows]


def caption_text(lines: Sequence[Line], item: Float) -> str:
    """A float's caption as one paragraph (its lines joined, a hyphen at a line end kept)."""
    return " ".join(lines[i].text.strip() for i in item.caption if lines[i].text.strip())


def table_text(lines: Sequence[Line], item: Float, caption: str | None = None) -> str:
    """A table as text: the caption (``caption``, else its lines joined), then one line per row
    (cells in a row joined by a space)."""
    if any(_turned(lines[i]) for i in item.content):  # turned: the text layer's order is the rows'
        rows = [lines[i].text.strip() for i in item.content]
    else:
        rows = [" ".join(line.text.strip() for line in row) for row in _rows([lines[i] for i in item.content])]
    return "\n".join([caption if caption is not None else caption_text(lines, item), *filter(None, rows)])


def place_floats(flow: Flow, floats: Sequence[Sequence[str]]) -> tuple[Flow, list[tuple[int, int]]]:
    """``flow`` with each page's float texts (``floats[page]``) put in as paragraphs of their own at a
    paragraph break: the last one on the page when it has one, else the first one from the page's end
    on (the end of the text at the latest); and where that is another page's text, the places where
    the page map must say the float's page and then that page again: ``(offset, page)`` pairs."""
    original, starts = flow.text, list(flow.page_starts)
    # the text is put together once at the end: the floats go in at places in page order, so after the
    # last one put in (``floor``) the text is the original moved on by what was put in so far (``shift``)
    inserted: list[tuple[int, str]] = []  # (offset in the original, what goes in there)
    extras: list[tuple[int, int]] = []
    added = floor = shift = 0  # floor: the end of the floats put in so far (they stay in page order)
    for page, pieces in enumerate(floats):
        pieces = [piece for piece in pieces if piece.strip()]
        if not pieces:
            continue
        size = len(original) + shift
        lo = starts[page]
        hi = next((s for s in starts[page + 1:] if s is not None), size)
        at = _rfind(original, shift, max(lo, floor), hi) if lo is not None else -1
        while at > max(lo or 0, floor) and _heading_before(original, at - shift):  # never between a heading and its text
            earlier = _rfind(original, shift, max(lo or 0, floor), at)
            if earlier == -1:
                break
            at = earlier
        if at == -1:
            found = original.find("\n\n", max(hi - 2, floor) - shift)
            at = found + shift if found != -1 else size
        block = "\n\n".join(pieces)
        piece = "\n\n" + block if size else block
        host = max((p for p, s in enumerate(starts) if s is not None and s <= at), default=None)
        inserted.append((at - shift, piece))
        shift += len(piece)
        starts = [s + len(piece) if s is not None and s > at else s for s in starts]
        extras = [(o + len(piece) if o > at else o, p) for o, p in extras]
        if host != page:
            extras.append((at + len(piece) - len(block), page))
            if host is not None and at < size:
                extras.append((at + len(piece) + 2, host))
        added += len(pieces)
        floor = at + len(piece)
    parts, done = [], 0
    for offset, piece in inserted:
        parts += (original[done:offset], piece)
        done = offset
    text = "".join(parts) + original[done:] if inserted else original
    return replace(flow, text=text, page_starts=tuple(starts), paragraphs=flow.paragraphs + added), extras


def _rfind(original: str, shift: int, start: int, end: int) -> int:
    """The last paragraph break between ``start`` and ``end`` of the text being made (both at or after the
    floats put in so far, after which it is ``original`` moved on by ``shift``), or -1."""
    if end - start < 2:
        return -1
    found = original.rfind("\n\n", start - shift, end - shift)
    return found + shift if found != -1 else -1


def _heading_before(text: str, at: int) -> bool:
    """Whether the paragraph that ends at ``at`` is a heading (short, no full stop at its end)."""
    brk = text.rfind("\n\n", 0, at)
    start = brk + 2 if brk != -1 else 0
    paragraph = text[start:at].strip()
    return 0 < len(paragraph) < 80 and paragraph[-1] not in ".?!:\u201d\"')"


def page_map(starts: Sequence[int | None], extras: Sequence[tuple[int, int]],
             labels: Sequence[str]) -> tuple[tuple[int, str], ...]:
    """The page map: each page's start, and the extra entries :func:`place_floats` asked for (a page's own
    start wins a tie), in order of offset, an entry that repeats the label before it left out.

    >>> page_map([0, 40], [(20, 1), (30, 0)], ["1", "2"])
    ((0, '1'), (20, '2'), (30, '1'), (40, '2'))
    """
    entries = {start: p for p, start in enumerate(starts) if start is not None}
    for offset, p in extras:
        entries.setdefault(offset, p)
    out: list[tuple[int, str]] = []
    for offset in sorted(entries):
        label = labels[entries[offset]]
        if not out or out[-1][1] != label:
            out.append((offset, label))
    return tuple(out)
