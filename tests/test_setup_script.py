"""scripts/setup.sh, which start.sh and test.sh source: what a newcomer sees while it installs.

pip is replaced by a stand-in that prints what pip prints, slowly, so the test runs offline in a
few seconds and exercises the progress loop as the real install does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FAKE_PYTHON = """#!/usr/bin/env bash
# stands in for .venv/bin/python: only "-m pip ..." is ever asked of it here
sleep 0.5
echo "Collecting spacy>=3.7"
sleep 1.2
echo "Collecting pandas"
echo "Installing collected packages: spacy, pandas"
sleep 1.2
echo "Successfully installed"
"""


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_install_shows_one_line_per_package_and_no_shell_errors(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "SYNTHESIS_HUB_PROXY"}
    done = subprocess.run(
        ["bash", "-c", f"source {ROOT / 'scripts' / 'setup.sh'}"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    # pip updates itself quietly, then each package of the workbench is named once, without versions
    assert lines.index("  updating pip itself") < lines.index("  fetched spacy")
    assert lines.count("  fetched spacy") == 1 and lines.count("  fetched pandas") == 1
    assert any("installing them into .venv" in line for line in lines)
    assert "source .venv/bin/activate" in done.stderr
    # the progress loop must not trip over a log pip has not written yet
    assert "integer expression expected" not in done.stderr
    assert not any(line.startswith(("grep:", "scripts/setup.sh:")) for line in lines), done.stderr
    assert (tmp_path / ".venv" / ".synthesis-installed").read_text().strip()
