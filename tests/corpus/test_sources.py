"""Reading documents (.txt, .md, .docx, .pdf) and extract sheets into sources."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from openpyxl import Workbook
from pypdf import PdfWriter

from synthesis.corpus.normalise import page_at
from synthesis.corpus.sources import read_extract_sheet, read_source
from synthesis.corpus.store import sha256
from synthesis.errors import InputError


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -------------------------------------------------------------- plain text
def test_text_file_normalised_with_page_markers(tmp_path: Path) -> None:
    path = write(tmp_path / "Green & Dicks 2012.txt",
                 "\ufeff[p. 10] Cafe\u0301 talk.\r\nMore.\r[pp. 11\u201312] Next page.")
    source, text = read_source(path)
    assert text == "Café talk.\nMore.\nNext page."
    assert source.pages == ((0, "10"), (17, "11-12"))
    assert (source.source_id, source.title, source.original_name) == (
        "green-dicks-2012", "Green & Dicks 2012", "Green & Dicks 2012.txt")
    assert (source.sha256, source.n_chars, source.kind, source.study_id) == (sha256(text), len(text), "document", "")


def test_markdown_form_feeds(tmp_path: Path) -> None:
    source, text = read_source(write(tmp_path / "notes.md", "# One\n\fTwo\n\fThree"))
    assert text == "# One\nTwo\nThree"
    assert source.pages == ((0, "1"), (6, "2"), (10, "3"))


def test_explicit_id_title_and_kind(tmp_path: Path) -> None:
    source, _ = read_source(write(tmp_path / "a.txt", "Text."), source_id="green2012-findings",
                            title="Findings", study_id="green2012", kind="findings")
    assert (source.source_id, source.title, source.study_id, source.kind) == (
        "green2012-findings", "Findings", "green2012", "findings")
    with pytest.raises(InputError) as err:
        read_source(tmp_path / "a.txt", source_id="Bad Id")
    assert err.value.field == "source_id"


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\n", b"[p. 3]"])
def test_empty_text(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "empty.txt", data)
    with pytest.raises(InputError, match="is empty") as err:
        read_source(path)
    assert err.value.file == str(path)


def test_cp1252_text(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt", b"line one\nline two\nit\x92s three\n")
    with pytest.raises(InputError) as err:
        read_source(path)
    assert (err.value.file, err.value.line, err.value.unit) == (str(path), 3, "line")
    assert "encoding='cp1252'" in err.value.message
    assert read_source(path, encoding="cp1252")[1] == "line one\nline two\nit\u2019s three\n"


def test_unsupported_and_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot import a '.rtf' file"):
        read_source(write(tmp_path / "a.rtf", "{\\rtf1}"))
    with pytest.raises(InputError, match="does not exist"):
        read_source(tmp_path / "missing.txt")


# -------------------------------------------------------------------- docx
def test_docx_paragraphs_tables_and_title(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Interview findings"
    document.add_paragraph("First paragraph.")
    document.add_paragraph("")
    document.add_paragraph("[p. 4] Second paragraph.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Theme", "Quote"
    table.cell(1, 0).text, table.cell(1, 1).text = "Trust", "\u201cWe trusted them.\u201d"
    document.add_paragraph("After the table.")
    path = tmp_path / "Findings.docx"
    document.save(path)
    source, text = read_source(path)
    assert text == ("First paragraph.\n\nSecond paragraph.\n\nTheme\nQuote\n\n"
                    "Trust\n\u201cWe trusted them.\u201d\n\nAfter the table.")
    assert source.pages == ((18, "4"),)
    assert (source.title, source.source_id) == ("Interview findings", "findings")


def test_docx_without_title_uses_stem(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Only text.")
    document.save(tmp_path / "memo.docx")
    assert read_source(tmp_path / "memo.docx")[0].title == "memo"


@pytest.mark.parametrize("data", [b"not a zip at all", b"", b"PK\x03\x04 but no more"])
def test_corrupt_docx(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "broken.docx", data)
    with pytest.raises(InputError, match="not a readable Word|not a Word .docx") as err:
        read_source(path)
    assert err.value.file == str(path)


def test_empty_docx(tmp_path: Path) -> None:
    docx.Document().save(tmp_path / "blank.docx")
    with pytest.raises(InputError, match="is empty"):
        read_source(tmp_path / "blank.docx")


# --------------------------------------------------------------------- pdf
def test_pdf_pages_and_title(tmp_path: Path, make_pdf) -> None:
    path = make_pdf(tmp_path / "report.pdf", ["Trust grew slowly.", "Caf\u00e9 owners joined later."],
                    title="Community report")
    source, text = read_source(path)
    assert text == "Trust grew slowly.\n\nCafé owners joined later."
    assert source.pages == ((0, "1"), (20, "2"))
    assert source.title == "Community report"
    start = text.index("owners")
    assert page_at(source.pages, start) == "2" and page_at(source.pages, 3) == "1"


def test_pdf_page_labels(tmp_path: Path, make_pdf) -> None:
    from pypdf import PdfReader
    from pypdf.constants import PageLabelStyle

    plain = make_pdf(tmp_path / "plain.pdf", ["Preface text.", "Body text.", "More body."])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.set_page_label(0, 0, style=PageLabelStyle.LOWERCASE_ROMAN)
    writer.set_page_label(1, 2, style=PageLabelStyle.DECIMAL, start=10)
    writer.write(tmp_path / "labelled.pdf")
    source, text = read_source(tmp_path / "labelled.pdf")
    assert [label for _, label in source.pages] == ["i", "10", "11"]
    assert source.title == "labelled"


def test_scanned_pdf(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_blank_page(612, 792)
    path = tmp_path / "scan.pdf"
    writer.write(path)
    with pytest.raises(InputError) as err:
        read_source(path)
    assert err.value.file == str(path)
    assert "pages 1-2 have no text layer (a scanned document?); run OCR (e.g. ocrmypdf) first" in str(err.value)
    assert "scan.pdf" in str(err.value)


def test_corrupt_and_encrypted_pdf(tmp_path: Path, make_pdf) -> None:
    broken = write(tmp_path / "broken.pdf", b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(InputError, match="not a readable PDF") as err:
        read_source(broken)
    assert err.value.file == str(broken)
    from pypdf import PdfReader

    writer = PdfWriter(clone_from=PdfReader(make_pdf(tmp_path / "open.pdf", ["Secret text."])))
    writer.encrypt("secret", algorithm="RC4-128")
    writer.write(tmp_path / "locked.pdf")
    with pytest.raises(InputError, match="encrypted"):
        read_source(tmp_path / "locked.pdf")


# ---------------------------------------------------------- extract sheets
EXTRACTS = (
    "Study ID,p.,Quotation,Kind\n"
    "green2012,p. 10,\u201cWe trusted them.\u201d,participant quotation\n"
    "mckean2017,pp. 8-9,Lay members shaped the questions.,author interpretation\n"
    "\n"
    "green2012,8\u201310,It took time.,author interpretation\n"
    "green2012,8\u201310,Same pages again.,author interpretation\n"
    "green2012,,No page given.,\n"
)


def test_extract_sheet_groups_by_study(tmp_path: Path) -> None:
    pairs = read_extract_sheet(write(tmp_path / "extracts.csv", EXTRACTS))
    assert [s.source_id for s, _ in pairs] == ["green2012-extracts", "mckean2017-extracts"]
    green, text = pairs[0]
    assert text == "\u201cWe trusted them.\u201d\n\nIt took time.\n\nSame pages again.\n\nNo page given."
    assert green.pages == ((0, "10"), (20, "8-10"), (text.index("No page"), ""))
    assert (green.title, green.kind, green.study_id, green.original_name) == (
        "Extracts: green2012", "extracts", "green2012", "extracts.csv")
    assert (green.sha256, green.n_chars) == (sha256(text), len(text))
    assert page_at(green.pages, text.index("Same")) == "8-10"
    assert pairs[1][0].pages == ((0, "8-9"),)


def test_extract_sheet_named_sources_xlsx(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Study", "Source", "Pages", "Extract"])
    sheet.append(["green2012", "Green focus groups", 10, "One."])
    sheet.append(["green2012", "Green interviews", "p.11", "Two."])
    sheet.append(["green2012", "Green focus groups", 12, "Three."])
    book.save(tmp_path / "extracts.xlsx")
    pairs = read_extract_sheet(tmp_path / "extracts.xlsx")
    assert [(s.source_id, s.title, t, s.pages) for s, t in pairs] == [
        ("green-focus-groups", "Green focus groups", "One.\n\nThree.", ((0, "10"), (6, "12"))),
        ("green-interviews", "Green interviews", "Two.", ((0, "11"),)),
    ]


BAD_EXTRACTS = [
    ("cols.csv", "Study ID,Page\ng,1\n", 1, "text", "missing required column(s): text"),
    ("text.csv", "Study,Page,Text\ng,1,Fine.\ng,2,  \n", 3, "Text", "extract text is empty"),
    ("study.csv", "Study,Page,Text\ng,1,Fine.\n,2,Orphan.\n", 3, "Study", "study id is empty"),
    ("mixed.csv", "Study,Source,Text\na,s1,One.\nb,s1,Two.\n", 3, "Source", "belongs to one study"),
    ("unknown.csv", "Study,Text\ngreen2012,One.\nnobody,Two.\n", 3, "Study", "unknown study id 'nobody'"),
    ("empty.csv", "", None, None, "is empty"),
    ("header.csv", "Study,Text\n", None, None, "no extracts"),
]


@pytest.mark.parametrize("name, data, line, field, message", BAD_EXTRACTS, ids=[b[0] for b in BAD_EXTRACTS])
def test_bad_extract_sheets(tmp_path: Path, name, data, line, field, message) -> None:
    path = write(tmp_path / name, data)
    with pytest.raises(InputError) as err:
        read_extract_sheet(path, studies={"green2012", "g", "a", "b"})
    assert (err.value.file, err.value.line, err.value.field) == (str(path), line, field)
    assert message in err.value.message


def test_extract_sheet_cp1252(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", b"Study,Text\ng,Caf\xe9\n")
    with pytest.raises(InputError, match="cp1252") as err:
        read_extract_sheet(path)
    assert err.value.line == 2
    assert read_extract_sheet(path, encoding="cp1252")[0][1] == "Café"
