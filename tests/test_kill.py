"""Crash safety: SIGKILL a coding session at a random moment, lose nothing acknowledged."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from synthesis.errors import LogLockedError
from synthesis.log import LogWriter, read_log
from synthesis.project import Project

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals"),
]

REPO = Path(__file__).resolve().parents[1]
TEXT = "".join(chr(ord("a") + i % 26) for i in range(5_000))  # no white space: every span is codable

CHILD = """
import sys
from synthesis.project import Project

project = Project.open(sys.argv[1], reviewer="AG")
codes = [project.code("Trust"), project.code("Reciprocity")]
width = len(project.text("s1")) - 40
print("ready", flush=True)
i = len(project.codings)  # carry on after an earlier session's spans
while True:
    start, length = i % width, 1 + (i // width) % 39
    for coding in project.apply_code("s1", start, start + length, codes[i % 2]):
        print(coding.coding_id, flush=True)  # acknowledged: apply_code has returned
    i += 1
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    with Project.init(tmp_path / "review", reviewer="AG") as project:
        project.add_text(TEXT, title="Long source", source_id="s1")
        project.create_code("Trust")
        project.create_code("Reciprocity")
    return tmp_path / "review"


def run_and_kill(root: Path, delay: float) -> tuple[list[str], int]:
    """Start the child, check the lock while it runs, kill it; return acknowledged ids."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(root)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, text=True, bufsize=1)
    lines: list[str] = []
    ready = threading.Event()

    def reader() -> None:
        for line in child.stdout:  # only complete, newline-terminated lines count
            if line.endswith("\n"):
                if line == "ready\n":
                    ready.set()
                else:
                    lines.append(line[:-1])

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    try:
        assert ready.wait(60), f"child did not start: {child.stderr.read() if child.poll() is not None else ''}"
        log = root / "codebooks" / "logs" / "AG.jsonl"
        with pytest.raises(LogLockedError):
            LogWriter(log, "AG")
        with pytest.raises(LogLockedError):
            Project.open(root, reviewer="AG")
        time.sleep(delay)
        assert child.poll() is None, child.stderr.read()
        acknowledged_before_kill = len(lines)
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)
    thread.join(30)
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    return lines, acknowledged_before_kill


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_loses_nothing_acknowledged(root: Path, seed: int) -> None:
    delay = random.Random(seed).uniform(0.3, 1.5)
    acknowledged, _ = run_and_kill(root, delay)
    assert acknowledged, "the child acknowledged no coding before it was killed"

    log = root / "codebooks" / "logs" / "AG.jsonl"
    events, problems = read_log(log)  # raises LogCorruptError on a damaged middle line
    torn = not log.read_bytes().endswith(b"\n")
    assert [p.kind for p in problems] == (["torn-line"] if torn else [])

    with Project.open(root) as reader:  # read-only
        missing = set(acknowledged) - set(reader.codings)
        assert not missing, f"{len(missing)} acknowledged codings lost"
        assert [p.kind for p in reader.problems] == (["torn-line"] if torn else [])
        # everything on disk (acknowledged or not yet printed) folds cleanly
        assert len(reader.codings) == len(events) - 2
        for coding in reader.codings.values():
            assert TEXT[coding.start:coding.end] == coding.quote

    # the dead child's lock is free again, and its session can carry on
    with Project.open(root, reviewer="AG") as again:
        assert set(acknowledged) <= set(again.codings)
        again.apply_code("s1", 4_990, 4_995, "Trust")
    assert read_log(log)[1] == []  # a torn tail was moved aside by the new writer
    assert len(read_log(log)[0]) == len(events) + 1


def test_kill_repeatedly_on_the_same_project(root: Path) -> None:
    """Three sessions killed one after another: each keeps everything acknowledged."""
    rng = random.Random(42)
    everything: list[str] = []
    for _ in range(3):
        acknowledged, _ = run_and_kill(root, rng.uniform(0.3, 1.5))
        everything.extend(acknowledged)
        with Project.open(root) as reader:
            assert set(everything) <= set(reader.codings)
    LogWriter(root / "codebooks" / "logs" / "AG.jsonl", "AG").close()
