"""The code-words prior, and how much of it is blended into the model's scores.

A code's *words* are the lemmas of its label and definition, stop words left out. The prior of
a code for a sentence is how many of the sentence's lemmas are words of that code, over the
largest such count among the codes for that sentence: 1 for the best-matching codes, 0 for a
code sharing no word with it (0 for every code when none does). Suggestions rank codes by

    score = (1 - weight) * model + weight * prior

The weight is chosen from :data:`GRID` by cross-validation on the training sources only: they
are dealt into at most :data:`FOLDS` groups; for each group a model is trained on the other
groups and scores the group's coded sentences; the weight whose blend puts a right code first
most often wins (then the best precision at 3, then the smaller weight). On a large review
(over :data:`LARGE` coded sentences) two groups are used, each model trained with a third of the
passes, so choosing costs less than training the model once more. Evaluation
(:mod:`.evaluate`) runs the same choice inside each fold, so the held-out source never
decides its own weight.

>>> prior = Prior.of({"a": {"trust"}, "b": {"trust", "money"}, "c": set()}, ("a", "b", "c"))
>>> prior(["money trust grow", "weather"]).tolist()
[[0.5, 1.0, 0.0], [0.0, 0.0, 0.0]]
>>> mix(numpy.array([[0.2, 0.4, 0.0]]), numpy.array([[1.0, 0.0, 0.0]]), 0.5).round(2).tolist()
[[0.6, 0.2, 0.0]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy

from . import data as _data
from .data import Sentence

if TYPE_CHECKING:
    from ..project import Project
    from ..records import Coding
    from .model import Settings

#: The weights tried for the prior: the model alone, and blends; never the prior alone (weight 1
#: would leave the model only to break ties, which is the code-words baseline).
GRID = tuple(i / 10 for i in range(10))
#: At most this many groups of training sources when choosing the weight.
FOLDS = 5
#: The weight used when fewer than two coded sources leave nothing to choose it on.
UNTUNED = 0.5
#: Above this many coded sentences, the weight is chosen on two groups, with a third of the
#: training passes each (each pass costs as much as the model is large, however few its examples).
LARGE = 5000


def code_words(project: "Project") -> dict[str, set[str]]:
    """``code_id -> the lemmas of its label and definition``, stop words left out."""
    from ..corpus.segment import default_stop_words
    from ..query.index import index_of

    index = index_of(project)
    stop = default_stop_words()
    out = {}
    for code in project.codes.values():
        words = index.lemmatize(f"{code.label}. {code.definition}")
        out[code.code_id] = {lemma for word, lemma in words if word not in stop and lemma not in stop}
    return out


@dataclass(frozen=True)
class Prior:
    """The code-words prior for a fixed list of codes (the model's labels, in its order)."""

    vocab: Mapping[str, int]
    matrix: Any = field(repr=False, compare=False)   # scipy CSR (words, codes), 1 where a word is a code's

    @classmethod
    def of(cls, words: Mapping[str, set[str]], labels: Sequence[str]) -> "Prior":
        from scipy.sparse import csr_matrix

        vocab: dict[str, int] = {}
        rows, cols = [], []
        for j, code in enumerate(labels):
            for w in sorted(words.get(code, ())):
                rows.append(vocab.setdefault(w, len(vocab)))
                cols.append(j)
        matrix = csr_matrix((numpy.ones(len(rows), dtype="f"), (rows, cols)), shape=(len(vocab), len(labels)))
        return cls(vocab, matrix)

    def __call__(self, texts: Sequence[str]) -> numpy.ndarray:
        """``(texts, codes)``: each code's share of the best word count, per text (space-separated lemmas)."""
        from scipy.sparse import csr_matrix

        rows, cols = [], []
        for i, text in enumerate(texts):
            for j in {self.vocab[w] for w in text.split() if w in self.vocab}:
                rows.append(i)
                cols.append(j)
        x = csr_matrix((numpy.ones(len(rows), dtype="f"), (rows, cols)), shape=(len(texts), len(self.vocab)))
        counts = numpy.asarray((x @ self.matrix).todense(), dtype="f").reshape(len(texts), self.matrix.shape[1])
        best = counts.max(axis=1, keepdims=True) if counts.size else counts
        return numpy.divide(counts, best, out=numpy.zeros_like(counts), where=best > 0)


def mix(model: numpy.ndarray, prior: numpy.ndarray, weight: float) -> numpy.ndarray:
    """The blended scores."""
    return model if weight == 0 else (1.0 - weight) * model + weight * prior


def precision(scores: numpy.ndarray, gold: Sequence[set[int]]) -> tuple[float, float]:
    """Precision at 1 and at 3 of ranking each row's columns by score (ties: the lower column first).

    >>> precision(numpy.array([[0.1, 0.9, 0.5], [0.3, 0.3, 0.0]]), [{1}, {1, 2}])
    (0.5, 0.5)
    """
    if not len(gold):
        return 0.0, 0.0
    order = numpy.argsort(-scores, axis=1, kind="stable")[:, :3]
    p1 = sum(1.0 for row, g in zip(order, gold) if len(row) and int(row[0]) in g)
    p3 = sum(len({int(c) for c in row} & g) / 3 for row, g in zip(order, gold))
    return p1 / len(gold), p3 / len(gold)


def choose(project: "Project", settings: "Settings", sentences: Sequence[Sentence],
           codings: Sequence["Coding"]) -> float:
    """The prior's weight, chosen by cross-validation over the sources of ``sentences`` (the
    training sources) with ``codings`` (their codings) only."""
    from .model import fit, training_data

    if not settings.blend:
        return 0.0
    golds = _data.labels_of(sentences, codings)
    sources = sorted({s.source_id for s, g in zip(sentences, golds) if g})
    if len(sources) < 2:
        return UNTUNED
    k = min(FOLDS, len(sources))
    if sum(1 for g in golds if g) > LARGE:
        k = 2
        settings = replace(settings, epochs=max(1, settings.epochs // 3))
    groups = [set(sources[i::k]) for i in range(k)]
    words = code_words(project)
    parts: list[tuple[numpy.ndarray, numpy.ndarray, list[set[int]]]] = []
    for group in groups:
        inner = training_data(project, settings, sentences=[s for s in sentences if s.source_id not in group],
                              codings=[c for c in codings if c.source_id not in group])
        test = [(s, g) for s, g in zip(sentences, golds) if s.source_id in group and g]
        if not test or not inner.labels:
            continue
        model = fit(project, inner, settings, blend=0.0)
        column = {c: j for j, c in enumerate(model.labels)}
        texts = [s.features for s, _ in test]
        parts.append((model.raw(texts), Prior.of(words, model.labels)(texts),
                      [{column[c] for c in g if c in column} for _, g in test]))
    if not parts:
        return UNTUNED
    best: tuple[float, float, float] | None = None
    chosen = UNTUNED
    for weight in GRID:
        hits = [precision(mix(raw, prior, weight), gold) for raw, prior, gold in parts]
        n = [len(gold) for _, _, gold in parts]
        p1 = sum(h[0] * m for h, m in zip(hits, n)) / sum(n)
        p3 = sum(h[1] * m for h, m in zip(hits, n)) / sum(n)
        if best is None or (p1, p3, -weight) > best:
            best, chosen = (p1, p3, -weight), weight
    return chosen
