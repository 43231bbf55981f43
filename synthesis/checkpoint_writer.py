"""Writing a project's checkpoint in a process of its own, after the project is opened.

Encoding a large project's folded state takes about a second of CPU; on a thread of
the session that opened it, the reviewer's first query would wait for it (one
interpreter runs one thread at a time). :func:`start` runs it instead as
``python -m synthesis.checkpoint_writer`` at a lower scheduling priority: that process
opens the project read-only (from the old checkpoint when one still matches), folds
it with the same event types and snapshot spacing as the session that started it,
and writes the checkpoint atomically (:func:`synthesis.checkpoint.save`: a temporary
file, fsync, rename), so a crash at any moment leaves the old checkpoint or the new
one, never part of one. A lock (``.synthesis/checkpoint.lock``) keeps two sessions
from writing at once: the second simply writes none. Where no process can be
started, the work runs on a background thread as before.

>>> [name for name in _arguments("/review") if name.startswith("--")]
['--tail', '--every', '--modules']
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from . import checkpoint, incremental
from .state import HANDLERS

#: "process" (the default) or "thread": where a checkpoint written after opening is made
WRITER = "process"
#: how much lower the writing process's scheduling priority is (``nice``)
NICENESS = 10
LOCK = "checkpoint.lock"


class Job:
    """A checkpoint being written in the background (a process or a thread)."""

    def __init__(self, process: subprocess.Popen | None = None, thread: threading.Thread | None = None) -> None:
        self.process, self.thread = process, thread
        if process is not None:  # reaped as soon as it ends; waiting holds no lock the session needs
            self.thread = threading.Thread(target=process.wait, name="synthesis-checkpoint-wait", daemon=True)
            self.thread.start()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the writing to end (at most ``timeout`` seconds); whether it has."""
        assert self.thread is not None
        self.thread.join(timeout)
        return not self.thread.is_alive()

    def done(self) -> bool:
        return self.thread is None or not self.thread.is_alive()


def start(root: Path, work: Callable[[], Callable[[], object] | None]) -> Job | None:
    """Write ``root``'s checkpoint in the background: in a process of its own, or (when
    :data:`WRITER` is "thread" or no process can be started) by ``work()``'s function on a
    thread. None when there is nothing to write."""
    if WRITER == "process":
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", __name__, *_arguments(str(root))],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                env=_environment(), cwd=str(root), start_new_session=True,
            )
        except (OSError, ValueError):
            pass  # no interpreter to start (an embedded Python): a thread instead
        else:
            return Job(process=process)
    job = work()
    return Job(thread=checkpoint.in_background(job)) if job is not None else None


def _arguments(root: str) -> list[str]:
    """The writing process's arguments: the project, and how this session folds it."""
    modules = sorted({HANDLERS[kind].__module__ for kind in HANDLERS})
    return [root, "--tail", str(checkpoint.TAIL), "--every", str(incremental.EVERY),
            "--modules", ",".join(modules)]


def _environment() -> dict[str, str]:
    """This environment, with this package importable from where it was imported."""
    env = dict(os.environ)
    here = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join([here, *filter(None, [env.get("PYTHONPATH")])])
    return env


def main(argv: list[str] | None = None) -> int:
    """Open the project read-only and write its checkpoint (the writing process)."""
    parser = argparse.ArgumentParser(prog="python -m synthesis.checkpoint_writer",
                                     description="write a review project's checkpoint")
    parser.add_argument("root", type=Path)
    parser.add_argument("--tail", type=int, default=checkpoint.TAIL)
    parser.add_argument("--every", type=int, default=incremental.EVERY)
    parser.add_argument("--modules", default="")
    args = parser.parse_args(argv)
    try:
        os.nice(NICENESS)
    except (AttributeError, OSError):  # pragma: no cover - Windows
        pass
    import filelock

    from .project import Project

    for name in filter(None, args.modules.split(",")):
        if name.split(".")[0] == "synthesis":  # the same event types as the session that started it
            importlib.import_module(name)
    checkpoint.TAIL, incremental.EVERY = args.tail, args.every
    checkpoint.MIN_EVENTS = sys.maxsize  # this process writes the checkpoint itself, once
    folder = checkpoint.path_of(args.root).parent
    folder.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(folder / LOCK), timeout=0, is_singleton=False, thread_local=False)
    try:
        lock.acquire()
    except filelock.Timeout:
        return 0  # another session is writing it
    try:
        project = Project.open(args.root)
        project.save_checkpoint()
    finally:
        lock.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
