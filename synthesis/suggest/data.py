"""Sentences as the classifier sees them, and the codes each one carries.

A sentence is a segment of a source (``corpus/segment.py``); what the classifier reads of
it is the lemmas of its words, punctuation and stop words left out, from the project's token
cache (so "partnerships" and "partnership" are one feature).

**Which codes a sentence carries** (the overlap rule): a coding labels a sentence when it
covers at least half of the sentence's characters, or when the coding lies wholly inside the
sentence (a coded phrase). A coding of three sentences labels all three; a coding that only
grazes a neighbouring sentence does not label it.

>>> labelled((0, 10), [(0, 5, "A"), (6, 8, "B"), (8, 30, "C")])
['A', 'B']
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import Coding

if TYPE_CHECKING:
    from ..project import Project

#: Raise when features or the overlap rule change: models trained before are then retrained.
RULES = 1


@dataclass(frozen=True)
class Sentence:
    """One sentence of a source: where it is and the words the classifier reads."""

    source_id: str
    start: int
    end: int
    features: str


def labelled(span: tuple[int, int], codings: Iterable[tuple[int, int, str]]) -> list[str]:
    """The codes of ``codings`` (``(start, end, code)``) that label the sentence ``span``."""
    start, end = span
    out: list[str] = []
    for a, b, code in codings:
        covered = min(b, end) - max(a, start)
        if covered <= 0:
            continue
        if (covered * 2 >= end - start or (a >= start and b <= end)) and code not in out:
            out.append(code)
    return out


def sentences(project: "Project", source_ids: Sequence[str] | None = None) -> list[Sentence]:
    """The sentences of the given sources (default: all), in source and text order."""
    from ..query.index import index_of

    index = index_of(project)
    wanted = sorted(project.sources) if source_ids is None else list(source_ids)
    out: list[Sentence] = []
    for sid in wanted:
        entry = index.sources.get(sid)
        if entry is None:
            continue
        toks = entry.tokens
        for seg in project.segments(sid):
            i = bisect_left(toks.starts, seg.start)
            j = bisect_left(toks.starts, seg.end, i)
            words = [toks.lemma[k] for k in range(i, j) if not toks.punct[k] and not toks.stop[k]]
            out.append(Sentence(sid, seg.start, seg.end, " ".join(words)))
    return out


def labels_of(sents: Sequence[Sentence], codings: Iterable[Coding]) -> list[list[str]]:
    """The codes each sentence carries, by the overlap rule (code ids)."""
    by_source: dict[str, list[tuple[int, int, str]]] = {}
    for c in codings:
        by_source.setdefault(c.source_id, []).append((c.start, c.end, c.code_id))
    for spans in by_source.values():
        spans.sort()
    out = []
    for s in sents:
        spans = by_source.get(s.source_id, ())
        near = [x for x in spans if x[0] < s.end and x[1] > s.start] if spans else []
        out.append(labelled((s.start, s.end), near))
    return out


def digest(payload: object) -> str:
    """A SHA-256 of a JSON-able value (the training data and settings), hex."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":"),
                                     ensure_ascii=False).encode()).hexdigest()
