"""Per-reviewer, append-only event logs (JSON Lines), durable and locked.

Each reviewer writes only to ``<logs>/<reviewer>.jsonl``; a team sharing the
project through git or a shared drive therefore never edits the same file.
Every append is written in one ``write`` call, flushed and fsynced before
:meth:`LogWriter.append` returns, so an acknowledged action survives a crash.
A crash mid-write can leave a torn last line: readers report it and keep every
event before it; the next writer moves the fragment to ``<reviewer>.jsonl.torn``
before appending.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with LogWriter(folder / "AG.jsonl", "AG") as log:
...     event = log.append("code.create", {"code_id": "c1", "label": "Trust"}, clock=1, time="2025-01-01T00:00:00Z")
>>> event.id
'AG:1'
>>> events, problems = read_log(folder / "AG.jsonl")
>>> [e.type for e in events], problems
(['code.create'], [])
"""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import filelock

from .errors import LogCorruptError, LogLockedError, ActionError
from .names import REVIEWER, problem_with_id
from .records import Event, Problem

REVIEWER_PATTERN = REVIEWER
_FIELDS = ("id", "seq", "clock", "time", "reviewer", "type", "data")
_TYPES = (str, int, int, str, str, str, dict)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that all
    stay alive (reading a log, folding it): collecting then only re-scans them,
    which cost about a third of opening a large project."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_reviewer(name: str) -> str:
    """Return ``name`` if it can name a reviewer (and their log file).

    >>> check_reviewer("AG")
    'AG'
    >>> check_reviewer("../etc")
    Traceback (most recent call last):
    ...
    synthesis.errors.ActionError: reviewer name '../etc' must be letters, digits, '.', '_' or '-' (at most 64)
    """
    problem = problem_with_id(name, REVIEWER_PATTERN)
    if problem:
        raise ActionError(f"reviewer name {name!r} {problem}")
    return name


def encode_event(event: Event) -> bytes:
    """The log line of ``event``: compact, key-sorted JSON and a newline."""
    record = {name: getattr(event, name) for name in _FIELDS}
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def decode_event(line: str, file: str | Path, number: int) -> Event:
    """Parse one log line, naming the file, line and field when it is wrong."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LogCorruptError(file, f"not a JSON event ({exc.msg})", line=number, unit="line") from None
    if not isinstance(record, dict):
        raise LogCorruptError(file, "an event must be a JSON object", line=number, unit="line")
    for name in _FIELDS:
        if name not in record:
            raise LogCorruptError(file, "missing", line=number, field=name, unit="line")
    values = [record[name] for name in _FIELDS]
    for name, kind, value in zip(_FIELDS, _TYPES, values):
        if not isinstance(value, kind):
            raise LogCorruptError(
                file, f"expected {kind.__name__}", line=number, field=name, unit="line"
            )
    return Event(*values)


def read_log(path: str | Path) -> tuple[list[Event], list[Problem]]:
    """Read every complete event of one log.

    A torn last line (no final newline) is reported as a problem and skipped;
    a damaged line anywhere else raises :class:`LogCorruptError`.
    """
    path = Path(path)
    raw = path.read_bytes()
    problems: list[Problem] = []
    lines = raw.split(b"\n")
    tail = lines.pop()  # b"" when the file ends with a newline
    if tail.strip():
        problems.append(
            Problem(
                "torn-line",
                f"{path.name}: last line is incomplete ({len(tail)} bytes, probably a crash "
                "while writing); it was not acknowledged and is ignored",
                file=str(path),
                line=len(lines) + 1,
            )
        )
    events: list[Event] = []
    with gc_paused():
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                raise LogCorruptError(path, "not UTF-8", line=number, unit="line") from None
            events.append(decode_event(text, path, number))
    return events, problems


class LogWriter:
    """Appends events to one reviewer's log while holding its lock.

    A second writer on the same log, in this process or another, gets
    :class:`LogLockedError` at once. The lock is released by :meth:`close`,
    or by the operating system if the process dies.
    """

    def __init__(self, path: str | Path, reviewer: str) -> None:
        self.path = Path(path)
        self.reviewer = check_reviewer(reviewer)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = filelock.FileLock(str(self.path) + ".lock", timeout=0, is_singleton=False, thread_local=False)
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise LogLockedError(
                f"{self.path}: reviewer '{reviewer}' already has this log open for writing in "
                "another session; close that session (or open this one read-only) first"
            ) from None
        try:
            self.recovered = self._trim_torn_tail()
            created = not self.path.exists()
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            if created:
                fsync_dir(self.path.parent)
            self.last_seq = self._last_seq()
        except BaseException:
            self._lock.release()
            raise

    def _trim_torn_tail(self) -> bytes:
        """Move an unterminated last line to ``<log>.torn`` and cut it off."""
        if not self.path.exists():
            return b""
        raw = self.path.read_bytes()
        cut = raw.rfind(b"\n") + 1
        tail = raw[cut:]
        if not tail:
            return b""
        with open(str(self.path) + ".torn", "ab") as keep:
            keep.write(tail + b"\n")
            keep.flush()
            os.fsync(keep.fileno())
        with open(self.path, "r+b") as log:
            log.truncate(cut)
            log.flush()
            os.fsync(log.fileno())
        return tail

    def _last_seq(self) -> int:
        events, _ = read_log(self.path)
        return max((e.seq for e in events), default=0)

    def append(self, type: str, data: dict[str, Any], *, clock: int, time: str) -> Event:
        """Write one event durably and return it."""
        if self._fd < 0:
            raise ActionError(f"{self.path}: the log is closed")
        seq = self.last_seq + 1
        event = Event(f"{self.reviewer}:{seq}", seq, clock, time, self.reviewer, type, data)
        payload = encode_event(event)
        view = memoryview(payload)
        size = os.lseek(self._fd, 0, os.SEEK_END)
        try:
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
        except BaseException:
            # a failed append must not leave a fragment for the next line to join
            try:
                os.ftruncate(self._fd, size)
            except OSError:
                self.close()  # cannot repair: refuse further appends
            raise
        self.last_seq = seq
        return event

    def close(self) -> None:
        """Release the file and the lock (safe to call twice)."""
        if getattr(self, "_fd", -1) >= 0:
            os.close(self._fd)
            self._fd = -1
        if self._lock.is_locked:
            self._lock.release()

    def __enter__(self) -> "LogWriter":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


def fsync_dir(folder: Path) -> None:
    """Make a new or renamed entry in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
