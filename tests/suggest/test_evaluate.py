"""Leave-one-source-out evaluation on the example review, and passages like a code or a quotation."""

from __future__ import annotations

import pytest

from synthesis.suggest import check, evaluate, similar
from synthesis.suggest.similar import UNLIKE, VERY_LIKE


@pytest.fixture(scope="module")
def evaluation(trained):
    project, _ = trained
    return evaluate(project)


def test_the_model_beats_both_baselines_at_precision_at_3(evaluation) -> None:
    rows = evaluation.summary.set_index("method")
    assert evaluation.folds == 7 and evaluation.sentences == 58
    p3 = rows["precision_at_3"]
    assert p3["model"] > p3["code words"] and p3["model"] > p3["most frequent codes"]
    # the blend with the code words beats the classifier alone and the code words alone
    p1 = rows["precision_at_1"]
    assert p1["model + code words"] > p1["code words"] > p1["model"]
    assert p3["model + code words"] > p3["model"]
    assert len(evaluation.weights) == 7 and all(0 <= w < 1 for w in evaluation.weights)
    for column in ("precision_at_1", "precision_at_3", "recall_at_3", "macro_f1"):
        assert rows[column].between(0, 1).all()
    assert (rows["sentences"] == 58).all()


def test_per_code_f1_and_the_methods_paragraph(evaluation) -> None:
    per_code = evaluation.per_code
    assert set(per_code["method"]) == {"model", "model + code words", "suggested codes", "most frequent codes",
                                      "code words"}
    assert per_code["f1"].between(0, 1).all() and (per_code["sentences"] > 0).all()
    text = evaluation.methods_text()
    rows = evaluation.summary.set_index("method")
    assert "leave-one-source-out" in text and f"{rows.loc['model', 'precision_at_3']:.2f}" in text
    assert f"{rows.loc['model + code words', 'precision_at_1']:.2f}" in text and "training sources only" in text
    assert "no text left" in text


def test_passages_like_a_code_are_not_coded_with_it(trained) -> None:
    project, model = trained
    code = project.codes[model.suggestable[0]]
    found = similar(project, model, code=code.label, top=10)
    assert len(found) == 10 and list(found["score"]) == sorted(found["score"], reverse=True)
    for row in found.itertuples():
        assert not any(c.code_id == code.code_id and c.start < row.end and c.end > row.start
                       for c in project.codings_of(row.source_id))
        assert row.cite.startswith("(")


def test_passages_like_a_coding_share_its_words(trained) -> None:
    project, model = trained
    coding = next(c for c in project.codings.values() if "trust" in c.anchor.quote.lower())
    found = similar(project, coding=coding, top=5)
    assert len(found) == 5 and found["score"].iloc[0] > 0
    from synthesis.corpus.segment import default_stop_words

    def words(text: str) -> set[str]:
        return {w.strip(".,;:()'\"“”-").lower() for w in text.split()} - default_stop_words() - {""}
    assert words(found["text"].iloc[0]) & words(coding.anchor.quote)
    assert not ((found["source_id"] == coding.source_id) & (found["start"] < coding.end)
                & (found["end"] > coding.start)).any()


def test_the_consistency_check(trained) -> None:
    project, model = trained
    found = check(project, model)
    unlike = found[found["finding"] == "unlike its code"]
    like = found[found["finding"] == "like this code"]
    assert (unlike["score"] < UNLIKE).all() and (like["score"] >= VERY_LIKE).all()
    assert set(found["code"]) <= {project.codes[c].label for c in model.suggestable}
    assert len(found) > 0
