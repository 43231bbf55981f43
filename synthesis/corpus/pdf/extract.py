"""The one library call: a PDF's text lines with their boxes, labels and title.

pypdfium2 (PDFium, Apache-2.0/BSD) reads the text layer. For each page this
module asks PDFium for the page's text once, cuts it into visual lines (PDFium
ends a line with ``\\r\\n`` and, where a word was hyphenated at a line end,
joins the two lines and marks the hyphen with U+FFFE; the hyphen is put back
and the line cut there), and measures each line's box with PDFium's text
rectangles. Two runs of text on one line with a wide gap between them (the
left and right halves of a running head, or two interleaved columns) become
two lines. Only page 1's lines get a font size (for the title). Accents drawn
as characters of their own over a letter (:mod:`.accents`) are put on it.

Everything after this module works on :class:`~.layout.Line` records, so it
can be tested with lines made by hand.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, repeat
from pathlib import Path

import numpy as np

from ...errors import InputError
from .accents import ACCENT, Accents, find_accents
from .layout import Line, PdfPage, reading_order


@dataclass(frozen=True)
class RawPdf:
    """What the text layer holds: the pages (with /PageLabels) and the metadata title."""

    pages: tuple[PdfPage, ...]
    title: str = ""
    stripped: bool = False  # every line's text has no spaces at its ends (as :func:`read_pdf` makes them)


class _Boxes:
    """PDFium's text-box calls on one text page, with out-parameters made once (when first needed)."""

    def __init__(self, raw, pdfium_c, left: float, top: float) -> None:
        self.raw, self.c, self.left, self.top = raw, pdfium_c, left, top

    @cached_property
    def doubles(self) -> list[ctypes.c_double]:
        return [ctypes.c_double() for _ in range(4)]

    @cached_property
    def refs(self) -> list:
        return [ctypes.byref(d) for d in self.doubles]

    @cached_property
    def rect(self):
        return self.c.FS_RECTF()

    def char_index(self, text_index: int) -> int:
        return self.c.FPDFText_GetCharIndexFromTextIndex(self.raw, text_index)

    def counter(self):
        """A function ``(start, count) -> n``: how many text rectangles PDFium cuts ``count`` chars from
        ``start`` into (cheap enough to ask once a line)."""
        lean = _lean_count_rects(self.c)
        if lean is None:
            return lambda start, count: self.c.FPDFText_CountRects(self.raw, start, count)
        handle = ctypes.cast(self.raw, ctypes.c_void_p).value
        return lambda start, count: lean(handle, start, count)

    def table(self, start: int = 0, count: int = -1) -> np.ndarray:
        """The text rectangles of ``count`` chars from ``start`` (-1: all) as rows (x0, top, x1, bottom), top-down."""
        c, raw = self.c, self.raw
        n = c.FPDFText_CountRects(raw, start, count)
        if n <= 0:
            return np.empty((0, 4))
        lean = _lean_get_rect(c)
        if lean is None:
            return np.array(self._rects_checked(n), dtype=float).reshape(-1, 4)
        # the same call without ctypes' per-argument checks (a long page makes thousands), writing every
        # rectangle's four values in place into one array
        out = np.empty((n, 4))
        base = out.ctypes.data
        end = base + 32 * n
        handle = ctypes.cast(raw, ctypes.c_void_p).value
        ok = list(map(lean, repeat(handle, n), range(n), range(base, end, 32), range(base + 8, end, 32),
                      range(base + 16, end, 32), range(base + 24, end, 32)))
        out[:, 0::2] -= self.left
        np.subtract(self.top, out[:, 1::2], out=out[:, 1::2])
        return out if all(ok) else out[np.array(ok, dtype=bool)]

    def rects(self, start: int, count: int) -> list[tuple[float, float, float, float]]:
        """Boxes (x0, top, x1, bottom), top-down, of the text rectangles of ``count`` chars (-1: all)."""
        return list(zip(*self.table(start, count).T.tolist()))

    def _rects_checked(self, n: int) -> list[tuple[float, float, float, float]]:
        """The rectangles through pypdfium2's own binding (one call each, every argument checked)."""
        get = self.c.FPDFText_GetRect
        left, top, right, bottom = self.doubles
        l_ref, t_ref, r_ref, b_ref = self.refs
        out = []
        for i in range(n):
            if get(self.raw, i, l_ref, t_ref, r_ref, b_ref):
                out.append((left.value - self.left, self.top - top.value, right.value - self.left,
                            self.top - bottom.value))
        return out

    def char_box(self, index: int) -> tuple[float, float, float, float] | None:
        left, right, bottom, top = self.doubles
        l_ref, r_ref, b_ref, t_ref = self.refs
        if not self.c.FPDFText_GetCharBox(self.raw, index, l_ref, r_ref, b_ref, t_ref):
            return None
        return left.value - self.left, self.top - top.value, right.value - self.left, self.top - bottom.value

    def size(self, index: int) -> float:
        """The height of a character's font box (its em size, scaled as drawn)."""
        if not self.c.FPDFText_GetLooseCharBox(self.raw, index, self.rect):
            return 0.0
        return abs(self.rect.top - self.rect.bottom)

    def text_index(self, char: int) -> int:
        return self.c.FPDFText_GetTextIndexFromCharIndex(self.raw, char)

    def generated(self, char: int) -> bool:
        """Whether PDFium made the character up (a space or line end that the page does not draw)."""
        return self.c.FPDFText_IsGenerated(self.raw, char) == 1


