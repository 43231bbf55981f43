"""A multi-label sentence classifier on spaCy's ``textcat_multilabel``, kept beside segmentation.

spaCy stays inside ``corpus/``: callers give plain strings and label names and get plain
``{label: score}`` dicts back. The classifier is a blank pipeline of the project's language
(its tokenizer only, nothing downloaded) with a bag-of-words ``textcat_multilabel``
(``spacy.TextCatBOW.v3``, words and word pairs). Training is deterministic for a given seed
(``spacy.util.fix_random_seed``, examples shuffled with a seeded generator). It makes the same
updates as ``nlp.update`` would, on a sparse matrix of the hashed words and pairs built once
(:func:`features`), so a review with 40,000 coded sentences and 800 codes trains in about a
minute rather than an hour.

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
from typing import Any

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
    if labels:  # one resize of the output for all labels (adding them one by one resizes each time)
        pipe.add_label(labels[0])
        pipe.cfg["labels"].extend(label for label in labels[1:] if label not in pipe.labels)
        pipe.model = pipe.model.attrs["resize_output"](pipe.model, len(pipe.labels))
        for label in labels[1:]:
            nlp.vocab.strings.add(label)
    return nlp


def _hash(keys, seed: int):  # -> numpy array of uint32
    """MurmurHash3 (x86, 32 bit) of 64-bit keys, as thinc's ``SparseLinear`` hashes its features."""
    import numpy

    with numpy.errstate(over="ignore"):
        c1, c2 = numpy.uint32(0xcc9e2d51), numpy.uint32(0x1b873593)
        h = numpy.full(keys.shape, seed, dtype=numpy.uint32)
        for k in ((keys & 0xffffffff).astype(numpy.uint32), (keys >> numpy.uint64(32)).astype(numpy.uint32)):
            k = k * c1
            k = (k << numpy.uint32(15)) | (k >> numpy.uint32(17))
            h ^= k * c2
            h = (h << numpy.uint32(13)) | (h >> numpy.uint32(19))
            h = h * numpy.uint32(5) + numpy.uint32(0xe6546b64)
        h ^= numpy.uint32(8)
        h ^= h >> numpy.uint32(16)
        h *= numpy.uint32(0x85ebca6b)
        h ^= h >> numpy.uint32(13)
        h *= numpy.uint32(0xc2b2ae35)
        h ^= h >> numpy.uint32(16)
    return h


def features(nlp, docs: Sequence):  # -> scipy.sparse.csr_matrix
    """The classifier's input as a sparse matrix, one row per doc: each word and word pair's
    count, added at both hashed positions of the weight table (what the model sums over)."""
    import numpy
    from scipy.sparse import coo_matrix

    model = nlp.get_pipe(COMPONENT).model
    ngrams = next(node for node in model.walk() if node.name == "extract_ngrams")
    length = next(node for node in model.walk() if node.name.startswith("sparse_linear")).get_dim("length")
    keys, values, lengths = ngrams.predict(list(docs))
    keys = numpy.asarray(keys, dtype=numpy.uint64)
    rows = numpy.repeat(numpy.arange(len(lengths)), numpy.asarray(lengths, dtype=numpy.int64))
    cols = numpy.concatenate([_hash(keys, 0) % numpy.uint32(length), _hash(keys, 1) % numpy.uint32(length)])
    return coo_matrix((numpy.concatenate([values, values]).astype("f"), (numpy.concatenate([rows, rows]), cols)),
                      shape=(len(lengths), length)).tocsr()


