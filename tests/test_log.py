"""Per-reviewer event logs: durable appends, torn tails, corruption, locking."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from synthesis import log as logmod
from synthesis.errors import ActionError, LogCorruptError, LogLockedError
from synthesis.log import LogWriter, check_reviewer, decode_event, encode_event, read_log
from synthesis.records import Event

REPO = Path(__file__).resolve().parents[1]
T = "2025-01-01T00:00:00.000Z"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "logs" / "AG.jsonl"


def write_events(path: Path, n: int, reviewer: str = "AG") -> list[Event]:
    with LogWriter(path, reviewer) as writer:
        return [writer.append("code.create", {"code_id": f"c{i}", "label": f"Code {i}"}, clock=i, time=T)
                for i in range(1, n + 1)]


# ------------------------------------------------------------------ round trip
def test_append_read_round_trip(path: Path) -> None:
    data = {"code_id": "c1", "label": "Vertrauen – trust 🤝", "definition": "line one\nline two\u2028x",
            "nested": {"a": [1, 2.5, None, True]}}
    with LogWriter(path, "AG") as writer:
        first = writer.append("code.create", data, clock=1, time=T)
        second = writer.append("code.update", {"code_id": "c1", "label": "Trust"}, clock=2, time=T)
    assert (first.id, first.seq, second.id, second.seq) == ("AG:1", 1, "AG:2", 2)
    events, problems = read_log(path)
    assert problems == []
    assert events == [first, second]
    assert events[0].data == data
    # one event per line, each line complete
    raw = path.read_bytes()
    assert raw.endswith(b"\n") and raw.count(b"\n") == 2


def test_encode_decode_inverse() -> None:
    event = Event("AG:7", 7, 12, T, "AG", "memo.write", {"text": "é\u0301 \"quoted\""})
    line = encode_event(event)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert decode_event(line.decode(), "AG.jsonl", 1) == event


def test_seq_continues_after_reopen(path: Path) -> None:
    write_events(path, 3)
    with LogWriter(path, "AG") as writer:
        assert writer.last_seq == 3
        assert writer.append("code.delete", {"code_id": "c1"}, clock=9, time=T).id == "AG:4"


def test_every_append_is_fsynced(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        synced.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", counting)
    with LogWriter(path, "AG") as writer:
        before = len(synced)
        writer.append("code.create", {"code_id": "c1", "label": "A"}, clock=1, time=T)
        assert synced[before:] == [writer._fd]
        writer.append("code.create", {"code_id": "c2", "label": "B"}, clock=2, time=T)
        assert synced[before:] == [writer._fd, writer._fd]
    assert len(read_log(path)[0]) == 2


def test_failed_append_leaves_no_fragment(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that fails half way (disk full) is cut off again, so the next
    append starts on a fresh line and the log stays readable."""
    write_events(path, 1)
    real_write = os.write

    def half_then_fail(fd: int, data) -> int:
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    with LogWriter(path, "AG") as writer:
        monkeypatch.setattr(logmod.os, "write", half_then_fail)
        with pytest.raises(OSError):
            writer.append("code.create", {"code_id": "c2", "label": "B"}, clock=2, time=T)
        monkeypatch.setattr(logmod.os, "write", real_write)
        again = writer.append("code.create", {"code_id": "c3", "label": "C"}, clock=3, time=T)
    assert again.id == "AG:2"  # the failed event was never acknowledged
    events, problems = read_log(path)
    assert [e.data["code_id"] for e in events] == ["c1", "c3"] and problems == []


def test_closed_writer_refuses(path: Path) -> None:
    writer = LogWriter(path, "AG")
    writer.close()
    writer.close()  # twice is fine
    with pytest.raises(ActionError, match="closed"):
        writer.append("code.create", {}, clock=1, time=T)


@pytest.mark.parametrize("name", ["", "../etc", "a/b", "-x", "x" * 65, "with space", None])
def test_bad_reviewer_names(name, path: Path) -> None:
    with pytest.raises(ActionError):
        check_reviewer(name)
    with pytest.raises(ActionError):
        LogWriter(path.parent / "bad.jsonl", name)


# ------------------------------------------------------------------ torn tail
TORN = b'{"clock":3,"data":{"code_id":"c3","lab'


