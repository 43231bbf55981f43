"""Coding queries (A and B, A or B, A but not B, A near B) on the example review and on made-up codings."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthesis.errors import ActionError
from synthesis.project import Project
from synthesis.query.coding_query import coded_and, coded_near, coded_not, coded_or, coding_query, describe
from synthesis.query.spans import QUOTATION_COLUMNS, intersect, join, merge, subtract

REPO = Path(__file__).resolve().parents[2]
GREEN = "green2012-extracts"


@pytest.fixture(scope="module")
def example() -> Project:
    return Project.open(REPO)  # read-only


# Hand-read from the example's logs (green2012-extracts, pp. 8-10):
#   AG: Regular face-to-face planning 1517-1681, Time for partnership work 1688-1803
#   NT: both codes on 1517-1803 (NT coded first, so the consensus keeps NT's spans)
def test_and_per_reviewer_and_consensus(example):
    assert coded_and(example, "Regular face-to-face planning", "Time for partnership work", reviewer="AG").empty
    nt = coded_and(example, "Regular face-to-face planning", "Time for partnership work", reviewer="NT")
    assert nt[["source_id", "start", "end"]].values.tolist() == [[GREEN, 1517, 1803]]
    consensus = coded_and(example, "Regular face-to-face planning", "Time for partnership work")
    assert consensus[["source_id", "start", "end"]].values.tolist() == [[GREEN, 1517, 1803]]
    row = consensus.iloc[0]
    assert row["citation"] == "Green and Dicks, 2012" and row["page"] == "8-10"
    assert row["cite"] == "(Green and Dicks, 2012; pp. 8-10)" and row["study_id"] == "green2012"
    assert row["text"] == example.text(GREEN)[1517:1803]
    assert list(consensus.columns) == QUOTATION_COLUMNS


def test_or_and_not_for_one_reviewer(example):
    either = coded_or(example, "Regular face-to-face planning", "Time for partnership work", reviewer="AG")
    # AG: 1517-1681 and 1688-1803 in Green and Dicks, Time for partnership work also in the Care Learning
    # guide (4465-4506); they do not touch, so three quotations
    assert either[["source_id", "start", "end"]].values.tolist() == [
        [GREEN, 1517, 1681], [GREEN, 1688, 1803], ["guide-partnership-working-send-early-years", 4465, 4506]]
    only = coded_not(example, "Regular face-to-face planning", "Time for partnership work", reviewer="AG")
    assert only[["start", "end"]].values.tolist() == [[1517, 1681]]
    assert coded_not(example, "Regular face-to-face planning", "Time for partnership work", reviewer="NT").empty


def test_everyone_counts_both_reviewers(example):
    # Mutual respect and Shared values share two spans: the Care Learning guide 9302-9435 and McKean 305-646
    both = coded_and(example, "Mutual respect", "Shared values", consensus=False)
    assert both[["citation", "start", "end"]].values.tolist() == [
        ["Care Learning, n.d.", 9302, 9435], ["McKean et al., 2017", 305, 646]]
    assert both.iloc[1]["cite"] == "(McKean et al., 2017; pp. 521-522)"


def test_near_in_sentences_and_paragraphs(example):
    # Negotiated, overlapping roles (McKean 537-600) lies inside Shared values' 305-646: same sentence
    near = coded_near(example, "Negotiated, overlapping roles", "Shared values", within=0)
    assert near[["start", "end"]].values.tolist() == [[537, 600]]
    # Flexible hierarchies (AG, McKean 1157-1243) has Sufficient time... (933-1155) next door
    segments = example.segments("mckean2017-extracts")
    first = [s for s in segments if s.end > 1157][0]
    before = [s for s in segments if s.start < 1155][-1]
    gap = first.index - before.index
    assert coded_near(example, "Flexible hierarchies", "Sufficient time, people and skills", within=gap - 1).empty
    hit = coded_near(example, "Flexible hierarchies", "Sufficient time, people and skills", within=gap)
    assert hit[["start", "end"]].values.tolist() == [[1157, 1243]]
    both = coded_near(example, "Flexible hierarchies", "Sufficient time, people and skills", within=gap, keep="both")
    assert both[["start", "end"]].values.tolist() == [[933, 1155], [1157, 1243]]
    same_paragraph = coded_near(example, "Flexible hierarchies", "Sufficient time, people and skills",
                                within="paragraph")
    assert len(same_paragraph) == (1 if first.paragraph == before.paragraph else 0)


def test_several_codes_on_one_side(example):
    one = coded_or(example, "Mutual respect", "Shared values")
    assert coded_or(example, ["Mutual respect"], ["Shared values"]).equals(one)
    wider = coded_and(example, ["Mutual respect", "Trust and reciprocity"], "Complementary expertise")
    assert wider[["citation", "start", "end"]].values.tolist() == [["Barlow and Coe, 2013", 288, 386]]


def test_bad_questions_are_clear_errors(example):
    with pytest.raises(ActionError, match="no code 'Nope'"):
        coded_and(example, "Nope", "Shared values")
    with pytest.raises(ActionError, match="one of and, or, not, near"):
        coding_query(example, "xor", "Mutual respect", "Shared values")
    with pytest.raises(ActionError, match="number of sentences"):
        coded_near(example, "Mutual respect", "Shared values", within=-1)
    with pytest.raises(ActionError, match="keep 'a'"):
        coded_near(example, "Mutual respect", "Shared values", keep="b")


def test_describe():
    assert describe("near", "A", "B", "paragraph") == "coded A near B (in the same paragraph)"
    assert describe("and", "A", "B") == "coded A and B"


# ------------------------------------------------------------------ properties
spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)).map(lambda t: (t[0], t[0] + t[1])),
                 max_size=6, unique=True)


def chars(found) -> set[int]:
    return {i for s, e in found for i in range(s, e)}


@given(spans, spans)
def test_span_algebra(a, b):
    ma, mb = merge(a), merge(b)
    assert chars(ma) == chars(a)
    assert chars(intersect(ma, mb)) == chars(a) & chars(b)
    assert chars(subtract(ma, mb)) == chars(a) - chars(b)
    assert chars(join(a + b)) == chars(a) | chars(b)


TEXT = "Trust grew slowly. Money was short. Staff met weekly.\n\nTrust and money mattered. Time ran out."


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spans, spans)
def test_query_results_on_a_project(a, b):
    a, b = ([(s, e) for s, e in x if TEXT[s:e].strip()] for x in (a, b))
    with tempfile.TemporaryDirectory() as root, Project.init(root, reviewer="AG") as p:
        p.add_text(TEXT, title="Note", source_id="note")
        ca, cb = p.create_code("A"), p.create_code("B")
        for (s, e), code in [*((x, ca) for x in a), *((x, cb) for x in b)]:
            p.apply_code("note", s, e, code)
        a_chars, b_chars = chars(a), chars(b)
        got = {op: chars(zip(coding_query(p, op, "A", "B", consensus=False)["start"],
                             coding_query(p, op, "A", "B", consensus=False)["end"]))
               for op in ("and", "or", "not")}
        assert got["and"] <= got["or"]                    # A and B within A or B
        assert got["not"].isdisjoint(b_chars)             # A but not B shares nothing with B
        assert got["and"] | got["not"] == a_chars
        assert got["or"] == a_chars | b_chars
        near = coding_query(p, "near", "A", "B", within=0, consensus=False)
        assert chars(zip(near["start"], near["end"])) <= a_chars
        frame = coding_query(p, "or", "A", "B", consensus=False)
        assert all(frame["text"] == [TEXT[s:e] for s, e in zip(frame["start"], frame["end"])])
