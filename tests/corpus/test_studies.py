"""Study metadata: CSV/XLSX extraction sheets and RIS exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from synthesis.corpus.importing import import_studies
from synthesis.corpus.studies import read_ris, read_studies_table
from synthesis.errors import InputError
from synthesis.project import Project
from synthesis.records import Study

GOOD_CSV = (
    "Study ID,In-text citation,Full reference,Year,Study design,Country,Setting,Sample,"
    "Appraisal tool,Quality,PPI,Notes\n"
    "green2012,Green and Dicks,\"Green, A., & Dicks, B. (2012). Trust.\",2012,Mixed-methods,"
    "United Kingdom,Primary care,12 GPs,CASP,High,Yes,ignored\n"
    "\n"
    "mckean2017,McKean et al.,,2017,qual,across the UK,,,,,,\n"
    "nhs2019,NHS England,,,Grey Literature,england,,,,,,\n"
)


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    for number, row in enumerate(rows, start=1):
        for col, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(number, col, value)
    book.save(path)
    return path


# ------------------------------------------------------------------ tables
def test_csv_with_aliases_and_variants(tmp_path: Path) -> None:
    studies = read_studies_table(write(tmp_path / "s.csv", GOOD_CSV))
    assert [s.study_id for s in studies] == ["green2012", "mckean2017", "nhs2019"]
    green = studies[0]
    assert green == Study("green2012", "Green and Dicks", "Green, A., & Dicks, B. (2012). Trust.", 2012,
                          "mixed methods", "UK", "Primary care", "12 GPs", "CASP", "High", "Yes")
    assert (studies[1].design, studies[1].nation) == ("qualitative", "UK")
    assert (studies[2].year, studies[2].design, studies[2].nation) == (None, "grey literature", "England")


def test_xlsx_numbers_and_blank_rows(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "s.xlsx", [
        ["study id", "Short citation", "year", "Design", "Nation"],
        ["green2012", "Green and Dicks, 2012", 2012, "Qualitative", "Wales"],
        [None, None, None, None, None],
        ["smith2015", "Smith, 2015", 2015.0, "Mixed Methods", "Northern Ireland"],
    ])
    studies = read_studies_table(path)
    assert [(s.study_id, s.year, s.design, s.nation) for s in studies] == [
        ("green2012", 2012, "qualitative", "Wales"), ("smith2015", 2015, "mixed methods", "Northern Ireland")]


def test_xlsx_error_names_spreadsheet_row(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "s.xlsx", [
        ["Study ID", "Citation"], ["a", "A, 2001"], [None, None], ["a", "A again"]])
    with pytest.raises(InputError) as err:
        read_studies_table(path)
    assert (err.value.line, err.value.field) == (4, "Study ID")
    assert "rows 2 and 4" in err.value.message


def test_import_writes_studies_and_audit(project: Project, tmp_path: Path) -> None:
    path = write(tmp_path / "studies.csv", GOOD_CSV)
    saved = project.import_studies(path)
    assert [s.study_id for s in saved] == ["green2012", "mckean2017", "nhs2019"]
    assert set(project.studies) == {"green2012", "mckean2017", "nhs2019"}
    event = project.events[-1]
    assert event.type == "corpus.import"
    assert event.data["kind"] == "studies" and event.data["file"] == "studies.csv"
    assert event.data["ids"] == ["green2012", "mckean2017", "nhs2019"]
    assert len(event.data["sha256"]) == 64
    project.close()
    reopened = Project.open(project.root)
    assert reopened.problems == [] and reopened.studies["green2012"].year == 2012


def test_existing_study_needs_update(project: Project, tmp_path: Path, unchanged) -> None:
    import_studies(project, write(tmp_path / "a.csv", "ID,Citation\ngreen2012,\"Green, 2012\"\n"))
    again = write(tmp_path / "b.csv", "ID,Citation\nnew2020,New 2020\ngreen2012,\"Green and Dicks, 2012\"\n")
    with unchanged(project), pytest.raises(InputError) as err:
        import_studies(project, again)
    assert (err.value.file, err.value.line, err.value.field) == (str(again), 3, "study_id")
    assert "update=True" in err.value.message
    import_studies(project, again, update=True)
    assert project.studies["green2012"].citation == "Green and Dicks, 2012"
    assert set(project.studies) == {"green2012", "new2020"}


def test_read_only_project_imports_without_events(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p")
    import_studies(project, write(tmp_path / "a.csv", "ID,Citation\ngreen2012,\"Green, 2012\"\n"))
    assert list(project.studies) == ["green2012"] and project.events == ()


BAD_TABLES = [
    ("empty.csv", b"", None, None, "is empty"),
    ("blank.csv", b"\n  \n", None, None, "is empty"),
    ("header.csv", b"Study ID,Citation\n\n", None, None, "no studies"),
    ("cp.csv", b"Study ID,Citation\ngreen2012,Gr\xe9en 2012\n", 2, None, "encoding='cp1252'"),
    ("dup.csv", b"ID,Citation\na,A\nb,B\na,C\n", 4, "ID", "duplicate study id 'a' (rows 2 and 4)"),
    ("cols.csv", b"Identifier,Author,Year\nx,y,2012\n", 1, "study_id",
     "Columns found: 'Identifier', 'Author', 'Year'"),
    ("noid.csv", b"ID,Citation\n,Green 2012\n", 2, "ID", "study_id is empty"),
    ("nocite.csv", b"ID,Citation\ngreen2012,\n", 2, "Citation", "citation is empty"),
    ("year.csv", b"ID,Citation,Year\ngreen2012,G,2012a\n", 2, "Year", "not a 4-digit number"),
    ("year2.csv", b"ID,Citation,Year\ngreen2012,G,12\n", 2, "Year", "not a 4-digit number"),
    ("design.csv", b"ID,Citation,Design\ng,G,ethnography\n", 2, "Design",
     "qualitative, mixed methods, quantitative, grey literature"),
    ("nation.csv", b"ID,Citation,Country\ng,G,France\n", 2, "Country",
     "England, Scotland, Wales, Northern Ireland, UK"),
    ("both.csv", b"ID,Study ID,Citation\na,b,c\n", 1, "Study ID", "both give study_id"),
]


@pytest.mark.parametrize("name, data, line, field, message", BAD_TABLES, ids=[b[0] for b in BAD_TABLES])
def test_bad_tables(project: Project, tmp_path: Path, unchanged, name, data, line, field, message) -> None:
    import_studies(project, write(tmp_path / "first.csv", "ID,Citation\nold2000,Old 2000\n"))
    path = write(tmp_path / name, data)
    with unchanged(project), pytest.raises(InputError) as err:
        import_studies(project, path)
    assert err.value.file == str(path)
    assert (err.value.line, err.value.field) == (line, field)
    assert message in err.value.message


def test_missing_columns_names_all_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_studies_table(write(tmp_path / "s.csv", "Author,Year\nx,2012\n"))
    assert "study_id" in err.value.message and "citation" in err.value.message
    assert "'Author', 'Year'" in err.value.message


def test_ragged_csv_names_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_studies_table(write(tmp_path / "s.csv", "ID,Citation\na,Green, 2012\n"))
    assert (err.value.line, err.value.unit) == (2, "line") and "quote cells" in err.value.message


def test_cp1252_with_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "s.csv", b"Study ID,Citation\ngreen2012,Gr\xe9en \x96 2012\n")
    with pytest.raises(InputError) as err:
        read_studies_table(path)
    assert err.value.unit == "line" and "cp1252" in str(err.value)
    assert read_studies_table(path, encoding="cp1252")[0].citation == "Gréen \u2013 2012"


def test_bad_workbooks(project: Project, tmp_path: Path, unchanged) -> None:
    for name, data in (("broken.xlsx", b"not a zip"), ("old.xls", b"\xd0\xcf\x11\xe0"), ("s.json", b"{}")):
        path = write(tmp_path / name, data)
        with unchanged(project), pytest.raises(InputError) as err:
            import_studies(project, path)
        assert err.value.file == str(path)
    with unchanged(project), pytest.raises(InputError, match="does not exist"):
        import_studies(project, tmp_path / "missing.csv")


# ---------------------------------------------------------------------- RIS
ENDNOTE = (
    "TY  - JOUR\r\n"
    "AU  - Green, Anna\r\n"
    "AU  - Dicks, Ben J.\r\n"
    "PY  - 2012\r\n"
    "TI  - Trust in integrated care partnerships\r\n"
    "JO  - Journal of Integrated Care\r\n"
    "VL  - 20\r\n"
    "IS  - 3\r\n"
    "SP  - 155\r\n"
    "EP  - 167\r\n"
    "AB  - A long abstract that wraps\r\n"
    "onto a second line.\r\n"
    "DO  - 10.1108/14769011211237492\r\n"
    "ER  - \r\n"
    "\r\n"
    "TY  - RPRT\r\n"
    "A1  - Smith, J.\r\n"
    "Y1  - 2012///\r\n"
    "T1  - Community voices\r\n"
    "ER  - \r\n"
)

ZOTERO = (
    "\ufeffTY  - JOUR\n"
    "TI  - Lay involvement in research: a qualitative study\n"
    "AU  - McKean, Jo\n"
    "AU  - Lee, Kim\n"
    "AU  - Rao, Priya\n"
    "T2  - BMJ Open\n"
    "DA  - 2017/03/01/\n"
    "PY  - 2017\n"
    "VL  - 7\n"
    "IS  - 2\n"
    "SP  - e012345\n"
    "DO  - https://doi.org/10.1136/bmjopen-2016-012345\n"
    "KW  - PPI\n"
    "ER  - \n"
    "\n"
    "TY  - JOUR\n"
    "TI  - Second Smith paper\n"
    "AU  - Smith, Jane\n"
    "PY  - 2012\n"
    "ER  - \n"
)


def test_endnote_ris(tmp_path: Path) -> None:
    green, smith = read_ris(write(tmp_path / "endnote.ris", ENDNOTE))
    assert (green.study_id, green.citation, green.year) == ("green2012", "Green and Dicks, 2012", 2012)
    assert green.reference == ("Green, A., & Dicks, B. J. (2012). Trust in integrated care partnerships. "
                               "Journal of Integrated Care, 20(3), 155\u2013167. "
                               "https://doi.org/10.1108/14769011211237492")
    assert (green.design, green.nation) == ("", "")
    assert (smith.study_id, smith.citation) == ("smith2012", "Smith, 2012")
    assert smith.reference == "Smith, J. (2012). Community voices."


def test_zotero_ris_with_bom_and_collisions(tmp_path: Path) -> None:
    path = write(tmp_path / "zotero.ris", ENDNOTE + ZOTERO.lstrip("\ufeff").replace("\n", "\r\n"))
    studies = read_ris(path)
    assert [s.study_id for s in studies] == ["green2012", "smith2012a", "mckean2017", "smith2012b"]
    mckean = studies[2]
    assert mckean.citation == "McKean et al., 2017"
    assert mckean.reference == ("McKean, J., Lee, K., & Rao, P. (2017). Lay involvement in research: a "
                                "qualitative study. BMJ Open, 7(2), e012345. "
                                "https://doi.org/10.1136/bmjopen-2016-012345")
    assert read_ris(write(tmp_path / "z.ris", ZOTERO))[0].citation == "McKean et al., 2017"


def test_import_ris_and_ris_txt(project: Project, tmp_path: Path, unchanged) -> None:
    saved = import_studies(project, write(tmp_path / "refs.txt", ZOTERO))
    assert [s.study_id for s in saved] == ["mckean2017", "smith2012"]
    assert project.events[-1].data["kind"] == "studies"
    before = (project.root / "corpus" / "studies.csv").read_bytes()
    again = import_studies(project, write(tmp_path / "again.ris", ZOTERO))  # the same records: nothing changes
    assert [s.study_id for s in again] == ["mckean2017", "smith2012"]
    assert (project.root / "corpus" / "studies.csv").read_bytes() == before
    with unchanged(project), pytest.raises(InputError) as err:  # other details for a stored id
        import_studies(project, write(tmp_path / "edited.ris", ZOTERO.replace("BMJ Open", "BMJ Quality")))
    assert (err.value.line, err.value.unit, err.value.field) == (1, "line", "study_id")
    with unchanged(project), pytest.raises(InputError, match="not a RIS export"):
        import_studies(project, write(tmp_path / "notes.txt", "Just some notes\n"))


def _ris(*lines: str) -> str:
    return "\n".join(lines) + "\n"


GOOD_RECORD = ("TY  - JOUR", "AU  - Green, A.", "PY  - 2012", "ER  - ")
BAD_RIS = [
    ("no-ty", _ris("AU  - Green, A.", "PY  - 2012", "ER  - "), 1, "AU", "outside a record"),
    ("stray-text", _ris("Reference list", *GOOD_RECORD), 1, None, "outside a record"),
    ("er-first", _ris(*GOOD_RECORD, "ER  - "), 5, "ER", "without a record start"),
    ("bad-tag", _ris("TY  - JOUR", "AU - Green, A.", "PY  - 2012", "ER  - "), 2, None, "malformed tag line"),
    ("bad-tag2", _ris("TY  - JOUR", "AU  -Green", "PY  - 2012", "ER  - "), 2, None, "malformed tag line"),
    ("lower-tag", _ris("TY  - JOUR", "au  - Green", "PY  - 2012", "ER  - "), 2, None, "malformed tag line"),
    ("eof", _ris(*GOOD_RECORD, "", "TY  - JOUR", "AU  - Smith, B."), 6, "ER", "ends inside the record"),
    ("nested", _ris("TY  - JOUR", "AU  - Green, A.", "TY  - JOUR", "ER  - "), 3, "TY", "before the record at line 1"),
    ("no-authors", _ris(*GOOD_RECORD, "TY  - JOUR", "TI  - Anonymous", "PY  - 2001", "ER  - "), 5, "AU",
     "no authors"),
    ("no-year", _ris("TY  - JOUR", "AU  - Green, A.", "PY  - n.d.", "ER  - "), 1, "PY", "no year"),
    ("continuation-after-ty", _ris("TY  - JOUR", "stray", "AU  - Green, A.", "PY  - 2012", "ER  - "), 2, None,
     "continuation line"),
    ("empty", "", None, None, "is empty"),
    ("blank", "\n\n", None, None, "is empty"),
]


@pytest.mark.parametrize("name, text, line, field, message", BAD_RIS, ids=[b[0] for b in BAD_RIS])
def test_bad_ris(project: Project, tmp_path: Path, unchanged, name, text, line, field, message) -> None:
    path = write(tmp_path / f"{name}.ris", text)
    with unchanged(project), pytest.raises(InputError) as err:
        import_studies(project, path)
    assert err.value.file == str(path)
    assert (err.value.line, err.value.field) == (line, field)
    if line is not None:
        assert err.value.unit == "line" and f"line {line}" in str(err.value)
    assert message in err.value.message


def test_ris_cp1252(tmp_path: Path) -> None:
    path = write(tmp_path / "r.ris", _ris(*GOOD_RECORD[:2], "TI  - Caf\xe9 culture", *GOOD_RECORD[2:]).encode("cp1252"))
    with pytest.raises(InputError) as err:
        read_ris(path)
    assert (err.value.line, err.value.unit) == (3, "line") and "cp1252" in err.value.message
    assert "Café culture" in read_ris(path, encoding="cp1252")[0].reference
