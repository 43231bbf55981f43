"""The fold kept up to date event by event, with in-memory snapshots.

:func:`synthesis.state.fold` folds a whole list of events from scratch; it stays
the reference. :class:`IncrementalFold` gives the same state while events keep
arriving: a reviewer's new action, an ``undo`` or ``redo``, or events read from a
colleague's log. An event that sorts after everything folded so far is simply
applied. Anything that changes the past (a foreign event with an older clock, an
undo or redo, whose target takes effect at its original place) rewinds to the
nearest snapshot before that place and replays the events after it. Snapshots
are cheap copies of the state (its dictionaries are copied, the frozen records
in them are shared), dense near the end of the fold and sparse further back.

>>> from synthesis.records import Event
>>> from synthesis.state import fold
>>> live = IncrementalFold()
>>> _ = live.add([Event("AG:1", 1, 1, "t1", "AG", "code.create", {"code_id": "c1", "label": "Trust"})])
>>> _ = live.add([Event("AG:2", 2, 2, "t2", "AG", "code.update", {"code_id": "c1", "label": "Mutual trust"})])
>>> live.state.codes["c1"].label
'Mutual trust'
>>> _ = live.add([Event("AG:3", 3, 3, "t3", "AG", "undo", {"target": "AG:2"})])
>>> live.state.codes["c1"].label
'Trust'
>>> live.state == fold(live.events)
True
"""

from __future__ import annotations

import copy
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import compress, count
from operator import attrgetter

from .eventlist import EventList
from .lazycodings import RowCodings
from .log import gc_paused
from .records import Event, Problem
from .state import CONTROL, State, unique_events

Key = tuple[int, str, int]
#: default spacing of snapshots near the end of the fold, and how many are kept
EVERY = 256
KEEP = 12
REPEATS = ("duplicate-event", "diverging-event")  # the problems unique_events reports


_ID, _TYPE = attrgetter("id"), attrgetter("type")


def key_of(event: Event) -> Key:
    """An event's place in the fold: ``(clock, reviewer, seq)``."""
    return (event.clock, event.reviewer, event.seq)


class _Tracked(dict):
    """The codings table of a state being folded: remembers which keys changed."""

    __slots__ = ("touched",)

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.touched: set[str] = set()

    def __setitem__(self, key: str, value: object) -> None:
        self.touched.add(key)
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.touched.add(key)
        super().__delitem__(key)

    def pop(self, key: str, *default: object) -> object:
        self.touched.add(key)
        return super().pop(key, *default)

    def popitem(self) -> tuple:
        key, value = super().popitem()
        self.touched.add(key)
        return key, value

    def setdefault(self, key: str, default: object = None) -> object:
        self.touched.add(key)
        return super().setdefault(key, default)

    def update(self, *args: object, **kwargs: object) -> None:
        changes = dict(*args, **kwargs)
        self.touched.update(changes)
        super().update(changes)

    def clear(self) -> None:
        self.touched.update(self)
        super().clear()


def copy_state(state: State) -> State:
    """A copy that folding can change without touching ``state``.

    The tables are copied; their values are frozen records and are shared (a codings
    table still made from a checkpoint's rows stays so, sharing its rows).
    Tables that modules keep in ``State.extra`` are copied the same way.
    """
    extra = {}
    for name, table in state.extra.items():
        if isinstance(table, (dict, list, set)):
            extra[name] = table.copy()
        else:
            extra[name] = copy.deepcopy(table)
    codings = state.codings
    return State(dict(state.codes), codings.copy() if isinstance(codings, RowCodings) else dict(codings),
                 dict(state.memos), dict(state.merged), list(state.problems), extra)


def _working(state: State) -> State:
    """A copy to fold into, whose codings table records what changes."""
    codings = state.codings
    working = copy_state(replace(state, codings={}))
    working.codings = codings.copy(track=True) if isinstance(codings, RowCodings) else _Tracked(codings)
    return working


@dataclass
class _Snapshot:
    upto: Key | None  # the state includes every event up to and including this key
    state: State
    position: int  # how many events it covered when it was taken (for spacing only)
    delta: set[str] = field(default_factory=set)  # coding ids changed since the snapshot before it


