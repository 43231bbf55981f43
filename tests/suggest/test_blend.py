"""The code-words prior blended into the model's scores, its weight chosen on training sources only."""

from __future__ import annotations

import json

import numpy

from synthesis.suggest import Settings, learn, suggestions, train, training_data
from synthesis.suggest import data as _data
from synthesis.suggest.blend import GRID, Prior, choose, code_words, precision
from synthesis.suggest.model import folder_of, pool, stored, tuned

SOURCE = "guide-partnership-working-send-early-years"


def test_the_stored_model_keeps_its_weight_and_blends_with_it(example_root, trained) -> None:
    project, model = trained
    assert model.blend in GRID and 0 < model.blend < 1
    texts = ["trust between partners grew over time", "money and time ran short"]
    raw = model.raw(texts)
    prior = Prior.of(code_words(project), model.labels)(texts)
    assert numpy.allclose(model.matrix(texts), (1 - model.blend) * raw + model.blend * prior)
    assert stored(project).blend == model.blend
    folder = folder_of(project, model.key)
    meta = json.loads((folder / "model.json").read_text())
    try:
        (folder / "model.json").write_text(json.dumps({k: v for k, v in meta.items() if k != "blend"}))
        assert stored(project) is None  # a model without a weight is trained again
    finally:
        (folder / "model.json").write_text(json.dumps(meta))
    unblended = tuned(project, training_data(project, Settings(blend=False)), Settings(blend=False))
    assert unblended.blend == 0 and numpy.array_equal(unblended.matrix(texts), unblended.raw(texts))


def test_the_weight_is_chosen_without_the_held_out_source(trained) -> None:
    project, _ = trained
    settings = Settings()
    codings = pool(project)
    coded = sorted({c.source_id for c in codings})
    held = coded[0]
    sents = [s for s in _data.sentences(project, coded) if s.source_id != held]
    rest = [c for c in codings if c.source_id != held]
    weight = choose(project, settings, sents, rest)
    # the held-out source's own codings change nothing: they are never looked at
    assert choose(project, settings, sents, [*rest, *(c for c in codings if c.source_id == held)]) == weight
    assert weight in GRID
    # one coded source leaves nothing to choose on
    one = [s for s in sents if s.source_id == coded[1]]
    assert choose(project, settings, one, [c for c in rest if c.source_id == coded[1]]) == 0.5


def test_precision_ranks_ties_by_column() -> None:
    assert precision(numpy.array([[0.5, 0.5, 0.1]]), [{0}]) == (1.0, 1 / 3)
    assert precision(numpy.array([[0.5, 0.5, 0.1]]), [{1}]) == (0.0, 1 / 3)


def test_a_decision_moves_the_model_at_once(trained) -> None:
    project, model = trained
    found = suggestions(project, SOURCE, model)
    first = found[0]
    words = next(s.features for s in _data.sentences(project, [SOURCE]) if s.start == first.start)
    column = model.labels.index(first.code_id)
    rejected = learn(project, model, [first], 0.0)
    assert rejected.model_id == f"{model.key[:12]}+1" and rejected.key == model.key and rejected.updates == 1
    assert rejected.matrix([words])[0, column] < model.matrix([words])[0, column]
    assert all(s.code_id != first.code_id or s.start != first.start for s in suggestions(project, SOURCE, rejected))
    # another code of the same sentence, accepted: its score goes up
    other = next(c for c in model.suggestable if c != first.code_id)
    raised = learn(project, model, [first.__class__(**{**first.__dict__, "code_id": other})], 1.0)
    j = model.labels.index(other)
    assert raised.raw([words])[0, j] > model.raw([words])[0, j] and raised.raw([words])[0, j] >= 0.7
    assert train(project).model_id == model.model_id  # the stored model is untouched


def test_a_large_review_chooses_on_two_groups_with_fewer_passes(trained, monkeypatch) -> None:
    from synthesis.suggest import blend, model as model_module

    project, _ = trained
    codings = pool(project)
    sents = _data.sentences(project, sorted({c.source_id for c in codings}))
    seen = []
    real_fit = model_module.fit
    monkeypatch.setattr(model_module, "fit", lambda p, t, s, **kw: seen.append(s.epochs) or real_fit(p, t, s, **kw))
    monkeypatch.setattr(blend, "LARGE", 10)
    assert choose(project, Settings(), sents, codings) in GRID
    assert seen == [4, 4]
