"""How good the suggestions are on this corpus: leave-one-source-out evaluation and two baselines.

For every coded source in turn, a model is trained on the codings of all the other sources
and ranks the codes for each coded sentence of the held-out one; the codes the sentence
really carries (the overlap rule of :mod:`.data`) are the answer. Three rows describe the model:
``model`` ranks every code it has seen by the classifier alone; ``model + code words`` by the
classifier blended with the code-words prior (:mod:`.blend`), at a weight chosen by
cross-validation on that fold's training sources only (what suggestions use); ``suggested
codes`` ranks as the blend does, only the codes with enough examples to be suggested (what a
reviewer is shown). Two baselines are measured the same way, on the same folds:

* **most frequent codes**: codes ranked by how many training sentences carry them;
* **code words**: codes ranked by how many lemmas of the sentence occur in the code's label
  and definition (stop words left out), ties broken by frequency as above.

Measures, averaged over the held-out sentences: precision at 1 (the first code is right),
precision at 3 (right codes among the first three, over three), recall at 3 (right codes among
the first three, over the codes the sentence carries), and for each code F1 of the first code
(a sentence "predicted" as the code when it is ranked first), with their macro average.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from . import data as _data
from .blend import code_words
from .model import Settings, pool, training_data, tuned

if TYPE_CHECKING:
    from ..project import Project

METHODS = ("model", "model + code words", "suggested codes", "most frequent codes", "code words")


@dataclass(frozen=True)
class Evaluation:
    """The figures: one row per method in ``summary``, one per method and code in ``per_code``."""

    summary: pd.DataFrame
    per_code: pd.DataFrame
    folds: int
    sentences: int
    settings: Settings
    whose: str
    weights: tuple[float, ...] = ()   # the prior's weight chosen in each fold

    def methods_text(self) -> str:
        """A paragraph for a review's methods section."""
        return methods_text(self)


def _score(ranked: Sequence[str], gold: set[str]) -> tuple[float, float, float]:
    hits1 = 1.0 if ranked[:1] and ranked[0] in gold else 0.0
    hits3 = len(set(ranked[:3]) & gold)
    return hits1, hits3 / 3, hits3 / len(gold)


def evaluate(project: "Project", settings: Settings = Settings()) -> Evaluation:
    """Leave-one-source-out figures for the model and both baselines."""
    codings = pool(project, settings.reviewer)
    coded = sorted({c.source_id for c in codings})
    sents = _data.sentences(project, coded)
    gold_all = _data.labels_of(sents, codings)
    words = code_words(project)
    rows: dict[str, list[tuple[float, float, float]]] = {m: [] for m in METHODS}
    firsts: dict[str, list[tuple[str, set[str]]]] = {m: [] for m in METHODS}
    folds = 0
    weights: list[float] = []
    for held in coded:
        train_sents = [s for s in sents if s.source_id != held]
        train_codings = [c for c in codings if c.source_id != held]
        training = training_data(project, settings, sentences=train_sents, codings=train_codings)
        test = [(s, set(g)) for s, g in zip(sents, gold_all) if s.source_id == held and g]
        if not test or not training.counts:
            continue
        folds += 1
        # the prior's weight is chosen on the training sources of this fold, never on ``held``
        model = tuned(project, training, settings, sentences=train_sents, codings=train_codings)
        weights.append(model.blend)
        frequency = sorted(training.counts, key=lambda c: (-training.counts[c], c))
        suggestable = set(model.suggestable)
        texts = [s.features for s, _ in test]
        raw = model.raw(texts)
        blended = model.matrix(texts)
        for (s, gold), own, mixed in zip(test, raw, blended):
            lemmas = set(s.features.split())
            order = _order(model.labels, own)
            both = _order(model.labels, mixed)
            ranked = {
                "model": order,
                "model + code words": both,
                "suggested codes": [c for c in both if c in suggestable],
                "most frequent codes": frequency,
                "code words": sorted(frequency, key=lambda c: -len(lemmas & words.get(c, set()))),
            }
            for method, order in ranked.items():
                rows[method].append(_score(order, gold))
                firsts[method].append((order[0] if order else "", gold))
    summary = []
    per_code = []
    for method in METHODS:
        n = len(rows[method])
        p1, p3, r3 = (sum(r[i] for r in rows[method]) / n if n else 0.0 for i in range(3))
        f1s = _f1(firsts[method])
        for code_id, (f1, support) in sorted(f1s.items()):
            label = project.codes[code_id].label if code_id in project.codes else code_id
            per_code.append({"method": method, "code_id": code_id, "code": label, "f1": f1, "sentences": support})
        macro = sum(f for f, _ in f1s.values()) / len(f1s) if f1s else 0.0
        summary.append({"method": method, "precision_at_1": p1, "precision_at_3": p3, "recall_at_3": r3,
                        "macro_f1": macro, "sentences": n})
    whose = f"{settings.reviewer}'s codings" if settings.reviewer else "the consensus codings"
    return Evaluation(pd.DataFrame(summary), pd.DataFrame(per_code, columns=["method", "code_id", "code", "f1",
                                                                            "sentences"]),
                      folds, len(rows["model"]), settings, whose, tuple(weights))


