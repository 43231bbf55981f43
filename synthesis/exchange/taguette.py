"""The codebook as the CSV file Taguette imports (Taguette reads no .qdc).

Taguette's "Import codebook" (``taguette/import_codebook.py``) reads a CSV file
with a header row; the tag names are in the one column called ``tag``, ``name`` or
``path`` (header matched ignoring case), descriptions in an optional column
``description``, and other columns are ignored. It guesses the encoding with
chardet, strips white space around each cell, imports the first of two rows with
the same tag name, and refuses the whole file if a tag name is empty or longer
than 200 characters, or a description longer than 102,400. Taguette's own
codebook export writes ``tag,description`` first, and so does this one:

* one row per code, in codebook order: ``tag`` = the label, ``description`` = the
  definition (Taguette's tags are flat: themes are not written);
* UTF-8 with a byte order mark (chardet then reads it as UTF-8 for certain; without
  one a short file may be taken for another encoding), LF line ends;
* cells as they are: a ``'`` in front of a cell beginning with ``=`` would become
  part of the tag's name in Taguette, so instead the report says when a cell could
  be taken for a formula by a spreadsheet. Open the file in Taguette, not Excel.

Whatever Taguette would refuse or drop (a label too long, two codes of one label) is
fixed in the file and said in ``ExportReport.notices``; the same project gives the
same bytes.

>>> import tempfile, pathlib
>>> from synthesis.project import Project
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> with Project.init(root / "p", reviewer="AG") as p:
...     _ = p.create_code("Trust", definition="Belief that partners, in time, follow through")
>>> report = export_taguette_csv(Project.open(root / "p"), root / "codebook.csv")
>>> report.codes, (root / "codebook.csv").read_bytes().decode("utf-8-sig")
(1, 'tag,description\\nTrust,"Belief that partners, in time, follow through"\\n')
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..corpus.store import atomic_write
from .report import ExportReport
from .safecsv import needs_quote

if TYPE_CHECKING:
    from ..project import Project

COLUMNS = ("tag", "description")
#: Taguette's limits (``taguette/validate.py``): a longer tag name or description fails the whole import
MAX_TAG = 200
MAX_DESCRIPTION = 102_400
BOM = "\ufeff"


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis.

    >>> _cut("abcdef", 4), _cut("abc", 4)
    ('abc…', 'abc')
    """
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def taguette_rows(project: "Project") -> tuple[list[tuple[str, str]], list[str]]:
    """The rows (tag, description) of the codebook, and notices of what had to change."""
    rows: list[tuple[str, str]] = []
    notices: list[str] = []
    seen: dict[str, str] = {}
    for code in project.codes.values():
        tag = code.label.strip()
        if len(tag) > MAX_TAG:
            notices.append(f"code '{tag[:40]}…' has a label of {len(tag)} characters; Taguette takes at most "
                           f"{MAX_TAG}, so it is cut")
            tag = _cut(tag, MAX_TAG)
        description = code.definition.strip()
        if len(description) > MAX_DESCRIPTION:
            notices.append(f"code '{tag}': its definition is cut to {MAX_DESCRIPTION:,} characters (Taguette's limit)")
            description = _cut(description, MAX_DESCRIPTION)
        if tag in seen:
            notices.append(f"two codes are labelled '{tag}' ({seen[tag]} and {code.code_id}): Taguette imports the "
                           "first row only; merge them first (Project.duplicate_labels())")
        seen.setdefault(tag, code.code_id)
        for cell in (tag, description):
            if needs_quote(cell):
                notices.append(f"code '{tag}': a cell begins with {cell[0]!r}, which a spreadsheet may take for a "
                               "formula; the file is for Taguette, do not open it in a spreadsheet")
                break
        rows.append((tag, description))
    if not rows:
        notices.append("the codebook is empty: the file has the header row only")
    return rows, notices


def taguette_csv_bytes(project: "Project") -> tuple[bytes, ExportReport]:
    """The codebook CSV's bytes (deterministic) and a report."""
    rows, notices = taguette_rows(project)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    data = (BOM + buffer.getvalue()).encode("utf-8")
    return data, ExportReport("", codes=len(rows), notices=tuple(notices))


def export_taguette_csv(project: "Project", path: str | os.PathLike[str]) -> ExportReport:
    """Write the codebook as a CSV file that Taguette's "Import codebook" reads whole."""
    data, report = taguette_csv_bytes(project)
    atomic_write(Path(path), data)
    return ExportReport(str(path), codes=report.codes, notices=report.notices)
