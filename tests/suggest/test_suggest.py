"""Suggestions on the example review: training, storing, suggesting, accepting, rejecting, undo."""

from __future__ import annotations

import json
import socket

import pytest

from synthesis import Project
from synthesis.suggest import (
    MIN_EXAMPLES, Settings, accept, accept_all, needs_more, provenance, reject, rejections, stored, suggestions,
    train, training_data,
)
from synthesis.suggest.data import labelled
from synthesis.suggest.model import fit, folder_of
from synthesis.wording import what

SOURCE = "guide-partnership-working-send-early-years"


def test_the_overlap_rule() -> None:
    # half the sentence or more, or wholly inside it; a coding grazing the sentence does not count
    assert labelled((10, 20), [(0, 15, "half"), (12, 14, "inside"), (18, 40, "graze"), (0, 14, "less")]) == \
        ["half", "inside"]


def test_training_is_deterministic_with_a_fixed_seed(trained) -> None:
    project, model = trained
    training = training_data(project)
    again = fit(project, training, Settings(), blend=model.blend)
    texts = ["trust between partners grew over time", "money and time ran short"]
    assert model.key == training.key
    assert model.scores(texts) == again.scores(texts)
    other = fit(project, training, Settings(seed=1), blend=model.blend)
    assert other.scores(texts) != model.scores(texts)


def test_only_codes_with_enough_examples_are_suggested(trained) -> None:
    project, model = trained
    assert model.suggestable, "the example has codes with enough examples"
    assert all(model.counts[c] >= MIN_EXAMPLES for c in model.suggestable)
    more = needs_more(project)
    for code_id in project.codes:
        if code_id in model.suggestable:
            assert code_id not in more
        else:
            assert more[code_id] == MIN_EXAMPLES - model.counts.get(code_id, 0) > 0


def test_the_model_is_stored_and_used_only_when_its_key_matches(example_root, trained) -> None:
    project, model = trained
    folder = folder_of(project, model.key)
    assert (folder / "model.json").exists() and folder.is_relative_to(example_root / ".synthesis")
    assert stored(project).scores(["trust"]) == model.scores(["trust"])
    meta = json.loads((folder / "model.json").read_text())
    (folder / "model.json").write_text(json.dumps({**meta, "key": "0" * 64}))
    try:
        assert stored(project) is None  # a model whose key differs is not trusted
    finally:
        (folder / "model.json").write_text(json.dumps(meta))
    assert stored(project, Settings(epochs=3)) is None  # other settings, other model


def test_suggestions_for_uncoded_sentences(trained) -> None:
    project, model = trained
    found = suggestions(project, SOURCE, model)
    assert found, "the example's guide gets suggestions"
    codings = project.codings_of(SOURCE)
    per_sentence: dict[tuple[int, int], list] = {}
    for s in found:
        assert s.confidence >= 0.5 and s.code_id in model.suggestable and s.model == model.model_id
        assert not any(c.start < s.end and c.end > s.start for c in codings)
        per_sentence.setdefault((s.start, s.end), []).append(s)
    for group in per_sentence.values():
        assert len(group) <= 3
        assert [g.rank for g in group] == list(range(1, len(group) + 1))
        assert [g.confidence for g in group] == sorted((g.confidence for g in group), reverse=True)


def test_an_accepted_suggestion_is_a_coding_with_provenance(writable, trained) -> None:
    _, model = trained
    first = suggestions(writable, SOURCE, model)[0]
    before = len(writable.codings)
    [coding] = accept(writable, first)
    assert len(writable.codings) == before + 1
    assert (coding.source_id, coding.start, coding.end, coding.code_id, coding.reviewer) == \
        (SOURCE, first.start, first.end, first.code_id, "AG")
    assert coding.anchor.quote == writable.text(SOURCE)[first.start:first.end]
    assert provenance(writable)[coding.coding_id] == {"model": model.model_id, "data": model.key,
                                                      "confidence": round(first.confidence, 4)}
    assert what(writable, writable.events[-1]).startswith(f"accepted the suggestion '{first.label}' for “")
    assert all((s.start, s.end) != (first.start, first.end) for s in suggestions(writable, SOURCE, model))
    writable.undo()
    assert coding.coding_id not in writable.codings and coding.coding_id not in provenance(writable)
    assert suggestions(writable, SOURCE, model)[0] == first
    writable.redo()
    assert coding.coding_id in provenance(writable)


