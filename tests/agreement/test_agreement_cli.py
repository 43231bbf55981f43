"""`synthesis agreement` on the example review (the repository root, opened read-only)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import EXAMPLE, logs_digest, make_tiny

from synthesis.cli import parser
from synthesis.project import Project


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "synthesis", "agreement", *args], capture_output=True,
                          text=True, timeout=300, cwd=EXAMPLE)


def test_json_shape_and_real_figures_on_the_example_review():
    before = logs_digest(EXAMPLE)
    out = run("--project", str(EXAMPLE), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert logs_digest(EXAMPLE) == before  # nothing written
    assert data["unit"] == "segment" and data["coders"] == ["AG", "NT"]
    # the counted sources are exactly those both reviewers coded; the rest are listed (others may
    # rebuild the example review, so the expectation is read from its codings, not written down)
    project = Project.open(EXAMPLE)
    who: dict[str, set[str]] = {}
    for coding in project.codings.values():
        who.setdefault(coding.source_id, set()).add(coding.reviewer)
    assert data["counted_sources"] == sorted(s for s, names in who.items() if names == {"AG", "NT"})
    assert data["excluded_sources"] == {s: sorted(names) for s, names in sorted(who.items()) if names != {"AG", "NT"}}
    counted = set(data["counted_sources"])
    used = {project.codes[c.code_id].label for c in project.codings.values() if c.source_id in counted}
    assert set(data["codes"]) == used
    overall = data["overall"]
    for key in ("percent", "kappa", "alpha", "n_units", "alpha_ci", "applied_only"):
        assert key in overall
    assert 0 < overall["alpha"] < 1 and 0 < overall["kappa"] < 1  # NT and AG agree, not perfectly
    low, high = overall["alpha_ci"]
    assert low < overall["alpha"] < high
    assert overall["applied_only"]["n_units"] < overall["n_units"]
    assert overall["applied_only"]["positive_agreement"] == overall["positive_agreement"]
    for entry in data["codes"].values():
        assert set(entry) >= {"percent", "kappa", "alpha", "n_units", "applied_only"}
    assert any(0 < entry["alpha"] < 1 for entry in data["codes"].values())


def test_text_table_and_character_units():
    out = run("--unit", "character", "--coders", "NT,AG", "--bootstrap", "0")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("# Agreement: NT vs AG (character units)")
    assert "| all codes" in out.stdout and "Sources counted" in out.stdout


def test_errors_exit_2(tmp_path):
    assert "agreement" in parser().format_help()
    out = run("--coders", "NT")
    assert out.returncode == 2 and "at least 2 coders" in out.stderr
    out = run("--project", str(make_tiny(tmp_path / "t")), "--coders", "AG,XY")
    assert out.returncode == 2 and "no codings by XY" in out.stderr


def test_suggest_then_confirm_a_mapping_from_the_command_line(tmp_path, capsys):
    import json as _json
    from pathlib import Path as _Path

    from synthesis.cli import main

    root = _Path(__file__).resolve().parents[2]
    csv = tmp_path / "mapping.csv"
    assert main(["agreement", "--project", str(root), "--suggest-mapping", str(csv)]) == 0
    text = csv.read_text(encoding="utf-8")
    assert text.startswith("coder_a,") and "confirmed" in text.splitlines()[0]
    capsys.readouterr()
    assert main(["agreement", "--project", str(root), "--mapping", str(csv), "--json", "--bootstrap", "0"]) == 0
    mapped = _json.loads(capsys.readouterr().out)
    assert 0 < mapped["overall"]["alpha"] < 1
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace(",True\n", ",maybe\n", 1), encoding="utf-8")
    assert main(["agreement", "--project", str(root), "--mapping", str(bad)]) == 2
    assert "bad.csv, row 2, field 'confirmed'" in capsys.readouterr().err