@dataclass
class IncrementalFold:
    """The fold of a growing set of events; equal to ``fold(events)`` at every step.

    ``every`` is the spacing of the snapshots near the end of the fold; ``keep``
    how many snapshots are kept at most (older ones are thinned out, so the
    spacing grows towards the start).
    """

    every: int = 0  # 0: EVERY
    keep: int = 0  # 0: KEEP
    events: list[Event] = field(default_factory=list)  # unique events, in fold order
    _keys: list[Key] = field(default_factory=list)
    _ids: dict[str, Event | int] = field(default_factory=dict)  # a number: a log line not parsed yet
    _repeats: list[tuple[Key, int, Problem, Event]] = field(default_factory=list)
    _controls: dict[str, list[tuple[Key, bool]]] = field(default_factory=dict)
    _snapshots: list[_Snapshot] = field(default_factory=list)
    _state: State = field(default_factory=lambda: _working(State()))
    _done: int = 0  # events[:_done] are folded into _state
    _arrivals: int = 0
    _changed: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.every = self.every or EVERY
        self.keep = max(5, self.keep or KEEP)

    # ------------------------------------------------------------ building
    @classmethod
    def of(cls, events: Iterable[Event], *, every: int = 0, keep: int = 0) -> "IncrementalFold":
        """The fold of ``events`` (any order), with snapshots for later changes."""
        live = cls(every=every, keep=keep)
        live._load(*_sorted(events))
        live._replay()
        live._changed.clear()
        return live

    @classmethod
    def resume(cls, state: State, upto: Key, events: Iterable[Event], *, keys: list[Key] | None = None,
               every: int = 0, keep: int = 0) -> "IncrementalFold":
        """Continue from ``state``, given as the fold of the events in ``events`` up to ``upto``.

        ``events`` are all events (before and after ``upto``, any order); the
        ones up to ``upto`` are folded again only if a later change reaches back
        before it. With ``keys`` (their places in the fold), ``events`` are already
        in fold order and may be an :class:`~synthesis.eventlist.EventList` whose
        lines are parsed only when read.
        """
        live = cls(every=every, keep=keep)
        if keys is None:
            live._load(*_sorted(events))
        else:
            live._load(events, keys)  # type: ignore[arg-type]
        cut = bisect_right(live._keys, upto)
        base = copy_state(state)
        base.problems = [p for p in base.problems if p.kind not in REPEATS]  # counted again from the events
        live._snapshots = [_Snapshot(upto, base, cut)]
        live._state = _working(base)
        live._done = cut
        live._replay()  # what it changed is kept for take_changed()
        return live

    def _load(self, ordered: list[Event] | EventList, keys: list[Key]) -> None:
        """Take ``ordered`` (fold order, repeats included; ``keys`` theirs) as the events, none folded yet."""
        lines = isinstance(ordered, EventList)
        if not self._ids:
            ids = dict(zip(ordered.column("id"), ordered.items()) if lines else zip(map(_ID, ordered), ordered))
            if len(ids) == len(ordered):  # no repeats: nothing to parse but the undo and redo events
                self._ids = ids
                types = ordered.column("type") if lines else map(_TYPE, ordered)
                for i in compress(count(), map(CONTROL.__contains__, types)):
                    event = ordered[i]
                    self._controls.setdefault(event.data["target"], []).append((keys[i], event.type == "redo"))
                self.events = ordered if lines else list(ordered)  # type: ignore[assignment]
                self._keys = list(keys)
                return
        if lines:
            ordered = ordered.materialise()
        kept: list[Event] = []
        kept_keys: list[Key] = []
        ids = self._ids
        for event, key in zip(ordered, keys):
            first = ids.get(event.id)
            if first is not None:
                self._repeat(first, event)
                continue
            ids[event.id] = event
            kept.append(event)
            kept_keys.append(key)
            if event.type in CONTROL:
                self._controls.setdefault(event.data["target"], []).append((key, event.type == "redo"))
        self.events = kept
        self._keys = kept_keys

    # ------------------------------------------------------------ reading
    @property
    def state(self) -> State:
        """The folded state (a new object after a rewind: do not keep it across changes)."""
        if self._repeats:
            s = self._state
            return State(s.codes, s.codings, s.memos, s.merged, [r[2] for r in self._repeats] + s.problems, s.extra)
        return self._state

    @property
    def upto(self) -> Key | None:
        """The key of the last event folded."""
        return self._keys[self._done - 1] if self._done else None

    def all_events(self) -> list[Event]:
        """Every event given, repeats included, in fold order."""
        out = self.events.copy() if isinstance(self.events, EventList) else list(self.events)
        for k, _, _, event in self._repeats:
            out.insert(bisect_right(out, k, key=key_of), event)
        return out

    def event(self, event_id: str) -> Event | None:
        """The event kept under an id (the first in fold order), or None."""
        return self._resolve(self._ids.get(event_id))

    def _resolve(self, item: Event | int | None) -> Event | None:
        """An entry of the id table as an event (a number is a log line not parsed yet)."""
        return self.events.resolve(item) if type(item) is int else item  # type: ignore[union-attr, arg-type]

    def take_changed(self) -> set[str]:
        """The coding ids changed since the last :meth:`add` (or since :meth:`resume`'s state)."""
        changed, self._changed = self._changed, set()
        return changed

    def position_of(self, key: Key) -> int:
        """How many events sort at or before ``key``."""
        return bisect_right(self._keys, key)

    def active(self, event_id: str) -> bool:
        """Whether an event is in force (never undone, or redone since)."""
        switches = self._controls.get(event_id)
        return switches[-1][1] if switches else True

    def snapshot_before(self, limit: int) -> tuple[Key, State] | None:
        """The newest kept snapshot with at least ``limit`` events after it (not to be changed)."""
        n = len(self.events)
        best = None
        for snap in self._snapshots:
            if snap.upto is not None and bisect_right(self._keys, snap.upto) <= n - limit:
                best = snap
        return (best.upto, best.state) if best and best.upto is not None else None

    # ------------------------------------------------------------ changing
    def add(self, events: Iterable[Event]) -> set[str]:
        """Fold new events in (any order, any reviewer); returns the coding ids that may have changed."""
        rewind: Key | None = None
        for event in events:
            k = key_of(event)
            first = self._resolve(self._ids.get(event.id))
            if first is not None:
                if key_of(first) <= k:
                    self._repeat(first, event)
                    continue
                return self._rebuild([*self.all_events(), event])  # it displaces the one kept so far
            i = bisect_right(self._keys, k)
            self.events.insert(i, event)
            self._keys.insert(i, k)
            self._ids[event.id] = event
            if i < self._done:
                self._done += 1
            if event.type in CONTROL:
                target = event.data["target"]
                was = self.active(target)
                insort(self._controls.setdefault(target, []), (k, event.type == "redo"))
                goal = self._resolve(self._ids.get(target))
                if goal is not None and goal.type not in CONTROL and self.active(target) != was:
                    at = key_of(goal)
                    if bisect_left(self._keys, at) < self._done and (rewind is None or at < rewind):
                        rewind = at
            elif i < self._done and self.active(event.id):  # it changes what was folded
                if rewind is None or k < rewind:
                    rewind = k
        if rewind is not None:
            self._rewind(rewind)
        self._replay()
        changed, self._changed = self._changed, set()
        return changed

    def _repeat(self, first: Event, event: Event) -> None:
        self._arrivals += 1
        _, problems = unique_events([first, event])
        insort(self._repeats, (key_of(event), self._arrivals, problems[0], event),
               key=lambda r: (r[0], r[1]))

    def _rebuild(self, events: list[Event]) -> set[str]:
        changed = set(self._state.codings)
        fresh = IncrementalFold.of(events, every=self.every, keep=self.keep)
        self.__dict__.update(fresh.__dict__)
        return changed | set(self._state.codings)

    def _rewind(self, key: Key) -> None:
        """Go back to the newest snapshot from before ``key``.

        The codings that may differ from it are the ones changed since: those of the
        snapshots dropped on the way, and those changed since the last snapshot.
        """
        changed = self._changed
        changed |= self._state.codings.touched
        while self._snapshots and (self._snapshots[-1].upto is None or self._snapshots[-1].upto >= key):
            changed |= self._snapshots.pop().delta
        if self._snapshots:
            snap = self._snapshots[-1]
            self._state = _working(snap.state)
            self._done = bisect_right(self._keys, snap.upto)
        else:
            changed |= set(self._state.codings)
            self._state = _working(State())
            self._done = 0

    def _replay(self) -> None:
        """Fold the events not yet folded, taking snapshots on the way."""
        n = len(self.events)
        if self._done >= n:
            return
        state, events, controls = self._state, self.events, self._controls
        every = self.every
        if isinstance(events, EventList):
            events.prefetch(self._done, n)
        with gc_paused():
            for i in range(self._done, n):
                event = events[i]
                if event.type not in CONTROL:
                    switches = controls.get(event.id)
                    if not switches or switches[-1][1]:
                        state.apply(event)
                done = i + 1
                if done % every == 0 and (done >= n - every * 4 or done % (every * 32) == 0):
                    self._snap(done)
        self._done = n
        self._changed |= state.codings.touched  # kept until the next snapshot, for a rewind

    def _snap(self, done: int) -> None:
        upto = self._keys[done - 1]
        if self._snapshots and self._snapshots[-1].upto is not None and self._snapshots[-1].upto >= upto:
            return
        touched = self._state.codings.touched
        self._changed |= touched
        self._snapshots.append(_Snapshot(upto, copy_state(self._state), done, touched))
        self._state.codings.touched = set()
        while len(self._snapshots) > self.keep:  # thin out: drop the one whose neighbours are closest
            spots = self._snapshots
            worst = min(range(1, len(spots) - 3), key=lambda j: spots[j + 1].position - spots[j - 1].position)
            spots[worst + 1].delta |= spots[worst].delta
            del spots[worst]


def _sorted(events: Iterable[Event]) -> tuple[list[Event], list[Key]]:
    """Events in fold order (stable), with their keys, each key worked out once."""
    events = list(events)
    keys = [(e.clock, e.reviewer, e.seq) for e in events]
    order = sorted(range(len(events)), key=keys.__getitem__)
    return [events[i] for i in order], [keys[i] for i in order]


__all__ = ["IncrementalFold", "copy_state", "key_of"]
