"""The checkpoint: same state as folding the logs, and never trusted when it does not match."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthesis import checkpoint, checkpoint_writer, incremental
from synthesis.errors import LogCorruptError
from synthesis.log import encode_event
from synthesis.project import Project
from synthesis.records import Event

from test_incremental import events_from, steps

TEXT = "Trust grew slowly. Trust and reciprocity evaporated when funding ended."


@pytest.fixture(autouse=True)
def small(monkeypatch):
    """Checkpoints for tiny projects, with snapshots every few events."""
    monkeypatch.setattr(checkpoint, "MIN_EVENTS", 0)
    monkeypatch.setattr(checkpoint, "TAIL", 2)
    monkeypatch.setattr(incremental, "EVERY", 2)
    monkeypatch.setattr(checkpoint_writer, "WRITER", "thread")  # a process per open is tested below


def new_project(root: Path) -> Path:
    with Project.init(root, checkpoint=False) as p:
        p.add_text(TEXT, title="Source", source_id="s1")
    return root


def write(root: Path, events: list[Event]) -> None:
    for event in events:
        with open(root / "codebooks" / "logs" / f"{event.reviewer}.jsonl", "ab") as log:
            log.write(encode_event(event))


def same_state(a: Project, b: Project) -> None:
    assert dict(a.codes) == dict(b.codes)
    assert dict(a.codings) == dict(b.codings)
    assert dict(a.memos) == dict(b.memos)
    assert a.state.merged == b.state.merged and a.state.extra == b.state.extra
    assert sorted(map(repr, a.problems)) == sorted(map(repr, b.problems))
    assert [e.id for e in a.events] == [e.id for e in b.events]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(steps, min_size=1, max_size=30), st.integers(0, 30))
def test_a_checkpoint_gives_the_state_the_logs_give(script, cut):
    everything = [e for batch in events_from(script) for e in batch]
    folder = Path(tempfile.mkdtemp(prefix="C-checkpoint-"))
    try:
        root = new_project(folder / "r")
        write(root, everything[:cut])
        opened = Project.open(root)
        settle(opened)
        opened.save_checkpoint()
        write(root, everything[cut:])  # more events, some older than the checkpoint's place
        with_it, without = Project.open(root), Project.open(root, checkpoint=False)
        same_state(with_it, without)
        settle(with_it)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def code_spans(p: Project):
    """A code applied to eight spans of the source."""
    trust = p.create_code("Trust")
    for start in range(0, 40, 5):
        p.apply_code("s1", start, start + 4, trust)
    return trust


@pytest.fixture()
def coded(tmp_path):
    root = new_project(tmp_path / "r")
    with Project.open(root, reviewer="AG", checkpoint=False) as p:
        trust = code_spans(p)
        p.write_memo("code", trust.code_id, "grows slowly")
        p.undo()
    with Project.open(root, reviewer="AG") as p:
        settle(p)
        assert p.save_checkpoint() is not None
    return root


def settle(project: Project) -> None:
    """Wait for the checkpoint the project may be writing in the background."""
    job = getattr(project, "_checkpoint_job", None)
    if job is not None:
        assert job.join(60)


def test_opening_uses_a_matching_checkpoint_and_then_undo_works(coded):
    with Project.open(coded, reviewer="AG") as p:
        assert p.opened_from_checkpoint
        fresh = Project.open(coded, checkpoint=False)
        same_state(p, fresh)
        p.undo()
        p.undo()
        p.redo()
        same_state(p, Project.open(coded, checkpoint=False))


def test_a_checkpoint_keeps_up_with_appended_events(coded):
    with Project.open(coded, reviewer="BB") as p:
        p.apply_code("s1", 50, 60, "Trust")
    p = Project.open(coded)
    assert p.opened_from_checkpoint  # the logs grew: the checkpoint still covers their start
    same_state(p, Project.open(coded, checkpoint=False))


def with_memos(root: Path, n: int) -> Path:
    """AG's code with ``n`` memo edits on it, and a checkpoint of them all."""
    with Project.open(root, reviewer="AG", checkpoint=False) as p:
        trust = p.create_code("Trust")
        for i in range(n):
            p.write_memo("code", trust.code_id, f"note {i}")
        assert p.save_checkpoint() is not None
    return root


def test_opening_from_a_checkpoint_parses_only_the_lines_it_needs(tmp_path):
    root = with_memos(new_project(tmp_path / "r"), 40)
    warm, cold = Project.open(root), Project.open(root, checkpoint=False)
    assert warm.opened_from_checkpoint
    lines = warm._events.lines
    assert len(lines) == 41 and 0 < lines.parsed < 20  # only the events after the checkpoint's place
    assert warm.reviewers == cold.reviewers and warm.version[1] == cold.version[1]
    before = lines.parsed
    assert warm.event("AG:1").type == "code.create" and warm.event("nobody:1") is None
    assert lines.parsed == before + 1  # only that line
    assert list(warm.events) == list(cold.events) and lines.parsed == 41  # the audit trail parses the rest


