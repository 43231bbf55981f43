"""A disagreement side by side: the text around both reviewers' spans, and what each marked.

The queue shows two columns over the same stretch of text: on the left the coding in
question, on the right what the other side did (the other coder's codings on that span,
or the checker's proposed span and code). No UI here: views draw :class:`SideBySide`.

>>> import tempfile
>>> from synthesis import Project
>>> from synthesis.review.queue import Disagreement
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust grew over time. Both partners acted quickly.", title="Note", source_id="note")
>>> (mine,) = p.apply_code("note", 0, 5, p.create_code("Trust"))
>>> (theirs,) = p.apply_code("note", 0, 21, p.create_code("Time"))
>>> view = side_by_side(p, Disagreement("k", "double", mine, "BB", (theirs,)), context=8)
>>> view.text, [(m.start, m.end) for m in view.left.marks], [(m.start, m.end) for m in view.right.marks]
('Trust grew over time. Both partners', [(0, 5)], [(0, 21)])
>>> label = lambda ids: [p.codes[i].label for i in ids]
>>> [(piece.text, label(piece.own), label(piece.other)) for piece in view.pieces(view.left)]
[('Trust', ['Trust'], ['Time']), (' grew over time.', [], ['Time']), (' Both partners', [], [])]
>>> p.close()
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .queue import Disagreement

if TYPE_CHECKING:
    from ..project import Project


@dataclass(frozen=True)
class Mark:
    """A span one side marked: a coding, or a span or code the checker proposed (``coding_id`` "")."""

    start: int
    end: int
    code_id: str
    coding_id: str = ""


@dataclass(frozen=True)
class Side:
    """One column: whose it is, what they did, the spans they marked."""

    reviewer: str
    role: str                  # "coded", "double-coded", "checked"
    marks: tuple[Mark, ...]
    note: str = ""             # the checker's reason, or what the other coder did not do


@dataclass(frozen=True)
class Piece:
    """A stretch of the shown text with the codes each side marked on it."""

    start: int
    end: int
    text: str
    own: tuple[str, ...]       # code ids this side marked here
    other: tuple[str, ...]     # code ids the other side marked here


@dataclass(frozen=True)
class SideBySide:
    """The stretch of text both columns show (``start``..``end`` in the source) and the two sides."""

    source_id: str
    start: int
    end: int
    text: str
    left: Side
    right: Side

    def pieces(self, side: Side) -> list[Piece]:
        """The text cut where any mark starts or ends, with this side's and the other side's codes."""
        other = self.right if side is self.left else self.left
        cuts = sorted({self.start, self.end} | {max(self.start, min(self.end, x))
                                                for m in (*side.marks, *other.marks) for x in (m.start, m.end)})
        found = []
        for a, b in zip(cuts, cuts[1:]):
            own = tuple(dict.fromkeys(m.code_id for m in side.marks if m.start <= a and b <= m.end))
            theirs = tuple(dict.fromkeys(m.code_id for m in other.marks if m.start <= a and b <= m.end))
            found.append(Piece(a, b, self.text[a - self.start:b - self.start], own, theirs))
        return found


def _word_edge(text: str, at: int, step: int, limit: int) -> int:
    """``at`` moved outwards (``step`` -1 or +1) to a space, at most ``limit`` characters."""
    moved = 0
    while 0 < at < len(text) and not text[at - 1 if step < 0 else at].isspace() and moved < limit:
        at += step
        moved += 1
    return at


def side_by_side(project: "Project", item: Disagreement, *, context: int = 120) -> SideBySide:
    """Both sides of ``item`` over the text around every span either side marked (``context``
    characters before and after, widened to whole words)."""
    coding = item.coding
    left = Side(coding.reviewer, "coded", (Mark(coding.start, coding.end, coding.code_id, coding.coding_id),))
    if item.kind == "double":
        marks = tuple(Mark(c.start, c.end, c.code_id, c.coding_id) for c in item.other_codings)
        right = Side(item.other_reviewer, "double-coded", marks)
    else:
        span = item.proposed_span or (coding.start, coding.end)
        proposed = item.proposed_code or (coding.code_id if item.proposed_span else "")
        marks = (Mark(span[0], span[1], proposed),) if proposed else ()
        right = Side(item.other_reviewer, "checked", marks, item.reason)
    text = project.text(coding.source_id) or ""
    spans = [(m.start, m.end) for m in (*left.marks, *right.marks)]
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    start = _word_edge(text, max(0, first - context), -1, 40)
    end = _word_edge(text, min(len(text), last + context), +1, 40)
    return SideBySide(coding.source_id, start, end, text[start:end], left, right)
