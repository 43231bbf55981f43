"""Events kept as their log lines until something reads them.

Opening a large project from a checkpoint needs only a few facts of each event
the checkpoint covers (its place in the fold, id, type): the checkpoint lists
them, by column, for the lines it was made from. :class:`LogLines` keeps those
columns and the logs' bytes, and parses a line into an :class:`Event` when it is
first asked for. :class:`EventList` is a list of events some of which are still
lines (held as their number in a :class:`LogLines`); reading an item parses it,
iterating parses every line still waiting, in one pass.

>>> from pathlib import Path
>>> raw = (b'{"clock":1,"data":{},"id":"AG:1","reviewer":"AG","seq":1,"time":"t","type":"code.create"}\\n'
...        b'{"clock":2,"data":{"target":"AG:1"},"id":"AG:2","reviewer":"AG","seq":2,"time":"t","type":"undo"}\\n')
>>> lines = LogLines.index([(Path("AG.jsonl"), raw)])
>>> events = lines.events()
>>> len(events), events.value(1, "type"), lines.parsed
(2, 'undo', 0)
>>> events[1].data["target"], lines.parsed
('AG:1', 1)
>>> [e.id for e in events], lines.parsed
(['AG:1', 'AG:2'], 2)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableSequence
from pathlib import Path
from typing import Any, overload

from .errors import LogCorruptError
from .log import decode_event, event_from_record
from .records import Event

try:  # a faster parser when installed; the standard library's otherwise
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - orjson is a dependency
    from json import loads as _loads

Key = tuple[int, str, int]
#: the columns a checkpoint keeps of each line (besides where it is)
COLUMNS = ("clock", "reviewer", "seq", "id", "type")


class LogLines:
    """Event lines of some logs, by number, with the columns needed before parsing them.

    ``logs`` are (path, bytes) pairs; line ``i`` starts at byte ``at[i]`` of log
    ``log[i]``. The other columns (clock, reviewer, seq, id, type) are given by
    whoever indexed the lines (a checkpoint checked against the same bytes).
    """

    def __init__(self, logs: list[tuple[Path, bytes]], log: list[int], at: list[int],
                 columns: dict[str, list[Any]]) -> None:
        self.logs = logs
        self.log, self.at = log, at
        self.clock: list[int] = columns["clock"]
        self.reviewer: list[str] = columns["reviewer"]
        self.seq: list[int] = columns["seq"]
        self.id: list[str] = columns["id"]
        self.type: list[str] = columns["type"]
        self._events: list[Event | None] = [None] * len(at)
        self.parsed = 0

    def __len__(self) -> int:
        return len(self.at)

    @classmethod
    def index(cls, logs: list[tuple[Path, bytes]]) -> "LogLines":
        """Every line of ``logs`` (in order), parsed now to index it: what a checkpoint stores."""
        log, at, columns = index_lines(logs)
        return cls(logs, log, at, columns)

    def keys(self) -> list[Key]:
        """Each line's place in the fold, ``(clock, reviewer, seq)``."""
        return list(zip(self.clock, self.reviewer, self.seq))

    def events(self, order: Iterable[int] | None = None) -> "EventList":
        """The lines (in ``order``, by number; all in their order by default) as an :class:`EventList`."""
        return EventList(list(range(len(self.at))) if order is None else list(order), self)

    def event(self, number: int) -> Event:
        """Line ``number`` as an event (parsed once)."""
        event = self._events[number]
        if event is None:
            path, raw = self.logs[self.log[number]]
            start = self.at[number]
            end = raw.find(b"\n", start)
            line = raw[start:end if end >= 0 else len(raw)]
            try:
                event = event_from_record(_loads(line))
            except (ValueError, KeyError, TypeError):
                event = _event(line, path, raw, start)  # raises the error that names the line
            self._events[number] = event
            self.parsed += 1
        return event

    def parse(self, numbers: Iterable[int]) -> None:
        """Parse the given lines that are still lines, in one parser call."""
        todo = [n for n in numbers if self._events[n] is None]
        if len(todo) < 64:
            for n in todo:
                self.event(n)
            return
        chunks = []
        for n in todo:
            raw = self.logs[self.log[n]][1]
            start = self.at[n]
            end = raw.find(b"\n", start)
            chunks.append(raw[start:end if end >= 0 else len(raw)])
        try:
            records = _loads(b"[" + b",".join(chunks) + b"]")
        except ValueError:
            records = None
        if records is None or len(records) != len(todo):
            for n in todo:  # name the line that is wrong
                self.event(n)
            return
        store = self._events
        for n, record in zip(todo, records):
            try:
                store[n] = event_from_record(record)
            except (KeyError, TypeError):
                self.event(n)
                continue
        self.parsed += len(todo)


def _event(line: bytes, path: Path, raw: bytes, start: int) -> Event:
    number = raw.count(b"\n", 0, start) + 1
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise LogCorruptError(path, "not UTF-8", line=number, unit="line") from None
    return decode_event(text, path, number)


