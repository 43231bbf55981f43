"""Markdown bold in a plain-text source, for the eye only.

Sources are plain text, and what a reviewer codes and quotes is that text, character for
character: a source pasted from a web page or a Markdown file keeps its ``**`` where the author
wrote them. The coding view shows such a run as the author meant it, in bold, with the
asterisks out of sight; they stay in the text, so offsets, selections, highlights and quotes
are exactly those of the stored text. Only ``**`` is read (a single ``*`` or ``_`` is too often
a bullet, a footnote mark or part of a name), and a run never crosses a blank line.

>>> text = "- **Background:** trust grew. **Regional  workshops**"
>>> [(b.start, b.end, text[b.start:b.end]) for b in bold_runs(text)]
[(2, 17, '**Background:**'), (30, 53, '**Regional  workshops**')]
>>> marks("**Aims** of it")
[(0, 2, 'marker'), (2, 6, 'bold'), (6, 8, 'marker')]
>>> bold_block("  **Regional workshops\\non partnership** ")
'Regional workshops\\non partnership'
>>> bold_block("**Aims** of it") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

#: ``**`` at the start of a word (after white space or an opening bracket, quote or dash), then
#: text that neither starts nor ends with white space and holds no ``**`` and no blank line, then
#: ``**`` at the end of a word (before white space or punctuation). Stars inside words or after
#: numbers ("x**2 + y**2", "(.45**) and (.32**)") are not bold.
_BOLD = re.compile(r"(?<![^\s(\[{“‘\"'\-–—/])\*\*(?![\s*])(?:[^*\n]|\*(?!\*)|\n(?![ \t]*\n))+?(?<![\s*])\*\*"
                   r"(?![^\s.,;:!?)\]}”’\"'\-–—/])")
MARKER = 2  # the length of ``**``

Mark = Literal["marker", "bold"]


@dataclass(frozen=True)
class Bold:
    """A ``**…**`` run: ``[start, end)`` holds both markers."""

    start: int
    end: int

    @property
    def inner(self) -> tuple[int, int]:
        """Where the bold words are, without the markers.

        >>> Bold(4, 12).inner
        (6, 10)
        """
        return self.start + MARKER, self.end - MARKER


def bold_runs(text: str) -> list[Bold]:
    """Every ``**…**`` run of ``text``, in order.

    >>> bold_runs("2 ** 3 and ** not bold** and **bold**")
    [Bold(start=29, end=37)]
    >>> bold_runs("trust (.45**) and reciprocity (.32**); x**2 + y**2")
    []
    >>> bold_runs("**one\\n\\ntwo**")
    []
    """
    return [Bold(m.start(), m.end()) for m in _BOLD.finditer(text)]


def marks(text: str) -> list[tuple[int, int, Mark]]:
    """How the coding view draws ``text``'s bold runs: each marker (drawn out of sight) and the
    bold words between them, as ``(start, end, kind)`` in order.

    >>> marks("Trust **grew**.")
    [(6, 8, 'marker'), (8, 12, 'bold'), (12, 14, 'marker')]
    """
    found: list[tuple[int, int, Mark]] = []
    for run in bold_runs(text):
        inner = run.inner
        found += [(run.start, inner[0], "marker"), (inner[0], inner[1], "bold"), (inner[1], run.end, "marker")]
    return found


def bold_block(block: str) -> str | None:
    """The words of a paragraph that is one bold run and nothing else (an author's heading
    written in Markdown bold), or ``None``.

    >>> bold_block("**Part I: Where are local areas?**")
    'Part I: Where are local areas?'
    >>> bold_block("**Impact** and **reach**") is None
    True
    """
    stripped = block.strip()
    match = _BOLD.fullmatch(stripped)
    return stripped[MARKER:-MARKER] if match else None
