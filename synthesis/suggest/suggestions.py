"""Suggested codes for the uncoded sentences of a source.

A sentence is uncoded when no coding (anyone's) overlaps it. Each gets at most :data:`TOP`
codes whose confidence reaches the threshold, most confident first; a suggestion a reviewer
rejected for that sentence and code is never made again.
"""

from __future__ import annotations

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
    spans: dict[str, list[tuple[int, int]]] = {}
    for sid in {s.source_id for s in sents}:
        spans[sid] = [(c.start, c.end) for c in project.codings_of(sid)]
    return [s for s in sents if not any(a < s.end and b > s.start for a, b in spans[s.source_id])]


def suggestions(project: "Project", source_id: str, model: Model, *,
                threshold: float = THRESHOLD, top: int = TOP) -> list[Suggestion]:
    """Suggestions for the uncoded sentences of ``source_id``, in text order."""
    sents = uncoded(project, _data.sentences(project, [source_id]))
    return rank(project, sents, model, threshold=threshold, top=top)


def rank(project: "Project", sents: list[_data.Sentence], model: Model, *,
         threshold: float = THRESHOLD, top: int = TOP) -> list[Suggestion]:
    """The suggestions for ``sents`` (rejected ones left out), in the sentences' order."""
    sents = [s for s in sents if len(s.features.split()) >= MIN_WORDS]
    turned_down = rejections(project)
    codes = project.codes
    allowed = set(model.suggestable)
    out: list[Suggestion] = []
    for s, scores in zip(sents, model.scores([s.features for s in sents])):
        ranked = sorted(((v, c) for c, v in scores.items()
                         if v >= threshold and c in allowed and c in codes and (s.source_id, s.start, s.end, c) not in turned_down),
                        key=lambda x: (-x[0], codes[x[1]].label))
        for i, (v, c) in enumerate(ranked[:top], 1):
            out.append(Suggestion(s.source_id, s.start, s.end, c, codes[c].label, float(v), i,
                                  model.model_id, model.key))
    return out
