"""The incremental fold equals the reference fold after any sequence of changes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import synthesis.corpus.importing  # noqa: F401  (registers corpus.import)
import synthesis.review.check  # noqa: F401  (check.verdict)
import synthesis.review.queue  # noqa: F401  (disagreement.resolve)
import synthesis.themes.events  # noqa: F401  (theme.*, group.*, exemplar.*, quote.kind, cerqual.judge)
from synthesis.incremental import IncrementalFold, copy_state
from synthesis.records import Event
from synthesis.state import HANDLERS, State, fold

TEXT = "Trust grew slowly. Trust and reciprocity evaporated when funding ended."
CODES = ["c1", "c2", "c3"]
CODINGS = ["k1", "k2", "k3", "k4"]
THEMES = ["T1", "T2"]
REVIEWERS = ["AG", "BB", "CC"]

code = st.sampled_from(CODES)
coding = st.sampled_from(CODINGS)
theme = st.sampled_from(THEMES)


def _span(start: int, end: int) -> dict:
    return {"source_id": "s1", "start": start, "end": end, "quote": TEXT[start:end],
            "prefix": TEXT[max(0, start - 5):start], "suffix": TEXT[end:end + 5]}


spans = st.tuples(st.integers(0, 30), st.integers(1, 20)).map(lambda p: _span(p[0], p[0] + p[1]))

DATA = {
    "code.create": st.fixed_dictionaries({"code_id": code, "label": st.sampled_from(["Trust", "Respect", "Time"]),
                                          "colour": st.sampled_from(["", "#112233", "red"])}),
    "code.update": st.fixed_dictionaries({"code_id": code}, optional={"label": st.sampled_from(["A", "B"]),
                                                                      "colour": st.sampled_from(["#445566", "x"])}),
    "code.move": st.fixed_dictionaries({"code_id": code, "parent": st.one_of(st.just(""), code)}),
    "code.delete": st.fixed_dictionaries({"code_id": code}),
    "code.merge": st.fixed_dictionaries({"sources": st.lists(code, min_size=1, max_size=2, unique=True),
                                         "target": code}),
    "code.split": st.builds(lambda c, new, k: {"code_id": c, "into": [{"code_id": new, "label": "New"}],
                                               "assign": {k: new}}, code, code, coding),
    "coding.apply": st.builds(lambda s, pairs: {**s, "codings": pairs}, spans,
                              st.lists(st.tuples(coding, code).map(list), min_size=1, max_size=2)),
    "coding.remove": st.fixed_dictionaries({"coding_ids": st.lists(coding, min_size=1, max_size=2, unique=True)}),
    "memo.write": st.fixed_dictionaries({"memo_id": st.sampled_from(["m1", "m2"]),
                                         "target_kind": st.sampled_from(["code", "coding", "nowhere"]),
                                         "target_id": code, "text": st.sampled_from(["note", "more"])}),
    "memo.delete": st.fixed_dictionaries({"memo_id": st.sampled_from(["m1", "m2"])}),
    "corpus.import": st.just({"transaction": "x"}),
    "check.verdict": st.fixed_dictionaries({"coding_id": coding, "verdict": st.sampled_from(["agree", "disagree", "no"]),
                                            "reason": st.just("")}),
    "disagreement.resolve": st.fixed_dictionaries({"key": st.sampled_from(["check:k1:BB", "double:k2"]),
                                                   "method": st.sampled_from(["discussion", "vote"]),
                                                   "keep": st.just([]), "remove": st.just([]), "add": st.just([]),
                                                   "note": st.just("")}),
    "theme.create": st.fixed_dictionaries({"theme_id": theme, "level": st.sampled_from(["descriptive", "analytical"]),
                                           "name": st.sampled_from(["Relationships", "Money"])}),
    "theme.update": st.fixed_dictionaries({"theme_id": theme, "name": st.just("Renamed")}),
    "theme.delete": st.fixed_dictionaries({"theme_id": theme}),
    "theme.merge": st.fixed_dictionaries({"sources": st.lists(theme, min_size=1, max_size=1), "target": theme}),
    "theme.assign": st.fixed_dictionaries({"theme_id": theme, "members": st.lists(st.sampled_from(CODES + THEMES),
                                                                                   max_size=2)}),
    "theme.unassign": st.fixed_dictionaries({"theme_id": theme, "members": st.lists(code, max_size=2)}),
    "theme.move": st.fixed_dictionaries({"theme_id": theme, "target": theme, "members": st.lists(code, max_size=1)}),
    "exemplar.set": st.fixed_dictionaries({"theme_id": theme, "coding_id": coding}),
    "exemplar.unset": st.fixed_dictionaries({"theme_id": theme, "coding_id": coding}),
    "quote.kind": st.fixed_dictionaries({"coding_id": coding, "kind": st.sampled_from(["participant", "author"])}),
    "group.create": st.fixed_dictionaries({"group_id": st.just("G1"), "name": st.just("Elements")}),
    "group.delete": st.fixed_dictionaries({"group_id": st.just("G1")}),
    "group.link": st.fixed_dictionaries({"group_id": st.just("G1"), "element": st.sampled_from(["Trust", "Time"]),
                                         "members": st.lists(code, max_size=1), "place": st.just("a/b")}),
    "group.unlink": st.fixed_dictionaries({"group_id": st.just("G1"), "element": st.sampled_from(["Trust", "Time"])}),
    "cerqual.judge": st.fixed_dictionaries({"finding": theme, "component": st.sampled_from(["coherence", "overall"]),
                                            "level": st.sampled_from(["minor concerns", "high"])}),
    "unheard.of": st.just({}),
}
EXPLICIT = set(DATA)
for _kind in HANDLERS:  # types other modules register: small data of any shape
    DATA.setdefault(_kind, st.dictionaries(st.sampled_from(["id", "name", "coding_id", "code_id", "members"]),
                                           st.one_of(code, coding, st.lists(code, max_size=2)), max_size=3))

# one step: (what, reviewer, clock offset, type, data, pick) where ``what`` says whether the event is
# new, a repeat of an earlier line, or an undo/redo of an earlier event (``pick`` chooses which)
steps = st.one_of(
    st.tuples(st.just("new"), st.sampled_from(REVIEWERS), st.integers(-6, 2),
              st.sampled_from(sorted(DATA)).flatmap(lambda t: st.tuples(st.just(t), DATA[t])), st.integers(0, 99)),
    st.tuples(st.sampled_from(["undo", "redo", "repeat"]), st.sampled_from(REVIEWERS), st.integers(-6, 2),
              st.just(None), st.integers(0, 99)),
)


def test_every_core_type_is_generated_with_fitting_data() -> None:
    from synthesis.themes.events import EVENT_TYPES

    core = {"code.create", "code.update", "code.move", "code.delete", "code.merge", "code.split", "coding.apply",
            "coding.remove", "memo.write", "memo.delete", "corpus.import", "check.verdict", "disagreement.resolve"}
    assert core | set(EVENT_TYPES) <= EXPLICIT
    assert set(HANDLERS) <= set(DATA)


def events_from(script) -> list[list[Event]]:
    """Turn steps into batches of events (a batch arrives at once, like a log read)."""
    seq = dict.fromkeys(REVIEWERS, 0)
    clock = 0
    made: list[Event] = []
    batches: list[list[Event]] = []
    for what, reviewer, offset, payload, pick in script:
        if what == "repeat":
            if not made:
                continue
            event = made[pick % len(made)]
        else:
            if what == "new":
                kind, data = payload
            else:
                if not made:
                    continue
                kind, data = what, {"target": made[pick % len(made)].id}
            seq[reviewer] += 1
            clock = max(1, clock + 1 + offset)  # offsets below zero: a colleague's older event
            event = Event(f"{reviewer}:{seq[reviewer]}", seq[reviewer], clock, f"t{clock}", reviewer, kind, data)
            made.append(event)
        if batches and pick % 3 == 0:
            batches[-1].append(event)
        else:
            batches.append([event])
    return batches


def same(got: State, want: State) -> None:
    for name in ("codes", "codings", "memos", "merged", "problems", "extra"):
        assert getattr(got, name) == getattr(want, name), name


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(steps, max_size=40), st.sampled_from([1, 2, 3, 5]), st.integers(5, 8))
def test_incremental_fold_equals_the_full_fold(script, every, keep) -> None:
    live = IncrementalFold(every=every, keep=keep)
    seen: list[Event] = []
    before: dict = {}
    for batch in events_from(script):
        seen.extend(batch)
        changed = live.add(batch)
        want = fold(seen)
        same(live.state, want)
        differ = {k for k in before.keys() | want.codings.keys() if before.get(k) != want.codings.get(k)}
        assert differ <= changed  # every coding that changed is reported (views re-check only those)
        before = dict(want.codings)


@settings(max_examples=150, deadline=None)
@given(st.lists(steps, max_size=40), st.integers(0, 40), st.sampled_from([1, 3]))
def test_resuming_from_a_saved_state_equals_the_full_fold(script, cut, every) -> None:
    everything = [e for batch in events_from(script) for e in batch]
    before, after = everything[:cut], everything[cut:]
    ordered = sorted(before, key=lambda e: e.order)
    if not ordered:
        return
    saved = fold(before)
    live = IncrementalFold.resume(copy_state(saved), ordered[-1].order, before, every=every)
    same(live.state, saved)
    for i, event in enumerate(after):
        live.add([event])
        same(live.state, fold(everything[:cut + i + 1]))


def test_changed_codings_are_reported() -> None:
    make = lambda i, kind, data: Event(f"AG:{i}", i, i, f"t{i}", "AG", kind, data)  # noqa: E731
    live = IncrementalFold(every=1)
    live.add([make(1, "code.create", {"code_id": "c1", "label": "Trust"})])
    assert live.add([make(2, "coding.apply", {**_span(0, 5), "codings": [["k1", "c1"]]})]) == {"k1"}
    assert live.add([make(3, "undo", {"target": "AG:2"})]) == {"k1"}
    assert "k1" not in live.state.codings
    assert live.add([make(4, "redo", {"target": "AG:2"})]) == {"k1"}
    assert live.state.codings["k1"].quote == "Trust"
