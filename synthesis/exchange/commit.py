"""Writing a planned import, all or nothing, into several reviewers' logs at once.

Order of work: take every needed log's lock (a log open in another session stops
the import before anything is written); build each log's new content in a
temporary file next to it; write the new studies and sources (atomic files);
then move the logs into place. If anything fails before the logs move, the new
corpus files are removed and the temporary files deleted, so the project is as
it was; a failure while moving puts back the logs already moved.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import filelock

from ..corpus import store
from ..errors import ActionError, LogLockedError
from ..log import encode_event, fsync_dir, read_log
from ..records import Event
from .plan import Plan

if TYPE_CHECKING:
    from ..project import Project


def _lock(path: Path, reviewer: str) -> filelock.BaseFileLock:
    lock = filelock.FileLock(str(path) + ".lock", timeout=0, is_singleton=False, thread_local=False)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise LogLockedError(f"{path}: reviewer '{reviewer}' has this log open for writing in another session; "
                             "the import writes to it, so close that session first (nothing was imported)") from None
    return lock


def _temp(folder: Path, name: str, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.import-", dir=folder)
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return Path(tmp)


def commit(project: "Project", plan: Plan) -> list[Event]:
    """Write ``plan`` into ``project``'s folder and reload it; returns the events written."""
    reviewers = plan.reviewers
    if project.reviewer in reviewers and getattr(project, "_writer", None) is not None:
        raise ActionError(f"this import writes to reviewer '{project.reviewer}'s log, which this session holds "
                          "open; import with the project opened read-only (Project.open(root)) or close it first")
    logs = project.log_dir
    logs.mkdir(parents=True, exist_ok=True)
    locks = []
    temps: dict[Path, Path] = {}
    written: list[Path] = []
    studies_before = store.studies_path(project.root)
    old_studies = studies_before.read_bytes() if studies_before.exists() else None

    def undo_corpus() -> None:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        for path in written:
            path.unlink(missing_ok=True)
        if plan.studies:
            if old_studies is None:
                studies_before.unlink(missing_ok=True)
            else:
                store.atomic_write(studies_before, old_studies)

    try:
        for reviewer in sorted(reviewers):
            locks.append(_lock(logs / f"{reviewer}.jsonl", reviewer))
        clock = 0
        for path in sorted(logs.glob("*.jsonl")):
            found, _ = read_log(path)
            clock = max([clock, *(e.clock for e in found)])
        old: dict[Path, bytes | None] = {}
        seqs: dict[str, int] = {}
        heads: dict[str, bytes] = {}
        for reviewer in reviewers:
            path = logs / f"{reviewer}.jsonl"
            raw = path.read_bytes() if path.exists() else None
            old[path] = raw
            heads[reviewer] = b"" if raw is None else raw[: raw.rfind(b"\n") + 1]  # a torn tail is left out
            found, _ = read_log(path) if raw is not None else ([], [])
            seqs[reviewer] = max((e.seq for e in found), default=0)
        events: list[Event] = []
        lines: dict[str, list[bytes]] = {r: [] for r in reviewers}
        for planned in plan.events:
            clock += 1
            seqs[planned.reviewer] += 1
            seq = seqs[planned.reviewer]
            event = Event(f"{planned.reviewer}:{seq}", seq, clock, planned.time, planned.reviewer,
                          planned.type, planned.data)
            events.append(event)
            lines[planned.reviewer].append(encode_event(event))
        for reviewer in reviewers:
            path = logs / f"{reviewer}.jsonl"
            temps[path] = _temp(logs, path.name, heads[reviewer] + b"".join(lines[reviewer]))
        if plan.studies:
            merged = dict(project.studies)
            merged.update({s.study_id: s for s in plan.studies})
            store.write_studies(project.root, merged)
        for source, text in plan.sources:
            for suffix in (".txt", ".json"):
                written.append(store.sources_dir(project.root) / f"{source.source_id}{suffix}")
            store.write_source(project.root, source, text)
    except BaseException:
        undo_corpus()
        for lock in locks:
            lock.release()
        raise
    moved: list[Path] = []
    try:
        for path, tmp in temps.items():
            raw = old[path]
            if raw is not None and raw[len(heads[path.stem]):]:  # keep a torn tail where the log writer would
                with open(str(path) + ".torn", "ab") as keep:
                    keep.write(raw[len(heads[path.stem]):] + b"\n")
            os.replace(tmp, path)
            moved.append(path)
        fsync_dir(logs)
    except BaseException:
        for path in moved:
            raw = old[path]
            if raw is None:
                path.unlink(missing_ok=True)
            else:
                store.atomic_write(path, raw)
        undo_corpus()
        raise
    finally:
        for lock in locks:
            lock.release()
    project.reload()
    return events