@lru_cache(maxsize=1)
def _lean_get_rect(pdfium_c):
    """``FPDFText_GetRect`` called through a prototype that takes plain addresses, or None.

    pypdfium2's binding checks and converts each argument on every call, which
    costs more than PDFium's own work here; the rectangles of a long article take
    tens of thousands of calls. Here the handle and the four out-pointers (into
    one array of doubles for all of a page's rectangles) are plain integers.
    """
    try:
        address = ctypes.cast(pdfium_c.FPDFText_GetRect, ctypes.c_void_p).value
        pointer = ctypes.c_void_p
        # called without letting go of the interpreter lock, which a call this short only pays for
        return ctypes.PYFUNCTYPE(ctypes.c_int, pointer, ctypes.c_int, pointer, pointer, pointer, pointer)(address)
    except Exception:  # another kind of binding: use it as it is
        return None


@lru_cache(maxsize=1)
def _lean_count_rects(pdfium_c):
    """``FPDFText_CountRects`` through a prototype that takes the text page as a plain address, or None
    (see :func:`_lean_get_rect`)."""
    try:
        address = ctypes.cast(pdfium_c.FPDFText_CountRects, ctypes.c_void_p).value
        return ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_int)(address)
    except Exception:  # another kind of binding: use it as it is
        return None


