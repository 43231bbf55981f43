"""Training the suggestion model on the team's own codings, and keeping it as a derived file.

The training examples are the sentences that carry a code (:mod:`.data`'s overlap rule; the
codings are the consensus, or one reviewer's), plus each code's label and definition from the
codebook as one more example of it. Uncoded sentences are not examples: in line-by-line coding
a sentence nobody has coded yet is often one nobody has read yet. Rejected suggestions are
examples of what a code is not (that code scores 0 on that sentence). The model ranks every
code it has seen; a code is *suggested* only once :data:`MIN_EXAMPLES` sentences carry it, and
:func:`needs_more` says how many more each code needs.

The model is stored under ``.synthesis/suggest/<key>/`` (git-ignored, rebuilt on demand),
where the key is a hash of the training data and the settings: a model is used only when
its stored key is the one the current data give, so codings added, removed or rejected
since mean training again.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..corpus import textcat
from ..records import Coding
from . import data as _data
from .data import Sentence

if TYPE_CHECKING:
    from ..project import Project

#: A code needs this many labelled sentences before it is suggested.
MIN_EXAMPLES = 5
#: Where models are kept, under the project folder.
FOLDER = Path(".synthesis") / "suggest"


@dataclass(frozen=True)
class Settings:
    """How a model is trained: whose codings (None: the consensus), and the learning settings."""

    reviewer: str | None = None
    epochs: int = 12
    seed: int = 0
    ngram_size: int = 2
    learn_rate: float = 0.02
    min_examples: int = MIN_EXAMPLES
    codebook: bool = True            # each code's label and definition is an example of it

    def as_dict(self) -> dict[str, Any]:
        return {"reviewer": self.reviewer, "epochs": self.epochs, "seed": self.seed, "ngram_size": self.ngram_size,
                "learn_rate": self.learn_rate, "min_examples": self.min_examples, "codebook": self.codebook}


@dataclass(frozen=True)
class TrainingData:
    """The texts a model learns from, the codes each carries, and the codes it learns."""

    texts: tuple[str, ...]
    cats: tuple[dict[str, float], ...]
    counts: dict[str, int]            # code_id -> sentences carrying it
    labels: tuple[str, ...]           # codes some sentence carries, sorted: the model ranks these
    suggestable: tuple[str, ...]      # codes with at least min_examples sentences: only these are suggested
    key: str                          # hash of the data and the settings


@dataclass(frozen=True)
class Model:
    """A trained suggestion model: its id, the data hash, the codes it knows, and the classifier."""

    model_id: str
    key: str
    labels: tuple[str, ...]
    suggestable: tuple[str, ...]
    counts: dict[str, int]
    settings: Settings
    nlp: Any = field(repr=False, compare=False)

    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Each text's score for every code the model knows (0 to 1)."""
        if not self.labels or not texts:
            return [{} for _ in texts]
        return textcat.scores(self.nlp, list(texts))


def pool(project: "Project", reviewer: str | None = None) -> list[Coding]:
    """The codings a model learns from: ``reviewer``'s, else the consensus codings."""
    from ..query.spans import pool as query_pool

    return query_pool(project, reviewer)


def language(project: "Project") -> str:
    """The language of the project's pipeline (a blank pipeline of it tokenizes for the model)."""
    return str(project._segments.nlp.lang)


