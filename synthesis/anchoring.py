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

A better extraction of the same article changes more than white space:
ligatures, words hyphenated at line ends, running heads inside a quote.

>>> old = "It was the \\ufb01rst partner-\\nship in years, before posing\\nAgyeman-Duah et al.\\n514\\nthe question."
>>> b = make_anchor("s1", old, old.index("partner"), old.index(" question"))
>>> new = "Preface. It was the first partnership in years, before posing the question."
>>> found = reanchor(b, new)
>>> new[found.start:found.end]
'partnership in years, before posing the'
"""

from __future__ import annotations

import re
from array import array
from dataclasses import replace
from functools import lru_cache

from .errors import ActionError
from .records import Anchor

CONTEXT = 32
SIMILARITY = 0.92  # least similarity (0-1) of a changed quote and the text that replaces it


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
    occurrence that differs only in white space (re-wrapped lines); then one
    that differs in ligatures, line-end hyphens, soft hyphens and control
    characters (:func:`_changed_copies`); last, text that is the quote with
    some of its lines gone, such as a running head or page number that an
    extraction put inside it and a better one left out (:func:`_near_copies`).
    Among candidates the one whose prefix and suffix match best wins, then the
    one nearest the old position.
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
        candidates = _changed_candidates(anchor, text)
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


# ------------------------------------------------------------------ changed text
_FOUND: dict[tuple[Anchor, int, int], tuple[tuple[int, int], ...]] = {}
_FOUND_MOST = 100_000


def _changed_candidates(anchor: Anchor, text: str) -> list[tuple[int, int]]:
    """:func:`_changed_copies`, else :func:`_near_copies`; remembered for the same anchor and text,
    since every fold anchors the logged offsets again (a reload, an import, a reopened project)."""
    key = (anchor, len(text), hash(text))
    found = _FOUND.get(key)
    if found is None:
        found = tuple(_changed_copies(anchor.quote, text) or _near_copies(anchor, text))
        if len(_FOUND) >= _FOUND_MOST:
            _FOUND.clear()
        _FOUND[key] = found
    return list(found)


# A "key" is a text with what extractions differ in taken out: ligatures expanded,
# hyphens dropped (with the line break after one), soft hyphens, zero-width and
# control characters dropped, every run of white space one space. Each key
# character remembers the text offset it came from, so a match maps back exactly.
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
_SPECIAL = re.compile(
    r"[-\u00ad\u2010\u2011](?:[^\S\n]*\n\s*)?"        # a hyphen, and the line break after it
    r"|\s+"                                              # white space
    r"|[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff\ufffe\uffff]+"  # invisible
    r"|[\ufb00-\ufb06]"                                  # ligatures
)


@lru_cache(maxsize=4)
def _text_key(text: str) -> tuple[str, array]:
    """:func:`_key` of a source's text, kept for the next coding of the same source."""
    return _key(text)


def _key(text: str) -> tuple[str, array]:
    """The key of ``text`` and, for each of its characters, the offset in ``text`` it stands for.

    >>> key, where = _key("The \\ufb01rst partner-\\nship\\x00 grew")
    >>> key
    'The first partnership grew'
    >>> [where[i] for i in range(4, 9)]
    [4, 4, 5, 6, 7]
    """
    parts: list[str] = []
    where = array("i")
    at = 0
    for m in _SPECIAL.finditer(text):
        start, end = m.span()
        if start > at:
            parts.append(text[at:start])
            where.extend(range(at, start))
        first = text[start]
        if first.isspace():
            parts.append(" ")
            where.append(start)
        elif first in _LIGATURES:
            letters = _LIGATURES[first]
            parts.append(letters)
            where.extend([start] * len(letters))
        at = end
    parts.append(text[at:])
    where.extend(range(at, len(text)))
    return "".join(parts), where


def _to_text(where: array, start: int, end: int) -> tuple[int, int]:
    """The text span of key span ``start``-``end`` (non-empty)."""
    return where[start], where[end - 1] + 1