def test_torn_last_line_reported_earlier_events_kept(path: Path) -> None:
    written = write_events(path, 2)
    with open(path, "ab") as handle:
        handle.write(TORN)
    events, problems = read_log(path)
    assert events == written
    assert len(problems) == 1
    problem = problems[0]
    assert problem.kind == "torn-line"
    assert problem.line == 3 and problem.file == str(path)
    assert "AG.jsonl" in problem.message and "incomplete" in problem.message


def test_next_writer_moves_torn_fragment_aside(path: Path) -> None:
    write_events(path, 2)
    with open(path, "ab") as handle:
        handle.write(TORN)
    with LogWriter(path, "AG") as writer:
        assert writer.recovered == TORN
        assert writer.last_seq == 2
        event = writer.append("code.create", {"code_id": "c3", "label": "Three"}, clock=3, time=T)
    assert event.id == "AG:3"
    torn = Path(str(path) + ".torn")
    assert torn.read_bytes() == TORN + b"\n"
    events, problems = read_log(path)
    assert problems == []
    assert [e.id for e in events] == ["AG:1", "AG:2", "AG:3"]
    assert path.read_bytes().endswith(b"\n")


def test_whole_log_torn(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"id":"AG:1"')
    events, problems = read_log(path)
    assert events == [] and [p.line for p in problems] == [1]
    with LogWriter(path, "AG") as writer:
        assert writer.append("code.create", {"code_id": "c1", "label": "A"}, clock=1, time=T).id == "AG:1"
    assert read_log(path)[1] == []


# ------------------------------------------------------------------ corruption
@pytest.mark.parametrize(
    "damage, field",
    [
        (b'{"id": "AG:2", "broken', None),
        (b"[1, 2, 3]", None),
        (b'{"id":"AG:2","seq":2,"clock":2,"time":"t","reviewer":"AG","type":"x"}', "data"),
        (b'{"id":"AG:2","seq":"2","clock":2,"time":"t","reviewer":"AG","type":"x","data":{}}', "seq"),
        (b"\xff\xfe not utf-8", None),
    ],
)
def test_damaged_middle_line_names_file_and_line(path: Path, damage: bytes, field) -> None:
    write_events(path, 3)
    lines = path.read_bytes().split(b"\n")
    lines[1] = damage
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(LogCorruptError) as caught:
        read_log(path)
    err = caught.value
    assert err.file == str(path)
    assert err.line == 2
    assert err.field == field
    assert str(path) in str(err) and "line 2" in str(err)
    # a writer refuses to append to a corrupt log rather than bury the damage
    with pytest.raises(LogCorruptError):
        LogWriter(path, "AG")
    # ... and does not keep the lock: once repaired, the log opens again
    lines[1] = encode_event(Event("AG:2", 2, 2, T, "AG", "code.create", {"code_id": "c2", "label": "2"}))[:-1]
    path.write_bytes(b"\n".join(lines))
    LogWriter(path, "AG").close()


def test_blank_lines_are_skipped(path: Path) -> None:
    write_events(path, 2)
    raw = path.read_bytes().replace(b"\n", b"\n\n", 1)
    path.write_bytes(raw)
    events, problems = read_log(path)
    assert len(events) == 2 and problems == []


# ------------------------------------------------------------------ locking
def test_second_writer_same_process_is_locked_out(path: Path) -> None:
    first = LogWriter(path, "AG")
    try:
        with pytest.raises(LogLockedError, match="already has this log open"):
            LogWriter(path, "AG")
        # other reviewers are not affected
        LogWriter(path.parent / "BB.jsonl", "BB").close()
    finally:
        first.close()
    second = LogWriter(path, "AG")  # released on close
    second.append("code.create", {"code_id": "c1", "label": "A"}, clock=1, time=T)
    second.close()


def test_context_manager_releases_lock(path: Path) -> None:
    with LogWriter(path, "AG"):
        pass
    with LogWriter(path, "AG"):
        pass


CHILD = """
import sys
from synthesis.errors import LogLockedError
from synthesis.log import LogWriter
try:
    LogWriter(sys.argv[1], "AG").close()
except LogLockedError:
    sys.exit(3)
sys.exit(0)
"""


def run_child(path: Path) -> int:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env, timeout=60).returncode


def test_second_writer_other_process_is_locked_out(path: Path) -> None:
    with LogWriter(path, "AG"):
        assert run_child(path) == 3
    assert run_child(path) == 0
