"""The fold: every event type, undo/redo, problems, and order independence."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from synthesis.records import Anchor, Event
from synthesis.state import State, anchor_codings, effective_ids, fold

TEXT = "Trust grew slowly. Trust and reciprocity evaporated when funding ended."


class Log:
    """Builds one reviewer's events with increasing clocks."""

    def __init__(self, reviewer: str = "AG", clock: int = 0) -> None:
        self.reviewer = reviewer
        self.seq = 0
        self.clock = clock
        self.events: list[Event] = []

    def __call__(self, type: str, clock: int | None = None, **data) -> Event:
        self.seq += 1
        self.clock = clock if clock is not None else self.clock + 1
        event = Event(f"{self.reviewer}:{self.seq}", self.seq, self.clock, f"t{self.clock}",
                      self.reviewer, type, data)
        self.events.append(event)
        return event


def span(start: int, end: int, codings, source: str = "s1") -> dict:
    return {"source_id": source, "start": start, "end": end, "quote": TEXT[start:end],
            "prefix": TEXT[max(0, start - 5):start], "suffix": TEXT[end:end + 5], "codings": codings}


def kinds(state: State) -> list[str]:
    return [p.kind for p in state.problems]


# ------------------------------------------------------------------ codes
def test_code_create_update_delete() -> None:
    log = Log()
    log("code.create", code_id="c1", label="Trust", definition="d", colour="#E69F00")
    state = fold(log.events)
    code = state.codes["c1"]
    assert (code.label, code.definition, code.colour, code.created_by, code.created_at) == (
        "Trust", "d", "#E69F00", "AG", "t1")
    log("code.update", code_id="c1", label="Mutual trust")
    log("code.update", code_id="c1", colour="#000000")
    code = fold(log.events).codes["c1"]
    assert (code.label, code.definition, code.colour) == ("Mutual trust", "d", "#000000")
    log("coding.apply", **span(0, 5, [["k1", "c1"]]))
    log("code.delete", code_id="c1")
    state = fold(log.events)
    assert state.codes == {} and state.codings == {} and state.problems == []


def test_duplicate_create_and_missing_code_are_problems() -> None:
    log = Log()
    log("code.create", code_id="c1", label="Trust")
    dup = log("code.create", code_id="c1", label="Again")
    upd = log("code.update", code_id="nope", label="x")
    state = fold(log.events)
    assert state.codes["c1"].label == "Trust"
    assert kinds(state) == ["rejected-event", "rejected-event"]
    assert [p.event_id for p in state.problems] == [dup.id, upd.id]
    assert "nope" in state.problems[1].message


def test_code_merge_moves_codings_and_drops_duplicates() -> None:
    log = Log()
    log("code.create", code_id="a", label="A")
    log("code.create", code_id="b", label="B")
    log("code.create", code_id="c", label="C")
    log("coding.apply", **span(0, 5, [["k1", "a"], ["k2", "b"]]))  # same span with a and b
    log("coding.apply", **span(6, 10, [["k3", "b"]]))
    log("coding.apply", **span(19, 24, [["k4", "c"]]))
    log("code.merge", sources=["b", "c"], target="a")
    state = fold(log.events)
    assert sorted(state.codes) == ["a"]
    assert state.merged == {"b": "a", "c": "a"}
    assert sorted(state.codings) == ["k1", "k3", "k4"]  # k2 duplicated k1
    assert {c.code_id for c in state.codings.values()} == {"a"}
    log("coding.apply", **span(30, 40, [["k5", "b"]]))
    state = fold(log.events)
    assert "merged into 'a'" in state.problems[-1].message


def test_merge_into_itself_rejected() -> None:
    log = Log()
    log("code.create", code_id="a", label="A")
    log("code.merge", sources=["a"], target="a")
    state = fold(log.events)
    assert "a" in state.codes and kinds(state) == ["rejected-event"]


def test_code_split() -> None:
    log = Log()
    log("code.create", code_id="a", label="A")
    log("coding.apply", **span(0, 5, [["k1", "a"]]))
    log("coding.apply", **span(6, 10, [["k2", "a"]]))
    log("coding.apply", **span(11, 17, [["k3", "a"]]))
    log("code.split", code_id="a", into=[{"code_id": "a1", "label": "A1"}, {"code_id": "a2", "label": "A2"}],
        assign={"k1": "a1", "k2": "a2"})
    state = fold(log.events)
    assert sorted(state.codes) == ["a", "a1", "a2"]
    assert {k: c.code_id for k, c in state.codings.items()} == {"k1": "a1", "k2": "a2", "k3": "a"}


