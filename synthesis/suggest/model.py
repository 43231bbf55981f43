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
since mean training again. Its scores are blended with the code-words prior, at a weight
chosen on the training sources only (:mod:`.blend`); in a coding session, accepted and
rejected suggestions move it at once (:meth:`Model.learn`) until it is trained again.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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
    blend: bool = True               # blend the code-words prior into the scores (:mod:`.blend`)

    def as_dict(self) -> dict[str, Any]:
        return {"reviewer": self.reviewer, "epochs": self.epochs, "seed": self.seed, "ngram_size": self.ngram_size,
                "learn_rate": self.learn_rate, "min_examples": self.min_examples, "codebook": self.codebook,
                "blend": self.blend}


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
    """A trained suggestion model: its id, the data hash, the codes it knows, the classifier
    (its weights kept feature-major, so scoring a source reads only its features' rows), the
    code-words prior and the weight it is blended with.

    ``updates`` counts the accepted and rejected suggestions it has learned from since it was
    trained (:meth:`learn`); its id then ends in ``+`` and that count.
    """

    model_id: str
    key: str
    labels: tuple[str, ...]
    suggestable: tuple[str, ...]
    counts: dict[str, int]
    settings: Settings
    nlp: Any = field(repr=False, compare=False)
    blend: float = 0.0
    prior: Any = field(default=None, repr=False, compare=False)    # a blend.Prior over ``labels``
    table: Any = field(default=None, repr=False, compare=False)    # (hashed features, labels)
    bias: Any = field(default=None, repr=False, compare=False)
    updates: int = 0
    changed: Any = field(default=None, repr=False, compare=False)  # rows of ``table`` moved by :meth:`learn`

    @property
    def allowed(self):  # -> numpy.ndarray of bool, one per label
        """Which of ``labels`` may be suggested (the codes with enough examples)."""
        import numpy

        suggestable = set(self.suggestable)
        return numpy.fromiter((c in suggestable for c in self.labels), bool, len(self.labels))

    def raw(self, texts: Sequence[str]):  # -> numpy.ndarray (texts, labels)
        """The classifier's own scores (0 to 1), without the prior."""
        import numpy

        if not self.labels or not texts:
            return numpy.zeros((len(texts), len(self.labels)), dtype="f")
        return textcat.predict(self.nlp, list(texts), self.table, self.bias, self.changed)

    def matrix(self, texts: Sequence[str]):  # -> numpy.ndarray (texts, labels)
        """The scores suggestions use: the classifier's, blended with the code-words prior."""
        from .blend import mix

        raw = self.raw(texts)
        if self.blend == 0 or self.prior is None or not len(raw):
            return raw
        return mix(raw, self.prior(list(texts)), self.blend)

    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Each text's score for every code the model knows (0 to 1), as :meth:`matrix`."""
        if not self.labels or not texts:
            return [{} for _ in texts]
        return [dict(zip(self.labels, map(float, row))) for row in self.matrix(texts)]

    def learn(self, texts: Sequence[str], cats: Sequence[dict[str, float]]) -> "Model":
        """This model moved towards ``cats`` for ``texts`` (code_id -> 1 accepted, 0 rejected):
        a few gradient steps on those texts' features only, in memory (the rows they move are
        kept beside the shared weight table, so a model per decision costs only those rows);
        the stored model and the key of the data it was trained on stay as they were."""
        column = {c: j for j, c in enumerate(self.labels)}
        wanted = [{column[c]: v for c, v in cat.items() if c in column} for cat in cats]
        if self.nlp is None or not any(wanted):
            return self
        changed = textcat.learn(self.nlp, self.table, self.bias, list(texts), wanted, changed=self.changed)
        n = self.updates + 1
        return replace(self, model_id=f"{self.key[:12]}+{n}", changed=changed, updates=n)


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
        from .blend import code_words

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


def fit(project: "Project", training: TrainingData, settings: Settings = Settings(), *,
        blend: float = 0.0) -> Model:
    """Train a model on ``training`` in memory (nothing written), blended with the prior at ``blend``."""
    nlp = None
    if training.labels:
        nlp = textcat.train(list(training.texts), training.cats, training.labels,
                            lang=language(project), epochs=settings.epochs, seed=settings.seed,
                            ngram_size=settings.ngram_size, learn_rate=settings.learn_rate)
    return _model(project, training, settings, nlp, blend)


def _model(project: "Project", training: TrainingData, settings: Settings, nlp: Any, blend: float) -> Model:
    from .blend import Prior, code_words

    table, bias = textcat.weights(nlp) if nlp is not None else (None, None)
    prior = Prior.of(code_words(project), training.labels) if blend else None
    return Model(training.key[:12], training.key, training.labels, training.suggestable, training.counts,
                 settings, nlp, blend, prior, table, bias)


def tuned(project: "Project", training: TrainingData, settings: Settings = Settings(), *,
          sentences: Sequence[Sentence] | None = None, codings: Sequence[Coding] | None = None) -> Model:
    """:func:`fit`, with the prior's weight chosen on the training sources (:func:`.blend.choose`);
    ``sentences`` and ``codings`` are the training data's (default: the project's coded sources)."""
    from .blend import choose

    codings = pool(project, settings.reviewer) if codings is None else list(codings)
    if sentences is None:
        sentences = _data.sentences(project, sorted({c.source_id for c in codings}))
    return fit(project, training, settings, blend=choose(project, settings, sentences, codings))


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
            tuple(meta.get("labels", ())) != training.labels or \
            not isinstance(meta.get("blend"), (int, float)) or not 0 <= meta["blend"] <= 1:
        return None
    if not training.labels:
        return _model(project, training, settings, None, 0.0)
    try:
        nlp = textcat.load(folder, training.labels, language(project), ngram_size=settings.ngram_size)
    except (OSError, ValueError, KeyError):
        return None
    return _model(project, training, settings, nlp, float(meta["blend"]))


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
            "key": model.key, "labels": list(model.labels), "counts": model.counts, "blend": model.blend,
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
    model = tuned(project, training, settings)
    _write(project, model)
    return model


def stored(project: "Project", settings: Settings = Settings()) -> Model | None:
    """The stored model for the current data, or None if it must be trained first."""
    return _read(project, training_data(project, settings), settings)
