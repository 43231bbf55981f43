"""Matrix and co-occurrence tables as CSV, XLSX, DOCX and Markdown files.

The same files the theme tables make (:mod:`synthesis.themes.export`): the same data
gives the same bytes, XLSX cells are stored as text so no label or quotation is a
formula, and CSV cells a spreadsheet would run get a ``'`` in front
(:mod:`synthesis.exchange.safecsv`).

>>> import tempfile
>>> from synthesis import Project
>>> from synthesis.query.matrix import matrix
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG", name="Demo")
>>> _ = p.add_text("Trust grew.", title="Note", source_id="note")
>>> _ = p.apply_code("note", 0, 11, p.create_code("=Trust"))
>>> print(render_matrix(matrix(p, "codes", "sources"), "csv").decode(), end="")
code,note
'=Trust,1
>>> p.close()
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import ActionError
from ..exchange.safecsv import to_csv_bytes
from ..themes.export import _docx, _markdown, _stamp, _xlsx

if TYPE_CHECKING:
    from ..project import Project
    from .cooccurrence import Cooccurrence
    from .matrix import Matrix

FORMATS = ("csv", "xlsx", "docx", "md")
MEASURE_WORDS = {"codings": "codings", "quotations": "quotations (distinct coded spans)",
                 "sources": "sources", "studies": "studies", "text": "the coded text, cited"}


def render_frame(project: "Project", frame: pd.DataFrame, fmt: str, title: str, note: str,
                 sheet: str = "matrix") -> bytes:
    """The bytes of a table (its first column the row labels) as ``fmt``."""
    if fmt not in FORMATS:
        raise ActionError(f"write the table as one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "csv":
        return to_csv_bytes(frame)
    if fmt == "md":
        return _markdown(frame.astype(str), title, note).encode("utf-8")
    if fmt == "xlsx":
        return _xlsx(frame, title, note, _stamp(project), sheet[:31])
    return _docx(frame.astype(str), title, note, _stamp(project))


def matrix_frame(found: "Matrix") -> pd.DataFrame:
    """A matrix as an export table: the row labels as the first column."""
    table = found.table()
    table.columns = [str(c) for c in table.columns]
    return table.reset_index()


def render_matrix(found: "Matrix", fmt: str) -> bytes:
    """A matrix query's table as ``fmt`` ("csv", "xlsx", "docx" or "md")."""
    project = found.project
    note = (f"Each cell shows {MEASURE_WORDS[found.measure]} of the {found.whose} in the "
            f"{found.row_name} (row) and {found.col_name} (column).")
    return render_frame(project, matrix_frame(found), fmt, f"{found.describe()}: {project.name}", note)


def render_cooccurrence(project: "Project", found: "Cooccurrence", fmt: str, value: str = "n") -> bytes:
    """A co-occurrence table (``value`` "n", "c" or "jaccard") as ``fmt``."""
    table = found.table(value).reset_index()
    unit = {"overlap": "overlapping passages", "sentence": "sentences", "source": "sources"}[found.by]
    what = {"n": f"number of {unit} where the two codes meet (the diagonal: {unit} with the code)",
            "c": "c-coefficient n12 / (n1 + n2 - n12)", "jaccard": "Jaccard's coefficient"}[value]
    return render_frame(project, table, fmt, f"Code co-occurrence by {found.by}: {project.name}",
                        f"Each cell shows the {what}.", sheet="co-occurrence")


def write(data: bytes, out: str | Path) -> Path:
    """Write ``data`` to ``out`` (its folder made if needed); return the path."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
