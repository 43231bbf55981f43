"""Code co-occurrence on the example review (hand-counted pairs, and every pair against the raw
codings), properties on made-up codings, and the drill-down."""

from __future__ import annotations

import tempfile
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthesis import views
from synthesis.errors import ActionError
from synthesis.project import Project
from synthesis.query.cooccurrence import cooccurrence, cooccurrence_table, pair_quotations

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def example() -> Project:
    return Project.open(REPO)  # read-only


def pair(found, a, b):
    table = found.pairs()
    row = table[((table.code_a == a) & (table.code_b == b)) | ((table.code_a == b) & (table.code_b == a))]
    return row.iloc[0].to_dict() if len(row) else None


# Hand-counted from the example's logs (everyone's codings, spans of one code merged):
#   Mutual respect: Barlow 288-386, Green 1223-1515, Care Learning 2926-3017, 4764-4896, 9302-9435,
#                   McKean 305-646                                             -> 6 passages
#   Shared values:  Toogood 3812-3946, Care Learning 9302-9435, LGA 54444-54542, McKean 271-303, 305-646
#                                                                               -> 5 passages
#   they meet at Care Learning 9302-9435 and McKean 305-646                    -> n = 2, c = 2 / (6 + 5 - 2)
def test_hand_counted_overlaps(example):
    found = cooccurrence(example, "overlap", consensus=False)
    row = pair(found, "Mutual respect", "Shared values")
    assert (row["n"], row["n_a"], row["n_b"]) == (2, 6, 5)
    assert row["c"] == pytest.approx(2 / 9)
    # Agreeing goals and responsibilities / Regular, open communication: Care Learning 4764-4896 and
    # LGA 54792-54930; each code has three passages
    row = pair(found, "Agreeing goals and responsibilities", "Regular, open communication")
    assert (row["n"], row["n_a"], row["n_b"], row["c"]) == (2, 3, 3, 0.5)
    assert row["jaccard"] == pytest.approx((132 + 138) / (132 + 138 + 67 + 169))
    # NT coded Mutual respect and Topping up, not criticising on Green 1223-1515; AG never did
    assert pair(cooccurrence(example, reviewer="NT"), "Mutual respect", "Topping up, not criticising")["n"] == 1
    assert pair(cooccurrence(example, reviewer="AG"), "Mutual respect", "Topping up, not criticising") is None


def test_hand_counted_sources(example):
    # Trust and reciprocity: Barlow, LGA, McKean; Relationship building over time: Isos, LGA, McKean
    row = pair(cooccurrence(example, "source", consensus=False), "Trust and reciprocity",
               "Relationship building over time")
    assert (row["n"], row["n_a"], row["n_b"], row["c"], row["jaccard"]) == (2, 3, 3, 0.5, 0.5)


def test_every_source_pair_matches_the_raw_codings(example):
    raw = views.codings(example)
    sources = raw.groupby("code")["source_id"].agg(set)
    table = cooccurrence_table(example, "source", consensus=False)
    for a, b in combinations(sorted(sources.index), 2):
        assert table.loc[a, b] == len(sources[a] & sources[b]), (a, b)
    for a in sources.index:
        assert table.loc[a, a] == len(sources[a])


def test_every_overlap_pair_matches_the_raw_codings(example):
    # count meetings independently: the example's spans of two codes never chain, so each
    # pair of overlapping distinct spans (one per code, duplicates dropped) is one meeting
    raw = views.codings(example).drop_duplicates(["code", "source_id", "start", "end"])
    expected: dict[tuple[str, str], set] = {}
    for _, group in raw.groupby("source_id"):
        rows = list(group.itertuples())
        for x, y in combinations(rows, 2):
            if x.code != y.code and x.start < y.end and y.start < x.end:
                key = tuple(sorted((x.code, y.code)))
                expected.setdefault(key, set()).add((x.source_id, min(x.start, y.start)))
    found = cooccurrence(example, "overlap", consensus=False).pairs()
    got = {tuple(sorted((r.code_a, r.code_b))): r.n for r in found.itertuples()}
    assert got == {k: len(v) for k, v in expected.items()}


def test_sentence_mode(example):
    found = cooccurrence(example, "sentence", consensus=False)
    table = found.table()
    assert (table.values == table.values.T).all()
    # Border disputes and Joint responsibility for decisions share LGA 27724-27865 (one or more
    # sentences) and McKean has no Joint responsibility; sentence counts at least the one span
    row = pair(found, "Border disputes", "Joint responsibility for decisions")
    lga = [s for s in example.segments("lga-send-ehc-partnership-workshops-2020")
           if s.end > 27724 and s.start < 27865]
    assert row["n"] == len(lga)


def test_tables_are_symmetric_and_bounded(example):
    for by in ("overlap", "sentence", "source"):
        found = cooccurrence(example, by)
        for value in ("n", "c", "jaccard"):
            table = found.table(value).to_numpy()
            assert np.allclose(table, table.T)
        assert ((found.c >= 0) & (found.c <= 1)).all()
        assert ((found.jaccard >= 0) & (found.jaccard <= 1 + 1e-12)).all()


def test_drill_down(example):
    quotes = pair_quotations(example, "Mutual respect", "Shared values", consensus=False)
    assert quotes[["citation", "start", "end", "page"]].values.tolist() == [
        ["Care Learning, n.d.", 9302, 9435, ""], ["McKean et al., 2017", 305, 646, "521-522"]]
    by_source = pair_quotations(example, "Trust and reciprocity", "Relationship building over time", "source",
                                consensus=False)
    assert sorted(set(by_source["source_id"])) == ["lga-send-ehc-partnership-workshops-2020", "mckean2017-extracts"]
    assert set(by_source["code"]) == {"Trust and reciprocity", "Relationship building over time"}
    sentences = pair_quotations(example, "Border disputes", "Joint responsibility for decisions", "sentence",
                                consensus=False)
    assert len(sentences) == pair(cooccurrence(example, "sentence", consensus=False), "Border disputes",
                                  "Joint responsibility for decisions")["n"]


def test_bad_mode(example):
    with pytest.raises(ActionError, match="overlap, sentence, source"):
        cooccurrence(example, "paragraph")
    with pytest.raises(ActionError, match="n, c, jaccard"):
        cooccurrence(example).table("phi")


# ------------------------------------------------------------------ properties
TEXT = "Trust grew slowly. Money was short. Staff met weekly.\n\nTrust and money mattered. Time ran out."
codings = st.lists(st.tuples(st.sampled_from("ABC"), st.integers(0, 78), st.integers(1, 15)),
                   max_size=10, unique_by=lambda t: (t[0], t[1], t[2]))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codings)
def test_symmetric_and_bounded_on_made_up_codings(spans):
    with tempfile.TemporaryDirectory() as root, Project.init(root, reviewer="AG") as p:
        p.add_text(TEXT, title="Note", source_id="note")
        for label in "ABC":
            p.create_code(label)
        for label, start, length in spans:
            if TEXT[start:start + length].strip():
                p.apply_code("note", start, start + length, label)
        for by in ("overlap", "sentence", "source"):
            found = cooccurrence(p, by, consensus=False)
            assert (found.n == found.n.T).all()
            assert np.allclose(found.jaccard, found.jaccard.T)
            freq = np.diag(found.n)
            assert (found.n <= np.minimum.outer(freq, freq)).all()
            assert ((found.c >= 0) & (found.c <= 1)).all()
            for row in found.pairs().itertuples():
                quotes = pair_quotations(p, row.code_a, row.code_b, by, consensus=False)
                if by != "source":
                    assert len(quotes) == row.n
