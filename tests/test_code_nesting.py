"""Parent and child codes: `code.move` events, the fold's rules, the project API and the codes table."""

from __future__ import annotations

import random

import pytest

from synthesis import ActionError, Project
from synthesis import views
from synthesis.records import Event
from synthesis.state import fold
from synthesis.wording import what


def _create(n: int, code_id: str, reviewer: str = "AG") -> Event:
    return Event(f"{reviewer}:{n}", n, n, "t", reviewer, "code.create", {"code_id": code_id, "label": code_id.title()})


def _move(n: int, code_id: str, parent: str, reviewer: str = "AG") -> Event:
    return Event(f"{reviewer}:{n}", n, n, "t", reviewer, "code.move", {"code_id": code_id, "parent": parent})


def _parents(state) -> dict[str, str]:
    return {cid: code.parent for cid, code in sorted(state.codes.items())}


def test_move_and_move_back_to_the_top():
    events = [_create(1, "a"), _create(2, "b"), _move(3, "b", "a")]
    assert _parents(fold(events)) == {"a": "", "b": "a"}
    assert _parents(fold(events + [_move(4, "b", "")])) == {"a": "", "b": ""}


def test_a_move_that_makes_a_cycle_is_rejected_and_reported():
    events = [_create(1, "a"), _create(2, "b"), _create(3, "c"), _move(4, "b", "a"), _move(5, "c", "b"),
              _move(6, "a", "c"), _move(7, "a", "a")]
    state = fold(events)
    assert _parents(state) == {"a": "", "b": "a", "c": "b"}
    assert [p.kind for p in state.problems] == ["rejected-event", "rejected-event"]
    assert "sits inside it" in state.problems[0].message


def test_moving_under_a_code_that_does_not_exist_is_rejected():
    state = fold([_create(1, "a"), _move(2, "a", "zz")])
    assert _parents(state) == {"a": ""}
    assert state.problems[0].kind == "rejected-event"


def test_deleting_a_parent_lifts_its_children_to_the_grandparent():
    events = [_create(1, "a"), _create(2, "b"), _create(3, "c"), _create(4, "d"),
              _move(5, "b", "a"), _move(6, "c", "b"), _move(7, "d", "b"),
              Event("AG:8", 8, 8, "t", "AG", "code.delete", {"code_id": "b"})]
    assert _parents(fold(events)) == {"a": "", "c": "a", "d": "a"}
    top = [_create(1, "a"), _create(2, "b"), _move(3, "b", "a"),
           Event("AG:4", 4, 4, "t", "AG", "code.delete", {"code_id": "a"})]
    assert _parents(fold(top)) == {"b": ""}


def test_merging_keeps_the_children():
    events = [_create(1, "a"), _create(2, "b"), _create(3, "c"), _move(4, "c", "a"),
              Event("AG:5", 5, 5, "t", "AG", "code.merge", {"sources": ["a"], "target": "b"})]
    assert _parents(fold(events)) == {"b": "", "c": "b"}


def test_merging_a_parent_into_its_child_puts_the_child_in_its_place():
    events = [_create(1, "r"), _create(2, "a"), _create(3, "b"), _create(4, "c"),
              _move(5, "a", "r"), _move(6, "b", "a"), _move(7, "c", "a"),
              Event("AG:8", 8, 8, "t", "AG", "code.merge", {"sources": ["a"], "target": "b"})]
    assert _parents(fold(events)) == {"b": "r", "c": "b", "r": ""}


def test_split_codes_sit_beside_the_original():
    events = [_create(1, "a"), _create(2, "b"), _move(3, "b", "a"),
              Event("AG:4", 4, 4, "t", "AG", "code.split",
                    {"code_id": "b", "into": [{"code_id": "n", "label": "New"}], "assign": {}})]
    assert _parents(fold(events))["n"] == "a"


def test_two_reviewers_moves_fold_the_same_whatever_the_order():
    """Two reviewers nest a and b under each other at once: one move wins, the same one every time."""
    events = [_create(1, "a"), _create(2, "b"), _move(3, "a", "b", "AG"), _move(3, "b", "a", "BB")]
    results = set()
    for seed in range(6):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        results.add(tuple(_parents(fold(shuffled)).items()))
    assert results == {(("a", "b"), ("b", ""))}


def test_random_moves_never_make_a_cycle():
    rng = random.Random(7)
    ids = [f"c{i}" for i in range(8)]
    events = [_create(i + 1, cid) for i, cid in enumerate(ids)]
    events += [_move(n, rng.choice(ids), rng.choice(ids + [""])) for n in range(20, 120)]
    state = fold(events)
    for cid in ids:
        seen, step = set(), cid
        while step:
            assert step not in seen
            seen.add(step)
            step = state.codes[step].parent


@pytest.fixture()
def project(tmp_path):
    p = Project.init(tmp_path / "r", reviewer="AG")
    yield p
    p.close()


def test_project_nest_code_undo_and_the_codes_table(project):
    trust = project.create_code("Trust")
    early = project.create_code("Early trust")
    assert project.nest_code("Early trust", "Trust").parent == trust.code_id
    table = views.codes(project).set_index("label")
    assert table.loc["Early trust", "parent"] == trust.code_id
    assert table.loc["Early trust", "parent_label"] == "Trust"
    assert table.loc["Trust", "parent"] == ""
    assert what(project, project.events[-1]) == "moved 'Early trust' under 'Trust'"
    project.undo()
    assert project.codes[early.code_id].parent == ""
    project.redo()
    assert project.nest_code(early, None).parent == ""
    assert what(project, project.events[-1]) == "moved 'Early trust' to the top of the code tree"


def test_project_refuses_a_cycle_with_a_clear_message(project):
    project.create_code("Trust")
    project.create_code("Early trust")
    project.nest_code("Early trust", "Trust")
    with pytest.raises(ActionError, match="sits inside it"):
        project.nest_code("Trust", "Early trust")
    with pytest.raises(ActionError, match="under itself"):
        project.nest_code("Trust", "Trust")


def test_nesting_survives_reopening(tmp_path):
    p = Project.init(tmp_path / "r", reviewer="AG")
    p.create_code("Trust")
    p.create_code("Early trust")
    p.nest_code("Early trust", "Trust")
    p.close()
    again = Project.open(tmp_path / "r", reviewer="AG")
    try:
        assert again.code("Early trust").parent == again.code("Trust").code_id
    finally:
        again.close()