def test_bad_split_changes_nothing() -> None:
    log = Log()
    log("code.create", code_id="a", label="A")
    log("code.create", code_id="b", label="B")
    log("coding.apply", **span(0, 5, [["k1", "b"]]))
    before = fold(log.events)
    log("code.split", code_id="a", into=[{"code_id": "a1", "label": "A1"}], assign={"k1": "a1"})
    log("code.split", code_id="a", into=[{"code_id": "b", "label": "B again"}], assign={})
    log("code.split", code_id="a", into=[{"code_id": "a1", "label": "A1"}], assign={"k1": "zz"})
    after = fold(log.events)
    assert kinds(after) == ["rejected-event"] * 3
    assert (after.codes, after.codings) == (before.codes, before.codings)


# ------------------------------------------------------------------ codings
def test_coding_apply_and_remove() -> None:
    log = Log()
    log("code.create", code_id="a", label="A")
    log("code.create", code_id="b", label="B")
    log("coding.apply", **span(0, 5, [["k1", "a"], ["k2", "b"]]))
    state = fold(log.events)
    k1 = state.codings["k1"]
    assert k1.anchor == Anchor("s1", 0, 5, "Trust", "", " grew")
    assert (k1.code_id, k1.reviewer, k1.time, k1.status) == ("a", "AG", "t3", "anchored")
    assert state.codings["k2"].anchor == k1.anchor
    log("coding.remove", coding_ids=["k1"])
    state = fold(log.events)
    assert sorted(state.codings) == ["k2"]
    log("coding.remove", coding_ids=["k1", "k2"])  # k1 is gone: nothing removed
    state = fold(log.events)
    assert sorted(state.codings) == ["k2"] and kinds(state) == ["rejected-event"]


def test_coding_apply_unknown_code_or_duplicate_id() -> None:
    log = Log()
    log("code.create", code_id="a", label="A")
    log("coding.apply", **span(0, 5, [["k1", "a"], ["k2", "zz"]]))
    log("coding.apply", **span(0, 5, [["k3", "a"]]))
    log("coding.apply", **span(6, 10, [["k3", "a"]]))
    state = fold(log.events)
    assert sorted(state.codings) == ["k3"]  # the event with an unknown code applied nothing
    assert state.codings["k3"].start == 0
    assert kinds(state) == ["rejected-event", "rejected-event"]


# ------------------------------------------------------------------ memos
def test_memo_write_rewrite_delete() -> None:
    ag, bb = Log("AG"), Log("BB", clock=10)
    ag("code.create", code_id="a", label="A")
    ag("memo.write", memo_id="m1", target_kind="code", target_id="a", text="first")
    ag("memo.write", memo_id="m1", target_kind="code", target_id="a", text="second")
    state = fold(ag.events)
    memo = state.memos["m1"]
    assert (memo.text, memo.author, memo.target_kind, memo.target_id, memo.time) == ("second", "AG", "code", "a", "t3")
    bb("memo.write", memo_id="m1", target_kind="code", target_id="a", text="hijack")
    state = fold(ag.events + bb.events)
    assert state.memos["m1"].text == "second" and "belongs to AG" in state.problems[0].message
    ag("memo.delete", clock=20, memo_id="m1")
    ag("memo.delete", memo_id="m1")
    state = fold(ag.events + bb.events)
    assert state.memos == {} and kinds(state) == ["rejected-event", "rejected-event"]


# ------------------------------------------------------------------ undo / redo
def test_undo_and_redo() -> None:
    log = Log()
    log("code.create", code_id="a", label="A")
    rename = log("code.update", code_id="a", label="B")
    log("undo", target=rename.id)
    assert fold(log.events).codes["a"].label == "A"
    log("redo", target=rename.id)
    assert fold(log.events).codes["a"].label == "B"
    log("undo", target=rename.id)
    assert fold(log.events).codes["a"].label == "A"
    assert effective_ids(log.events) == {"AG:1"}


def test_redo_takes_effect_at_original_place() -> None:
    log = Log()
    log("code.create", code_id="a", label="A")
    first = log("code.update", code_id="a", label="First")
    log("undo", target=first.id)
    log("code.update", code_id="a", label="Second")
    log("redo", target=first.id)
    # the redone rename sits before the later one, so the later one still wins
    assert fold(log.events).codes["a"].label == "Second"


def test_undo_delete_brings_codings_back() -> None:
    log = Log()
    log("code.create", code_id="a", label="A")
    log("coding.apply", **span(0, 5, [["k1", "a"]]))
    delete = log("code.delete", code_id="a")
    log("undo", target=delete.id)
    state = fold(log.events)
    assert "a" in state.codes and "k1" in state.codings and state.problems == []


def test_undo_of_create_others_depend_on_is_a_problem_not_a_crash() -> None:
    ag, bb = Log("AG"), Log("BB", clock=5)
    create = ag("code.create", code_id="a", label="A")
    bb("coding.apply", **span(0, 5, [["k1", "a"]]))
    bb("memo.write", memo_id="m1", target_kind="code", target_id="a", text="note")
    bb("code.update", code_id="a", label="A2")
    ag("undo", clock=10, target=create.id)
    state = fold(ag.events + bb.events)
    assert state.codes == {} and state.codings == {}
    assert kinds(state) == ["rejected-event", "rejected-event"]
    assert {p.event_id for p in state.problems} == {"BB:1", "BB:3"}
    assert all("'a' does not exist" in p.message for p in state.problems)
    assert "m1" in state.memos  # a memo's target is not checked by the fold


