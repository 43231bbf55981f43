"""Anchor spans robustly: offsets plus quote, prefix and suffix.

An anchor follows the W3C Web Annotation TextPosition + TextQuote selectors.
When a source's text changes after coding, :func:`reanchor` finds the quote
again, preferring the occurrence whose prefix and suffix still match and that
lies nearest the old position.

>>> text = "Trust grew. Trust and reciprocity evaporated."
>>> a = make_anchor("s1", text, 12, 17, context=6)
>>> a.quote, a.prefix, a.suffix
('Trust', 'grew. ', ' and r')
>>> new = "Over time trust grew. Trust and reciprocity evaporated."
>>> moved = reanchor(a, new)
>>> moved.start, new[moved.start:moved.end]
(22, 'Trust')
>>> reanchor(a, "Nothing left.") is None
True
"""

from __future__ import annotations

import re
from dataclasses import replace

from .errors import ActionError
from .records import Anchor

CONTEXT = 32


def make_anchor(source_id: str, text: str, start: int, end: int, *, context: int = CONTEXT) -> Anchor:
    """Build the anchor of ``text[start:end]``; the span must be non-empty."""
    if not (isinstance(start, int) and isinstance(end, int)):
        raise ActionError(f"span offsets must be integers, got {start!r} and {end!r}")
    if not 0 <= start < end <= len(text):
        raise ActionError(
            f"span {start}-{end} is not a non-empty span of source '{source_id}' "
            f"(0-{len(text)})"
        )
    if not text[start:end].strip():
        raise ActionError(f"span {start}-{end} of source '{source_id}' is only white space")
    return Anchor(
        source_id,
        start,
        end,
        text[start:end],
        text[max(0, start - context) : start],
        text[end : end + context],
    )


def is_anchored(anchor: Anchor, text: str) -> bool:
    """True when the offsets still slice out the quote."""
    return text[anchor.start : anchor.end] == anchor.quote


def _score(anchor: Anchor, text: str, start: int, end: int) -> tuple[int, int]:
    """Higher is better: matching context characters, then closeness."""
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    matched = _common_suffix(before, anchor.prefix) + _common_prefix(after, anchor.suffix)
    return (matched, -abs(start - anchor.start))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def reanchor(anchor: Anchor, text: str) -> Anchor | None:
    """Find ``anchor`` in a changed ``text``; ``None`` if the quote is gone.

    Exact occurrences of the quote are tried first; failing those, an
    occurrence that differs only in white space (re-wrapped lines).
    """
    if is_anchored(anchor, text):
        return anchor
    candidates = []
    at = text.find(anchor.quote)
    while at >= 0:
        candidates.append((at, at + len(anchor.quote)))
        at = text.find(anchor.quote, at + 1)
    if not candidates:
        words = anchor.quote.split()
        if words:
            pattern = r"\s+".join(re.escape(w) for w in words)
            candidates = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    if not candidates:
        return None
    start, end = max(candidates, key=lambda c: _score(anchor, text, *c))
    return replace(
        anchor,
        start=start,
        end=end,
        quote=text[start:end],
        prefix=text[max(0, start - len(anchor.prefix)) : start],
        suffix=text[end : end + len(anchor.suffix)],
    )
