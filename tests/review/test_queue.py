"""The disagreement queue, resolutions and consensus codings."""

from __future__ import annotations

import pytest

from synthesis import ActionError, Project
from synthesis.review import CheckSession, consensus_codings, disagreements, resolutions
from synthesis.review.queue import resolve

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
    with Project.open(root, reviewer="AG") as p:
        p.apply_code("note", 21, 35, "Trust")     # agrees (overlap, same code)
        p.apply_code("note", 0, 20, "Trust")      # NT did not code this span with Trust
    return root


def test_double_coding_differences(root):
    with Project.open(root) as p:
        items = disagreements(p)
        assert sorted((d.coding.reviewer, d.coding.quote, d.other_reviewer) for d in items) == [
            ("AG", "Both partners acted.", "NT"), ("NT", "Roles were clear.", "AG")]
        assert all(d.kind == "double" for d in items)


def test_mapping_between_codebooks(root):
    with Project.open(root, reviewer="AG") as p:
        p.create_code("Being clear")
        p.apply_code("note", 43, 60, "Being clear")
        clarity, being_clear = p.code("Clarity").code_id, p.code("Being clear").code_id
        plain = {(d.coding.reviewer, d.coding.quote) for d in disagreements(p)}
        mapped = {(d.coding.reviewer, d.coding.quote) for d in disagreements(p, mapping={clarity: being_clear})}
        assert ("NT", "Roles were clear.") in plain and ("NT", "Roles were clear.") not in mapped


def test_check_mode_items_and_resolution_by_discussion(root):
    with Project.open(root, reviewer="AG") as p:
        CheckSession(p, of="NT").mark("disagree", reason="this is about roles, not trust")
        (item,) = [d for d in disagreements(p) if d.kind == "check"]
        assert item.reason == "this is about roles, not trust" and item.other_reviewer == "AG"
        resolve(p, item, method="discussion", remove=(item.coding,), note="agreed at the team meeting")
        assert all(d.key != item.key for d in disagreements(p))
        assert any(d.key == item.key and d.resolved for d in disagreements(p, include_resolved=True))
        assert item.coding.coding_id not in {c.coding_id for c in consensus_codings(p)}
        (r,) = resolutions(p)
        assert (r.method, r.resolver, r.note) == ("discussion", "AG", "agreed at the team meeting")


def test_adjudication_by_a_third_reviewer_with_a_new_consensus_coding(root):
    with Project.open(root, reviewer="NT") as p:
        item = next(d for d in disagreements(p) if d.coding.reviewer == "AG")
        with pytest.raises(ActionError, match="third reviewer"):
            resolve(p, item, method="adjudication", keep=(item.coding,), note="mine")
    with Project.open(root, reviewer="YC") as p:
        item = next(d for d in disagreements(p) if d.coding.reviewer == "AG")
        (new,) = p.apply_code("note", 0, 20, "Clarity")
        resolve(p, item, method="adjudication", remove=(item.coding,), add=(new,), note="about roles")
        consensus = consensus_codings(p)
        assert new.coding_id in {c.coding_id for c in consensus}
        assert item.coding.coding_id not in {c.coding_id for c in consensus}
        with pytest.raises(ActionError, match="say why"):
            resolve(p, item, keep=(item.coding,))


def test_consensus_counts_agreed_codings_once(root):
    with Project.open(root) as p:
        consensus = consensus_codings(p)
        trust = p.code("Trust").code_id
        on_trust_sentence = [c for c in consensus if c.code_id == trust and c.start >= 21]
        assert len(on_trust_sentence) == 1 and on_trust_sentence[0].reviewer == "NT"  # the earlier one
        assert len(consensus) == 3


def test_a_reviewer_who_has_not_coded_a_source_makes_no_differences_there(root):
    with Project.open(root, reviewer="XY") as p:
        p.add_text("Another extract entirely.", title="Other", source_id="other")
        p.apply_code("other", 0, 7, "Trust")
    with Project.open(root) as p:
        assert not any("XY" in (d.coding.reviewer, d.other_reviewer) for d in disagreements(p))


def test_only_the_recorded_double_coders_are_compared(root):
    from synthesis.review import double_coders, set_double_coders

    with Project.open(root, reviewer="XY") as p:
        p.apply_code("note", 43, 60, "Trust")
        assert any(d.coding.reviewer == "XY" for d in disagreements(p))
        with pytest.raises(ActionError, match="no reviewer 'ZZ'"):
            set_double_coders(p, ["nt", "ZZ"])
        with pytest.raises(ActionError, match="at least two"):
            set_double_coders(p, ["nt", "NT"])
        assert set_double_coders(p, ["nt", "ag"]) == ("AG", "NT")  # names ignore case
    with Project.open(root) as p:
        assert double_coders(p) == ("AG", "NT")
        items = disagreements(p)
        assert items and not any("XY" in (d.coding.reviewer, d.other_reviewer) for d in items)
