"""Imports are all or nothing even when the process is killed (SIGKILL) at any instant.

A child process runs an import and kills itself at its N-th write, fsync or rename,
for every N the import makes. After each kill the next open of the project finds it
either exactly as it was or fully imported, with nothing staged or temporary left
behind, and running the same import again completes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from synthesis import Project
from synthesis.exchange import export_qdpx

pytestmark = pytest.mark.slow

CHILD = textwrap.dedent('''
    import os, signal, sys
    root, kind, path, crash_at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    from synthesis import Project
    from synthesis.exchange import import_file
    project = Project.open(root) if kind == "qdpx" else Project.open(root, reviewer="NT")
    count = 0

    def counted(real):
        def call(*args, **kwargs):
            global count
            count += 1
            if count == crash_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return call

    for name in ("write", "fsync", "replace", "rename"):
        setattr(os, name, counted(getattr(os, name)))
    if kind == "qdpx":
        import_file(project, path, reviewer="NT")
    else:
        project.import_extracts(path)
    print(count)
''')


def _run(root: Path, kind: str, path: Path, crash_at: int, script: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script), str(root), kind, str(path), str(crash_at)],
                          capture_output=True, text=True, timeout=120)


def _visible(root: Path) -> dict[str, object]:
    """What the project shows once opened (which runs recovery), less times and commit ids."""
    project = Project.open(root)
    corpus = {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "corpus").rglob("*"))
              if p.is_file() and ".cache" not in p.parts}
    events = sorted({(e.reviewer, e.type, json.dumps({k: v for k, v in e.data.items() if k != "transaction"},
                                                     sort_keys=True))
                     for e in project.events if not e.data.get("unchanged")})  # an import run again is logged again
    return {"corpus": corpus, "events": events, "codings": len(project.codings), "memos": len(project.memos)}


def _leftovers(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob("*")
            if ".synthesis" in p.parts or p.name.startswith(".") and p.suffix not in (".gitignore",)
            and ".cache" not in p.parts and p.name != ".gitignore"]


@pytest.fixture()
def script(tmp_path: Path) -> Path:
    path = tmp_path / "child.py"
    path.write_text(CHILD, encoding="utf-8")
    return path


def _base(tmp_path: Path) -> Path:
    root = tmp_path / "base"
    with Project.init(root, reviewer="NT") as project:
        studies = tmp_path / "studies.csv"
        studies.write_text("study_id,citation\ngreen2012,\"Green and Dicks, 2012\"\n"
                           "mckean2017,\"McKean et al., 2017\"\n", encoding="utf-8")
        project.import_studies(studies)
    return root


def _every_crash(tmp_path: Path, base: Path, kind: str, path: Path, script: Path) -> int:
    clean = tmp_path / "clean"
    shutil.copytree(base, clean)
    done = _run(clean, kind, path, 0, script)
    assert done.returncode == 0, done.stderr
    total = int(done.stdout.strip().splitlines()[-1])
    assert total >= 5
    before, after = _visible(base), _visible(clean)
    assert before != after
    for crash_at in range(1, total + 1):
        root = tmp_path / f"crash{crash_at}"
        shutil.copytree(base, root)
        killed = _run(root, kind, path, crash_at, script)
        assert killed.returncode == -9, (crash_at, killed.stderr[-2000:])
        seen = _visible(root)
        assert seen in (before, after), f"killed at operation {crash_at} of {total}: a half-done import"
        assert not _leftovers(root), (crash_at, _leftovers(root))
        again = _run(root, kind, path, 0, script)
        assert again.returncode == 0, (crash_at, again.stderr[-2000:])
        assert _visible(root) == after, f"the import run again after a kill at {crash_at} did not complete"
        shutil.rmtree(root)
    return total


def test_an_extract_sheet_import_killed_at_every_step(tmp_path, script):
    sheet = tmp_path / "extracts.csv"
    sheet.write_text("study_id,page,text\n"
                     "green2012,10,Both partners could act on the ground within a short timescale.\n"
                     "green2012,11,Trust grew over months.\n"
                     "mckean2017,521,Practitioners valued the time to talk.\n", encoding="utf-8")
    assert _every_crash(tmp_path, _base(tmp_path), "extracts", sheet, script) >= 5


def test_a_qdpx_import_killed_at_every_step(tmp_path, script):
    source = tmp_path / "source"
    with Project.init(source, reviewer="AG") as project:
        project.add_text("Trust grew between partners. Respect followed.", title="Notes", source_id="notes")
        trust = project.create_code("Trust")
        project.apply_code("notes", 0, 5, trust)
        project.write_memo("code", trust.code_id, "Grows slowly")
    export_qdpx(Project.open(source), tmp_path / "colleague.qdpx")
    assert _every_crash(tmp_path, _base(tmp_path), "qdpx", tmp_path / "colleague.qdpx", script) >= 5
