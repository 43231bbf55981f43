"""Exports for colleagues who work in spreadsheets and Word.

* :func:`codings_table` / :func:`export_csv` / :func:`export_xlsx`: one row per
  coding with its study, citation, page, code, themes (when the project has
  themes), quotation, reviewer and time;
* :func:`export_docx`: a report of quotations by theme (or by code when there are
  no themes), each cited as "(Green and Dicks, 2012; p. 10)".

In the XLSX file every text cell is stored as text, so a quotation that begins
with "=" or "-" is never taken for a formula; in the CSV file such a cell gets a
``'`` in front (:mod:`synthesis.exchange.safecsv`). XLSX and DOCX files are
reproducible: their entries carry a fixed time and their document properties the
time of the project's latest coding or memo.

>>> import tempfile
>>> from synthesis.project import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
>>> _ = p.apply_code("note", 0, 5, p.create_code("Trust"))
>>> codings_table(p)[["code", "quote", "reviewer"]]
    code  quote reviewer
0  Trust  Trust       AG
>>> p.close()
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import views
from ..corpus.store import atomic_write
from ..records import Coding
from .safecsv import to_csv_bytes
from .themes import Node, code_themes, export_tree

if TYPE_CHECKING:
    from ..project import Project

PathLike = str | os.PathLike[str]
COLUMNS = ["study", "citation", "source", "page", "code", "themes", "quote", "reviewer", "time", "start", "end"]


def codings_table(project: "Project") -> pd.DataFrame:
    """One row per coding, in source and text order; ``themes`` only when themes exist."""
    frame = views.codings(project)
    themes = code_themes(project)
    out = pd.DataFrame({
        "study": frame["study_id"], "citation": frame["citation"], "source": frame["source_id"],
        "page": frame["page"], "code": frame["code"],
        "themes": [", ".join((themes or {}).get(c, [])) for c in frame["code_id"]],
        "quote": frame["quote"], "reviewer": frame["reviewer"], "time": frame["time"],
        "start": frame["start"], "end": frame["end"],
    }, columns=COLUMNS)
    return out if themes is not None else out.drop(columns=["themes"])


def export_csv(project: "Project", path: PathLike) -> int:
    """Write the codings as UTF-8 CSV (LF line ends, formula-like text neutralised); returns the number of rows."""
    frame = codings_table(project)
    atomic_write(Path(path), to_csv_bytes(frame))
    return len(frame)


def _stamp(project: "Project") -> datetime:
    """The time of the latest coding or memo (so repeated exports carry the same dates)."""
    times = [c.time for c in project.codings.values()] + [m.time for m in project.memos.values()]
    if not times:
        return datetime(2000, 1, 1, tzinfo=timezone.utc)
    return datetime.fromisoformat(max(times).replace("Z", "+00:00"))


def _rezip(data: bytes) -> bytes:
    """The same Office archive with a fixed time on every entry (reproducible bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            new.writestr(entry, old.read(info.filename))
    return out.getvalue()


def export_xlsx(project: "Project", path: PathLike) -> int:
    """Write an XLSX workbook: sheet "codings" (one row per coding) and "codebook"."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    frame = codings_table(project)
    book = views.codes(project)
    themes = code_themes(project)
    sheets = {
        "codings": frame,
        "codebook": pd.DataFrame({
            "code": book["label"], "definition": book["definition"],
            **({"themes": [", ".join(themes.get(c, [])) for c in book["code_id"]]} if themes is not None else {}),
            "codings": book["n_codings"], "studies": book["n_studies"], "reviewers": book["reviewers"]}),
    }
    workbook = Workbook()
    workbook.remove(workbook.active)
    stamp = _stamp(project).replace(tzinfo=None)
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = "synthesis"
    workbook.properties.title = project.name
    for name, table in sheets.items():
        sheet = workbook.create_sheet(name)
        for col, header in enumerate(table.columns, start=1):
            cell = sheet.cell(1, col, header)
            cell.font = Font(bold=True)
        for row, values in enumerate(table.itertuples(index=False), start=2):
            for col, value in enumerate(values, start=1):
                if isinstance(value, str):
                    cell = sheet.cell(row, col, ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
                    cell.data_type = "s"  # text, never a formula
                else:
                    sheet.cell(row, col, None if pd.isna(value) else int(value))
        widths = {"quote": 80, "definition": 60, "citation": 28, "themes": 40, "code": 32}
        for col, header in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = widths.get(header, 16)
        sheet.freeze_panes = "A2"
        if len(table):
            sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    # ExcelWriter rather than workbook.save(), which stamps the current time as "modified"
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    atomic_write(Path(path), _rezip(buffer.getvalue()))
    return len(frame)


def _quotations(project: "Project", code_id: str) -> list[tuple[Coding, list[str]]]:
    """A code's quotations, one per span (with every reviewer who coded it), by citation."""
    spans: dict[tuple[str, int, int], tuple[Coding, list[str]]] = {}
    for coding in project.codings.values():
        if coding.code_id != code_id or coding.status == "orphaned":
            continue
        key = (coding.source_id, coding.start, coding.end)
        first, who = spans.setdefault(key, (coding, []))
        if coding.reviewer not in who:
            who.append(coding.reviewer)

    def order(item: tuple[Coding, list[str]]) -> tuple:
        study = project.study_of(item[0].source_id)
        return ((study.citation if study else item[0].source_id).casefold(), item[0].source_id, item[0].start)

    return sorted(spans.values(), key=order)


def export_docx(project: "Project", path: PathLike) -> int:
    """Write a Word report of quotations by theme (by code without themes); returns how many."""
    from docx import Document
    from docx.shared import Pt

    tree, _ = export_tree(project, once=False)
    by_theme = any(not n.codable for n in tree)
    document = Document()
    props = document.core_properties
    props.title = f"{project.name}: quotations"
    props.author = props.last_modified_by = "synthesis"
    props.created = props.modified = _stamp(project).replace(tzinfo=None)
    props.revision = 1
    document.add_heading(f"{project.name}: quotations by {'theme' if by_theme else 'code'}", level=0)
    count = 0

    def code_section(node: Node, level: int) -> None:
        nonlocal count
        document.add_heading(node.name, level=min(level, 9))
        if node.description.strip():
            document.add_paragraph().add_run(node.description.strip()).italic = True
        found = _quotations(project, node.code_id)
        if not found:
            document.add_paragraph("(no quotations)")
        for coding, who in found:
            paragraph = document.add_paragraph(style="Quote")
            paragraph.add_run(f"\u201c{' '.join(coding.quote.split())}\u201d ")
            paragraph.add_run(project.cite(coding))
            note = paragraph.add_run(f"  [{', '.join(sorted(who))}]")
            note.font.size = Pt(8)
            count += 1

    def theme_section(node: Node, level: int) -> None:
        document.add_heading(node.name, level=min(level, 9))
        if node.description.strip():
            document.add_paragraph(node.description.strip())
        for child in node.children:
            (code_section if child.codable else theme_section)(child, level + 1)

    free = [n for n in tree if n.codable]
    for node in tree:
        if not node.codable:
            theme_section(node, 1)
    if by_theme and free:
        document.add_heading("Codes in no theme", level=1)
    for node in sorted(free, key=lambda n: n.name.casefold()):
        code_section(node, 2 if by_theme else 1)
    buffer = io.BytesIO()
    document.save(buffer)
    atomic_write(Path(path), _rezip(buffer.getvalue()))
    return count
