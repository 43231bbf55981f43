"""Check mode: verdicts as events, stepping, summary, undo."""

from __future__ import annotations

import pytest

from synthesis import ActionError, Project
from synthesis.review import CheckSession, verdicts


@pytest.fixture()
def root(tmp_path):
    root = tmp_path / "r"
    with Project.init(root, reviewer="NT") as p:
        p.add_text("Both partners acted. Trust grew over time. Roles were clear.", title="Note", source_id="note")
        trust = p.create_code("Trust")
        p.create_code("Clarity")
        p.apply_code("note", 0, 20, trust)
        p.apply_code("note", 21, 42, trust)
        p.apply_code("note", 43, 60, "Clarity")
    return root


def test_step_mark_and_summary(root):
    with Project.open(root, reviewer="AG") as p:
        check = CheckSession(p, of="NT")
        assert [c.quote for c in check.codings()] == ["Both partners acted.", "Trust grew over time.", "Roles were clear."]
        assert check.current.quote == "Both partners acted."
        check.mark("disagree", reason="acting is not trust")
        assert check.current.quote == "Trust grew over time."
        check.mark("agree")
        check.mark("propose", code="Trust", span=(43, 60))
        assert check.summary() == {"codings": 3, "checked": 3, "agree": 1, "disagree": 1, "propose": 1, "unchecked": 0}
        assert check.next_unchecked() is None
    with Project.open(root) as p:  # verdicts are in AG's log, folded for everyone
        found = verdicts(p)
        assert [(v.checker, v.verdict) for v in found] == [("AG", "disagree"), ("AG", "agree"), ("AG", "propose")]
        assert found[2].proposed_start == 43 and found[2].proposed_code == p.code("Trust").code_id


def test_latest_verdict_wins_and_undo(root):
    with Project.open(root, reviewer="AG") as p:
        check = CheckSession(p, of="NT")
        check.mark("agree")
        check.go(-1)
        check.mark("disagree", reason="on reflection, no")
        assert check.summary()["disagree"] == 1 and check.summary()["agree"] == 0
        p.undo()
        assert check.summary()["agree"] == 1


def test_bad_verdicts_are_refused(root):
    with Project.open(root, reviewer="AG") as p:
        check = CheckSession(p, of="NT")
        with pytest.raises(ActionError, match="say why"):
            check.mark("disagree")
        with pytest.raises(ActionError, match="propose another"):
            check.mark("propose")
        with pytest.raises(ActionError, match="not inside"):
            check.mark("propose", span=(50, 500))
        with pytest.raises(ActionError, match="someone else's"):
            CheckSession(p, of="AG")
        assert p.events == tuple(e for e in p.events if e.reviewer == "NT")  # nothing recorded


def test_a_verdict_on_a_removed_coding_is_reported_not_fatal(root):
    with Project.open(root, reviewer="AG") as p:
        CheckSession(p, of="NT").mark("agree")
    with Project.open(root, reviewer="NT") as p:
        first = min(p.codings.values(), key=lambda c: c.start)
        p.remove_coding(first)
    with Project.open(root) as p:
        assert verdicts(p) == []  # the coding is gone; the verdict stays in the log
        assert p.problems == []
