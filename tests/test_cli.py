"""The `synthesis` command line, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from synthesis import Project


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "synthesis", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_init_info_json(tmp_path):
    assert run("init", str(tmp_path / "r")).returncode == 0
    out = run("info", "--json", "--project", str(tmp_path / "r"))
    assert out.returncode == 0, out.stderr
    counts = json.loads(out.stdout)
    for key in ("studies", "sources", "segments", "codes", "codings", "reviewers", "memos"):
        assert counts[key] == 0 and isinstance(counts[key], int)


def test_init_twice_and_not_a_project(tmp_path):
    run("init", str(tmp_path / "r"))
    again = run("init", str(tmp_path / "r"))
    assert again.returncode == 2 and "already a review project" in again.stderr
    missing = run("info", "--project", str(tmp_path))
    assert missing.returncode == 2 and "not a review project" in missing.stderr


def test_export_codings_csv_and_xlsx(tmp_path):
    root = tmp_path / "r"
    with Project.init(root, reviewer="NT") as p:
        p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
        p.apply_code("note", 0, 5, p.create_code("Trust"))
    out = run("export", "codings", "--format", "csv", "--project", str(root))
    assert out.returncode == 0, out.stderr
    assert "Trust" in out.stdout and out.stdout.startswith("coding_id,")
    xlsx = tmp_path / "c.xlsx"
    out = run("export", "codings", "--format", "xlsx", "--out", str(xlsx), "--project", str(root))
    assert out.returncode == 0, out.stderr
    frame = pd.read_excel(xlsx)
    assert list(frame["quote"]) == ["Trust"] and list(frame["reviewer"]) == ["NT"]


def test_import_error_names_file_row_and_field(tmp_path):
    root = tmp_path / "r"
    run("init", str(root))
    bad = tmp_path / "studies.csv"
    bad.write_text("study_id,citation\ngreen2012,\"Green and Dicks, 2012\"\ngreen2012,\"Green, 2012\"\n", encoding="utf-8")
    out = run("import", str(bad), "--project", str(root))
    assert out.returncode == 2
    assert "studies.csv" in out.stderr and "row 3" in out.stderr and "study_id" in out.stderr
    assert not (root / "corpus" / "studies.csv").exists()


def test_import_studies_then_source(tmp_path):
    root = tmp_path / "r"
    run("init", str(root))
    studies = tmp_path / "studies.csv"
    studies.write_text("study_id,citation,year,design\ngreen2012,\"Green and Dicks, 2012\",2012,qualitative\n", encoding="utf-8")
    doc = tmp_path / "findings.txt"
    doc.write_text("[p. 10] Both partners could act on the ground within a short timescale.\n", encoding="utf-8")
    assert run("import", str(studies), "--project", str(root)).returncode == 0
    out = run("import", str(doc), "--study", "green2012", "--project", str(root), "--reviewer", "NT")
    assert out.returncode == 0, out.stderr
    counts = json.loads(run("info", "--json", "--project", str(root)).stdout)
    assert counts["studies"] == 1 and counts["sources"] == 1 and counts["segments"] == 1
    assert counts["reviewers"] == 1  # the import is in NT's log


def test_lab_serves_the_project_on_loopback(tmp_path):
    import os
    import socket
    import time
    import urllib.error
    import urllib.request

    root = tmp_path / "r"
    run("init", str(root))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"), JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"))
    server = subprocess.Popen([sys.executable, "-m", "synthesis", "lab", "--project", str(root), "--no-browser",
                               "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while True:
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2).status
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.time() < deadline and server.poll() is None, "JupyterLab did not start"
                time.sleep(0.3)
        assert status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
