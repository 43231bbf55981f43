"""Coding search hits: one coding.apply event per span, the whole batch one step for Undo."""

from __future__ import annotations

import pytest
from text_fixtures import copy_example

from synthesis.errors import ActionError
from synthesis.project import Project
from synthesis.query import code_hits, search, spans_of


@pytest.fixture
def example(tmp_path):
    root = copy_example(tmp_path / "example")
    with Project.open(root, reviewer="QA") as project:
        yield project


def _applies(project: Project) -> list:
    return [e for e in project.events if e.reviewer == "QA" and e.type == "coding.apply"]


def test_code_hits_is_one_undo_step(example):
    before = dict(example.codings)
    code = example.create_code("Trust (search)")
    hits = search(example, "trust*", mode="wildcard")
    made = code_hits(example, hits, code)
    assert len(made) == 9 and [c.quote.lower() for c in made].count("trust") == 8
    events = _applies(example)
    assert len(events) == 9  # one event per coding, as when coding by hand
    assert len({e.data["batch"] for e in events}) == 1
    undone = example.undo()
    assert undone is not None and undone.type == "coding.apply"
    assert dict(example.codings) == before and code.code_id in example.codes  # the code stays: its own step
    example.redo()
    assert len(example.codings) == len(before) + 9
    example.undo()
    example.undo()  # then the code's creation
    assert code.code_id not in example.codes
    # the fold of the logs agrees with the session
    root = example.root
    example.close()
    with Project.open(root) as again:
        assert set(again.codings) == set(before)


def test_an_action_after_the_batch_is_undone_alone(example):
    code = example.create_code("Trust (search)")
    code_hits(example, search(example, "trust", studies="mckean2017"), code)
    memo = example.write_memo("code", code.code_id, "from a search")
    example.undo()
    assert memo.memo_id not in example.memos and len(_applies(example)) == 3
    assert sum(c.code_id == code.code_id for c in example.codings.values()) == 3
    example.undo()
    assert sum(c.code_id == code.code_id for c in example.codings.values()) == 0


def test_spread_to_sentence_and_paragraph(example):
    code = example.create_code("Foundation trusts")
    hits = search(example, "trust", studies="lga2020")
    # hand-read: "... NHS Foundation Trust, ... NHS Foundation Trust, ..." is one sentence
    sentences = spans_of(example, hits, "sentence")
    assert len(hits) == 3 and len(sentences) == 2
    made = code_hits(example, hits, code, spread="sentence")
    text = example.text("lga-send-ehc-partnership-workshops-2020")
    segs = {(s.start, s.end) for s in example.segments("lga-send-ehc-partnership-workshops-2020")}
    assert {(c.start, c.end) for c in made} <= segs
    assert any("Foundation Trust, North West Boroughs" in c.quote for c in made)
    assert all(text[c.start:c.end] == c.quote for c in made)
    paragraphs = spans_of(example, hits, "paragraph")
    assert all(a <= s and e <= b for (_, s, e), (_, a, b) in zip(sentences, paragraphs))
    assert "\n\n" not in text[paragraphs[0][1]:paragraphs[0][2]]


def test_coded_spans_are_skipped_and_errors_are_clear(example):
    code = example.create_code("Trust (search)")
    hits = search(example, "trust", studies="mckean2017")
    code_hits(example, hits.iloc[:1], code)
    assert len(code_hits(example, hits, code)) == 2  # the first is coded already
    with pytest.raises(ActionError, match="already coded every one"):
        code_hits(example, hits, code)
    with pytest.raises(ActionError, match="select at least one"):
        code_hits(example, hits.iloc[:0], code)
    with pytest.raises(ActionError, match="spread a coding to one of"):
        code_hits(example, hits, code, spread="page")
    with pytest.raises(ActionError, match="outside source"):
        code_hits(example, [("mckean2017-extracts", 10, 10**7)], code)


def test_batches_stay_with_their_reviewer(tmp_path):
    root = copy_example(tmp_path / "example")
    with Project.open(root, reviewer="QA") as qa:
        code = qa.create_code("Trust (search)")
        code_hits(qa, search(qa, "trust"), code)
    with Project.open(root, reviewer="QB") as qb:
        assert not qb.can_undo()  # QA's batch is not QB's to undo
        n = len(qb.codings)
        qb.apply_code("mckean2017-extracts", 0, 6, code.code_id)
        qb.undo()
        assert len(qb.codings) == n