def read_pdf(path: str | Path) -> RawPdf:
    """The text lines of every page of ``path``, its /PageLabels and metadata title.

    Raises :class:`~synthesis.errors.InputError` for a password-protected or
    unreadable file.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    path = Path(path)
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise InputError(path, "is password protected (encrypted); save an unprotected copy "
                             "and import that") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise InputError(path, "is encrypted with a security handler that cannot be read; save an "
                             "unprotected copy and import that") from None
        raise InputError(path, f"is not a readable PDF ({exc})") from None
    try:
        pages = []
        for index in range(len(document)):
            try:
                pages.append(_read_page(document, index, pdfium_c))
            except InputError:
                raise
            except Exception as exc:  # PdfiumError, or a damaged page
                raise InputError(path, f"is not a readable PDF (page {index + 1}: {type(exc).__name__}: {exc})") from None
        title = document.get_metadata_value("Title")
    finally:
        document.close()
    return RawPdf(tuple(pages), title.strip(), stripped=True)


def _read_page(document, index: int, pdfium_c) -> PdfPage:
    page = document[index]
    try:
        left, bottom, right, top = page.get_bbox()
        width, height = right - left, top - bottom
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            boxes = _Boxes(textpage.raw, pdfium_c, left, top)
            lines = _page_lines(text, textpage.count_chars(), boxes, measure=index == 0)
        finally:
            textpage.close()
    finally:
        page.close()
    ordered = reading_order(lines, width)
    return PdfPage(index + 1, tuple(ordered), width, height, document.get_page_label(index), ordered != lines)


def _segments(text: str) -> list[tuple[int, str]]:
    """``(text index, line)`` for each visual line: split at CR LF and after marked hyphens.

    >>> _segments("The partner\ufffeship grew.\\r\\nIt took time.")
    [(0, 'The partner-'), (12, 'ship grew.'), (24, 'It took time.')]
    """
    if "\x02" in text:
        text = text.replace("\x02", "\ufffe")
    if "\ufffe" not in text:  # no marked hyphens: the lines as they are, with their start offsets
        lines = text.split("\r\n")
        return list(zip(accumulate([len(line) + 2 for line in lines[:-1]], initial=0), lines))
    out: list[tuple[int, str]] = []
    position = 0
    for line in text.split("\r\n"):
        if "\ufffe" in line:
            start = position
            parts = line.split("\ufffe")
            for part in parts[:-1]:
                out.append((start, part + "-"))
                start += len(part) + 1
            out.append((start, parts[-1]))
        else:
            out.append((position, line))
        position += len(line) + 2
    return out


def _page_lines(text: str, n_chars: int, boxes: _Boxes, measure: bool) -> list[Line]:
    """The page's visual lines with their boxes.

    PDFium's text rectangles come in character order, one per line (more when
    a line has runs apart or in other fonts); asked for once per page, they are
    dealt out to the lines in order. Where a rectangle is level with the next,
    PDFium is asked how many rectangles the line has. When they do not come out
    even, they are dealt out by every line's count (:func:`_page_lines_each`),
    and failing that each line's rectangles are asked for separately. (This runs
    for every line of every page, hence the plain loop.)
    """
    segments = _segments(text)
    accented = ACCENT.search(text) is not None  # the one check on a page without spacing accents
    if n_chars == len(text) and boxes.char_index(len(text) - 1) == len(text) - 1:
        starts = [t0 for t0, _ in segments]  # text and characters correspond one to one
    else:
        starts = [boxes.char_index(t0) for t0, _ in segments]
    table = boxes.table(0, -1)  # one array for the page, dealt out below
    rects = list(zip(*table.T.tolist()))
    clear = _clear(table)
    count = None  # PDFium's count of a line's rectangles, asked for where their order alone may mislead
    ends: list[int] = []  # each segment's end, worked out with ``count``
    lines: list[Line] = []
    new = tuple.__new__
    r, n = 0, len(rects)
    last_bottom = -1e9  # the bottom of the last line added
    fix = None
    for k, ((t0, part), first) in enumerate(zip(segments, starts)):
        if first < 0 or not part or part.isspace():
            continue
        if r >= n:
            break
        rect = rects[r]
        if accented:
            fix = _accents(part, t0, boxes)
        if not clear[r] or fix is not None:
            # the next rectangle is not simply the next line's, under this one: it may be this line's
            # (another type, a raised note number, a quotation mark, the rest of a line turned on its
            # side) or the next line's (a note number PDFium gives as a line of its own, the next
            # column); PDFium says how many are this line's
            if count is None:
                count, ends = boxes.counter(), _ends(starts, n_chars)
            m = count(first, max(ends[k] - first, 1))
            if m < 1 or r + m > n:
                break
            if m > 1 or fix is not None:
                _add_line(lines, part, t0, first, ends[k], rects[r:r + m], boxes, measure, fix)
                r += m
                last_bottom = lines[-1][4] if lines else -1e9
                continue
        r += 1
        size = boxes.size(first) if measure else 0.0
        if rect[1] < last_bottom and _beside(lines[-1], rect[0], rect[1], rect[3]):
            lines[-1] = _joined(lines[-1], part.strip(), *rect, size)
            last_bottom = lines[-1][4]
        else:
            lines.append(new(Line, (part.strip(), *rect, size)))
            last_bottom = rect[3]
    else:
        if r == n:
            return lines
    dealt = _page_lines_each(segments, starts, n_chars, boxes, measure, accented, rects)
    if dealt is None:  # line by line
        dealt = _page_lines_each(segments, starts, n_chars, boxes, measure, accented)
    return dealt


def _clear(table: np.ndarray) -> list[bool]:
    """For each rectangle (rows x0, top, x1, bottom, in order), whether the next one is simply under it
    in its column: below it (give or take half a point) and overlapping it from side to side; True
    for the last.

    >>> _clear(np.array([(50, 100, 280, 109), (50, 112, 270, 121), (310, 60, 540, 69), (541, 58, 544, 63)]))
    [True, False, False, True]
    """
    out = np.ones(len(table), dtype=bool)
    if len(table) > 1:
        x0, top, x1, bottom = table[:-1].T
        following = table[1:]
        out[:-1] = (following[:, 1] >= bottom - 0.5) & (following[:, 0] < x1) & (following[:, 2] > x0)
    return out.tolist()


def _page_lines_each(segments: list[tuple[int, str]], starts: list[int], n_chars: int, boxes: _Boxes,
                     measure: bool, accented: bool = False,
                     rects: list[tuple[float, float, float, float]] | None = None) -> list[Line] | None:
    """The page's lines, one segment at a time.

    Given the page's ``rects``, they are dealt out by how many PDFium cuts each line into, or None is
    returned when those counts do not add up to the page's. PDFium cuts a run of characters into
    rectangles where the line or the type changes, the same way for a line as for the whole page, so
    the counts deal the page's rectangles out exactly where the order alone does not (a line in
    italics and upright type, a raised note number). Without ``rects``, each line's rectangles are
    asked for separately (slower, never confused).
    """
    count = boxes.counter() if rects is not None else None
    ends = _ends(starts, n_chars)
    lines: list[Line] = []
    r = 0
    for k, (t0, part) in enumerate(segments):
        first = starts[k]
        if first < 0 or not part or part.isspace():
            continue
        length = max(ends[k] - first, 1)
        if rects is None:
            mine = boxes.rects(first, length)
        else:
            m = count(first, length)
            if m < 0 or r + m > len(rects):
                return None
            mine = rects[r:r + m]
            r += m
        fix = _accents(part, t0, boxes) if accented else None
        _add_line(lines, part, t0, first, ends[k], mine, boxes, measure, fix)
    return lines if rects is None or r == len(rects) else None


def _add_line(lines: list[Line], part: str, t0: int, first: int, end: int,
              rects: list[tuple[float, float, float, float]], boxes: _Boxes, measure: bool,
              fix: Accents | None = None) -> None:
    """Add the segment ``part`` (text index ``t0``, characters ``first`` to ``end``) with its rectangles:
    one line, or one per run of text apart from the others.

    With ``fix``, the accents it found go on their letters and their own
    rectangles are left out (they would cut the line into runs).
    """
    if fix is not None:
        rects = [rect for rect in rects if not fix.covers(rect)] or rects
    if not rects:
        lines.append(Line(_text(part, fix)))
        return
    size = boxes.size(first) if measure else 0.0
    runs = _runs(rects) if len(rects) > 1 else rects
    if len(runs) > 1:
        lines.extend(_split_runs(part, t0, first, end, runs, boxes, size, fix))
        return
    x0, top, x1, bottom = runs[0]
    text = _text(part, fix)
    if lines and top < lines[-1][4] and _beside(lines[-1], x0, top, bottom):
        lines[-1] = _joined(lines[-1], text, x0, top, x1, bottom, size)
    else:
        lines.append(Line(text, x0, top, x1, bottom, size))


def _text(part: str, fix: Accents | None) -> str:
    """A segment's text as a line's: its accents put on their letters (``fix``), stripped."""
    return (part if fix is None else fix.text(part)).strip()


def _accents(part: str, t0: int, boxes: _Boxes) -> Accents | None:
    """The spacing accents of segment ``part`` (from text index ``t0``) that sit on a letter, or None.

    Asked only on a page whose text has an accent character; the characters'
    boxes are measured only for a segment that has one.
    """
    if ACCENT.search(part) is None:
        return None
    chars = [boxes.char_index(t0 + i) for i in range(len(part))]
    found = [boxes.char_box(c) if c >= 0 else None for c in chars]
    return find_accents(part, [box if box is None or box[2] > box[0] else None for box in found],
                        [c < 0 or boxes.generated(c) for c in chars])


def _ends(starts: list[int], n_chars: int) -> list[int]:
    """For each segment, the character index after it: the next segment's first character (segments
    without characters, -1, passed over), or ``n_chars`` for the last.

    >>> _ends([0, 5, -1, 9], 12)
    [5, 9, 9, 12]
    """
    out = [n_chars] * len(starts)
    following = n_chars
    for k in range(len(starts) - 1, -1, -1):
        out[k] = following
        if starts[k] >= 0:
            following = starts[k]
    return out


def _runs(rects: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Merge the rectangles of one line into runs; a wide gap (or a new line) starts a new run.

    >>> _runs([(50, 100, 120, 109), (121, 100, 180, 109), (400, 100, 500, 109)])
    [(50, 100, 180, 109), (400, 100, 500, 109)]

    A line set on its side (a table turned to fit the page) runs up or down the page, so there
    the gaps are measured from top to bottom (see :func:`_runs_on_side`).

    (Most lines of a real article have several rectangles, one per change of type; hence
    the plain comparisons.)
    """
    if _on_side(rects):
        return _runs_on_side(rects)
    runs = []
    x0, top, x1, bottom = rects[0]
    for nx0, ntop, nx1, nbottom in rects[1:]:
        h = nbottom - ntop
        if bottom - top > h:
            h = bottom - top
        if h < 1.0:
            h = 1.0
        gap = nx0 - x1
        if (nbottom if nbottom < bottom else bottom) > (ntop if ntop > top else top) and -0.5 * h <= gap <= 0.8 * h:
            if nx0 < x0:
                x0 = nx0
            if ntop < top:
                top = ntop
            if nx1 > x1:
                x1 = nx1
            if nbottom > bottom:
                bottom = nbottom
        else:
            runs.append((x0, top, x1, bottom))
            x0, top, x1, bottom = nx0, ntop, nx1, nbottom
    runs.append((x0, top, x1, bottom))
    return runs


