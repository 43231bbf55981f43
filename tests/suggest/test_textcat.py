"""The classifier's training computes spaCy's own model: its features and scores agree with the component."""

from __future__ import annotations

import numpy

from synthesis.corpus import textcat

TEXTS = ["trust grew between the nurses", "money ran out in the second year", "staff left and money ran out",
         "patients trusted the new nurse", "", "the budget was cut"] * 4
CATS = [{"Trust": 1.0}, {"Money": 1.0}, {"Money": 1.0, "Staff": 1.0}, {"Trust": 1.0}, {"Trust": 1.0},
        {"Money": 1.0, "Trust": 0.0}] * 4
LABELS = ["Money", "Staff", "Trust"]


def test_features_give_the_components_scores():
    nlp = textcat.train(TEXTS, CATS, LABELS, epochs=4)
    docs = [doc for doc in nlp.tokenizer.pipe(TEXTS) if len(doc)]
    model = nlp.get_pipe(textcat.COMPONENT).model
    linear = next(node for node in model.walk() if node.name.startswith("sparse_linear"))
    table = linear.get_param("W").reshape(linear.get_dim("nO"), -1)
    assert abs(table).max() > 0  # trained
    mine = 1 / (1 + numpy.exp(-(textcat.features(nlp, docs) @ table.T + linear.get_param("b"))))
    assert numpy.allclose(model.predict(docs), mine, atol=1e-5)


def test_training_learns_and_is_deterministic():
    first = textcat.scores(textcat.train(TEXTS, CATS, LABELS, epochs=8), ["money ran out", "trust grew"])
    again = textcat.scores(textcat.train(TEXTS, CATS, LABELS, epochs=8), ["money ran out", "trust grew"])
    assert first == again
    assert max(first[0], key=first[0].get) == "Money"
    assert max(first[1], key=first[1].get) == "Trust"
    # with several batches an epoch, the seed decides their order
    small = [textcat.scores(textcat.train(TEXTS, CATS, LABELS, epochs=8, seed=seed, batch_size=4), ["money ran out"])
             for seed in (0, 0, 1)]
    assert small[0] == small[1] != small[2]


def test_early_stopping_stops_sooner_and_labels_are_kept(tmp_path):
    slow = textcat.train(TEXTS, CATS, LABELS, epochs=30)
    quick = textcat.train(TEXTS, CATS, LABELS, epochs=30, tolerance=0.5)
    assert textcat.scores(slow, ["trust grew"]) != textcat.scores(quick, ["trust grew"])
    textcat.save(quick, tmp_path)
    back = textcat.load(tmp_path, LABELS)
    assert list(back.get_pipe(textcat.COMPONENT).labels) == LABELS
    assert textcat.scores(back, ["trust grew"]) == textcat.scores(quick, ["trust grew"])