def index_lines(logs: list[tuple[Path, bytes]]) -> tuple[list[int], list[int], dict[str, list[Any]]]:
    """Where each event line of ``logs`` starts, and its columns (:data:`COLUMNS`); a line
    that is not an event raises the log's own error."""
    log: list[int] = []
    at: list[int] = []
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    clock, reviewer, seq, ids, types = (columns[n] for n in COLUMNS)
    for number, (path, raw) in enumerate(logs):
        starts, chunks = [], []
        position = 0
        for chunk in raw.split(b"\n"):
            if chunk.strip():
                starts.append(position)
                chunks.append(chunk)
            position += len(chunk) + 1
        try:
            records = _loads(b"[" + b",".join(chunks) + b"]")
            events = [event_from_record(r) for r in records]
        except (ValueError, KeyError, TypeError):
            events = [_event(c, path, raw, s) for c, s in zip(chunks, starts)]
        for event, start in zip(events, starts):
            log.append(number)
            at.append(start)
            clock.append(event.clock)
            reviewer.append(event.reviewer)
            seq.append(event.seq)
            ids.append(event.id)
            types.append(event.type)
    return log, at, columns


class EventList(MutableSequence[Event]):
    """A list of events, some still log lines (numbers in ``lines``) until read."""

    __slots__ = ("_items", "lines")

    def __init__(self, items: Iterable[Event | int] = (), lines: LogLines | None = None) -> None:
        self._items: list[Event | int] = list(items)
        self.lines = lines

    @classmethod
    def of(cls, events: "list[Event] | EventList") -> "EventList":
        """``events`` as an :class:`EventList` (the same one if it is one already)."""
        return events if isinstance(events, EventList) else cls(events)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> list[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | list[Event]:
        if isinstance(index, slice):
            items = self._items[index]
            if self.lines is not None:
                self.lines.parse(x for x in items if type(x) is int)
                return [self.lines.event(x) if type(x) is int else x for x in items]  # type: ignore[arg-type]
            return items  # type: ignore[return-value]
        item = self._items[index]
        return self.lines.event(item) if type(item) is int else item  # type: ignore[union-attr, return-value]

    def __setitem__(self, index: Any, value: Any) -> None:
        self._items[index] = value

    def __delitem__(self, index: int | slice) -> None:
        del self._items[index]

    def insert(self, index: int, value: Event) -> None:
        self._items.insert(index, value)

    def append(self, value: Event) -> None:
        self._items.append(value)

    def extend(self, values: Iterable[Event]) -> None:
        self._items.extend(values)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.materialise())

    def __reversed__(self) -> Iterator[Event]:
        for i in range(len(self._items) - 1, -1, -1):
            yield self[i]

    def materialise(self) -> list[Event]:
        """Every item as an event (lines still waiting are parsed now, in one pass)."""
        if self.lines is not None:
            lines = self.lines
            pending = [x for x in self._items if type(x) is int]
            if pending:
                lines.parse(pending)
                self._items = [lines.event(x) if type(x) is int else x for x in self._items]  # type: ignore[arg-type]
        return self._items  # type: ignore[return-value]

    def copy(self) -> "EventList":
        return EventList(self._items, self.lines)

    def insert_in_order(self, events: list[Event]) -> None:
        """Insert ``events`` (in fold order) each after the items whose place is at or before its own."""
        for event in events:
            key = (event.clock, event.reviewer, event.seq)
            low, high = 0, len(self._items)
            if high and self.key(high - 1) <= key:
                self._items.append(event)
                continue
            while low < high:
                middle = (low + high) // 2
                if key < self.key(middle):
                    high = middle
                else:
                    low = middle + 1
            self._items.insert(low, event)

    def prefetch(self, start: int, stop: int) -> None:
        """Parse the lines among items ``start:stop`` in one pass (before reading them one by one)."""
        if self.lines is not None:
            self.lines.parse(x for x in self._items[start:stop] if type(x) is int)

    def value(self, index: int, name: str) -> Any:
        """One field of item ``index`` (id, reviewer, type, clock or seq) without parsing its line."""
        item = self._items[index]
        if type(item) is int:
            return getattr(self.lines, name)[item]
        return getattr(item, name)

    def column(self, name: str) -> list[Any]:
        """One field of every item (id, reviewer, type, clock or seq), without parsing lines."""
        items = self._items
        if self.lines is None:
            return [getattr(e, name) for e in items]  # type: ignore[union-attr]
        values = getattr(self.lines, name)
        lines = len(items)  # the lines usually come first, the events parsed since after them
        while lines and type(items[lines - 1]) is not int:
            lines -= 1
        try:
            head = list(map(values.__getitem__, items[:lines]))
        except TypeError:  # events among the lines
            return [values[x] if type(x) is int else getattr(x, name) for x in items]
        return head + [values[x] if type(x) is int else getattr(x, name) for x in items[lines:]]

    def key(self, index: int) -> Key:
        """The place in the fold of item ``index``, without parsing its line."""
        item = self._items[index]
        if type(item) is int:
            lines = self.lines
            return (lines.clock[item], lines.reviewer[item], lines.seq[item])  # type: ignore[union-attr]
        return (item.clock, item.reviewer, item.seq)

    def items(self) -> list[Event | int]:
        """The raw items (not to be changed): events, and numbers of lines not parsed yet."""
        return self._items

    def item(self, index: int) -> Event | int:
        """The raw item: an event, or the number of a line not parsed yet."""
        return self._items[index]

    def resolve(self, item: Event | int) -> Event:
        """An item as an event."""
        return self.lines.event(item) if type(item) is int else item  # type: ignore[union-attr, return-value]


__all__ = ["EventList", "LogLines", "index_lines"]