def _on_side(rects: list[tuple[float, float, float, float]]) -> bool:
    """Whether a line's rectangles together are a line set on its side: over 20 points, and more than
    twice as tall as they are wide.

    >>> _on_side([(164.4, 551.0, 171.1, 596.7), (164.9, 546.1, 170.1, 547.4)])
    True
    >>> _on_side([(50, 100, 120, 109), (121, 98, 124, 104)])
    False
    """
    x0 = min(rect[0] for rect in rects)
    x1 = max(rect[2] for rect in rects)
    top = min(rect[1] for rect in rects)
    bottom = max(rect[3] for rect in rects)
    return bottom - top > 20 and bottom - top > 2 * (x1 - x0)


def _runs_on_side(rects: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """:func:`_runs` for a line set on its side: rectangles side by side across the line that follow
    each other up or down the page with a small gap are one run.

    >>> _runs_on_side([(164.4, 551.0, 171.1, 596.7), (164.9, 546.1, 170.1, 547.4), (164.4, 328.6, 171.8, 544.1)])
    [(164.4, 328.6, 171.8, 596.7)]
    >>> _runs_on_side([(95.4, 628.7, 102.7, 732.0), (95.4, 316.1, 102.8, 597.0)])
    [(95.4, 628.7, 102.7, 732.0), (95.4, 316.1, 102.8, 597.0)]
    """
    runs = []
    x0, top, x1, bottom = rects[0]
    for nx0, ntop, nx1, nbottom in rects[1:]:
        w = max(x1 - x0, nx1 - nx0, 1.0)
        gap = max(top - nbottom, ntop - bottom)  # up the page or down it
        if min(x1, nx1) > max(x0, nx0) and -0.5 * w <= gap <= 0.8 * w:
            x0, top, x1, bottom = min(x0, nx0), min(top, ntop), max(x1, nx1), max(bottom, nbottom)
        else:
            runs.append((x0, top, x1, bottom))
            x0, top, x1, bottom = nx0, ntop, nx1, nbottom
    runs.append((x0, top, x1, bottom))
    return runs


def _split_runs(part: str, t0: int, first: int, end: int, runs, boxes: _Boxes, size: float,
                fix: Accents | None = None) -> list[Line]:
    """Cut a line's text where its characters move from one run's box to the next.

    The characters of a line come run by run, so the first character of each
    run is found by bisection over the characters' boxes (not the accents ``fix``
    puts on letters: they may come out of place).
    """
    cuts: list[int] = []
    lo = first
    skip = frozenset(boxes.char_index(t0 + i) for i in fix.accents) if fix is not None else frozenset()
    for nx0, ntop, _, nbottom in runs[1:]:
        hi = end
        while lo < hi:  # the first char at or right of the run's left edge, on its line
            mid = (lo + hi) // 2
            box = _box_near(boxes, mid, hi, skip)
            if box is None:
                hi = mid
            elif box[0] >= nx0 - 0.5 and min(box[3], nbottom) - max(box[1], ntop) > 0:
                hi = mid
            else:
                lo = mid + 1
        index = boxes.text_index(lo) if lo < end else -1
        if index < t0:
            break
        cuts.append(index - t0)
    pieces, start = [], 0
    for cut in cuts + [len(part)]:
        pieces.append(part[start:cut])
        start = cut
    out = []
    if fix is not None:
        pieces = [fix.text(part, start, start + len(piece)) for start, piece in zip([0, *cuts], pieces)]
    for piece, (x0, top, x1, bottom) in zip(pieces, runs):
        if piece.strip():
            out.append(Line(piece.strip(), x0, top, x1, bottom, size))
    return out


def _box_near(boxes: _Boxes, index: int, end: int,
              skip: frozenset[int] = frozenset()) -> tuple[float, float, float, float] | None:
    """The box of char ``index``, or of the next char that has one (spaces PDFium made up have none),
    passing over the chars in ``skip``."""
    for char in range(index, end):
        if skip and char in skip:
            continue
        box = boxes.char_box(char)
        if box is not None and box[2] > box[0]:
            return box
    return None


def _beside(prev: Line, x0: float, top: float, bottom: float) -> bool:
    """Whether a piece at ``x0, top, bottom`` sits just right of line ``prev`` on the same line
    (PDFium gives raised or lowered text, such as a note number, as a line of its own).

    Never beside a line of words taller than it is wide: text set on its side (a table turned to
    fit the page), where the next line's box is beside this one's and level with it.

    >>> _beside(Line("Trust grew", 50, 100, 120, 109), 120.5, 98, 104)
    True
    >>> _beside(Line("Table 2 Overview of themes", 59, 333, 68, 733), 73, 282, 732)
    False
    """
    text, px0, ptop, px1, pbottom, _ = prev
    if px1 - px0 < pbottom - ptop and len(text) > 2:
        return False
    h = max(min(pbottom - ptop, bottom - top), 1.0)
    overlap = min(pbottom, bottom) - max(ptop, top)
    return overlap >= 0.5 * h and -0.5 <= x0 - px1 <= max(pbottom - ptop, bottom - top)


def _joined(prev: Line, text: str, x0: float, top: float, x1: float, bottom: float, size: float) -> Line:
    h = max(min(prev.bottom - prev.top, bottom - top), 1.0)
    separator = " " if x0 - prev.x1 > 0.15 * h else ""
    return Line(prev.text + separator + text, prev.x0, min(prev.top, top), x1, max(prev.bottom, bottom),
                max(prev.size, size))
