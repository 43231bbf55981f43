"""``synthesis search`` and ``synthesis words`` run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from text_fixtures import copy_example

from synthesis.project import Project
from synthesis.query import saved_queries


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "synthesis", *args], capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return copy_example(tmp_path_factory.mktemp("cli") / "example")


def test_search_within_a_code_as_json(example):
    out = run("search", "trust*", "--mode", "wildcard", "--within-code", "Mutual respect", "--json",
              "--project", str(example))
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert [(h["study_id"], h["start"], h["end"], h["cite"]) for h in hits] == \
        [("barlow2013", 324, 329, "(Barlow and Coe, 2013; p. 41)")]
    assert set(hits[0]) >= {"left", "match", "right", "page", "sentence", "paragraph"}


def test_search_prints_keyword_in_context_and_writes_files_asked_for(example, tmp_path):
    out = run("search", "trust", "--study", "mckean2017", "--where", "design=qualitative",
              "--csv", str(tmp_path / "hits.csv"), "--xlsx", str(tmp_path / "hits.xlsx"), "--project", str(example))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 3 and all("[trust]" in line for line in lines)
    assert lines[0].endswith("(McKean et al., 2017; p. 521)")
    assert "3 hits in 1 source" in out.stderr
    assert len(pd.read_csv(tmp_path / "hits.csv")) == 3
    assert pd.read_excel(tmp_path / "hits.xlsx")["page"].astype(str).tolist() == ["521", "521", "524"]


def test_search_errors_are_plain(example):
    bad = run("search", "tru(st", "--mode", "regex", "--project", str(example))
    assert bad.returncode == 2 and "regular expression 'tru(st' is not valid" in bad.stderr
    where = run("search", "trust", "--where", "design", "--project", str(example))
    assert where.returncode == 2 and "ATTRIBUTE=VALUE" in where.stderr


def test_search_can_be_saved(example):
    out = run("search", "partner", "--mode", "lemma", "--save", "Partner family", "--reviewer", "QA",
              "--project", str(example))
    assert out.returncode == 0, out.stderr
    with Project.open(example) as project:
        frame = saved_queries(project)
        assert frame["name"].tolist() == ["Partner family"] and frame["saved_by"].tolist() == ["QA"]
        assert json.loads(frame["params"][0])["mode"] == "lemma"


def test_words_per_study_as_json_and_a_chart(example, tmp_path):
    out = run("words", "--per", "study", "--top", "2", "--json", "--project", str(example))
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 2 * 7 and {"study_id", "lemma", "count", "percent", "rank", "words"} == set(rows[0])
    assert {"study_id": "lga2020", "lemma": "local", "count": 239} .items() <= \
        next(r for r in rows if r["study_id"] == "lga2020" and r["rank"] == 1).items()
    screen = run("words", "--per", "study", "--top", "1", "--project", str(example))
    assert screen.stdout.split()[0] == "study" and "LGA, 2020" in screen.stdout and "lga2020" not in screen.stdout
    plain = run("words", "--top", "3", "--add-stop-words", "local,area", "--chart", str(tmp_path / "w.svg"),
                "--project", str(example))
    assert plain.returncode == 0, plain.stderr
    assert "local" not in plain.stdout and (tmp_path / "w.svg").exists() and (tmp_path / "w.txt").exists()
    assert "Horizontal bar chart of the 3 most frequent lemmas" in (tmp_path / "w.txt").read_text()


def test_help_has_examples():
    for command in ("search", "words"):
        out = run(command, "--help")
        assert out.returncode == 0 and "example:" in out.stdout and f"synthesis {command}" in out.stdout
