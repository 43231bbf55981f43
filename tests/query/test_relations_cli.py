"""``synthesis coded``, ``synthesis matrix`` and ``synthesis cooccurrence`` on the example review."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from synthesis.cli import main
from synthesis.project import Project
from synthesis.query import run_saved, saved_queries

REPO = Path(__file__).resolve().parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--project", str(REPO)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "review"
    root.mkdir()
    shutil.copy(REPO / "synthesis.toml", root / "synthesis.toml")
    shutil.copytree(REPO / "corpus", root / "corpus", ignore=shutil.ignore_patterns(".cache", "import"))
    shutil.copytree(REPO / "codebooks" / "logs", root / "codebooks" / "logs", ignore=shutil.ignore_patterns("*.lock"))
    return root


def test_coded(capsys):
    code, out, err = run(capsys, "coded", "Mutual respect", "and", "Shared values", "--everyone", "--json")
    assert code == 0
    found = json.loads(out)
    assert [(q["citation"], q["start"], q["end"]) for q in found] == [
        ("Care Learning, n.d.", 9302, 9435), ("McKean et al., 2017", 305, 646)]
    code, out, err = run(capsys, "coded", "Regular face-to-face planning", "not", "Time for partnership work",
                         "--coded-by", "AG")
    assert out.strip().endswith("(Green and Dicks, 2012; pp. 8-10)")
    assert "1 quotation coded Regular face-to-face planning but not Time for partnership work" in err
    code, out, err = run(capsys, "coded", "Nope", "or", "Shared values")
    assert code == 2 and "no code 'Nope'" in err
    code, out, err = run(capsys, "coded", "Mutual respect", "near", "Shared values", "--within", "two")
    assert code == 2 and "--within takes a whole number" in err


def test_matrix_screen_json_and_cell(capsys):
    code, out, _ = run(capsys, "matrix", "--rows", "themes", "--cols", "design", "--json")
    rows = json.loads(out)
    assert rows[0]["theme"] == "Participation and legitimacy to participate in partnership working"
    assert set(rows[0]) == {"theme", "grey literature", "qualitative"}
    code, out, _ = run(capsys, "matrix", "--rows", "codes", "--cols", "studies", "--everyone",
                       "--cell", "Mutual respect", "Care Learning, n.d.")
    assert code == 0 and len(out.strip().splitlines()) == 3  # three distinct passages
    code, out, _ = run(capsys, "matrix", "--rows", "codes", "--cols", "reviewers", "--everyone")
    assert "Mutual respect" in out and out.splitlines()[0].split() == ["reviewer", "AG", "NT"]


def test_matrix_files(capsys, tmp_path):
    xlsx = tmp_path / "themes-by-design.xlsx"
    code, _, err = run(capsys, "matrix", "--rows", "themes", "--cols", "design", "--format", "xlsx",
                       "--output", str(xlsx))
    assert code == 0 and "wrote" in err
    sheet = pd.read_excel(xlsx)
    assert list(sheet.columns) == ["theme", "grey literature", "qualitative"]
    assert sheet.iloc[4].tolist() == ["Working across professional and organisational boundaries", 16, 13]
    docx = tmp_path / "m.docx"
    assert run(capsys, "matrix", "--rows", "analytical", "--cols", "nation", "--output", str(docx))[0] == 0
    assert docx.read_bytes()[:2] == b"PK"
    code, out, _ = run(capsys, "matrix", "--rows", "analytical", "--cols", "nation", "--format", "csv")
    assert pd.read_csv(io.StringIO(out)).columns.tolist() == ["analytical theme", "England", "UK", "not reported"]
    code, _, err = run(capsys, "matrix", "--format", "xlsx")
    assert code == 2 and "--output" in err
    svg = tmp_path / "heat.svg"
    assert run(capsys, "matrix", "--rows", "themes", "--cols", "design", "--heatmap", str(svg))[0] == 0
    assert svg.exists() and "Heatmap of codings" in svg.with_suffix(".txt").read_text()


def test_cooccurrence(capsys, tmp_path):
    code, out, _ = run(capsys, "cooccurrence", "--json", "--everyone")
    pairs = json.loads(out)
    first = {k: pairs[0][k] for k in ("code_a", "code_b", "n", "n_a", "n_b", "c")}
    assert first == {"code_a": "Agreeing goals and responsibilities", "code_b": "Regular, open communication",
                     "n": 2, "n_a": 3, "n_b": 3, "c": 0.5}
    code, out, _ = run(capsys, "cooccurrence", "--by", "source", "--json", "--everyone")
    by_source = {(p["code_a"], p["code_b"]): p["n"] for p in json.loads(out)}
    assert by_source[("Relationship building over time", "Trust and reciprocity")] == 2
    code, out, _ = run(capsys, "cooccurrence", "--pair", "Mutual respect", "Shared values", "--everyone")
    assert len(out.strip().splitlines()) == 2
    code, out, _ = run(capsys, "cooccurrence", "--code", "Mutual respect", "--code", "Shared values",
                       "--code", "Regular, open communication", "--table")
    assert out.splitlines()[0].split()[0] == "code" and "Regular, open communication" in out
    network, heat = tmp_path / "net.png", tmp_path / "heat.pdf"
    code, _, err = run(capsys, "cooccurrence", "--network", str(network), "--heatmap", str(heat), "--value", "c")
    assert code == 0 and network.exists() and heat.exists() and network.with_suffix(".txt").exists()
    with pytest.raises(SystemExit):
        run(capsys, "cooccurrence", "--by", "paragraph")
    assert "invalid choice: 'paragraph'" in capsys.readouterr().err


def test_saved_queries(capsys, copy):
    args = ["--project", str(copy), "--reviewer", "NT"]
    assert main(["coded", "Mutual respect", "and", "Shared values", "--everyone", "--save", "respect and values",
                 *args]) == 0
    assert main(["matrix", "--rows", "themes", "--cols", "design", "--save", "themes by design", *args]) == 0
    assert main(["cooccurrence", "--by", "source", "--save", "codes together", *args]) == 0
    capsys.readouterr()
    with Project.open(copy) as p:
        assert saved_queries(p)["kind"].tolist() == ["cooccurrence", "coding", "matrix"]
        assert run_saved(p, "respect and values")[["start", "end"]].values.tolist() == [[9302, 9435], [305, 646]]
        assert run_saved(p, "themes by design").loc[
            "Working across professional and organisational boundaries", "qualitative"] == 13
        assert run_saved(p, "codes together").iloc[0]["n"] == 4


def test_help_has_examples(capsys):
    for name in ("coded", "matrix", "cooccurrence"):
        with pytest.raises(SystemExit):
            main([name, "--help"])
        out = capsys.readouterr().out
        assert f"example:\n  synthesis {name}" in out
