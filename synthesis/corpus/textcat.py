"""A multi-label sentence classifier on spaCy's ``textcat_multilabel``, kept beside segmentation.

spaCy stays inside ``corpus/``: callers give plain strings and label names and get plain
``{label: score}`` dicts back. The classifier is a blank pipeline of the project's language
(its tokenizer only, nothing downloaded) with a bag-of-words ``textcat_multilabel``
(``spacy.TextCatBOW.v3``, words and word pairs). Training is deterministic for a given seed
(``spacy.util.fix_random_seed``, examples shuffled with a seeded generator).

Only the component's weights and settings are written (``to_disk``: JSON and msgpack, never a
pickle); reading builds a fresh pipeline from the given labels and loads the weights into it,
so nothing in the folder decides what code runs.

>>> model = train(["trust grew", "money ran out"] * 3, [{"Trust": 1.0}, {"Money": 1.0}] * 3,
...               ["Money", "Trust"], epochs=5)
>>> scores(model, ["trust grew"])[0]["Trust"] > 0.5
True
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from pathlib import Path

COMPONENT = "textcat_multilabel"
#: The model architecture: a sparse linear model over hashed words and word pairs.
ARCHITECTURE = "spacy.TextCatBOW.v3"


def new_classifier(labels: Sequence[str], lang: str = "en", *, ngram_size: int = 2,
                   length: int = 2 ** 14):  # -> Language
    """A blank ``lang`` pipeline with an untrained multi-label classifier over ``labels``."""
    import spacy

    nlp = spacy.blank(lang)
    config = {"threshold": 0.5, "model": {
        "@architectures": ARCHITECTURE, "exclusive_classes": False, "ngram_size": ngram_size,
        "no_output_layer": False, "length": length, "nO": None}}
    pipe = nlp.add_pipe(COMPONENT, config=config)
    for label in labels:
        pipe.add_label(label)
    return nlp


def train(texts: Sequence[str], cats: Sequence[Mapping[str, float]], labels: Sequence[str], *,
          lang: str = "en", epochs: int = 12, seed: int = 0, ngram_size: int = 2,
          batch_size: int = 32, dropout: float = 0.0, learn_rate: float = 0.02):  # -> Language
    """Train a classifier on ``texts`` with their label scores ``cats`` (a label not named is 0)."""
    import spacy
    from spacy.training import Example
    from thinc.api import Adam

    spacy.util.fix_random_seed(seed)
    nlp = new_classifier(labels, lang, ngram_size=ngram_size)
    docs = list(nlp.tokenizer.pipe(texts))
    items = [(doc, cat) for doc, cat in zip(docs, cats) if len(doc)]  # a text with no words teaches nothing

    def examples(part: Sequence) -> list:
        # made batch by batch: each holds a score for every label, too big to keep for all texts
        return [Example.from_dict(doc, {"cats": {label: float(cat.get(label, 0.0)) for label in labels}})
                for doc, cat in part]

    nlp.initialize(lambda: examples(items[:200]))
    optimizer = Adam(learn_rate, use_averages=False)  # averaging would double the cost of each update
    order = random.Random(seed)
    # every update touches all the weights: on large data, fewer and larger batches
    batch_size = max(batch_size, len(items) // 16)
    for _ in range(epochs):
        order.shuffle(items)
        for i in range(0, len(items), batch_size):
            nlp.update(examples(items[i:i + batch_size]), sgd=optimizer, drop=dropout)
    return nlp


def scores(nlp, texts: Sequence[str], *, batch_size: int = 256) -> list[dict[str, float]]:
    """Each text's score for every label (0 to 1, independent of each other); 0 for a text with no words."""
    docs = list(nlp.tokenizer.pipe(texts))
    pipe = nlp.get_pipe(COMPONENT)
    words = [doc for doc in docs if len(doc)]
    for doc in pipe.pipe(words, batch_size=batch_size):
        pass  # sets doc.cats
    return [dict(doc.cats) if len(doc) else dict.fromkeys(pipe.labels, 0.0) for doc in docs]


def save(nlp, folder: Path) -> None:
    """Write the classifier's weights and settings into ``folder`` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    nlp.get_pipe(COMPONENT).to_disk(folder / COMPONENT, exclude=["vocab"])


def load(folder: Path, labels: Sequence[str], lang: str = "en", *, ngram_size: int = 2):  # -> Language
    """A pipeline with the weights written by :func:`save`, for ``labels`` (in that order)."""
    nlp = new_classifier(labels, lang, ngram_size=ngram_size)
    pipe = nlp.get_pipe(COMPONENT)
    pipe.from_disk(folder / COMPONENT, exclude=["vocab"])
    if list(pipe.labels) != list(labels):
        raise ValueError(f"the classifier in {folder} has other labels than expected")
    return nlp
