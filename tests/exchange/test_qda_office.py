"""Exports for colleagues: XLSX, CSV and a Word report, opened and checked."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from synthesis.exchange import codings_table, export_csv, export_docx, export_xlsx, themes
from synthesis.project import Project


def test_csv_one_row_per_coding(example, tmp_path):
    project = Project.open(example)
    rows = export_csv(project, tmp_path / "c.csv")
    with open(tmp_path / "c.csv", encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert rows == len(table) == len(project.codings)
    assert {"study", "citation", "page", "code", "quote", "reviewer", "time"} <= set(table[0])
    assert ("themes" in table[0]) == themes.available()
    green = [r for r in table if r["study"] == "green2012"]
    assert green and all(r["citation"] == "Green and Dicks, 2012" and r["page"] for r in green)
    assert {r["reviewer"] for r in table} == {"AG", "NT"}


def test_xlsx_sheets_and_text_cells(tmp_path):
    with Project.init(tmp_path / "p", reviewer="AG") as p:
        p.add_text("=SUM(A1:A9) looks like a formula. -dash too. \U0001F600", title="T", source_id="t")
        p.apply_code("t", 0, 11, p.create_code("Formula-like"))
        p.apply_code("t", 34, 45, "Formula-like")
    project = Project.open(tmp_path / "p")
    assert export_xlsx(project, tmp_path / "c.xlsx") == 2
    sheets = pd.read_excel(tmp_path / "c.xlsx", sheet_name=None)
    assert list(sheets) == ["codings", "codebook"]
    assert sorted(sheets["codings"]["quote"]) == ["-dash too. ", "=SUM(A1:A9)"]
    assert list(sheets["codebook"]["code"]) == ["Formula-like"]
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(tmp_path / "c.xlsx")["codings"].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)


def test_example_xlsx_matches_the_table(example, tmp_path):
    project = Project.open(example)
    export_xlsx(project, tmp_path / "c.xlsx")
    frame = pd.read_excel(tmp_path / "c.xlsx", sheet_name="codings", dtype=str, keep_default_na=False)
    table = codings_table(project).astype(str)
    assert list(frame.columns) == list(table.columns)
    assert frame["quote"].tolist() == table["quote"].tolist()


def test_docx_quotations_with_citations(example, tmp_path):
    import docx

    project = Project.open(example)
    count = export_docx(project, tmp_path / "r.docx")
    document = docx.Document(str(tmp_path / "r.docx"))
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert count == len(quotes) > 0
    assert any("(Green and Dicks, 2012; p" in q for q in quotes)
    assert all(q.startswith("\u201c") and "(" in q for q in quotes)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    title = document.paragraphs[0].text
    if themes.available() and any(not n.codable for n in themes.export_tree(project)[0]):
        assert title.endswith("quotations by theme")
    else:
        assert title.endswith("quotations by code")
    assert set(c.label for c in project.codes.values()) <= set(headings)


def test_docx_by_code_without_themes(hand_made, tmp_path, monkeypatch):
    import docx

    monkeypatch.setattr(themes, "_api", lambda: None)
    assert export_docx(hand_made, tmp_path / "r.docx") == 3
    document = docx.Document(str(tmp_path / "r.docx"))
    assert document.paragraphs[0].text == "Café review: quotations by code"
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert any(q.startswith("\u201c\U0001F600\u201d (Entretien") for q in quotes)


@pytest.mark.parametrize("maker", [export_csv, export_xlsx, export_docx])
def test_empty_project_exports(tmp_path, maker):
    assert maker(Project.init(tmp_path / "p"), tmp_path / "out") == 0


@pytest.mark.parametrize("maker", [export_csv, export_xlsx, export_docx])
def test_exports_are_reproducible(example, tmp_path, maker):
    maker(Project.open(example), tmp_path / "a")
    maker(Project.open(example), tmp_path / "b")
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()
