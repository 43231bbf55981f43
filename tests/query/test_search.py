"""Text search on the example review, with counts made by hand (grep and reading the sources)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from text_fixtures import copy_example

from synthesis.errors import ActionError
from synthesis.project import Project
from synthesis.query import search, sort_hits
from synthesis.query.index import index_of
from synthesis.query.search import COLUMNS


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Project:
    project = Project.open(copy_example(tmp_path_factory.mktemp("search") / "example"))
    yield project
    project.close()


# Read by hand in corpus/sources/*.txt (grep -oiE '\btrust[a-z]*' and the sentences around):
#   barlow2013   "mutual trust and respect [that] was evident ..."                        1 sentence
#   carelearning "Early years practitioners build trust with families ..."                1 sentence
#   lga2020      "3 NHS Trusts", "... Foundation Trust, ... Foundation Trust, ..." (one
#                sentence), "... facilitates trust in the process."                       3 sentences, 4 hits
#   mckean2017   "trust and reciprocity evaporated", "'ties' of trust", "development of
#                trust ..." (p. 521, 521, 524)                                             3 sentences
TRUST_SENTENCES = {"barlow2013": 1, "carelearning": 1, "lga2020": 3, "mckean2017": 3}


def test_sentences_mentioning_trust_per_study(example):
    hits = search(example, "trust*", mode="wildcard")
    assert len(hits) == 9
    per_study = hits.groupby("study_id").apply(lambda g: g[["source_id", "sentence"]].drop_duplicates().shape[0])
    assert per_study.to_dict() == TRUST_SENTENCES
    assert sorted(hits["match"].str.lower().unique()) == ["trust", "trusts"]


def test_words_mode_finds_the_word_only(example):
    hits = search(example, "Trust")  # any case, whole word: "Trusts" is not "trust"
    assert len(hits) == 8
    assert "Trusts" not in set(hits["match"])


def test_context_starts_and_ends_with_whole_words(example):
    hits = search(example, "trust*", mode="wildcard", context=40)
    assert len(hits) > 5
    for hit in hits.itertuples():
        text = example.text(hit.source_id)
        first, last = hit.start - len(hit.left), hit.end + len(hit.right)
        assert len(hit.left) <= 40 and len(hit.right) <= 40
        assert first == 0 or not (text[first - 1].isalnum() and text[first].isalnum()), hit.left
        assert last == len(text) or not (text[last - 1].isalnum() and text[last].isalnum()), hit.right
        assert text[first:hit.start].replace("\n", " ").replace("\t", " ") == hit.left


def test_citation_page_and_context(example):
    hits = search(example, "trust", studies="mckean2017")
    assert hits["page"].tolist() == ["521", "521", "524"]
    assert hits["cite"].tolist() == ["(McKean et al., 2017; p. 521)"] * 2 + ["(McKean et al., 2017; p. 524)"]
    barlow = search(example, "trust", studies=["barlow2013"]).iloc[0]
    assert barlow["citation"] == "Barlow and Coe, 2013" and barlow["cite"] == "(Barlow and Coe, 2013; p. 41)"
    assert barlow["left"].endswith("and mutual ") and barlow["right"].startswith(" and respect")
    text = example.text(barlow["source_id"])
    assert text[barlow["start"]:barlow["end"]] == "trust"
    assert list(hits.columns) == COLUMNS
    # a source without pages is cited without one
    care = search(example, "trust", studies="carelearning").iloc[0]
    assert care["page"] == "" and care["cite"] == "(Care Learning, n.d.)"


def test_lemma_search_finds_the_word_family(example):
    # grep -oiE '\bpartner(s|ship|ships|ing)?\b' per source: isos 13, toogood 6, carelearning 39, lga2020 175
    hits = search(example, "partner", mode="lemma")
    assert hits.groupby("study_id").size().to_dict() == {"carelearning": 39, "isos": 13, "lga2020": 175,
                                                         "toogood": 6}
    assert {"partnerships", "partners", "partnership", "partner"} <= set(hits["match"].str.lower())
    assert len(search(example, "partner")) < len(hits)


def test_phrase_search(example):
    hits = search(example, "mutual respect", mode="phrase")
    assert hits["cite"].tolist() == ["(Care Learning, n.d.)", "(Care Learning, n.d.)",
                                     "(McKean et al., 2017; pp. 521-522)"]
    assert all(m.lower() == "mutual respect" for m in hits["match"])
    assert search(example, "respect mutual", mode="phrase").empty


def test_regex_agrees_with_wildcard_and_reports_bad_patterns(example):
    wild = search(example, "trust*", mode="wildcard")
    regex = search(example, r"\btrust\w*", mode="regex")
    assert regex[["source_id", "start", "end"]].values.tolist() == wild[["source_id", "start", "end"]].values.tolist()
    with pytest.raises(ActionError, match=r"regular expression 'tru\(st' is not valid: .*position 3"):
        search(example, "tru(st", mode="regex")


def test_scope_by_attribute_and_code(example):
    qualitative = search(example, "trust*", mode="wildcard", where={"design": "qualitative"})
    assert qualitative.groupby("study_id").size().to_dict() == {"barlow2013": 1, "mckean2017": 3}
    england = search(example, "trust*", mode="wildcard", where={"nation": ["england", "UK"]})
    assert set(england["study_id"]) == {"carelearning", "lga2020", "mckean2017"}
    # "Mutual respect" is coded on barlow2013 288-386 ("... mutual trust and respect ...") and
    # on spans of green2012, carelearning and mckean2017 that do not mention trust
    coded = search(example, "trust*", mode="wildcard", within_code="Mutual respect")
    assert coded[["study_id", "start", "end"]].values.tolist() == [["barlow2013", 324, 329]]
    assert search(example, "trust*", mode="wildcard", within_code="Mutual respect", reviewer="NT").empty
    assert len(search(example, "trust*", mode="wildcard", sources="mckean2017-extracts")) == 3


def test_bad_requests_say_what_is_wrong(example):
    with pytest.raises(ActionError, match="unknown search mode 'fuzzy'"):
        search(example, "trust", mode="fuzzy")
    with pytest.raises(ActionError, match="type something"):
        search(example, "  ")
    with pytest.raises(ActionError, match="no study 'nobody2020'"):
        search(example, "trust", studies=["nobody2020"])
    with pytest.raises(ActionError, match="no source 'nothing'"):
        search(example, "trust", sources="nothing")
    with pytest.raises(ActionError, match="no attribute 'colour'"):
        search(example, "trust", where={"colour": "red"})
    with pytest.raises(ActionError, match="no code 'Nonsense'"):
        search(example, "trust", within_code="Nonsense")
    with pytest.raises(ActionError, match="sorted by one of"):
        search(example, "trust", sort="size")


def test_sorting(example):
    hits = search(example, "trust*", mode="wildcard")
    by_match = sort_hits(hits, "match")
    assert by_match["match"].str.casefold().tolist() == sorted(hits["match"].str.casefold())
    by_left = search(example, "trust*", mode="wildcard", sort="left")
    keys = [s.casefold()[::-1].lstrip() for s in by_left["left"]]
    assert keys == sorted(keys)
    assert sort_hits(by_left, "position")[["source_id", "start"]].values.tolist() == \
        hits[["source_id", "start"]].values.tolist()


def test_index_follows_changed_sources(tmp_path):
    with Project.init(tmp_path / "p", reviewer="AG") as p:
        p.add_text("Trust first.", title="One", source_id="one")
        p.add_text("Nothing here.", title="Two", source_id="two")
        assert len(search(p, "trust")) == 1
        kept = index_of(p).sources["two"]
        p.add_text("Trust, trust and more trust.", title="One", source_id="one")
        assert len(search(p, "trust")) == 3
        assert index_of(p).sources["two"] is kept  # an unchanged source is not indexed again
    # the token cache is reused by a new session, and gives the same answers
    assert (tmp_path / "p" / "corpus" / ".cache" / "tokens" / "one.json").exists()
    with Project.open(tmp_path / "p") as again:
        assert search(again, "trust")["start"].tolist() == [0, 7, 22]


@pytest.fixture(scope="module")
def codings(example):
    return sorted(example.codings.values(), key=lambda c: c.coding_id)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_searching_a_codings_text_finds_its_span(example, codings, data):
    coding = data.draw(st.sampled_from(codings))
    phrase = search(example, coding.quote, mode="phrase", sources=coding.source_id)
    assert (coding.start, coding.end) in set(zip(phrase["start"], phrase["end"]))
    regex = search(example, re.escape(coding.quote), mode="regex", sources=coding.source_id)
    assert (coding.start, coding.end) in set(zip(regex["start"], regex["end"]))


WORDS = st.sampled_from(["trust", "partners", "grew", "time", "the", "we", "respect", "co-location", "didn't"])


@settings(max_examples=25, deadline=None)
@given(words=st.lists(WORDS, min_size=3, max_size=30), data=st.data())
def test_any_run_of_words_is_found_where_it_is(tmp_path_factory, words, data):
    text = " ".join(words) + "."
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    start = len(" ".join(words[:i])) + (1 if i else 0)
    end = start + len(" ".join(words[i:j]))
    with Project.init(tmp_path_factory.mktemp("prop"), reviewer="AG") as p:
        p.add_text(text, title="T", source_id="t")
        hits = search(p, text[start:end], mode="phrase")
    assert (start, end) in set(zip(hits["start"], hits["end"]))
