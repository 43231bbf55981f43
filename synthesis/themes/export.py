"""The theme table and the GRADE-CERQual tables as Markdown, CSV, XLSX and DOCX files.

Output is deterministic: the same data gives the same bytes. XLSX and DOCX files
are zip archives whose entries carry a fixed time, and their document properties
carry the time of the project's last event. Text is never a formula: XLSX cells
are stored as text, and CSV cells a spreadsheet would run get a ``'`` in front
(:mod:`synthesis.exchange.safecsv`).

>>> import tempfile
>>> from synthesis.project import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG", name="Demo")
>>> print(render_table(p, "soqf", "md").decode())
# Summary of qualitative findings: Demo
<BLANKLINE>
| Finding | Contributing studies | Confidence | Explanation |
| --- | --- | --- | --- |
<BLANKLINE>
Confidence in each finding assessed with GRADE-CERQual.
<BLANKLINE>
>>> p.close()
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import ActionError
from ..exchange.safecsv import text_cells, to_csv_bytes
from . import tables

if TYPE_CHECKING:
    from ..project import Project

WHICH = ("themes", "soqf", "evidence-profile")
FORMATS = ("md", "csv", "xlsx", "docx")
TITLES = {
    "themes": "Analytical and descriptive themes",
    "soqf": "Summary of qualitative findings",
    "evidence-profile": "GRADE-CERQual evidence profile",
}
NOTES = {
    "themes": "Exemplar quotations are cited with study and page.",
    "soqf": "Confidence in each finding assessed with GRADE-CERQual.",
    "evidence-profile": "Components: methodological limitations, coherence, adequacy and relevance "
                        "(no or very minor, minor, moderate or serious concerns); overall confidence "
                        "high, moderate, low or very low (GRADE-CERQual).",
}
HEADERS = {
    "analytical_theme": "Analytical theme", "descriptive_themes": "Descriptive themes",
    "contributing_studies": "Contributing studies", "n_studies": "Number of studies",
    "exemplar_quotation": "Exemplar quotation", "finding": "Finding", "confidence": "Confidence",
    "explanation": "Explanation", "methodological_limitations": "Methodological limitations",
    "coherence": "Coherence", "adequacy": "Adequacy", "relevance": "Relevance",
    "overall_confidence": "Overall confidence",
}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def table(project: "Project", which: str) -> pd.DataFrame:
    """The table ``which`` as it is exported: display headers, no id columns."""
    if which not in WHICH:
        raise ActionError(f"export one of {', '.join(WHICH)}, not {which!r}")
    frame = {"themes": tables.paper_table, "soqf": tables.summary_of_findings,
             "evidence-profile": tables.evidence_profile}[which](project)
    frame = frame[[c for c in frame.columns if c in HEADERS]]
    return frame.rename(columns=HEADERS).astype(str)


def _stamp(project: "Project") -> datetime:
    """The time of the project's last event (a fixed date for an empty project)."""
    times = [e.time for e in project.events if e.time]
    if not times:
        return datetime(2000, 1, 1)
    return datetime.fromisoformat(max(times).replace("Z", "+00:00")).replace(tzinfo=None, microsecond=0)


def _title(project: "Project", which: str) -> str:
    return f"{TITLES[which]}: {project.name}"


def _markdown(frame: pd.DataFrame, title: str, note: str) -> str:
    def cell(value: str) -> str:
        return " ".join(str(value).replace("|", "\\|").splitlines())

    lines = [f"# {title}", "", "| " + " | ".join(cell(c) for c in frame.columns) + " |",
             "| " + " | ".join("---" for _ in frame.columns) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([*lines, "", note, ""])


def _rezip(data: bytes) -> bytes:
    """The same archive with a fixed time on every entry."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            new.writestr(entry, old.read(info.filename))
    return out.getvalue()


def _xlsx(frame: pd.DataFrame, title: str, note: str, stamp: datetime, sheet: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append(list(row))
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for cells in ws.iter_rows():
        for c in cells:
            c.alignment = wrap
            if c.row == 1:
                c.font = bold
    for i, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in frame[column])])
        ws.column_dimensions[ws.cell(1, i).column_letter].width = max(12, min(60, longest + 2))
    ws.freeze_panes = "A2"
    ws.append([])
    ws.append([note])
    text_cells(ws)  # a name or quotation that begins with "=" is text, not a formula
    book.properties.title = title
    book.properties.creator = "synthesis"
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    # ExcelWriter, not book.save(): save() stamps the current time as "modified"
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _rezip(buffer.getvalue())


def _docx(frame: pd.DataFrame, title: str, note: str, stamp: datetime) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT

    document = docx.Document()
    section = document.sections[0]
    if len(frame.columns) > 4:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(title, level=1)
    grid = document.add_table(rows=1, cols=len(frame.columns))
    grid.style = "Table Grid"
    for cell, name in zip(grid.rows[0].cells, frame.columns):
        cell.text = ""
        cell.paragraphs[0].add_run(str(name)).bold = True
    for row in frame.itertuples(index=False):
        for cell, value in zip(grid.add_row().cells, row):
            cell.text = str(value)
    document.add_paragraph(note)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, "synthesis", "synthesis"
    props.created = props.modified = stamp
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _rezip(buffer.getvalue())


def render_table(project: "Project", which: str, fmt: str) -> bytes:
    """The bytes of table ``which`` ("themes", "soqf", "evidence-profile") in ``fmt``."""
    if fmt not in FORMATS:
        raise ActionError(f"export as one of {', '.join(FORMATS)}, not {fmt!r}")
    frame = table(project, which)
    title, note = _title(project, which), NOTES[which]
    if fmt == "md":
        return _markdown(frame, title, note).encode("utf-8")
    if fmt == "csv":
        return to_csv_bytes(frame)
    if fmt == "xlsx":
        return _xlsx(frame, title, note, _stamp(project), which)
    return _docx(frame, title, note, _stamp(project))


def export_table(project: "Project", which: str, fmt: str, out: str | Path) -> Path:
    """Write table ``which`` as ``fmt`` ("md", "csv", "xlsx", "docx") to ``out``; return the path."""
    data = render_table(project, which, fmt)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
