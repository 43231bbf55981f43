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


def test_feature_major_weights_give_the_components_scores_and_learning_moves_them():
    nlp = textcat.train(TEXTS, CATS, LABELS, epochs=8)
    table, bias = textcat.weights(nlp)
    texts = ["money ran out", "trust grew", "", "staff left"]
    mine = textcat.predict(nlp, texts, table, bias)
    theirs = textcat.scores(nlp, texts)
    assert numpy.allclose(mine, [[s[label] for label in LABELS] for s in theirs], atol=1e-5)
    assert not mine[2].any()  # a text with no words scores 0
    # learning that "staff left" is Trust (column 2) and not Staff (column 1): only those two move
    rows = textcat.learn(nlp, table, bias, ["staff left"], [{2: 1.0, 1: 0.0}])
    moved = textcat.predict(nlp, ["staff left", "money ran out"], table, bias, rows)
    assert moved[0, 2] >= 0.7 and moved[0, 1] <= 0.3 and mine[3, 2] < 0.5
    assert numpy.array_equal(table, textcat.weights(nlp)[0])  # the trained weights are left as they were
    assert rows and all(set(numpy.nonzero(v != table[r])[0]) <= {1, 2} for r, v in rows.items())
    # the same rows written into a copy of the table give the same scores
    full = table.copy()
    for r, v in rows.items():
        full[r] = v
    assert numpy.allclose(textcat.predict(nlp, ["staff left", "money ran out"], full, bias), moved, atol=1e-6)
    # a second decision builds on the first: its rows are kept, the new ones added
    more = textcat.learn(nlp, table, bias, ["money ran out"], [{0: 0.0}], changed=rows)
    assert set(rows) <= set(more) and textcat.predict(nlp, ["money ran out"], table, bias, more)[0, 0] <= 0.3
    assert textcat.predict(nlp, ["staff left"], table, bias, more)[0, 2] >= 0.5
