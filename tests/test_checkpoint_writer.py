"""The checkpoint written after opening, in a process of its own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import filelock
import pytest

from synthesis import checkpoint, checkpoint_writer, incremental
from synthesis.project import Project

TEXT = "Trust grew slowly. Trust and reciprocity evaporated when funding ended. " * 40


@pytest.fixture(autouse=True)
def small(monkeypatch):
    """Checkpoints for small projects, with snapshots every few events (passed on to the process)."""
    monkeypatch.setattr(checkpoint, "MIN_EVENTS", 0)
    monkeypatch.setattr(checkpoint, "TAIL", 4)
    monkeypatch.setattr(incremental, "EVERY", 4)
    monkeypatch.setattr(checkpoint_writer, "WRITER", "process")


def coded(root: Path, n: int) -> Path:
    with Project.init(root, reviewer="AG", checkpoint=False) as p:
        p.add_text(TEXT, title="Source", source_id="s1")
        codes = [p.create_code(label) for label in ("Trust", "Time", "Money")]
        for i in range(n):
            p.apply_code("s1", i * 7 % 2000, i * 7 % 2000 + 5, codes[i % 3])
            if i % 10 == 9:
                p.undo()
    return root


def same(a: Project, b: Project) -> None:
    assert dict(a.codes) == dict(b.codes)
    assert dict(a.codings) == dict(b.codings)
    assert [e.id for e in a.events] == [e.id for e in b.events]


def test_opening_writes_the_checkpoint_in_another_process(tmp_path):
    root = coded(tmp_path / "r", 40)
    p = Project.open(root)
    job = p._checkpoint_job
    assert job.process is not None and job.process.pid != os.getpid()
    assert not checkpoint.path_of(root).exists() or job.done()  # nothing written on this process's time
    assert job.join(60) and job.process.returncode == 0
    again = Project.open(root)
    assert again.opened_from_checkpoint, again.checkpoint_note
    same(again, Project.open(root, checkpoint=False))
    assert getattr(again, "_checkpoint_job", None) is None  # a checkpoint that covers the logs is kept


def test_a_damaged_checkpoint_is_ignored_and_written_again(tmp_path):
    root = coded(tmp_path / "r", 40)
    Project.open(root)._checkpoint_job.join(60)
    path = checkpoint.path_of(root)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x20
    path.write_bytes(bytes(raw))
    p = Project.open(root)
    assert not p.opened_from_checkpoint and "damaged" in p.checkpoint_note
    same(p, Project.open(root, checkpoint=False))
    assert p._checkpoint_job.join(60)
    assert Project.open(root).opened_from_checkpoint


def test_a_second_writer_waits_for_none_and_writes_none(tmp_path):
    root = coded(tmp_path / "r", 20)
    folder = checkpoint.path_of(root).parent
    folder.mkdir(parents=True, exist_ok=True)
    held = filelock.FileLock(str(folder / checkpoint_writer.LOCK), timeout=0)
    with held:
        done = subprocess.run([sys.executable, "-m", "synthesis.checkpoint_writer", str(root), "--tail", "4",
                               "--every", "4"], env=checkpoint_writer._environment(), timeout=120)
    assert done.returncode == 0 and not checkpoint.path_of(root).exists()


def test_a_writer_killed_at_any_moment_leaves_the_old_checkpoint_or_the_new_one(tmp_path):
    root = coded(tmp_path / "r", 300)
    first = Project.open(root)
    assert first._checkpoint_job.join(60)
    old = checkpoint.path_of(root).read_bytes()
    with Project.open(root, reviewer="AG", checkpoint=False) as p:  # more events: the old one is behind
        for i in range(30):
            p.apply_code("s1", 2100 + i, 2104 + i, "Trust")
    reference = Project.open(root, checkpoint=False)
    outcomes = set()
    for delay in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0, 3.0):
        checkpoint.path_of(root).write_bytes(old)
        writer = subprocess.Popen([sys.executable, "-m", "synthesis.checkpoint_writer",
                                   *checkpoint_writer._arguments(str(root))],  # this session's event types
                                  env=checkpoint_writer._environment())
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        now = checkpoint.path_of(root).read_bytes()
        if now != old:
            probe = Project.open(root)
            assert probe.opened_from_checkpoint, (delay, probe.checkpoint_note)
        outcomes.add("old" if now == old else "new")
        opened = Project.open(root, checkpoint=None)
        same(opened, reference)
        opened_job = getattr(opened, "_checkpoint_job", None)
        if opened_job is not None:
            opened_job.join(60)
    assert "old" in outcomes