def _order(labels: Sequence[str], scores) -> list[str]:
    """``labels`` by score, highest first (ties: by code id)."""
    return sorted(labels, key=lambda c, s=dict(zip(labels, map(float, scores))): (-s[c], c))


def _f1(firsts: list[tuple[str, set[str]]]) -> dict[str, tuple[float, int]]:
    """F1 per code of the first-ranked code, for every code some sentence carries."""
    support = Counter(c for _, gold in firsts for c in gold)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    for first, gold in firsts:
        if first in gold:
            tp[first] += 1
        elif first:
            fp[first] += 1
    out = {}
    for code, n in support.items():
        precision = tp[code] / (tp[code] + fp[code]) if tp[code] + fp[code] else 0.0
        recall = tp[code] / n
        out[code] = (2 * precision * recall / (precision + recall) if precision + recall else 0.0, n)
    return out


def methods_text(ev: Evaluation) -> str:
    """The methods paragraph for an evaluation."""
    import spacy

    row = ev.summary.set_index("method")
    s = ev.settings

    def fig(method: str, col: str) -> str:
        return f"{row.loc[method, col]:.2f}"

    return (
        f"Code suggestions were made by a multi-label text classifier trained on {ev.whose} "
        f"(spaCy {spacy.__version__} textcat_multilabel, bag of lemmas and lemma pairs, "
        f"{s.epochs} epochs, seed {s.seed}), run on the reviewers' own computers; no text left them. "
        f"A code was suggested only once at least {s.min_examples} coded sentences carried it. "
        f"Its scores were blended with a prior from the words of each code's label and definition, at a "
        f"weight chosen by cross-validation on the training sources only. "
        f"In leave-one-source-out evaluation ({ev.folds} sources, {ev.sentences} coded sentences), "
        f"the first suggestion was right for {fig('model + code words', 'precision_at_1')} of sentences "
        f"(precision at 3 {fig('model + code words', 'precision_at_3')}, recall at 3 "
        f"{fig('model + code words', 'recall_at_3')}, macro F1 {fig('model + code words', 'macro_f1')}); "
        f"the classifier alone was right for {fig('model', 'precision_at_1')} (precision at 3 "
        f"{fig('model', 'precision_at_3')}); against {fig('most frequent codes', 'precision_at_1')} "
        f"(precision at 3 {fig('most frequent codes', 'precision_at_3')}) for suggesting the most "
        f"frequent codes and {fig('code words', 'precision_at_1')} (precision at 3 "
        f"{fig('code words', 'precision_at_3')}) for matching the words of code labels and definitions; "
        f"limited to the codes with enough examples to be suggested, it was right for "
        f"{fig('suggested codes', 'precision_at_1')} (precision at 3 {fig('suggested codes', 'precision_at_3')}). "
        f"Every suggestion was accepted or rejected by a reviewer, and accepted ones are marked as "
        f"such in the coding log.")
