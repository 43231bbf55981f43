"""Reading documents and extract sheets into ``(Source, text)`` pairs.

Text is normalised (NFC, ``\\n`` newlines, no byte-order mark); ``[p. 10]``
markers and form feeds in plain text and Word files become the page map, a
PDF's page map comes from its pages (see :mod:`synthesis.corpus.pdf`).
Nothing is written here.

>>> page_label("pp. 8 \\u2013 9"), page_label("p. 10"), page_label("8–10")
('8-9', '10', '8-10')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..names import problem_with_id
from ..records import Source
from .limits import check_file_size, check_text
from .normalise import decode, normalise_text, strip_page_markers
from .store import SOURCE_ID, sha256, slug
from .studies import TABLE_SUFFIXES, map_columns, read_table

Pages = tuple[tuple[int, str], ...]

DOCUMENT_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
EXTRACT_ALIASES: dict[str, tuple[str, ...]] = {
    "study_id": ("studyid", "study"),
    "page": ("page", "pages", "p", "pp"),
    "text": ("extract", "text", "quotation", "quote"),
    "source_id": ("source", "sourceid"),
    "kind": ("kind", "type"),
}
REQUIRED_EXTRACT_FIELDS = ("study_id", "text")


def page_label(value: str) -> str:
    """A bare page label: "p. 10" -> "10", "pp. 8–9" -> "8-9"."""
    label = re.sub(r"^(?:pages?|pp?)\.?\s*", "", value.strip(), flags=re.I)
    return re.sub(r"\s*[-\u2010-\u2015]+\s*", "-", label)


def source_id_for(name: str) -> str:
    """A valid source id for a name that is not one already.

    >>> source_id_for("Green2012-extracts"), source_id_for("Focus group 2.1")
    ('green2012-extracts', 'focus-group-2.1')
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9_.-]+", "-", folded).strip("-._")[:100] or "source"


def check_source_id(path: str | Path, source_id: str) -> str:
    """``source_id`` if it is a valid id, else an InputError naming ``path``."""
    problem = problem_with_id(source_id, SOURCE_ID)
    if problem:
        raise InputError(path, f"source id {source_id!r} {problem}", field="source_id")
    return source_id


def _empty(path: Path) -> InputError:
    return InputError(path, "is empty (no text to code)")


# -------------------------------------------------------------- documents
def read_source(path: str | Path, *, source_id: str | None = None, title: str | None = None,
                study_id: str = "", kind: str = "document",
                encoding: str | None = None) -> tuple[Source, str]:
    """Read a .txt, .md, .docx or .pdf file as a source and its text.

    >>> import pathlib, tempfile
    >>> note = pathlib.Path(tempfile.mkdtemp()) / "Field notes.txt"
    >>> _ = note.write_bytes(b"[p. 3] Trust grew.\\r\\n[p. 4] Then it went.")
    >>> source, text = read_source(note)
    >>> source.source_id, source.title, text, source.pages
    ('field-notes', 'Field notes', 'Trust grew.\\nThen it went.', ((0, '3'), (12, '4')))
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise InputError(path, f"cannot import a '{suffix or 'extension-less'}' file as a source; "
                         f"use one of {', '.join(DOCUMENT_SUFFIXES)}")
    if not path.is_file():
        raise InputError(path, "does not exist")
    check_file_size(path)
    _check_signature(path, suffix)
    if suffix == ".pdf":
        text, pages, found_title = _read_pdf(path)
    else:
        if suffix == ".docx":
            raw, found_title = _read_docx(path)
        else:
            raw, found_title = decode(path.read_bytes(), path, encoding), ""
        check_text(path, raw)
        text = normalise_text(raw)
        if not text.strip():
            raise _empty(path)
        text, pages = strip_page_markers(text, "1" if "\f" in text else None)
        if not text.strip():
            raise _empty(path)
    check_text(path, text)
    sid = check_source_id(path, source_id) if source_id else slug(path.name)
    source = Source(sid, title or found_title or path.stem, study_id, kind, path.name,
                    sha256(text), len(text), pages)
    return source, text


def _read_docx(path: Path) -> tuple[str, str]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
        blocks: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                if item.text.strip():
                    blocks.append(item.text)
            elif isinstance(item, Table):
                blocks.extend(_table_rows(item))
        title = (document.core_properties.title or "").strip()
    except Exception as exc:  # zip, XML and python-docx errors alike
        raise InputError(path, f"is not a readable Word .docx file ({type(exc).__name__}: {exc})") from None
    return "\n\n".join(blocks), title


def _table_rows(table) -> list[str]:
    """One block per table row, the row's distinct non-empty cells on their own lines."""
    rows = []
    for row in table.rows:
        seen, cells = set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats across the row
                continue
            seen.add(id(cell._tc))
            if cell.text.strip():
                cells.append(cell.text.strip())
        if cells:
            rows.append("\n".join(cells))
    return rows


