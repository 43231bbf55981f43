"""Passages like a code or a quotation, and a consistency check of a code's codings.

* :func:`similar` ranks sentences across the corpus not yet coded with a code: by the model's
  confidence for that code, or, for a quotation, by how many of its weighted lemmas they share
  (cosine of tf-idf vectors of lemmas, stop words left out).
* :func:`check` lists, for a second look, codings unlike the rest of their code (tf-idf
  likeness to the code's other codings below :data:`UNLIKE`), and sentences no coding of a
  code touches that the model finds very like it (confidence at least :data:`VERY_LIKE`).

Each answer is a quotation table (study, citation, page, text, cite) with a ``score``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import numpy
import pandas as pd

from ..errors import ActionError
from ..records import Coding
from ..query.spans import quotations
from . import data as _data
from .model import Model, pool

if TYPE_CHECKING:
    from ..project import Project

#: A coding whose likeness to the rest of its code is below this is listed by :func:`check`.
UNLIKE = 0.05
#: A sentence the model gives a code at least this confidence is "very like" the code.
VERY_LIKE = 0.8

Vector = dict[str, float]


def _vectors(texts: Sequence[str]) -> tuple[list[Vector], dict[str, float]]:
    """tf-idf vectors (unit length) of space-separated lemma strings, and the idf used."""
    bags = [Counter(t.split()) for t in texts]
    df: Counter[str] = Counter(w for bag in bags for w in bag)
    n = len(bags)
    idf = {w: math.log((1 + n) / (1 + d)) + 1 for w, d in df.items()}
    return [_unit({w: c * idf[w] for w, c in bag.items()}) for bag in bags], idf


def _unit(vec: Vector) -> Vector:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items()} if norm else {}


def _cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _coded_with(sents: Sequence[_data.Sentence], codings: Iterable[Coding]) -> list[set[str]]:
    """The codes whose codings touch each sentence (any overlap)."""
    by_source: dict[str, list[Coding]] = {}
    for c in codings:
        by_source.setdefault(c.source_id, []).append(c)
    return [{c.code_id for c in by_source.get(s.source_id, ()) if c.start < s.end and c.end > s.start}
            for s in sents]


def _chunks(model: Model, sents: Sequence[_data.Sentence], size: int = 2048) -> Iterator[numpy.ndarray]:
    """The model's scores for ``sents``, a block of sentences at a time (a whole corpus by
    every code at once would not fit in memory on a large review)."""
    for i in range(0, len(sents), size):
        yield model.matrix([s.features for s in sents[i:i + size]])


def _table(project: "Project", rows: list[tuple[float, str, int, int]], top: int | None, **extra) -> pd.DataFrame:
    rows = sorted(rows, key=lambda r: (-r[0], r[1], r[2]))[:top]
    return quotations(project, [(sid, a, b) for _, sid, a, b in rows],
                      score=[round(r[0], 4) for r in rows], **{k: v[:len(rows)] for k, v in extra.items()})


def similar(project: "Project", model: Model | None = None, *, code: str | None = None,
            text: str | None = None, coding: Coding | None = None, top: int = 20) -> pd.DataFrame:
    """Sentences like a ``code`` (by the model), a quotation ``text``, or a ``coding``'s text,
    best first, leaving out sentences already coded with that code (or overlapping the coding)."""
    sents = _data.sentences(project)
    touched = _coded_with(sents, project.codings.values())
    if code is not None:
        if model is None:
            raise ActionError("finding passages like a code needs a trained model")
        code_id = project.code(code).code_id
        if code_id not in model.labels:
            raise ActionError(f"no sentence carries '{project.code(code).label}' yet, so nothing is like it")
        keep = [s for s, t in zip(sents, touched) if code_id not in t]
        column = model.labels.index(code_id)
        scores = [float(v) for part in _chunks(model, keep) for v in part[:, column]]
        return _table(project, [(sc, s.source_id, s.start, s.end) for s, sc in zip(keep, scores)], top)
    if coding is not None:
        text = coding.anchor.quote
        sents = [s for s, t in zip(sents, touched) if coding.code_id not in t
                 and not (s.source_id == coding.source_id and s.start < coding.end and s.end > coding.start)]
    if text is None:
        raise ActionError("name a code, a quotation or a coding to find passages like it")
    from ..query.index import index_of
    from ..corpus.segment import default_stop_words

    stop = default_stop_words()
    wanted = " ".join(lemma for word, lemma in index_of(project).lemmatize(text) if word not in stop)
    vectors, _ = _vectors([*(s.features for s in sents), wanted])
    target = vectors[-1]
    return _table(project, [(_cosine(v, target), s.source_id, s.start, s.end)
                            for s, v in zip(sents, vectors) if v], top)


def check(project: "Project", model: Model, *, reviewer: str | None = None, top: int = 50) -> pd.DataFrame:
    """Codings unlike the rest of their code, and sentences very like a code nobody coded with it.

    One table: ``finding`` is "unlike its code" (score: likeness to the code's other codings,
    lowest first) or "like this code" (score: the model's confidence, highest first).
    """
    codings = [c for c in pool(project, reviewer) if c.code_id in set(model.suggestable)]
    by_code: dict[str, list[Coding]] = {}
    for c in codings:
        by_code.setdefault(c.code_id, []).append(c)
    from ..query.index import index_of
    from ..corpus.segment import default_stop_words

    index = index_of(project)
    stop = default_stop_words()
    feats = [" ".join(l for w, l in index.lemmatize(c.anchor.quote) if w not in stop) for c in codings]
    vectors, _ = _vectors(feats)
    vec_of = {c.coding_id: v for c, v in zip(codings, vectors)}
    unlike: list[tuple[float, Coding]] = []
    for code_id, members in by_code.items():
        total: Counter[str] = Counter()
        for c in members:
            total.update(vec_of[c.coding_id])
        for c in members:
            rest = _unit({w: total[w] - vec_of[c.coding_id].get(w, 0.0) for w in total})
            likeness = _cosine(vec_of[c.coding_id], rest)
            if likeness < UNLIKE:
                unlike.append((likeness, c))
    unlike.sort(key=lambda x: (x[0], x[1].source_id, x[1].start))
    first = quotations(project, [(c.source_id, c.start, c.end) for _, c in unlike],
                       score=[round(s, 4) for s, _ in unlike], finding=["unlike its code"] * len(unlike),
                       code=[project.codes[c.code_id].label for _, c in unlike],
                       coding_id=[c.coding_id for _, c in unlike])
    sents = _data.sentences(project)
    touched = _coded_with(sents, project.codings.values())
    like: list[tuple[float, str, int, int, str]] = []
    offset = 0
    for part in _chunks(model, sents):
        rows, cols = numpy.nonzero((part >= VERY_LIKE) & model.allowed)
        for r, j in zip(rows.tolist(), cols.tolist()):
            s, code_id = sents[offset + r], model.labels[j]
            if code_id not in touched[offset + r]:
                like.append((float(part[r, j]), s.source_id, s.start, s.end, code_id))
        offset += len(part)
    like.sort(key=lambda r: (-r[0], r[1], r[2], r[4]))
    like = like[:top]
    second = quotations(project, [(sid, a, b) for _, sid, a, b, _ in like], score=[round(r[0], 4) for r in like],
                        finding=["like this code"] * len(like),
                        code=[project.codes[r[4]].label for r in like], coding_id=[""] * len(like))
    return pd.concat([first.head(top), second], ignore_index=True)
