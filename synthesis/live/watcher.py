"""A periodic check of the logs folder that tells subscribed views what colleagues changed.

In a Jupyter kernel (and so in Voila) the kernel's own asyncio loop runs in the
main thread and handles the widgets' messages: the watcher schedules itself on
that loop with ``call_later``, so its callbacks run between messages, never on
another thread, and views can re-render from them. Without a running loop (a
script, a test) call :meth:`Watcher.tick` yourself.

>>> import tempfile
>>> from synthesis.project import Project
>>> root = tempfile.mkdtemp()
>>> ag = Project.init(root, reviewer="AG")
>>> bb = Project.open(root, reviewer="BB")
>>> watcher = watch(ag)
>>> seen = []
>>> _ = watcher.subscribe(seen.append)
>>> _ = bb.create_code("Trust")
>>> watcher.tick().summary
"BB created the code 'Trust'"
>>> [c.summary for c in seen]
["BB created the code 'Trust'"]
>>> watcher.tick() is None
True
>>> ag.close(); bb.close()
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import SynthesisError
from ..records import Event
from .summary import summarise

if TYPE_CHECKING:
    from ..project import Project

INTERVAL = 0.5  # seconds between two looks at the logs folder


@dataclass(frozen=True)
class Change:
    """What arrived in one look: the events, and sentences saying who changed what."""

    events: tuple[Event, ...]
    lines: tuple[str, ...]
    error: str = ""

    @property
    def reviewers(self) -> list[str]:
        return sorted({e.reviewer for e in self.events})

    @property
    def summary(self) -> str:
        """One status line: "BB applied 'Trust' to Green and Dicks 2012; ..."."""
        return self.error or "; ".join(self.lines)


Callback = Callable[[Change], Any]


class Watcher:
    """Looks for colleagues' new events every ``interval`` seconds while started."""

    def __init__(self, project: "Project", interval: float = INTERVAL) -> None:
        self.project = project
        self.interval = interval
        self._subscribers: list[Callable[[], Callback | None]] = []
        self._handle: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.last_error = ""
        self.last_tick = 0.0

    # ---------------------------------------------------------------- subscribers
    def subscribe(self, callback: Callback) -> Callback:
        """Call ``callback(change)`` when colleagues' events arrive. A view's bound method is
        held weakly, so a view that is closed and dropped stops being called."""
        if hasattr(callback, "__self__") and hasattr(callback, "__func__"):
            self._subscribers.append(weakref.WeakMethod(callback))  # type: ignore[arg-type]
        else:
            self._subscribers.append(lambda: callback)
        return callback

    def unsubscribe(self, callback: Callback) -> None:
        self._subscribers = [ref for ref in self._subscribers if ref() not in (None, callback)]

    # ---------------------------------------------------------------- looking
    def tick(self) -> Change | None:
        """Look once: fold in new events and tell the subscribers; None when nothing changed."""
        self.last_tick = time.monotonic()
        try:
            events = self.project.refresh()
        except (SynthesisError, OSError) as exc:
            message = f"could not read a colleague's log: {exc}"
            if message == self.last_error:
                return None  # said once is enough
            self.last_error = message
            change = Change((), (), error=message)
        else:
            self.last_error = ""
            if not events:
                return None
            change = Change(tuple(events), tuple(summarise(self.project, events)))
        for ref in list(self._subscribers):
            callback = ref()
            if callback is None:
                self._subscribers.remove(ref)
            else:
                callback(change)
        return change

    # ---------------------------------------------------------------- running
    @property
    def running(self) -> bool:
        return self._handle is not None

    def start(self, loop: asyncio.AbstractEventLoop | None = None) -> bool:
        """Look every ``interval`` seconds on ``loop`` (the running one by default).

        Returns False when there is no loop to run on (then call :meth:`tick`).
        """
        if self._handle is not None:
            return True
        if loop is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return False
        self._loop = loop
        self._handle = loop.call_later(self.interval, self._run)
        return True

    def stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _run(self) -> None:
        self._handle = None
        closed = self.project.reviewer is not None and self.project._writer is None
        if closed:
            return  # the project was closed: stop looking
        try:
            self.tick()
        finally:
            if self._loop is not None and not self._loop.is_closed() and self._subscribers:
                self._handle = self._loop.call_later(self.interval, self._run)


def watch(project: "Project", *, interval: float = INTERVAL, start: bool = True) -> Watcher:
    """The project's watcher (one per open project, shared by its views), started on the
    running event loop when there is one."""
    watcher = project.__dict__.get("_watcher")
    if watcher is None:
        watcher = project.__dict__["_watcher"] = Watcher(project, interval)
    if start:
        watcher.start()
    return watcher
