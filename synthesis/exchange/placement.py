"""Placing a tool's text selections in this project's text, and checking them.

:func:`choose_convention` decides, for one source, how its selections' offsets
were counted: the convention the file's origin suggests, unless another one
clearly fits better (more selections whose ``name`` matches the text, more that
fit the text at all, or many more that start and end between words).
:func:`place` then places each selection, trying in turn its offsets in that
convention, its offsets in another convention that makes its name match, and
its name found in the text; what cannot be placed gets a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import QdaSelection
from .offsets import CONVENTIONS, Convention, TextMap, quote_matches, squash


@dataclass(frozen=True)
class Placement:
    """Where a selection goes (None: nowhere), a notice worth reporting, or why not."""

    span: tuple[int, int] | None
    notice: str = ""
    reason: str = ""


def clean_edges(text: str, start: int, end: int) -> bool:
    """Whether a span starts and ends between words (a hint of how offsets were counted).

    >>> clean_edges("trust grew", 0, 5), clean_edges("trust grew", 1, 5)
    (True, False)
    """
    first = start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())
    last = end == len(text) or not (text[end - 1].isalnum() and text[end].isalnum())
    return first and last


def choose_convention(tmap: TextMap, selections: tuple[QdaSelection, ...], expected: Convention) -> Convention:
    """The convention that fits a source's selections best; ``expected`` unless another clearly wins."""
    if not selections:
        return expected

    def score(conv: Convention) -> tuple[int, int, int]:
        names = valid = clean = 0
        for sel in selections:
            span = tmap.span(sel.start, sel.end, conv)
            if span and tmap.text[span[0]:span[1]].strip():
                valid += 1
                clean += clean_edges(tmap.text, *span)
                names += bool(quote_matches(sel.name, tmap.text[span[0]:span[1]]))
        return names, valid, clean

    scores = {conv: score(conv) for conv in CONVENTIONS}
    best = expected
    margin = max(3, len(selections) // 10)
    for conv in CONVENTIONS:
        a, b = scores[conv], scores[best]
        if a[:2] > b[:2] or (a[:2] == b[:2] and a[2] > b[2] + margin):
            best = conv
    return best


def find_name(text: str, name: str | None, near: int) -> tuple[int, int] | None:
    """Where a selection's whole name occurs in the text, nearest ``near`` (never for a
    name cut short with an ellipsis: its end is unknown).

    >>> find_name("a b a  b", "a b", 4)
    (4, 8)
    """
    wanted = squash(name or "")
    if len(wanted) < 3 or wanted.endswith(("\u2026", "...")):
        return None
    pattern = r"\s+".join(re.escape(w) for w in wanted.split(" "))
    found = [(abs(m.start() - near), m.start(), m.end()) for m in re.finditer(pattern, text)]
    return min(found)[1:] if found else None


def place(tmap: TextMap, conv: Convention, sel: QdaSelection) -> Placement:
    """Place one selection in the stored text (see the module's docstring)."""
    text = tmap.text
    span = tmap.span(sel.start, sel.end, conv)
    fits = bool(span and text[span[0]:span[1]].strip())
    if span and fits and quote_matches(sel.name, text[span[0]:span[1]]) is not False:
        return Placement(span)
    for other in CONVENTIONS:
        alt = tmap.span(sel.start, sel.end, other)
        if other is not conv and alt and quote_matches(sel.name, text[alt[0]:alt[1]]) is True:
            return Placement(alt, f"placed by counting {other.name}")
    found = find_name(text, sel.name, span[0] if span else 0)
    if found:
        return Placement(found, f"its text was found at {found[0]}-{found[1]} and placed there")
    if span and fits:
        return Placement(span, "its name differs from the text at its position; placed by position")
    reason = ("an empty selection" if sel.end <= sel.start else "only white space there" if span
              else f"does not fit the text (length {len(text)}) counting {conv.name}")
    return Placement(None, reason=reason)
