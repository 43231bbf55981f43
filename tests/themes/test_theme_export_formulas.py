"""Theme tables opened in a spreadsheet run nothing: a theme name, an explanation or a
quotation that begins with "=", "+", "-" or "@" is quoted in CSV and a text cell in XLSX."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
from themes_helpers import coding, make_review

from synthesis.themes import api
from synthesis.themes.export import render_table

FINDING = "=HYPERLINK(\"http://evil.example\",\"Partnership takes work\")"
GROUP = "@Relationships"
EXPLANATION = "-cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    p = make_review(tmp_path_factory.mktemp("formulas") / "review")
    relations = api.create_theme(p, GROUP, "descriptive")
    api.assign(p, relations, ["Trust", "Respect"])
    top = api.create_theme(p, FINDING, "analytical", question="What works?")
    api.assign(p, top, relations)
    api.set_exemplar(p, top, coding(p, "s1", "\"We respect each other\" said a teacher.", "Respect"))
    api.judge(p, top, "overall", "low", EXPLANATION)
    yield p
    p.close()


def test_csv_quotes_formulas(review):
    data = render_table(review, "soqf", "csv")
    assert data.startswith(b"Finding,Contributing studies,Confidence,Explanation\n")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert rows == [{"Finding": "'" + FINDING, "Contributing studies": "Adams and Brown, 2019; Clark et al., 2021; "
                     "LGA, 2020", "Confidence": "Low confidence", "Explanation": "'" + EXPLANATION}]
    themes = list(csv.DictReader(io.StringIO(render_table(review, "themes", "csv").decode("utf-8"))))
    assert themes[0]["Analytical theme"] == "'" + FINDING and themes[0]["Descriptive themes"] == "'" + GROUP
    assert themes[0]["Number of studies"] == "3"


@pytest.mark.parametrize("which", ["themes", "soqf", "evidence-profile"])
def test_xlsx_stores_text_not_formulas(review, which):
    data = render_table(review, which, "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml
    assert f"<t>{FINDING}</t>" in xml
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == FINDING and sheet["A2"].data_type == "s"
