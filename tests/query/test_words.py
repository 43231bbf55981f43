"""Word frequencies on the example review (hand counts: grep -oiw over corpus/sources/*.txt)."""

from __future__ import annotations

import pytest
from text_fixtures import copy_example

from synthesis.errors import ActionError
from synthesis.project import Project
from synthesis.query import stop_words, word_frequencies


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Project:
    project = Project.open(copy_example(tmp_path_factory.mktemp("words") / "example"))
    yield project
    project.close()


def test_top_lemmas_overall(example):
    top = word_frequencies(example, top=5)
    assert list(top.columns) == ["lemma", "count", "percent", "rank", "words"]
    # grep -oiw local: 276; grep -oiwE 'area|areas': 212
    assert top.iloc[0][["lemma", "count", "rank"]].tolist() == ["local", 276, 1]
    assert ["area", 212] in top[["lemma", "count"]].values.tolist()
    assert top["count"].is_monotonic_decreasing and len(top) == 5
    assert "the" not in set(word_frequencies(example, top=100)["lemma"])
    # the words counted under each lemma, as the text spells them, most frequent first
    assert set(top.set_index("lemma").loc["area", "words"].split(", ")) == {"areas", "area"}
    assert "words" not in word_frequencies(example, by="word", top=3).columns


def test_the_words_under_a_lemma_in_coded_text(tmp_path):
    from synthesis import Project

    with Project.init(tmp_path / "r", reviewer="AG") as p:
        p.add_text("Partners trusted partners. The partner left.", title="Note", source_id="note")
        p.apply_code("note", 0, 26, p.create_code("Trust"))  # "Partners trusted partners."
        per_code = word_frequencies(p, per="code")
        assert per_code[["lemma", "count", "words"]].values.tolist() == [["partner", 2, "partners"],
                                                                          ["trust", 1, "trusted"]]


def test_words_and_lemmas_differ(example):
    words = word_frequencies(example, by="word", top=None)
    lemmas = word_frequencies(example, top=None)
    count = dict(zip(words["word"], words["count"]))
    # grep -oiw trust: 8, trusts: 1 -> the lemma trust counts both
    assert count["trust"] == 8 and count["trusts"] == 1
    assert dict(zip(lemmas["lemma"], lemmas["count"]))["trust"] == 9
    assert lemmas["count"].sum() <= words["count"].sum()  # a word whose lemma is a stop word (got: get) drops


def test_stop_words_can_be_extended_or_replaced(example):
    assert {"the", "and", "of"} <= stop_words(example)
    extended = word_frequencies(example, top=3, extra_stop_words=["Local", "area"])
    assert "local" not in set(extended["lemma"]) and "area" not in set(extended["lemma"])
    everything = word_frequencies(example, by="word", top=1, stop_words=())
    assert everything["word"].tolist() == ["the"]
    mine = word_frequencies(example, by="word", top=1, stop_words=["the"])
    assert mine["word"].tolist() == ["and"]


def test_per_study_and_per_code(example):
    per_study = word_frequencies(example, per="study", top=1)
    assert list(per_study.columns) == ["study_id", "lemma", "count", "percent", "rank", "words"]
    assert per_study["study_id"].tolist() == sorted(example.studies)
    # grep -oiw local lga-send-ehc-partnership-workshops-2020.txt: 239
    assert per_study.set_index("study_id").loc["lga2020", ["lemma", "count"]].tolist() == ["local", 239]
    per_code = word_frequencies(example, per="code", top=3)
    mutual = per_code[per_code["code"] == "Mutual respect"]
    assert "respect" in set(mutual["lemma"])
    assert abs(per_study.groupby("study_id")["percent"].sum().max()) <= 100


def test_per_theme_counts_the_text_under_its_codes(example):
    from synthesis.themes import codes_of, themes

    frame = word_frequencies(example, per="theme", top=None)
    assert set(frame["theme"]) <= {t.name for t in themes(example)}
    assert len(set(frame["theme"])) == sum(1 for t in themes(example) if codes_of(example, t))


def test_bad_arguments(example):
    with pytest.raises(ActionError, match="count words by one of"):
        word_frequencies(example, by="stem")
    with pytest.raises(ActionError, match="count words per one of"):
        word_frequencies(example, per="page")
    with pytest.raises(ActionError, match="top is a number"):
        word_frequencies(example, top=0)