def _check_signature(path: Path, suffix: str) -> None:
    """Refuse a file whose first bytes say it is not what its name says (names are not trusted).

    >>> import pathlib, tempfile
    >>> fake = pathlib.Path(tempfile.mkdtemp()) / "report.pdf"
    >>> _ = fake.write_text("Just some notes")
    >>> _check_signature(fake, ".pdf")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    synthesis.errors.InputError: ...report.pdf: is not a PDF (it does not start with %PDF-; is it a text file with a .pdf name?)
    """
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if suffix == ".pdf" and b"%PDF-" not in head:
        looks = "a text file" if head and all(b in b"\t\n\r" or 32 <= b < 127 or b >= 128 for b in head) else "another kind of file"
        raise InputError(path, f"is not a PDF (it does not start with %PDF-; is it {looks} with a .pdf name?)")
    if suffix == ".docx" and not head.startswith(b"PK\x03\x04"):
        raise InputError(path, "is not a Word .docx document (a .docx is a zip file, and this is not one; "
                         "an old .doc must be saved as .docx first)")


def _read_pdf(path: Path) -> tuple[str, Pages, str]:
    """A PDF's text, page map and title, as :func:`synthesis.corpus.pdf.extract_pdf` makes them
    (running heads, footers and page numbers out, words broken at line ends mended, paragraphs
    rebuilt, printed page numbers as labels; see docs/importing-pdfs.md)."""
    import logging

    from .pdf import extract_pdf

    loggers = [logging.getLogger(name) for name in ("pypdf", "pypdfium2")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)  # libraries' notes on damaged files are not for reviewers
    try:
        done = extract_pdf(path)
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
    return done.text, done.pages, done.title


# ----------------------------------------------------------- extract sheets
@dataclass
class _Group:
    source_id: str
    title: str
    study_id: str
    row: int
    parts: list[tuple[str, str]] = field(default_factory=list)


def read_extract_sheet(path: str | Path, encoding: str | None = None, *,
                       studies: Collection[str] | None = None) -> list[tuple[Source, str]]:
    """Read a CSV/XLSX sheet of extracts (study id, page, text) into sources.

    Extracts are grouped by the optional source column, else one source per
    study (``<study_id>-extracts``), joined by blank lines in sheet order; each
    extract starts a page-map entry. With ``studies``, every study id must be
    one of them.

    >>> import pathlib, tempfile
    >>> sheet = pathlib.Path(tempfile.mkdtemp()) / "extracts.csv"
    >>> _ = sheet.write_text("Study,Page,Extract\\ngreen2012,p. 10,We trusted them.\\n"
    ...                      "green2012,pp. 11-12,It took time.\\n")
    >>> [(s.source_id, text, s.pages) for s, text in read_extract_sheet(sheet)]
    [('green2012-extracts', 'We trusted them.\\n\\nIt took time.', ((0, '10'), (18, '11-12')))]
    """
    path = Path(path)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise InputError(path, f"an extract sheet must be a .csv or .xlsx file, not '{path.suffix}'")
    table = read_table(path, encoding)
    columns = map_columns(table, EXTRACT_ALIASES, REQUIRED_EXTRACT_FIELDS)
    header = {f: table.header[i] for f, i in columns.items()}
    groups: dict[str, _Group] = {}
    for number, cells in table.rows:
        values = {f: cells[i] for f, i in columns.items()}
        study_id, text = values["study_id"], values["text"]
        if not study_id:
            raise InputError(path, "study id is empty", line=number, field=header["study_id"])
        if studies is not None and study_id not in studies:
            raise InputError(path, f"unknown study id '{study_id}'; import the studies first",
                             line=number, field=header["study_id"])
        if not text.strip():
            raise InputError(path, "extract text is empty", line=number, field=header["text"])
        named = values.get("source_id", "")
        sid = source_id_for(named or f"{study_id}-extracts")
        group = groups.setdefault(sid, _Group(sid, named or f"Extracts: {study_id}", study_id, number))
        if group.study_id != study_id:
            raise InputError(path, f"source '{sid}' holds extracts of study '{group.study_id}' (row "
                             f"{group.row}) and of '{study_id}'; a source belongs to one study",
                             line=number, field=header.get("source_id", header["study_id"]))
        group.parts.append((page_label(values.get("page", "")), text.strip()))
    if not groups:
        raise InputError(path, "has a header but no extracts")
    return [_extract_source(path, g) for g in groups.values()]


def _extract_source(path: Path, group: _Group) -> tuple[Source, str]:
    pages: list[tuple[int, str]] = []
    offset = 0
    for label, text in group.parts:
        if (pages and pages[-1][1] != label) or (not pages and label):
            pages.append((offset, label))
        offset += len(text) + 2
    text = "\n\n".join(t for _, t in group.parts)
    source = Source(group.source_id, group.title, group.study_id, "extracts", path.name,
                    sha256(text), len(text), tuple(pages))
    return source, text