def test_a_colleagues_events_among_the_last_ones_covered_are_put_in_order(coded):
    p = Project.open(coded)
    last = p.events[-1]
    trust = next(iter(p.codes))
    # a colleague who saw only part of the log acted meanwhile: their events sort among the covered ones
    write(coded, [Event("ZZ:1", 1, last.clock - 1, "t", "ZZ", "memo.write",
                        {"memo_id": "MZ", "target_kind": "code", "target_id": trust, "text": "late"}),
                  Event("ZZ:2", 2, last.clock, "t", "ZZ", "code.update", {"code_id": trust, "label": "Mutual trust"})])
    with Project.open(coded, reviewer="AG") as warm:
        assert warm.opened_from_checkpoint
        cold = Project.open(coded, checkpoint=False)
        same_state(warm, cold)
        assert warm.code(trust).label == "Mutual trust"
        warm.undo()
        same_state(warm, Project.open(coded, checkpoint=False))


def test_a_changed_source_text_is_not_cut_from_the_checkpoint(coded):
    text = coded / "corpus" / "sources" / "s1.txt"
    text.write_text(TEXT.replace("Trust", "Faith"), encoding="utf-8")
    p = Project.open(coded)
    assert not p.opened_from_checkpoint and "source 's1' changed" in p.checkpoint_note
    same_state(p, Project.open(coded, checkpoint=False))


def damage(root: Path, change) -> None:
    path = checkpoint.path_of(root)
    path.write_bytes(change(path.read_bytes()))


