"""The codings table made from a checkpoint's rows when first read."""

from __future__ import annotations

import json
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from synthesis import checkpoint, incremental
from synthesis.lazycodings import LazyCodings, RowCodings, Rows
from synthesis.project import Project


class Record:
    """A stand-in record (compared by value, made by the rows)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and other.n == self.n

    def __repr__(self) -> str:
        return f"Record({self.n})"


def table(n: int) -> tuple[LazyCodings, Rows]:
    rows = Rows(lambda numbers: [Record(i) for i in numbers], n)
    return LazyCodings.of([f"k{i}" for i in range(n)], rows), rows


def test_reading_makes_records_and_nothing_else_does():
    lazy, rows = table(5)
    assert len(lazy) == 5 and "k3" in lazy and list(lazy) == [f"k{i}" for i in range(5)]
    lazy["new"] = Record(99)
    del lazy["k0"]
    assert rows.made == 0
    assert lazy["k2"] == Record(2) and lazy.get("k4") == Record(4) and lazy.get("nope", 1) == 1
    assert rows.made == 2
    assert list(lazy.values()) == [Record(1), Record(2), Record(3), Record(4), Record(99)]
    assert rows.made == 4


def test_every_way_of_copying_or_comparing_gives_records_not_row_numbers():
    for copy in (lambda t: dict(t), lambda t: {**t}, lambda t: dict(t.items()), lambda t: t | {},
                 lambda t: pickle.loads(pickle.dumps(t))):
        lazy, _ = table(3)
        assert copy(lazy) == {"k0": Record(0), "k1": Record(1), "k2": Record(2)}
    lazy, _ = table(2)
    assert lazy == {"k0": Record(0), "k1": Record(1)} and not lazy != {"k0": Record(0), "k1": Record(1)}
    assert repr(table(1)[0]) == "{'k0': Record(0)}"
    assert json.dumps(table(1)[0], default=lambda r: r.n) == '{"k0": 0}'


def test_the_folds_own_tables_copy_fast_and_hand_out_safe_ones():
    rows = Rows(lambda numbers: [Record(i) for i in numbers], 3)
    inner = RowCodings.of(["k0", "k1", "k2"], rows)
    assert dict(inner) == {"k0": 0, "k1": 1, "k2": 2} and rows.made == 0  # row numbers, copied as they are
    assert inner.copy() == {"k0": Record(0), "k1": Record(1), "k2": Record(2)}
    outer = RowCodings.of(["k0", "k1"], Rows(lambda numbers: [Record(i) for i in numbers], 2)).copy(kind=LazyCodings)
    assert type(outer) is LazyCodings and dict(outer) == {"k0": Record(0), "k1": Record(1)}
    assert type(outer.copy()) is LazyCodings and outer.copy() == outer


def test_copies_share_their_records_and_track_changes_when_asked():
    lazy, rows = table(4)
    plain, tracked = lazy.copy(), lazy.copy(track=True)
    assert plain.touched is None and tracked.touched == set()
    tracked["k1"] = Record(10)
    tracked.pop("k2")
    tracked.setdefault("k3", None)
    assert tracked.touched == {"k1", "k2", "k3"} and rows.made == 2  # k2 and k3 were read
    assert plain["k3"] is tracked["k3"] is lazy["k3"] and plain["k1"] == Record(1)
    tracked.clear()
    assert tracked.touched == {"k0", "k1", "k2", "k3"} and len(lazy) == 4


keys = st.sampled_from([f"k{i}" for i in range(8)])
operations = st.lists(st.one_of(
    st.tuples(st.just("set"), keys, st.integers(100, 120)),
    st.tuples(st.just("del"), keys, st.none()),
    st.tuples(st.just("pop"), keys, st.none()),
    st.tuples(st.just("get"), keys, st.none()),
    st.tuples(st.just("setdefault"), keys, st.integers(100, 120)),
    st.tuples(st.just("copy"), st.none(), st.none()),
    st.tuples(st.just("update"), keys, st.integers(100, 120)),
    st.tuples(st.just("popitem"), st.none(), st.none()),
), max_size=30)


@settings(max_examples=200, deadline=None)
@given(operations)
def test_a_lazy_table_behaves_as_a_dict(script):
    lazy, _ = table(6)
    plain = {f"k{i}": Record(i) for i in range(6)}
    for op, key, value in script:
        if op == "set":
            lazy[key] = plain[key] = Record(value)
        elif op == "del":
            if key in plain:
                del lazy[key], plain[key]
        elif op == "pop":
            assert lazy.pop(key, None) == plain.pop(key, None)
        elif op == "get":
            assert lazy.get(key) == plain.get(key)
        elif op == "setdefault":
            assert lazy.setdefault(key, Record(value)) == plain.setdefault(key, Record(value))
        elif op == "copy":
            lazy = lazy.copy(track=True)
        elif op == "update":
            lazy.update({key: Record(value)})
            plain.update({key: Record(value)})
        elif op == "popitem" and plain:
            assert lazy.popitem() == plain.popitem()
        assert list(lazy) == list(plain) and len(lazy) == len(plain)
    assert lazy == plain and list(lazy.items()) == list(plain.items())


def test_a_project_opened_from_its_checkpoint_makes_codings_only_when_they_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoint, "MIN_EVENTS", 10**9)
    monkeypatch.setattr(checkpoint, "TAIL", 2)
    monkeypatch.setattr(incremental, "EVERY", 2)
    text = "Trust grew slowly. Trust and reciprocity evaporated when funding ended. " * 5
    with Project.init(tmp_path / "r", reviewer="AG", checkpoint=False) as p:
        p.add_text(text, title="Source", source_id="s1")
        trust = p.create_code("Trust")
        for start in range(0, 300, 10):
            p.apply_code("s1", start, start + 5, trust)
        p.save_checkpoint()
    opened = Project.open(tmp_path / "r")
    assert opened.opened_from_checkpoint
    table = opened.state.codings
    assert isinstance(table, LazyCodings) and table.rows.made == 0
    assert dict(opened.codings) == dict(Project.open(tmp_path / "r", checkpoint=False).codings)
    assert 0 < table.rows.made == len(table.rows) < 30  # the last few events are folded after it
    with Project.open(tmp_path / "r", reviewer="AG") as p:  # undo and new work on top of the rows
        p.undo()
        p.apply_code("s1", 1, 4, trust)
        assert dict(p.codings) == dict(Project.open(tmp_path / "r", checkpoint=False).codings)
