"""Agreement CSVs opened in a spreadsheet run nothing: code labels that look like formulas
get a ' in front; figures (negative kappas too) stay numbers; a mapping CSV written with
quoted labels reads back as the labels themselves."""

from __future__ import annotations

import csv
import io
import json

from conftest import TEXTS

from synthesis.agreement import agreement
from synthesis.cli import main
from synthesis.project import Project

TRUST, MONEY, STAFF = "=HYPERLINK(\"http://x\",\"Trust\")", "-Money", "@Staff"


def make(root):
    with Project.init(root, reviewer="NT") as p:
        p.add_text(TEXTS["s1"], title="s1", source_id="s1")
        p.apply_code("s1", 0, 11, p.create_code(TRUST))
        p.apply_code("s1", 26, 40, p.create_code(MONEY))
    with Project.open(root, reviewer="AG") as p:
        p.apply_code("s1", 12, 25, TRUST)  # disagree on trust: a negative kappa
        p.apply_code("s1", 26, 40, MONEY)
        p.apply_code("s1", 41, 52, p.create_code(STAFF))
    return root


def test_report_csv(tmp_path):
    report = agreement(Project.open(make(tmp_path / "p")), n_boot=0)
    report.to_csv(tmp_path / "report.csv")
    data = (tmp_path / "report.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    names = {row["name"] for row in rows if row["scope"] == "code"}
    assert names == {"'" + TRUST, "'" + MONEY, "'" + STAFF}
    assert b"\n" + b"code,\"'=HYPERLINK(\"\"http://x\"\",\"\"Trust\"\")\",all," in data
    kappas = [float(row["kappa"]) for row in rows if row["kappa"]]
    assert any(k < 0 for k in kappas)  # written as numbers, unquoted
    assert all(not row["kappa"].startswith("'") for row in rows)


def test_a_mapping_csv_round_trips(tmp_path, capsys):
    root = make(tmp_path / "p")
    mapping = tmp_path / "mapping.csv"
    assert main(["agreement", "--project", str(root), "--suggest-mapping", str(mapping)]) == 0
    rows = list(csv.DictReader(io.StringIO(mapping.read_text(encoding="utf-8"))))
    labels = {row["label_a"] for row in rows} | {row["label_b"] for row in rows}
    assert {"'" + TRUST, "'" + MONEY, "'" + STAFF} <= labels
    assert not any(label[:1] in "=+-@" for label in labels if label)
    capsys.readouterr()
    assert main(["agreement", "--project", str(root), "--mapping", str(mapping), "--json", "--bootstrap", "0"]) == 0
    codes = json.loads(capsys.readouterr().out)["codes"]
    assert set(codes) == {TRUST, MONEY, f"{STAFF} (AG only)"}
