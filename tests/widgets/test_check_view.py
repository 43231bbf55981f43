"""Check and queue views driven without a browser."""

from __future__ import annotations

import pytest

from synthesis import Project
from synthesis.review import consensus_codings, disagreements, resolutions
from synthesis.widgets import CheckView, QueueView

TEXT = "Both partners acted. Trust grew over time. Roles were clear."


@pytest.fixture()
def root(tmp_path):
    root = tmp_path / "r"
    with Project.init(root, reviewer="NT") as p:
        p.add_text(TEXT, title="Note", source_id="note")
        p.create_code("Trust")
        p.create_code("Clarity")
        p.apply_code("note", 21, 42, "Trust")
        p.apply_code("note", 43, 60, "Clarity")
    return root


def test_check_view_agree_disagree_propose(root):
    with Project.open(root, reviewer="AG") as p:
        view = CheckView(p)
        assert view.of.value == "NT" and "Trust grew over time." in view.coding.value
        view.disagree_button.click()  # no reason yet
        assert "say why" in view.status.value
        view.reason.value = "this is about growth, not trust"
        view.disagree_button.click()
        assert "Roles were clear." in view.coding.value  # moved on
        view.code.value = p.code("Trust").code_id
        view.text.selection = [0, 20]  # the checker selects another span in the source
        view.propose_button.click()
        assert view.summary.value == "2 of 2 checked: 0 agree, 1 disagree, 1 propose"
        (proposal,) = [d for d in disagreements(p) if d.kind == "check" and d.proposed_span]
        assert proposal.proposed_span == (0, 20)
        view.undo_button.click()
        assert view.summary.value == "1 of 2 checked: 0 agree, 1 disagree, 0 propose"


def test_queue_view_resolves_with_a_consensus_coding(root):
    with Project.open(root, reviewer="AG") as p:
        p.apply_code("note", 0, 20, "Trust")
        view = QueueView(p)
        assert "3</b> disagreements" in view.counts.value
        index = next(i for i, d in enumerate(view.items) if d.coding.reviewer == "AG")
        view.list.value = index
        assert "NT</b> gave no matching code" in view.right.value
        view.remove.value = (view.items[index].coding.coding_id,)
        view.consensus_code.value = p.code("Clarity").code_id
        view.resolve_button.click()  # no note: nothing is written
        assert "say why" in view.status.value and len(p.codings) == 3
        view.note.value = "the team agreed it is about clarity of roles"
        view.resolve_button.click()
        assert view.status.value == "resolved"
        (r,) = resolutions(p)
        assert r.method == "discussion" and len(r.add) == 1 and len(r.remove) == 1
        assert "2</b> disagreements" in view.counts.value
        labels = {p.codes[c.code_id].label for c in consensus_codings(p) if c.start == 0}
        assert labels == {"Clarity"}
