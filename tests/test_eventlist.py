"""Events kept as log lines until read: columns without parsing, order, errors that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthesis.errors import LogCorruptError
from synthesis.eventlist import EventList, LogLines
from synthesis.log import encode_event
from synthesis.records import Event


def event(n: int, clock: int, reviewer: str = "AG", kind: str = "code.create") -> Event:
    return Event(f"{reviewer}:{n}", n, clock, "t", reviewer, kind, {"code_id": f"c{n}", "label": f"L{n}"})


def lines_of(*events: Event) -> LogLines:
    return LogLines.index([(Path("AG.jsonl"), b"".join(map(encode_event, events)))])


def test_columns_and_keys_need_no_parsing():
    lines = lines_of(event(1, 1), event(2, 5), event(3, 9))
    events = lines.events()
    assert list(events.column("id")) == ["AG:1", "AG:2", "AG:3"] and events.key(1) == (5, "AG", 2)
    assert lines.keys() == [(1, "AG", 1), (5, "AG", 2), (9, "AG", 3)]
    assert lines.parsed == 0
    assert events[-1] == event(3, 9) and lines.parsed == 1


def test_events_go_in_fold_order_among_lines():
    lines = lines_of(event(1, 1), event(2, 5), event(3, 9))
    events = lines.events()
    events.insert_in_order([event(1, 3, "BB"), event(2, 9, "BB"), event(3, 20, "BB")])
    assert [e.id for e in events] == ["AG:1", "BB:1", "AG:2", "AG:3", "BB:2", "BB:3"]
    assert [e.order for e in events] == sorted(e.order for e in events)


def test_a_copy_shares_what_was_parsed():
    lines = lines_of(*(event(n, n) for n in range(1, 200)))
    events = lines.events()
    copy = events.copy()
    assert len(list(events)) == 199 and lines.parsed == 199  # one pass for all of them
    assert copy[5] is events[5] and EventList.of(copy) is copy


def test_a_damaged_line_is_named_when_it_is_read():
    good = encode_event(event(1, 1))
    raw = good + b'{"id": "AG:2", "seq": 2}\n' + encode_event(event(3, 3))
    lines = LogLines(
        [(Path("AG.jsonl"), raw)], [0, 0, 0], [0, len(good), raw.index(b"\n", len(good)) + 1],
        {"clock": [1, 2, 3], "reviewer": ["AG"] * 3, "seq": [1, 2, 3], "id": ["AG:1", "AG:2", "AG:3"],
         "type": ["code.create"] * 3})
    events = lines.events()
    assert events[2].id == "AG:3"
    with pytest.raises(LogCorruptError, match="line 2"):
        events[1]
    with pytest.raises(LogCorruptError, match="line 2"):
        list(events)
