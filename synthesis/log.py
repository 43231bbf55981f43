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
import operator
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from types import TracebackType
from typing import Any

import filelock

try:  # the fastest parser installed; the standard library's otherwise
    from orjson import loads as _fast_loads
except ImportError:  # pragma: no cover - orjson is a dependency
    _fast_loads = json.loads

from .errors import LogCorruptError, LogLockedError, ActionError
from .names import REVIEWER, case_clash, problem_with_id
from .records import Event, Problem

REVIEWER_PATTERN = REVIEWER
#: A new log is writable by its owner only and readable by everyone the umask allows (the
#: team's group in a shared project folder, whose set-group-ID bit gives the log its group):
#: on a shared server the operating system keeps each reviewer to their own log.
LOG_MODE = 0o644
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
    events, problems, _, _ = read_log_from(path)
    return events, problems


def read_log_from(path: str | Path, offset: int = 0, line: int = 1, *,
                  torn: bool = True) -> tuple[list[Event], list[Problem], int, int]:
    """Read the complete events of a log from byte ``offset`` (line number ``line``) on.

    Returns the events, the problems, and the offset and line number just after
    the last complete line: where the next read starts. An unterminated last
    line is left for that next read (a writer may be in the middle of it) and,
    when ``torn`` is true, reported as a problem.

    >>> import tempfile, pathlib
    >>> log = pathlib.Path(tempfile.mkdtemp()) / "AG.jsonl"
    >>> with LogWriter(log, "AG") as writer:
    ...     _ = writer.append("code.create", {"code_id": "c1", "label": "Trust"}, clock=1, time="t")
    ...     events, _, end, line = read_log_from(log)
    ...     _ = writer.append("code.create", {"code_id": "c2", "label": "Time"}, clock=2, time="t")
    >>> [e.id for e in read_log_from(log, end, line)[0]]
    ['AG:2']
    """
    path = Path(path)
    with open(path, "rb") as handle:
        if offset:
            handle.seek(offset)
        raw = handle.read()
    return parse_log(raw, path, offset, line, torn=torn)


def parse_log(raw: bytes, path: str | Path, offset: int = 0, line: int = 1, *,
              torn: bool = True) -> tuple[list[Event], list[Problem], int, int]:
    """:func:`read_log_from` for bytes already read from ``path`` at ``offset``."""
    path = Path(path)
    problems: list[Problem] = []
    lines = raw.split(b"\n")
    tail = lines.pop()  # b"" when the file ends with a newline
    if tail.strip() and torn:
        problems.append(
            Problem(
                "torn-line",
                f"{path.name}: last line is incomplete ({len(tail)} bytes, probably a crash "
                "while writing); it was not acknowledged and is ignored",
                file=str(path),
                line=line + len(lines),
            )
        )
    events: list[Event] = []
    with gc_paused():
        fast = _parse_at_once(lines)
        if fast is not None:
            events = fast
        else:  # something is wrong: line by line, to name the line and field
            for number, text_bytes in enumerate(lines, start=line):
                if not text_bytes.strip():
                    continue
                try:
                    text = text_bytes.decode("utf-8")
                except UnicodeDecodeError:
                    raise LogCorruptError(path, "not UTF-8", line=number, unit="line") from None
                events.append(decode_event(text, path, number))
    return events, problems, offset + len(raw) - len(tail), line + len(lines)


def _parse_at_once(lines: list[bytes]) -> list[Event] | None:
    """Every line as an event, parsed as one JSON array (one parser call instead of one per
    line); None when any line is not a well-formed event (the caller then finds which, with
    the standard library's parser, so the error names the line and field as it always has)."""
    kept = list(filter(None, lines))  # a line of white space only makes the parse below fail
    if not kept:
        return []
    try:
        records = _fast_loads(b"[" + b",".join(kept) + b"]")
    except ValueError:  # not JSON, not UTF-8, or JSON the fast parser refuses (NaN, huge numbers)
        return None
    if len(records) != len(kept):  # a line held two values
        return None
    try:
        return list(map(event_from_record, records))
    except (KeyError, TypeError):
        return None


_GET_FIELDS = operator.itemgetter(*_FIELDS)
#: whether an event's attributes can be a parsed line's own dictionary (see event_from_record)
_PLAIN_EVENT = ([f.name for f in fields(Event)] == list(_FIELDS) and not hasattr(Event, "__post_init__")
                and not hasattr(Event, "__slots__"))
_new, _set = object.__new__, object.__setattr__


def event_from_record(record: Any) -> Event:
    """The event a parsed log line holds; ``KeyError`` or ``TypeError`` when it is not one.

    A line with exactly the event's fields, each of its own type, becomes the event's
    attributes as it is (a frozen record only refuses ``__setattr__``): opening a large
    project makes a hundred thousand of them.

    >>> event_from_record({"id": "AG:1", "seq": 1, "clock": 1, "time": "t", "reviewer": "AG",
    ...                    "type": "code.create", "data": {}}).id
    'AG:1'
    >>> event_from_record({"id": "AG:1", "seq": "1"})
    Traceback (most recent call last):
    ...
    KeyError: 'clock'
    """
    if type(record) is not dict:
        raise TypeError("an event must be a JSON object")
    values = _GET_FIELDS(record)
    if tuple(map(type, values)) == _TYPES:
        if _PLAIN_EVENT and len(record) == len(_FIELDS):
            event = _new(Event)
            _set(event, "__dict__", record)
            return event
    elif not all(map(isinstance, values, _TYPES)):
        raise TypeError("a field of the wrong type")
    return Event(*values)


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
        others = [p.name[:-len(".jsonl")] for p in self.path.parent.glob("*.jsonl")]
        clash = case_clash(self.reviewer, others)
        if clash:  # on macOS and Windows the two names are one file
            raise ActionError(f"{self.path.parent}: {clash}")
        self._lock = filelock.FileLock(str(self.path) + ".lock", timeout=0, is_singleton=False, thread_local=False)
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise LogLockedError(
                f"{self.path}: reviewer '{reviewer}' already has this log open for writing in "
                "another session; close that session (or open this one read-only) first"
            ) from None
        except PermissionError:
            raise ActionError(not_yours(self.path, reviewer)) from None
        try:
            self.recovered = self._trim_torn_tail()
            created = not self.path.exists()
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, LOG_MODE)
            if created:
                fsync_dir(self.path.parent)
            self.last_seq = self._last_seq()
        except PermissionError:
            self._lock.release()
            raise ActionError(not_yours(self.path, reviewer)) from None
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


def not_yours(path: Path, reviewer: str) -> str:
    """What a session is told when the operating system refuses it ``reviewer``'s log."""
    return (f"{path}: this log belongs to another user of this machine, so this session cannot write as "
            f"reviewer '{reviewer}': each reviewer writes only their own log")


def fsync_dir(folder: Path) -> None:
    """Make a new or renamed entry in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