@pytest.mark.parametrize("change, why", [
    (lambda raw: raw[: len(raw) // 2], "damaged"),  # truncated
    (lambda raw: raw[:-20] + bytes([raw[-20] ^ 1]) + raw[-19:], "damaged"),  # one bit flipped
    (lambda raw: b"", "no header"),
    (lambda raw: b"\x00\xff garbage\n" + raw, "not JSON"),
    (lambda raw: raw.replace(b'"format":%d' % checkpoint.FORMAT, b'"format":999', 1), "another format"),
])
def test_a_damaged_checkpoint_is_not_trusted(coded, change, why):
    damage(coded, change)
    p = Project.open(coded)
    assert not p.opened_from_checkpoint and why in p.checkpoint_note
    same_state(p, Project.open(coded, checkpoint=False))


def forge(root: Path, edit) -> None:
    """Change the body and fix its checksum, as someone who can write the file could."""
    path = checkpoint.path_of(root)
    raw = path.read_bytes()
    cut = raw.index(b"\n")
    header, body = json.loads(raw[:cut]), edit(json.loads(raw[cut + 1:]))
    data = json.dumps(body).encode()
    header.update(body_size=len(data), body_sha256=hashlib.sha256(data).hexdigest())
    path.write_bytes(json.dumps(header).encode() + b"\n" + data)


def test_a_bad_line_after_the_checkpoint_is_reported_at_its_line(tmp_path, monkeypatch):
    """The checkpoint counts the lines it covers, so a line after them is named by its number in the
    file, as without a checkpoint, and nothing covered is counted again."""
    root = with_memos(new_project(tmp_path / "r"), 6)
    log = root / "codebooks" / "logs" / "AG.jsonl"
    lines = log.read_bytes().count(b"\n")
    with open(log, "ab") as handle:
        handle.write(b"{not an event\n")
    loaded = []
    load = checkpoint.load
    monkeypatch.setattr(checkpoint, "load", lambda *a, **k: loaded.append(load(*a, **k)) or loaded[-1])
    with pytest.raises(LogCorruptError) as warm:
        Project.open(root)
    assert [c.newlines for c in loaded] == [{"AG.jsonl": lines}]  # the checkpoint was used, and counted them
    with pytest.raises(LogCorruptError) as cold:
        Project.open(root, checkpoint=False)
    assert f"line {lines + 1}:" in str(warm.value) and str(warm.value) == str(cold.value)


@pytest.mark.parametrize("counts", [{}, {"AG.jsonl": -1}, {"AG.jsonl": "7"}, {"AG.jsonl": 10**9}])
def test_a_checkpoint_with_wrong_line_counts_is_not_trusted(coded, counts):
    forge(coded, lambda body: {**body, "newlines": counts})
    p = Project.open(coded)
    assert not p.opened_from_checkpoint and "bad line counts" in p.checkpoint_note
    same_state(p, Project.open(coded, checkpoint=False))


def test_a_forged_checkpoint_cannot_run_code(coded, monkeypatch):
    import os

    called = []
    monkeypatch.setattr(os, "system", lambda *a: called.append(a))
    forge(coded, lambda body: {**body, "orphans": {"R": "os:system", "F": ["echo hi"]}})
    p = Project.open(coded)
    assert not p.opened_from_checkpoint and "unknown record type" in p.checkpoint_note and not called


def test_a_stale_checkpoint_is_not_trusted(coded):
    log = coded / "codebooks" / "logs" / "AG.jsonl"
    log.write_bytes(log.read_bytes().replace(b"grows slowly", b"grows slowlY"))  # same size, other bytes
    p = Project.open(coded)
    assert not p.opened_from_checkpoint and "not the log it was made from" in p.checkpoint_note
    same_state(p, Project.open(coded, checkpoint=False))


def test_a_checkpoint_of_another_project_is_not_trusted(coded, tmp_path):
    other = new_project(tmp_path / "other")
    with Project.open(other, reviewer="AG", checkpoint=False) as p:
        p.create_code("Respect")
    checkpoint.path_of(other).parent.mkdir(exist_ok=True)
    shutil.copy(checkpoint.path_of(coded), checkpoint.path_of(other))
    p = Project.open(other)
    assert not p.opened_from_checkpoint
    assert [c.label for c in p.codes.values()] == ["Respect"]


def test_a_checkpoint_of_other_event_handlers_is_not_trusted(coded, monkeypatch):
    monkeypatch.setattr(checkpoint, "fingerprint", lambda: "something else")
    p = Project.open(coded)
    assert not p.opened_from_checkpoint and "another version" in p.checkpoint_note


def test_every_session_has_the_same_fingerprint_whatever_it_imports():
    """A process that imports only the checkpoint module folds the same event types as a notebook
    that has imported every layer, so neither throws away the checkpoint the other wrote."""
    import importlib
    import pkgutil
    import subprocess
    import sys

    import synthesis

    for found in pkgutil.walk_packages(synthesis.__path__, "synthesis."):
        if not found.name.endswith("__main__"):
            importlib.import_module(found.name)
    bare = subprocess.run([sys.executable, "-c", "from synthesis import checkpoint; print(checkpoint.fingerprint())"],
                          capture_output=True, text=True, check=True, env=checkpoint_writer._environment())
    assert bare.stdout.strip() == checkpoint.fingerprint()


def test_an_older_event_arriving_later_means_folding_from_the_start(coded):
    before = Project.open(coded)
    old = Event("ZZ:1", 1, 1, "t", "ZZ", "code.delete", {"code_id": next(iter(before.codes))})
    write(coded, [old])  # a colleague's event from before everything (e.g. merged from a laptop)
    p = Project.open(coded)
    assert not p.opened_from_checkpoint and "older" in p.checkpoint_note
    assert not p.codes and not p.codings
    same_state(p, Project.open(coded, checkpoint=False))


def test_a_changed_source_text_re_anchors_codings(coded):
    text = coded / "corpus" / "sources" / "s1.txt"
    text.write_text("Moved. " + TEXT, encoding="utf-8")
    p = Project.open(coded)
    fresh = Project.open(coded, checkpoint=False)
    assert dict(p.codings) == dict(fresh.codings)
    assert {c.status for c in p.codings.values()} == {c.status for c in fresh.codings.values()} != {"anchored"}


def test_no_checkpoint_where_none_can_be_written(tmp_path):
    root = new_project(tmp_path / "r")
    with Project.open(root, reviewer="AG", checkpoint=False) as p:
        for label in ("Trust", "Time", "Money", "Respect"):
            p.create_code(label)
    shutil.rmtree(root / ".synthesis", ignore_errors=True)
    (root / ".synthesis").write_text("not a folder")  # as good as a folder that cannot be written
    p = Project.open(root)
    settle(p)
    assert not p.opened_from_checkpoint and len(p.codes) == 4
    with pytest.raises(OSError):
        p.save_checkpoint()


def test_the_background_writer_makes_one_after_opening(tmp_path):
    root = new_project(tmp_path / "r")
    with Project.open(root, reviewer="AG", checkpoint=False) as p:
        for label in ("Trust", "Time", "Money", "Respect", "Roles", "Goals"):
            p.create_code(label)
    p = Project.open(root)
    assert p._checkpoint_job.thread.name == "synthesis-checkpoint"
    settle(p)
    assert checkpoint.path_of(root).exists()
    assert Project.open(root).opened_from_checkpoint
    assert Project.open(root, checkpoint=False).opened_from_checkpoint is False


def test_an_undo_written_after_the_checkpoint_of_an_event_it_covers_is_folded(tmp_path):
    root = new_project(tmp_path / "r")
    with Project.open(root, reviewer="AG", checkpoint=False) as p:
        code_spans(p)
        p.save_checkpoint()
        for _ in range(6):  # back past the checkpoint's place
            p.undo()
    opened, fresh = Project.open(root), Project.open(root, checkpoint=False)
    assert not opened.opened_from_checkpoint
    same_state(opened, fresh)
    assert len(opened.codings) == 2