def _changed_copies(quote: str, text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that read as ``quote`` once ligatures, hyphens and invisible characters are set aside."""
    needle = _key(quote)[0].strip()
    if not needle:
        return []
    key, where = _text_key(text)
    found = []
    at = key.find(needle)
    while at >= 0:
        found.append(_to_text(where, at, at + len(needle)))
        at = key.find(needle, at + 1)
    return found


def _seeds(needle: str, key: str, most: int = 100) -> list[int]:
    """Where ``needle`` may start in ``key``: pieces of it found exactly, each voting for a start."""
    size = max(6, min(16, len(needle) // 4))
    offsets = sorted({*range(0, len(needle) - size + 1, size), len(needle) - size})[:24]
    votes: list[int] = []
    for offset in offsets:
        piece = needle[offset:offset + size]
        hits: list[int] = []
        at = key.find(piece)
        while at >= 0 and len(hits) <= most:
            hits.append(at - offset)
            at = key.find(piece, at + 1)
        if len(hits) <= most:  # a piece found everywhere says nothing
            votes.extend(hits)
    return sorted(votes)


def _regions(needle: str, key: str) -> list[tuple[int, int]]:
    """Stretches of ``key`` worth aligning ``needle`` with: clusters of start votes."""
    slack = max(16, len(needle) // 2)  # how far the pieces' votes may spread (lines gone in between)
    groups: list[list[int]] = []
    for vote in _seeds(needle, key):
        if groups and vote - groups[-1][-1] <= slack:
            groups[-1].append(vote)
        else:
            groups.append([vote])
    return [(max(0, group[0] - 16), min(len(key), group[-1] + len(needle) + 16))
            for group in groups if len(group) >= 2 or len(needle) <= 32]


def _similarity(quote: str, span: str) -> float:
    """How well ``span`` (a key) stands for ``quote`` (0-1): the better of the whole quote, or the
    quote without those of its lines that ``span`` no longer has (running heads, page numbers),
    provided those lines are at most half of it."""
    from rapidfuzz import fuzz  # only for changed text: opening a project stays quick

    needle = _key(quote)[0].strip()
    best = fuzz.ratio(needle, span) / 100
    lines = quote.split("\n")
    if len(lines) > 1:
        kept = [line for line in lines if _key(line)[0].strip() in span]
        if len(kept) < len(lines):
            rest = _key("\n".join(kept))[0].strip()
            if 2 * len(rest) >= len(needle):
                best = max(best, fuzz.ratio(rest, span) / 100)
    return best


def _near_copies(anchor: Anchor, text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are the quote with a few characters or whole lines changed.

    Pieces of the quote's key found exactly in the text's key point at regions; in each,
    the quote's first and last characters are aligned (rapidfuzz) to find where it now
    starts and ends, and the span is kept when it is similar enough (:data:`SIMILARITY`).
    The most similar spans are returned.
    """
    from rapidfuzz import fuzz

    needle = _key(anchor.quote)[0].strip()
    if len(needle) < 8:
        return []
    key, where = _text_key(text)
    lines = anchor.quote.split("\n")
    scored: list[tuple[float, int, int]] = []
    for low, high in _regions(needle, key):
        region = key[low:high]
        rest = _key("\n".join(line for line in lines if _key(line)[0].strip() in region))[0].strip()
        if 2 * len(rest) < len(needle):
            continue
        edge = max(4, min(24, len(rest) // 3))
        head, tail = rest[:edge], rest[-edge:]
        first = fuzz.partial_ratio_alignment(head, region, score_cutoff=90)
        if first is None:
            continue
        start = first.dest_start
        last = fuzz.partial_ratio_alignment(tail, region[start:], score_cutoff=90)
        if last is None:
            continue
        end = start + last.dest_end
        span = region[start:end].strip()
        if not span:
            continue
        start += len(region[start:end]) - len(region[start:end].lstrip())
        end = start + len(span)
        similarity = _similarity(anchor.quote, span)
        if similarity >= SIMILARITY:
            scored.append((similarity, low + start, low + end))
    if not scored:
        return []
    best = max(s for s, _, _ in scored)
    return [_to_text(where, start, end) for s, start, end in scored if s >= best - 0.02]
