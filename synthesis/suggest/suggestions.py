"""Suggested codes for the uncoded sentences of a source.

A sentence is uncoded when no coding (anyone's) overlaps it. Each gets at most :data:`TOP`
codes whose confidence reaches the threshold, most confident first; a suggestion a reviewer
rejected for that sentence and code is never made again. The scores of a whole source are one
sparse product of its sentences' features with the model's feature-major weights, and only
the scores over the threshold are looked at one by one. :func:`learn` moves a model towards
the reviewer's decisions, so the next suggestions reflect them before it is trained again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import data as _data
from .events import rejections
from .model import Model

if TYPE_CHECKING:
    from ..project import Project

#: At most this many codes are suggested for one sentence.
TOP = 3
#: The lowest confidence a suggestion may have.
THRESHOLD = 0.5
#: A sentence with fewer content words than this ("This means:") gets no suggestions.
MIN_WORDS = 2


@dataclass(frozen=True)
class Suggestion:
    """A code suggested for a sentence, with the model's confidence and where it came from."""

    source_id: str
    start: int
    end: int
    code_id: str
    label: str
    confidence: float
    rank: int          # 1 for the sentence's most confident suggestion
    model: str         # the model's id
    data: str          # the hash of the data it was trained on


def uncoded(project: "Project", sents: list[_data.Sentence]) -> list[_data.Sentence]:
    """The sentences no coding overlaps."""
    from bisect import bisect_left
    from itertools import accumulate

    reach: dict[str, tuple[list[int], list[int]]] = {}
    for sid in {s.source_id for s in sents}:
        spans = sorted((c.start, c.end) for c in project.codings_of(sid))
        # the furthest end among the codings starting before each place: a sentence is
        # overlapped when a coding starting before its end reaches past its start
        reach[sid] = ([a for a, _ in spans], list(accumulate((b for _, b in spans), max)))
    out = []
    for s in sents:
        starts, ends = reach[s.source_id]
        i = bisect_left(starts, s.end)
        if not (i and ends[i - 1] > s.start):
            out.append(s)
    return out


def suggestions(project: "Project", source_id: str, model: Model, *,
                threshold: float = THRESHOLD, top: int = TOP) -> list[Suggestion]:
    """Suggestions for the uncoded sentences of ``source_id``, in text order."""
    sents = uncoded(project, _data.sentences(project, [source_id]))
    return rank(project, sents, model, threshold=threshold, top=top)


def rank(project: "Project", sents: list[_data.Sentence], model: Model, *,
         threshold: float = THRESHOLD, top: int = TOP) -> list[Suggestion]:
    """The suggestions for ``sents`` (rejected ones left out), in the sentences' order."""
    import numpy

    sents = [s for s in sents if len(s.features.split()) >= MIN_WORDS]
    if not sents or not model.suggestable:
        return []
    turned_down = rejections(project)
    codes = project.codes
    scores = model.matrix([s.features for s in sents])
    # only the scores over the threshold are looked at one by one
    rows, cols = numpy.nonzero((scores >= threshold) & model.allowed)
    found: dict[int, list[tuple[float, str]]] = {}
    for r, j in zip(rows.tolist(), cols.tolist()):
        s, c = sents[r], model.labels[j]
        if c in codes and (s.source_id, s.start, s.end, c) not in turned_down:
            found.setdefault(r, []).append((float(scores[r, j]), c))
    out: list[Suggestion] = []
    for r in sorted(found):
        s = sents[r]
        ranked = sorted(found[r], key=lambda x: (-x[0], codes[x[1]].label))
        for i, (v, c) in enumerate(ranked[:top], 1):
            out.append(Suggestion(s.source_id, s.start, s.end, c, codes[c].label, v, i, model.model_id, model.key))
    return out


def learn(project: "Project", model: Model, chosen: Sequence[Suggestion], value: float) -> Model:
    """``model`` moved towards ``value`` (1: accepted, 0: rejected) for each suggestion's code on
    its sentence (:meth:`Model.learn`), so the next suggestions reflect the decisions at once."""
    sources = sorted({s.source_id for s in chosen})
    words = {(s.source_id, s.start, s.end): s.features for s in _data.sentences(project, sources)}
    pairs = [(words[(s.source_id, s.start, s.end)], {s.code_id: value}) for s in chosen
             if (s.source_id, s.start, s.end) in words]
    return model.learn([t for t, _ in pairs], [c for _, c in pairs]) if pairs else model
