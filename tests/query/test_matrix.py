"""Matrix queries on the example review: hand counts, agreement with the theme tables, drill-down
and exports."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from synthesis.errors import ActionError
from synthesis.exchange.safecsv import restore_frame
from synthesis.project import Project
from synthesis.query.matrix import ATTRIBUTES, matrix
from synthesis.query.matrix_export import render_cooccurrence, render_matrix
from synthesis.query.cooccurrence import cooccurrence
from synthesis.themes import tables

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def example() -> Project:
    return Project.open(REPO)  # read-only


def test_hand_counted_code_by_study(example):
    # Mutual respect, everyone's codings: Barlow 288-386 (AG), Green 1223-1515 (NT), Care Learning
    # 2926-3017, 4764-4896 and 9302-9435 (both), McKean 305-646 (AG)
    row = matrix(example, "codes", "studies", consensus=False).table().loc["Mutual respect"]
    assert row[row > 0].to_dict() == {"Barlow and Coe, 2013": 1, "Care Learning, n.d.": 6,
                                      "Green and Dicks, 2012": 1, "McKean et al., 2017": 1}
    consensus = matrix(example, "codes", "studies").table().loc["Mutual respect"]
    assert consensus["Care Learning, n.d."] == 3 and consensus.sum() == 6
    by_reviewer = matrix(example, "codes", "reviewers", consensus=False).table().loc["Mutual respect"]
    assert by_reviewer.to_dict() == {"AG": 5, "NT": 4}
    quotations = matrix(example, "codes", "studies", "quotations", consensus=False).table()
    assert quotations.loc["Mutual respect", "Care Learning, n.d."] == 3


def test_codes_and_studies_cover_the_codebook(example):
    table = matrix(example, "codes", "studies").table()
    assert len(table) == len(example.codes) and list(table.columns) == [
        "Barlow and Coe, 2013", "Care Learning, n.d.", "Green and Dicks, 2012", "Isos Partnership, n.d.",
        "LGA, 2020", "McKean et al., 2017", "Toogood, n.d."]
    every = matrix(example, "codes", "sources", consensus=False).table()
    assert every.to_numpy().sum() == len(example.codings)


def test_themes_by_design_agree_with_the_theme_tables(example):
    studies = matrix(example, "themes", "design", "studies").table()
    breakdown = tables.breakdown(example, "design")
    assert studies.index.tolist() == breakdown["theme"].tolist()
    for design in ("qualitative", "grey literature"):
        assert studies[design].tolist() == breakdown[design].tolist()
    assert list(studies.columns) == ["grey literature", "qualitative"]


def test_descriptive_themes_by_study_agree_with_coverage(example):
    mine = matrix(example, "descriptive", "studies", "quotations").table()
    theirs = tables.coverage_matrix(example, "n_quotations")
    theirs = theirs.xs("descriptive", level="level")
    assert mine.to_numpy().tolist() == theirs.to_numpy().tolist()
    assert list(mine.index) == list(theirs.index)


def test_any_study_attribute(example):
    assert {"design", "nation", "year", "appraisal_tool", "ppie"} <= set(ATTRIBUTES)
    by_nation = matrix(example, "analytical", "nation", "studies").table()
    # nations: England (Isos, LGA, McKean), UK (Care Learning, Toogood), not given (Barlow, Green)
    assert list(by_nation.columns) == ["England", "UK", "not reported"]
    assert (by_nation.sum(axis=1) <= 7).all()
    by_year = matrix(example, "codes", "year").table()
    assert set(by_year.columns) == {"2012", "2013", "2017", "2020", "not reported"}


def test_text_cells_and_drill_down(example):
    found = matrix(example, "codes", "studies", "text", consensus=False)
    cell = found.table().loc["Complementary expertise", "Barlow and Coe, 2013"]
    assert cell == ("\u201ccomplementary expertise, and mutual trust and respect [that] was evident throughout "
                    "the interviews\u201d (Barlow and Coe, 2013; p. 41)")
    quotes = found.quotations("Complementary expertise", "Barlow and Coe, 2013")
    assert quotes[["start", "end", "reviewers", "n_codings", "cite"]].values.tolist() == [
        [288, 386, "AG, NT", 2, "(Barlow and Coe, 2013; p. 41)"]]
    theme = matrix(example, "analytical", "design")
    assert len(theme.quotations(0, "qualitative")) > 0
    assert found.quotations("complementary expertise", "barlow and coe, 2013").equals(quotes)
    with pytest.raises(ActionError, match="no column 'Nobody'"):
        found.quotations("Complementary expertise", "Nobody")


def test_bad_questions(example):
    with pytest.raises(ActionError, match="matrix columns"):
        matrix(example, "codes", "colour")
    with pytest.raises(ActionError, match="matrix rows"):
        matrix(example, "memos", "studies")
    with pytest.raises(ActionError, match="cell shows"):
        matrix(example, "codes", "studies", "words")


def test_one_reviewer(example):
    ag = matrix(example, "codes", "reviewers", reviewer="AG").table()
    assert ag["NT"].sum() == 0 and ag["AG"].sum() == sum(c.reviewer == "AG" for c in example.codings.values())


def test_exports(example):
    found = matrix(example, "themes", "design")
    csv = render_matrix(found, "csv")
    back = restore_frame(pd.read_csv(io.BytesIO(csv)))
    assert list(back.columns) == ["theme", "grey literature", "qualitative"]
    assert back["qualitative"].tolist() == found.table()["qualitative"].tolist()
    xlsx = render_matrix(found, "xlsx")
    assert xlsx == render_matrix(matrix(example, "themes", "design"), "xlsx")  # same data, same bytes
    sheet = pd.read_excel(io.BytesIO(xlsx))
    assert sheet.iloc[:len(found.row_labels), 0].tolist() == list(found.row_labels)
    docx = render_matrix(found, "docx")
    assert "Working across professional" in zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert render_matrix(found, "md").decode().startswith("# Themes by design: codings (consensus codings)")
    co = render_cooccurrence(example, cooccurrence(example), "csv", "c")
    assert co.decode().splitlines()[0].startswith("code,Agreeing goals")
    with pytest.raises(ActionError, match="csv, xlsx, docx, md"):
        render_matrix(found, "pdf")


def test_formula_looking_labels_stay_text(tmp_path):
    with Project.init(tmp_path / "r", reviewer="AG") as p:
        p.add_text("Trust grew.", title="Note", source_id="note")
        p.apply_code("note", 0, 11, p.create_code("=HYPERLINK(\"http://x\")"))
        data = render_matrix(matrix(p, "codes", "sources"), "xlsx")
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
