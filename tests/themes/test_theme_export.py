"""Exports of the theme table and the CERQual tables: every format, its content, same bytes twice."""

from __future__ import annotations

import argparse
import csv
import io
import time
from pathlib import Path

import docx
import openpyxl
import pytest
from themes_helpers import coding, make_review

from synthesis.errors import ActionError
from synthesis.themes import api
from synthesis.themes.cli import cmd_export_table
from synthesis.themes.export import FORMATS, WHICH, export_table, render_table

THEME = "Partnership takes work"
STUDIES = "Adams and Brown, 2019; Clark et al., 2021; LGA, 2020"


def build(root: Path):
    p = make_review(root)
    relations = api.create_theme(p, "Relationships", "descriptive")
    api.assign(p, relations, ["Trust", "Respect"])
    top = api.create_theme(p, THEME, "analytical", question="What works?")
    api.assign(p, top, relations)
    api.set_exemplar(p, top, coding(p, "s1", "\"We respect each other\" said a teacher.", "Respect"))
    for component, level in [("methodological limitations", "minor"), ("coherence", "minor"),
                             ("adequacy", "moderate"), ("relevance", "no or very minor"), ("overall", "low")]:
        api.judge(p, top, component, level, f"Because | {component}.")
    return p


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    p = build(tmp_path_factory.mktemp("export") / "review")
    yield p
    p.close()


def test_markdown(review):
    text = render_table(review, "themes", "md").decode()
    lines = text.splitlines()
    assert lines[0] == "# Analytical and descriptive themes: Theme test review"
    assert lines[2] == ("| Analytical theme | Descriptive themes | Contributing studies | Number of studies "
                        "| Exemplar quotation |")
    assert lines[4].startswith(f"| {THEME} | Relationships | {STUDIES} | 3 | \u201c\"We respect each other\" said")
    profile = render_table(review, "evidence-profile", "md").decode()
    assert "Minor concerns: Because \\| methodological limitations." in profile  # pipes escaped
    assert "| Low confidence |" in profile


def test_csv(review):
    rows = list(csv.DictReader(io.StringIO(render_table(review, "soqf", "csv").decode())))
    assert rows == [{"Finding": THEME, "Contributing studies": STUDIES, "Confidence": "Low confidence",
                     "Explanation": "Because | overall."}]


def test_xlsx(review, tmp_path):
    path = export_table(review, "evidence-profile", "xlsx", tmp_path / "out" / "profile.xlsx")
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "evidence-profile"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Finding", "Contributing studies", "Methodological limitations", "Coherence", "Adequacy",
                       "Relevance", "Overall confidence", "Explanation")
    assert rows[1][:3] == (THEME, STUDIES, "Minor concerns: Because | methodological limitations.")
    assert rows[1][6:] == ("Low confidence", "Because | overall.")
    assert sheet["A1"].font.bold
    assert "GRADE-CERQual" in rows[-1][0]


def test_docx(review, tmp_path):
    path = export_table(review, "themes", "docx", tmp_path / "themes.docx")
    document = docx.Document(str(path))
    assert document.paragraphs[0].text == "Analytical and descriptive themes: Theme test review"
    [grid] = document.tables
    cells = [[c.text for c in row.cells] for row in grid.rows]
    assert cells[0] == ["Analytical theme", "Descriptive themes", "Contributing studies", "Number of studies",
                        "Exemplar quotation"]
    assert cells[1][:4] == [THEME, "Relationships", STUDIES, "3"]
    assert cells[1][4].endswith("(Adams and Brown, 2019; p. 6)")
    assert document.core_properties.title.startswith("Analytical and descriptive themes")


def test_every_export_gives_the_same_bytes_twice_and_from_a_rebuilt_project(review, tmp_path):
    first = {(w, f): render_table(review, w, f) for w in WHICH for f in FORMATS}
    time.sleep(2.1)  # zip entries keep time to 2 s; document properties to 1 s
    again = build(tmp_path / "again")
    try:
        for (which, fmt), data in first.items():
            assert render_table(review, which, fmt) == data, (which, fmt)
            assert render_table(again, which, fmt) == data, (which, fmt)
    finally:
        again.close()


def test_unknown_table_or_format(review, tmp_path):
    with pytest.raises(ActionError, match="export one of themes, soqf, evidence-profile"):
        export_table(review, "codes", "md", tmp_path / "x.md")
    with pytest.raises(ActionError, match="md, csv, xlsx, docx"):
        export_table(review, "soqf", "pdf", tmp_path / "x.pdf")


def test_command_line(review, tmp_path, monkeypatch, capsysbinary):
    args = argparse.Namespace(project=str(review.root), what="soqf", format="csv", out=None)
    assert cmd_export_table(args) == 0
    assert capsysbinary.readouterr().out == render_table(review, "soqf", "csv")
    monkeypatch.chdir(tmp_path)
    args = argparse.Namespace(project=str(review.root), what="evidence-profile", format="docx", out=None)
    assert cmd_export_table(args) == 0
    assert (tmp_path / "evidence-profile.docx").read_bytes() == render_table(review, "evidence-profile", "docx")
    args.format, args.out = "md", str(tmp_path / "tables" / "profile.md")
    assert cmd_export_table(args) == 0
    assert Path(args.out).read_text(encoding="utf-8").startswith("# GRADE-CERQual evidence profile")
