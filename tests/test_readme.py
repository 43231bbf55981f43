"""README's examples run as written, on a copy of the repository's example review.

The Python block and the shell blocks under "Using it" are taken from README.md itself;
server commands (`synthesis lab`, `synthesis app`) are checked with ``--help`` here and
started and stopped for real in ``tests/apps/test_serve.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVERS = re.compile(r"^synthesis (lab|app)\b")

pytestmark = pytest.mark.slow


def _blocks(language: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    using = text[text.index("## Using it"):text.index("## Second review")]
    return re.findall(rf"```{language}\n(.*?)```", using, flags=re.S)


@pytest.fixture()
def repo_copy(tmp_path: Path) -> Path:
    for name in ("synthesis.toml", "corpus", "codebooks", "figures"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name, ignore=shutil.ignore_patterns("*.lock", ".cache"))
        else:
            shutil.copy2(src, tmp_path / name)
    return tmp_path


def test_the_python_example_runs(repo_copy: Path, monkeypatch) -> None:
    [code] = _blocks("python")
    monkeypatch.chdir(repo_copy)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    project = namespace["project"]
    frame = namespace["views"].codings(project.open(repo_copy / "my-review"))
    assert len(frame) == 1 and frame.iloc[0]["code"] == "Mutual respect"
    assert not project.memos  # undone


def test_the_shell_examples_run(repo_copy: Path) -> None:
    blocks = _blocks("bash")
    assert len(blocks) == 2
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("SYNTHESIS_REVIEWER", None)
    for block in blocks:
        lines = []
        for line in block.splitlines():
            command = line.split("  #", 1)[0].strip()
            if SERVERS.match(command):
                command += " --help > /dev/null"  # the flags exist; serving is tested elsewhere
            lines.append(command)
        script = "set -euo pipefail\n" + "\n".join(lines)
        done = subprocess.run(["bash", "-c", script], cwd=repo_copy, env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, f"README example failed:\n{script}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    assert (repo_copy / "shell-review" / "codings.xlsx").exists()
    assert (repo_copy / "review.qdpx").exists() and (repo_copy / "copy-of-review" / "synthesis.toml").exists()


def test_the_python_example_of_the_figures_guide_runs(repo_copy: Path, monkeypatch) -> None:
    text = (ROOT / "docs" / "figures.md").read_text(encoding="utf-8")
    [code] = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    monkeypatch.chdir(repo_copy)
    exec(compile(code, "docs/figures.md", "exec"), {})
    assert sorted(p.name for p in (repo_copy / "my-figures").iterdir()) == ["matrix.pdf", "matrix.svg", "matrix.txt"]
    assert (repo_copy / "figures" / "matrix.svg").read_bytes() == (ROOT / "figures" / "matrix.svg").read_bytes()