def test_unknown_and_malformed_events_are_reported() -> None:
    log = Log()
    strange = log("code.teleport", code_id="a")
    broken = log("code.create", label="no id")
    bad = log("coding.apply", source_id="s1", start="x", end=5, quote="q", codings=[])
    state = fold(log.events)
    assert kinds(state) == ["unknown-event", "malformed-event", "malformed-event"]
    assert [p.event_id for p in state.problems] == [strange.id, broken.id, bad.id]
    assert "code.teleport" in state.problems[0].message


# ------------------------------------------------------------------ anchoring in the fold
def test_anchor_codings_reanchors_and_orphans() -> None:
    log = Log()
    log("code.create", code_id="a", label="A")
    log("coding.apply", **span(0, 5, [["k1", "a"]]))
    log("coding.apply", **span(41, 52, [["k2", "a"]]))
    log("coding.apply", **span(0, 5, [["k3", "a"]], source="gone"))
    state = fold(log.events)
    new_text = "Introduction. " + TEXT.replace("evaporated", "vanished")
    problems = anchor_codings(state, {"s1": new_text}.get)
    k1 = state.codings["k1"]
    assert k1.status == "reanchored" and new_text[k1.start:k1.end] == "Trust" and k1.start == 14
    assert state.codings["k2"].status == "orphaned"
    assert state.codings["k3"].status == "orphaned"
    assert sorted(p.message.split("'")[1] for p in problems) == ["k2", "k3"]
    assert all(p.kind == "orphaned-coding" for p in problems)


# ------------------------------------------------------------------ order independence
def random_logs(seed: int) -> list[list[Event]]:
    """Three reviewers' logs of plausible (sometimes conflicting) events."""
    rng = random.Random(seed)
    clocks = {"AG": 0, "BB": 0, "CC": 0}
    logs: dict[str, list[Event]] = {r: [] for r in clocks}
    codes: list[str] = []
    codings: list[str] = []
    seen = 0
    for n in range(rng.randint(5, 40)):
        who = rng.choice(sorted(clocks))
        if rng.random() < 0.5:  # this reviewer has synced with the others
            clocks[who] = max(clocks[who], seen)
        clocks[who] += 1
        seen = max(seen, clocks[who])
        mine = logs[who]
        roll = rng.random()
        if not codes or roll < 0.2:
            codes.append(f"c{n}")
            kind, data = "code.create", {"code_id": codes[-1], "label": f"L{n}"}
        elif roll < 0.45:
            codings.append(f"k{n}")
            start = rng.randrange(0, 60)
            kind, data = "coding.apply", span(start, start + rng.randint(1, 10), [[codings[-1], rng.choice(codes)]])
        elif roll < 0.55:
            kind, data = "code.update", {"code_id": rng.choice(codes), "label": f"R{n}"}
        elif roll < 0.62:
            kind, data = "code.delete", {"code_id": rng.choice(codes)}
        elif roll < 0.7 and len(codes) > 1:
            a, b = rng.sample(codes, 2)
            kind, data = "code.merge", {"sources": [a], "target": b}
        elif roll < 0.77 and codings:
            kind, data = "coding.remove", {"coding_ids": [rng.choice(codings)]}
        elif roll < 0.85:
            kind, data = "memo.write", {"memo_id": f"m{rng.randint(1, 3)}", "target_kind": "code",
                                        "target_id": rng.choice(codes), "text": f"x{n}"}
        elif mine and roll < 0.95:
            target = rng.choice([e for e in mine if e.type not in ("undo", "redo")] or mine)
            kind, data = rng.choice(["undo", "redo"]), {"target": target.id}
        else:
            kind, data = "memo.delete", {"memo_id": f"m{rng.randint(1, 3)}"}
        seq = len(mine) + 1
        mine.append(Event(f"{who}:{seq}", seq, clocks[who], f"t{n}", who, kind, data))
    return [events for events in logs.values() if events]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), shuffle=st.randoms(use_true_random=False))
def test_fold_is_independent_of_event_and_file_order(seed: int, shuffle: random.Random) -> None:
    logs = random_logs(seed)
    reference = fold([e for log in logs for e in log])
    files = list(logs)
    shuffle.shuffle(files)
    in_file_order = [e for log in files for e in log]
    scrambled = list(in_file_order)
    shuffle.shuffle(scrambled)
    for events in (in_file_order, scrambled, list(reversed(scrambled))):
        assert fold(events) == reference
    again = fold(events)
    assert again == reference and again is not reference


def test_fold_leaves_events_untouched() -> None:
    events = [e for log in random_logs(7) for e in log]
    copy = [replace(e, data=dict(e.data)) for e in events]
    fold(events)
    assert events == copy
