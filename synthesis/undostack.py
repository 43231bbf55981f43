"""One reviewer's Undo and Redo: the ids of their actions in force, and of those undone.

Undo and redo are events like any other (``undo`` and ``redo``, naming their target), so the
stacks are worked out from the log: an action goes on the done stack and empties the undone
one; an undo moves its target from done to undone, a redo back. A project keeps one
:class:`UndoStack` for its reviewer and moves it on event by event as it records them.

>>> def event(key, kind, who="AG", **data):
...     return Event(key, seq=int(key[1:]), clock=int(key[1:]), time="", reviewer=who, type=kind, data=data)
>>> stack = UndoStack()
>>> for e in [event("e1", "code.create"), event("e2", "coding.apply"), event("e3", "undo", target="e2"),
...           event("e4", "coding.apply", who="NT")]:
...     stack.push(e, "AG")
>>> stack.done, stack.undone
(['e1'], ['e2'])
>>> stack.push(event("e5", "redo", target="e2"), "AG")
>>> stack.done, stack.undone
(['e1', 'e2'], [])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .eventlist import EventList
from .records import Event
from .state import AUDIT_ONLY, CONTROL


def _remove_last(items: list[str], value: str) -> None:
    """Remove the last ``value`` from ``items`` if it is there (an undo's target is usually
    near the end of a long stack: searched from there)."""
    for i in range(len(items) - 1, -1, -1):
        if items[i] == value:
            del items[i]
            return


@dataclass
class UndoStack:
    """A reviewer's undoable (``done``) and redoable (``undone``) event ids, the most recent last."""

    done: list[str] = field(default_factory=list)
    undone: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, events: EventList, reviewer: str | None) -> "UndoStack":
        """The stacks of ``reviewer`` in ``events`` (only undos and redos are parsed; the rest are
        read from the event list's columns)."""
        stack = cls()
        mine = [i for i, who in enumerate(events.column("reviewer")) if who == reviewer]
        for i, kind, key in zip(mine, map(events.value, mine, ["type"] * len(mine)),
                                map(events.value, mine, ["id"] * len(mine))):
            if kind in CONTROL:
                stack.push(events[i], reviewer)
            elif kind not in AUDIT_ONLY:
                stack.step(key)
        return stack

    def step(self, key: str) -> None:
        """An action (not an undo or redo): it can be undone, and nothing can be redone now."""
        self.done.append(key)
        self.undone.clear()

    def push(self, event: Event, reviewer: str | None) -> None:
        """Move the stacks on by one event (another reviewer's, or an audit event, changes nothing)."""
        if event.reviewer != reviewer or event.type in AUDIT_ONLY:
            return
        if event.type == "undo":
            target = event.data["target"]
            _remove_last(self.done, target)
            self.undone.append(target)
        elif event.type == "redo":
            target = event.data["target"]
            _remove_last(self.undone, target)
            self.done.append(target)
        else:
            self.step(event.id)
