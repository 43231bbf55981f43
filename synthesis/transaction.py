"""Files that land together or not at all, even if the process is killed at any instant.

An import writes several files (sources, the studies table, reviewers' logs). It first
stages every one of them, fsynced, in ``.synthesis/staging/<id>.part/`` with a manifest
of where each goes; nothing the project shows has changed yet. Then one atomic step
commits the set:

* ``commit="rename"``: the staging folder is renamed ``<id>.commit``;
* ``commit="event"``: the folder is renamed ``<id>.staged`` and the caller appends an
  event whose data names the transaction (``{"transaction": id, ...}``) to its log; the
  set is committed once that line is in the log.

Then each staged file is moved into place (``os.replace``) and the folder removed.
:func:`recover`, run whenever a project is opened, finishes what a crash interrupted:
a ``.part`` folder (never committed) is removed, a ``.commit`` folder (or a ``.staged``
one whose event is in a log) is moved into place, a ``.staged`` one whose event is not
is removed. Moving is idempotent, so a crash during recovery is recovered again.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> staged = stage(root, {"corpus/a.txt": b"A", "corpus/b.txt": b"B"}, commit="rename")
>>> (root / "corpus/a.txt").exists()
False
>>> apply(root, staged)
>>> sorted(p.name for p in (root / "corpus").iterdir()), (root / STAGING).exists()
(['a.txt', 'b.txt'], False)
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import filelock

from .log import fsync_dir

STAGING = Path(".synthesis") / "staging"
Commit = Literal["rename", "event"]


@dataclass(frozen=True)
class Staged:
    """A staged set of files: its id, folder and (target, staged name) pairs. While its
    writer works it holds ``<id>.lock`` beside the folder; recovery leaves a set whose
    lock is held alone (its writer is at work, not crashed)."""

    id: str
    folder: Path
    files: tuple[tuple[str, str], ...]
    lock: filelock.BaseFileLock | None = field(default=None, compare=False, repr=False)


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_target(relative: str) -> str:
    parts = Path(relative).parts
    if Path(relative).is_absolute() or ".." in parts or not parts:
        raise ValueError(f"a staged file must stay inside the project: {relative!r}")
    return Path(*parts).as_posix()


def _lock(base: Path, transaction: str) -> filelock.BaseFileLock:
    return filelock.FileLock(str(base / f"{transaction}.lock"), timeout=0, is_singleton=False,
                             thread_local=False)


def _release(lock: filelock.BaseFileLock | None) -> None:
    if lock is not None and lock.is_locked:
        lock.release()
        Path(lock.lock_file).unlink(missing_ok=True)


def stage(root: Path, files: Mapping[str, bytes], *, commit: Commit, transaction: str | None = None) -> Staged:
    """Stage ``files`` (path relative to ``root`` -> bytes) and, for ``commit="rename"``,
    commit them; for ``commit="event"`` the caller commits by logging the id.
    ``transaction`` is the id (letters and digits; default: a random one)."""
    root = Path(root)
    transaction = transaction or uuid.uuid4().hex
    if not transaction.isalnum():
        raise ValueError(f"a transaction id is letters and digits, not {transaction!r}")
    base = root / STAGING
    base.mkdir(parents=True, exist_ok=True)
    lock = _lock(base, transaction)
    lock.acquire()
    part = base / f"{transaction}.part"
    names = {relative: str(number) for number, relative in enumerate(sorted(files))}
    entries = [(_check_target(relative), name) for relative, name in names.items()]
    try:
        part.mkdir()
        manifest = {"id": transaction, "commit": commit, "files": entries}
        _write(part / "manifest.json", json.dumps(manifest, indent=1).encode("utf-8"))
        for relative, name in names.items():
            _write(part / name, files[relative])
        fsync_dir(part)
        final = part.with_name(f"{transaction}.{'commit' if commit == 'rename' else 'staged'}")
        os.rename(part, final)
        fsync_dir(base)
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        _release(lock)
        _tidy(root)
        raise
    return Staged(transaction, final, tuple(entries), lock)


def discard(root: Path, staged: Staged) -> None:
    """Throw away a staged set that was never committed."""
    shutil.rmtree(staged.folder, ignore_errors=True)
    _release(staged.lock)
    _tidy(Path(root))


def apply(root: Path, staged: Staged) -> None:
    """Move a committed set's files into place and remove its folder (idempotent)."""
    root = Path(root)
    touched: set[Path] = set()
    for relative, name in staged.files:
        source = staged.folder / name
        if not source.exists():  # moved already, before a crash
            continue
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        touched.add(target.parent)
    for folder in sorted(touched):
        fsync_dir(folder)
    shutil.rmtree(staged.folder)
    _release(staged.lock)
    _tidy(root)


def _tidy(root: Path) -> None:
    """Remove the staging folder (and ``.synthesis``) when nothing is left in them."""
    for folder in (root / STAGING, root / STAGING.parent):
        try:
            folder.rmdir()
        except OSError:
            return


def _load(folder: Path) -> Staged | None:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        files = tuple((_check_target(str(a)), str(b)) for a, b in manifest["files"])
        return Staged(str(manifest["id"]), folder, files)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pending(root: Path) -> bool:
    """Whether a crash left anything staged (cheap: one directory check)."""
    return (Path(root) / STAGING).is_dir()


def recover(root: Path, logged: Callable[[str], bool]) -> list[str]:
    """Finish or undo what a crash left staged; returns what was done, in words.

    ``logged(id)`` says whether a transaction's event is in a log. A set whose lock
    is held is being written this moment, not left by a crash, and is left alone.
    """
    root = Path(root)
    base = root / STAGING
    done: list[str] = []
    if not base.is_dir():
        return done
    for folder in sorted(base.iterdir()):
        if not folder.is_dir():
            continue
        transaction = folder.name.split(".")[0]
        lock = _lock(base, transaction)
        try:
            lock.acquire()
        except filelock.Timeout:
            continue
        try:
            staged = _load(folder)
            if staged is not None and (folder.suffix == ".commit"
                                       or (folder.suffix == ".staged" and logged(staged.id))):
                apply(root, staged)
                done.append(f"finished an import that a crash interrupted ({len(staged.files)} files)")
            else:
                shutil.rmtree(folder)
                done.append("removed an import that a crash interrupted before it landed; nothing of it was kept")
        finally:
            _release(lock)
    for stray in base.glob("*.lock"):  # the lock of a set that is gone
        lock = _lock(base, stray.name.split(".")[0])
        try:
            lock.acquire()
        except filelock.Timeout:
            continue
        _release(lock)
    _tidy(root)
    return done
