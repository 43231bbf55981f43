"""Writing a planned import, all or nothing, into several reviewers' logs at once.

Order of work: take every needed log's lock (a log open in another session stops
the import before anything is written); compute each log's new content, the new
studies table and the new sources; stage them all and commit them in one step
(:mod:`synthesis.transaction`), then move them into place.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import filelock

from .. import transaction
from ..corpus import store
from ..errors import ActionError, LogLockedError
from ..log import encode_event, read_log
from ..names import case_clash
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


def commit(project: "Project", plan: Plan) -> list[Event]:
    """Write ``plan`` into ``project``'s folder and reload it; returns the events written.

    Every log that gains events, the studies table and every new source are staged and
    land together (:mod:`synthesis.transaction`): killed at any instant, the project
    holds all of the import or none of it, and the next open finishes or removes it.
    """
    reviewers = plan.reviewers
    if project.reviewer in reviewers and getattr(project, "_writer", None) is not None:
        raise ActionError(f"this import writes to reviewer '{project.reviewer}'s log, which this session holds "
                          "open; import with the project opened read-only (Project.open(root)) or close it first")
    root = project.root
    logs = project.log_dir
    existing = [p.name[:-len(".jsonl")] for p in logs.glob("*.jsonl")]
    for reviewer in sorted(reviewers):
        clash = case_clash(reviewer, [*existing, *(r for r in reviewers if r != reviewer)])
        if clash:  # one log file on macOS and Windows
            raise ActionError(f"{clash} (nothing was imported)")
    logs.mkdir(parents=True, exist_ok=True)
    locks = []
    try:
        for reviewer in sorted(reviewers):
            locks.append(_lock(logs / f"{reviewer}.jsonl", reviewer))
        clock = 0
        for path in sorted(logs.glob("*.jsonl")):
            found, _ = read_log(path)
            clock = max([clock, *(e.clock for e in found)])
        files: dict[str, bytes] = {}
        heads: dict[str, bytes] = {}
        seqs: dict[str, int] = {}
        for reviewer in reviewers:
            path = logs / f"{reviewer}.jsonl"
            raw = path.read_bytes() if path.exists() else b""
            heads[reviewer] = raw[: raw.rfind(b"\n") + 1]  # a torn tail is left out ...
            if raw[len(heads[reviewer]):]:  # ... and kept where the log writer keeps it
                torn = Path(str(path) + ".torn")
                files[_relative(root, torn)] = (torn.read_bytes() if torn.exists() else b"") + \
                    raw[len(heads[reviewer]):] + b"\n"
            found, _ = read_log(path) if raw else ([], [])
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
            files[_relative(root, logs / f"{reviewer}.jsonl")] = heads[reviewer] + b"".join(lines[reviewer])
        if plan.studies:
            merged = dict(project.studies)
            merged.update({s.study_id: s for s in plan.studies})
            files.update(store.studies_file(merged))
        for source, text in plan.sources:
            files.update(store.source_files(source, text))
        staged = transaction.stage(root, files, commit="rename")
        transaction.apply(root, staged)
    finally:
        for lock in locks:
            lock.release()
    project.reload()
    return events


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