def train(texts: Sequence[str], cats: Sequence[Mapping[str, float]], labels: Sequence[str], *,
          lang: str = "en", epochs: int = 12, seed: int = 0, ngram_size: int = 2,
          batch_size: int = 32, learn_rate: float = 0.02,
          tolerance: float = 0.0):  # -> Language
    """Train a classifier on ``texts`` with their label scores ``cats`` (a label not named is 0).

    The update is spaCy's for ``textcat_multilabel`` (gradient ``scores - truth`` through the
    logistic output, thinc's Adam on the weight table and biases), computed on the
    :func:`features` matrix made once for all texts: the texts are tokenized and hashed once,
    and scores and gradients are sparse matrix products instead of a loop over every label
    for every word. The weights stay in the spaCy component, so it predicts, is saved and
    loaded as usual. Training stops early once an epoch lowers the mean squared error by less
    than ``tolerance`` (relative; 0 runs every epoch).
    """
    import numpy
    import spacy
    from scipy.special import expit
    from spacy.training import Example
    from thinc.api import Adam

    spacy.util.fix_random_seed(seed)
    nlp = new_classifier(labels, lang, ngram_size=ngram_size)
    column = {label: i for i, label in enumerate(labels)}
    docs = list(nlp.tokenizer.pipe(texts))
    kept = [i for i, doc in enumerate(docs) if len(doc)]  # a text with no words teaches nothing
    nlp.initialize(lambda: [Example.from_dict(docs[i], {"cats": {label: 0.0 for label in labels}})
                            for i in kept[:10]])
    model = nlp.get_pipe(COMPONENT).model
    linear = next(node for node in model.walk() if node.name.startswith("sparse_linear"))
    n_out, length = linear.get_dim("nO"), linear.get_dim("length")
    matrix = features(nlp, [docs[i] for i in kept])
    truth = numpy.zeros((len(kept), n_out), dtype="f")
    for row, i in enumerate(kept):
        for label, value in cats[i].items():
            if label in column:
                truth[row, column[label]] = value
    optimizer = Adam(learn_rate, use_averages=False)  # averaging would double the cost of each update
    order = random.Random(seed)
    rows = list(range(len(kept)))
    # every update touches all the weights: on large data, fewer and larger batches
    batch_size = max(batch_size, len(rows) // 16)
    # the weights as (hashed feature, label): rows of it are what a sentence's features pick out;
    # Adam is elementwise, so it updates this layout as it would the component's own
    table = numpy.ascontiguousarray(linear.get_param("W").reshape(n_out, length).T)
    bias = linear.get_param("b").copy()
    last = None
    for _ in range(epochs):
        order.shuffle(rows)
        total = 0.0
        for start in range(0, len(rows), batch_size):
            batch = numpy.asarray(rows[start:start + batch_size])
            x = matrix[batch]
            found = expit(x @ table + bias)  # the logistic output layer
            d_scores = found - truth[batch]
            total += float((d_scores ** 2).sum())
            d_scores *= found * (1.0 - found)
            flat, _ = optimizer((linear.id, "W"), table.ravel(), numpy.asarray(x.T @ d_scores, dtype="f").ravel())
            table = flat.reshape(length, n_out)
            bias, _ = optimizer((linear.id, "b"), bias, d_scores.sum(axis=0).astype("f"))
        loss = total / max(1, len(rows) * n_out)
        if tolerance and last is not None and last - loss < tolerance * last:
            break
        last = loss
    linear.set_param("W", numpy.ascontiguousarray(table.T).ravel())
    linear.set_param("b", bias)
    return nlp


def _linear(nlp):  # -> the thinc SparseLinear layer holding the weight table
    return next(node for node in nlp.get_pipe(COMPONENT).model.walk() if node.name.startswith("sparse_linear"))


def weights(nlp):  # -> tuple[numpy.ndarray, numpy.ndarray]
    """The classifier's weights feature-major, ``(table, bias)``: row ``f`` of ``table`` holds
    hashed feature ``f``'s weight for every label, so scoring texts is one sparse product
    (:func:`predict`) that reads only the rows of the features they have.

    >>> nlp = new_classifier(["A", "B"])
    >>> _ = nlp.initialize()
    >>> table, bias = weights(nlp)
    >>> table.shape, bias.shape
    ((16384, 2), (2,))
    """
    import numpy

    linear = _linear(nlp)
    n_out, length = linear.get_dim("nO"), linear.get_dim("length")
    return numpy.ascontiguousarray(linear.get_param("W").reshape(n_out, length).T), linear.get_param("b").copy()


def predict(nlp, texts: Sequence[str], table, bias,
            changed: Mapping[int, Any] | None = None):  # -> numpy.ndarray (texts, labels)
    """Every text's score for every label from feature-major weights (:func:`weights`): the
    component's own output, computed as ``logistic(features @ table + bias)``; 0 for a text
    with no words. ``changed`` replaces some rows of ``table`` (row -> weights, as
    :func:`learn` gives), without copying it."""
    import numpy
    from scipy.special import expit

    docs = list(nlp.tokenizer.pipe(texts))
    out = numpy.zeros((len(docs), table.shape[1]), dtype="f")
    kept = [i for i, doc in enumerate(docs) if len(doc)]
    if kept:
        x = features(nlp, [docs[i] for i in kept])
        logits = x @ table + bias
        if changed:
            rows = numpy.fromiter(changed, dtype=numpy.int64, count=len(changed))
            part = x[:, rows]
            if part.nnz:
                logits += part @ (numpy.stack(list(changed.values())) - table[rows])
        out[kept] = expit(logits)
    return out


def learn(nlp, table, bias, texts: Sequence[str], cats: Sequence[Mapping[int, float]], *,
          changed: Mapping[int, Any] | None = None, learn_rate: float = 0.5, margin: float = 0.2,
          steps: int = 50) -> dict[int, Any]:
    """The rows of ``table`` (over ``changed``, rows replaced before) updated towards ``cats``
    (label column -> 1 or 0) for ``texts``: the training's logistic gradient, on the rows of the
    texts' own features and the named labels only, until each named score is on its side of 0.5
    by ``margin`` (at most ``steps`` steps). Returns every replaced row, ``changed``'s and these
    (row -> weights): ``table`` itself is left as it is, and nothing the size of it is copied.

    >>> nlp = new_classifier(["A", "B"])
    >>> _ = nlp.initialize()
    >>> table, bias = weights(nlp)
    >>> rows = learn(nlp, table, bias, ["trust grew"], [{1: 1.0}])
    >>> float(predict(nlp, ["trust grew"], table, bias, rows)[0, 1]) >= 0.7, float(abs(table).max())
    (True, 0.0)
    """
    import numpy
    from scipy.special import expit

    out = dict(changed or {})
    docs = list(nlp.tokenizer.pipe(texts))
    kept = [i for i, doc in enumerate(docs) if len(doc)]
    if not kept:
        return out
    x = features(nlp, [docs[i] for i in kept])
    rows = numpy.unique(x.indices)
    x = x[:, rows]
    part = numpy.stack([out[r] if r in out else table[r] for r in rows.tolist()])
    truth = numpy.zeros((len(kept), table.shape[1]), dtype="f")
    mask = numpy.zeros_like(truth)
    for r, i in enumerate(kept):
        for column, value in cats[i].items():
            truth[r, column], mask[r, column] = value, 1.0
    for _ in range(steps):
        found = expit(x @ part + bias)
        wrong = mask * numpy.maximum(0.0, numpy.abs(found - truth) - (0.5 - margin))
        if not wrong.any():
            break
        d_scores = mask * (found - truth) * found * (1.0 - found)
        part = part - learn_rate * numpy.asarray(x.T @ d_scores, dtype="f")
    out.update(zip(rows.tolist(), part))
    return out


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