def test_a_rejected_suggestion_never_reappears(writable, trained) -> None:
    _, model = trained
    first = suggestions(writable, SOURCE, model)[0]
    reject(writable, first)
    key = (first.source_id, first.start, first.end, first.code_id)
    assert key in rejections(writable)
    again = suggestions(writable, SOURCE, model)
    assert all((s.start, s.end, s.code_id) != (first.start, first.end, first.code_id) for s in again)
    assert what(writable, writable.events[-1]) == \
        f"rejected the suggestion '{first.label}' for “{writable.text(SOURCE)[first.start:first.end][:40]}" + \
        ("…”" if first.end - first.start > 40 else "”")
    # later training takes the rejection as an example of what the code is not
    training = training_data(writable)
    assert {first.code_id: 0.0} in [c for c in training.cats]
    writable.undo()
    assert key not in rejections(writable)
    assert suggestions(writable, SOURCE, model)[0] == first


def test_accept_for_the_whole_source_is_one_step(writable, trained) -> None:
    _, model = trained
    found = suggestions(writable, SOURCE, model)
    sentences = {(s.start, s.end) for s in found}
    before = len(writable.codings)
    done = accept_all(writable, found)
    assert len(done) == len(sentences) and len(writable.codings) == before + len(sentences)
    assert suggestions(writable, SOURCE, model) == []
    writable.undo()
    assert len(writable.codings) == before


def test_suggesting_works_with_the_network_switched_off(writable, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise OSError("network switched off for this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    model = train(writable, Settings(epochs=4), force=True)
    found = suggestions(writable, SOURCE, model, threshold=0.0)
    assert found
    accept(writable, found[0])
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80))


def test_suggestions_in_a_german_review(tmp_path) -> None:
    """The classifier is a blank pipeline of the project's language: a German review learns German words."""
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    sentences = {"Vertrauen": ["Das Vertrauen zwischen den Fachkräften wuchs langsam.",
                               "Ohne Vertrauen scheiterte die Zusammenarbeit mit den Familien.",
                               "Gegenseitiges Vertrauen war die Grundlage der Partnerschaft."],
                 "Finanzierung": ["Die Finanzierung endete nach zwei Jahren.",
                                  "Ohne gesicherte Finanzierung fehlte das Personal.",
                                  "Die Kommune kürzte die Finanzierung der Dienste."]}
    with Project.init(tmp_path / "r", reviewer="AG", nlp=nlp) as project:
        for n in range(MIN_EXAMPLES + 1):  # enough sources, each coded sentence by sentence
            text = " ".join(s for group in sentences.values() for s in group)
            project.add_text(text, title=f"Interview {n}", source_id=f"i{n}", study_id="")
        codes = {label: project.create_code(label) for label in sentences}
        for n in range(MIN_EXAMPLES):
            text = project.text(f"i{n}")
            for label, group in sentences.items():
                for sentence in group:
                    start = text.index(sentence)
                    project.apply_code(f"i{n}", start, start + len(sentence), codes[label].code_id)
        model = train(project, Settings(epochs=6), force=True)
        assert model.nlp.lang == "de"
        found = suggestions(project, f"i{MIN_EXAMPLES}", model, threshold=0.0)
        text = project.text(f"i{MIN_EXAMPLES}")
        best = {text[s.start:s.end]: s.code_id for s in found if s.rank == 1}
        assert best["Die Kommune kürzte die Finanzierung der Dienste."] == codes["Finanzierung"].code_id
        assert best["Das Vertrauen zwischen den Fachkräften wuchs langsam."] == codes["Vertrauen"].code_id