def training_data(project: "Project", settings: Settings = Settings(), *,
                  sentences: Sequence[Sentence] | None = None,
                  codings: Sequence[Coding] | None = None) -> TrainingData:
    """The examples for ``settings`` (``sentences``/``codings`` narrow them, for evaluation)."""
    from .events import rejections

    codings = pool(project, settings.reviewer) if codings is None else list(codings)
    coded = {c.source_id for c in codings}
    rejected: dict[tuple[str, int, int], set[str]] = {}
    for sid, start, end, code_id in rejections(project):
        rejected.setdefault((sid, start, end), set()).add(code_id)
    if sentences is None:
        sentences = _data.sentences(project, sorted(coded | {k[0] for k in rejected}))
    labels_of = _data.labels_of(sentences, codings)
    counts = Counter(code for codes in labels_of for code in codes)
    labels = tuple(sorted(c for c in counts if c in project.codes))
    known = set(labels)
    texts: list[str] = []
    cats: list[dict[str, float]] = []
    for s, codes in zip(sentences, labels_of):
        cat = {c: 1.0 for c in codes if c in known}
        for c in rejected.get((s.source_id, s.start, s.end), ()):
            if c in known and c not in cat:
                cat[c] = 0.0
        if cat:
            texts.append(s.features)
            cats.append(cat)
    if settings.codebook and labels:
        from .evaluate import code_words

        words = code_words(project)
        for c in labels:
            texts.append(" ".join(sorted(words.get(c, ()))))
            cats.append({c: 1.0})
    suggestable = tuple(c for c in labels if counts[c] >= settings.min_examples)
    key = _data.digest({"rules": _data.RULES, "architecture": textcat.ARCHITECTURE, "lang": language(project),
                        "settings": settings.as_dict(), "labels": labels,
                        "examples": [[t, sorted(c.items())] for t, c in zip(texts, cats)]})
    return TrainingData(tuple(texts), tuple(cats), dict(counts), labels, suggestable, key)


def needs_more(project: "Project", settings: Settings = Settings(), *,
               training: TrainingData | None = None) -> dict[str, int]:
    """``code_id -> how many more labelled sentences`` for every code not yet suggested."""
    training = training or training_data(project, settings)
    return {code_id: settings.min_examples - training.counts.get(code_id, 0)
            for code_id in sorted(project.codes) if training.counts.get(code_id, 0) < settings.min_examples}


def fit(project: "Project", training: TrainingData, settings: Settings = Settings()) -> Model:
    """Train a model on ``training`` in memory (nothing written)."""
    nlp = None
    if training.labels:
        nlp = textcat.train(list(training.texts), training.cats, training.labels,
                            lang=language(project), epochs=settings.epochs, seed=settings.seed,
                            ngram_size=settings.ngram_size, learn_rate=settings.learn_rate)
    return Model(training.key[:12], training.key, training.labels, training.suggestable, training.counts,
                 settings, nlp)


def folder_of(project: "Project", key: str) -> Path:
    return Path(project.root) / FOLDER / key[:16]


def _read(project: "Project", training: TrainingData, settings: Settings) -> Model | None:
    """The stored model for ``training``, if one is there and its key matches in full."""
    folder = folder_of(project, training.key)
    try:
        meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("key") != training.key or \
            tuple(meta.get("labels", ())) != training.labels:
        return None
    if not training.labels:
        return Model(training.key[:12], training.key, (), (), training.counts, settings, None)
    try:
        nlp = textcat.load(folder, training.labels, language(project), ngram_size=settings.ngram_size)
    except (OSError, ValueError, KeyError):
        return None
    return Model(training.key[:12], training.key, training.labels, training.suggestable, training.counts,
                 settings, nlp)


def _write(project: "Project", model: Model) -> None:
    """Store ``model`` in its folder (written aside, then renamed into place); a folder that
    cannot be written just means training again next time."""
    final = folder_of(project, model.key)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".part-", dir=final.parent))
        if model.nlp is not None:
            textcat.save(model.nlp, tmp)
        (tmp / "model.json").write_text(json.dumps({
            "key": model.key, "labels": list(model.labels), "counts": model.counts,
            "settings": model.settings.as_dict()}, indent=1), encoding="utf-8")
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
    except OSError:
        shutil.rmtree(locals().get("tmp", final.parent / ".none"), ignore_errors=True)


def train(project: "Project", settings: Settings = Settings(), *, force: bool = False) -> Model:
    """The model for the project's current codings: read from its folder if the data are
    unchanged, else trained (seconds) and stored.

    ``force`` trains again even if a stored model matches.
    """
    training = training_data(project, settings)
    if not force:
        found = _read(project, training, settings)
        if found is not None:
            return found
    model = fit(project, training, settings)
    _write(project, model)
    return model


def stored(project: "Project", settings: Settings = Settings()) -> Model | None:
    """The stored model for the current data, or None if it must be trained first."""
    return _read(project, training_data(project, settings), settings)
