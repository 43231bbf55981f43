"""A shared project on one server: each reviewer's log is writable by its owner only, takes
the project folder's group, and a second session of the same reviewer (a second server)
is told the log is open elsewhere."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from synthesis import Project
from synthesis.errors import ActionError, LogLockedError
from synthesis.log import LogWriter

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534


@pytest.mark.parametrize("umask, mode", [(0o002, 0o644), (0o022, 0o644), (0o077, 0o600)])
def test_a_new_log_is_writable_by_its_owner_only(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        with LogWriter(tmp_path / "logs" / "AG.jsonl", "AG"):
            pass
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "logs" / "AG.jsonl").stat().st_mode) == mode


def _other_group() -> int | None:
    if AS_ROOT:
        return 100 if os.getgid() != 100 else 101
    return next((g for g in os.getgroups() if g != os.getgid()), None)


def test_a_new_log_takes_the_shared_folders_group(tmp_path: Path) -> None:
    group = _other_group()
    if group is None:
        pytest.skip("needs a second group to give the folder")
    logs = tmp_path / "logs"
    logs.mkdir()
    os.chown(logs, -1, group)
    logs.chmod(0o2775)  # group-writable, set-group-ID: what docs/team-server.md sets up
    with LogWriter(logs / "AG.jsonl", "AG"):
        pass
    assert (logs / "AG.jsonl").stat().st_gid == group


@pytest.fixture()
def shared() -> Iterator[Path]:
    """A project another Unix user can reach (pytest's own folders are private to this user)."""
    with tempfile.TemporaryDirectory(prefix="shared-review-") as folder:
        os.chmod(folder, 0o755)
        root = Path(folder) / "review"
        Project.init(root, reviewer="AG").close()
        for path in [root, *root.rglob("*")]:
            if path.is_dir():
                os.chown(path, -1, 100)
                path.chmod(0o2775)
        yield root


AS_NOBODY = textwrap.dedent("""\
    import os, sys
    import csv, datetime, hashlib, json, tomllib, uuid  # the modules a session loads later
    from synthesis import Project
    from synthesis.errors import ActionError
    os.setgroups([100]); os.setgid(100); os.setuid({uid}); os.umask(0o002)
    root = sys.argv[1]
    try:
        Project.open(root, reviewer="AG").close()
        print("wrote AG")
    except ActionError as exc:
        print("refused:", exc)
    with Project.open(root, reviewer="NB") as project:
        project.create_code("Shared folders")
    print("wrote NB")
""")


@pytest.mark.skipif(not AS_ROOT, reason="running as a second Unix user needs root")
def test_another_user_cannot_write_the_log_but_can_add_their_own(shared: Path) -> None:
    done = subprocess.run([sys.executable, "-c", AS_NOBODY.format(uid=NOBODY), str(shared)],
                          capture_output=True, text=True, timeout=120, cwd="/")
    assert done.returncode == 0, done.stderr
    assert "this log belongs to another user of this machine, so this session cannot write as reviewer 'AG'" \
        in done.stdout
    assert "wrote NB" in done.stdout and "wrote AG" not in done.stdout
    logs = shared / "codebooks" / "logs"
    theirs = (logs / "NB.jsonl").stat()
    assert theirs.st_uid == NOBODY and theirs.st_gid == 100 and stat.S_IMODE(theirs.st_mode) == 0o644
    assert (logs / "AG.jsonl").read_bytes() == b""
    with Project.open(shared) as project:  # everyone reads everyone's work
        assert "Shared folders" in {code.label for code in project.state.codes.values()}


HOLD = textwrap.dedent("""\
    import sys
    from synthesis import Project
    project = Project.open(sys.argv[1], reviewer="AG")
    print("open", flush=True)
    sys.stdin.readline()
    project.close()
""")


def test_a_second_server_of_the_same_reviewer_is_told_the_log_is_open(tmp_path: Path) -> None:
    Project.init(tmp_path / "r", reviewer="AG").close()
    first = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "r")], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline().strip() == "open"
        with pytest.raises(LogLockedError, match="reviewer 'AG' already has this log open for writing in "
                                                 "another session"):
            Project.open(tmp_path / "r", reviewer="AG")
    finally:
        first.communicate("\n", timeout=60)
    Project.open(tmp_path / "r", reviewer="AG").close()  # free again once the first one closed


def test_a_log_the_system_refuses_is_named_clearly(tmp_path: Path) -> None:
    if AS_ROOT:
        pytest.skip("root may write any file")
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "AG.jsonl").touch()
    (logs / "AG.jsonl").chmod(0o444)
    with pytest.raises(ActionError, match="belongs to another user of this machine"):
        LogWriter(logs / "AG.jsonl", "AG")
