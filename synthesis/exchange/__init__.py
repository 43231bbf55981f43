"""Interoperability: REFI-QDA projects (.qdpx) and codebooks (.qdc), in and out, and
exports for colleagues who work in spreadsheets (XLSX, CSV) and Word (DOCX), and the
codebook as the CSV file Taguette imports.

>>> from synthesis import exchange
>>> sorted(n for n in exchange.__all__ if n.startswith(("export", "import")))
['export_csv', 'export_docx', 'export_qdc', 'export_qdpx', 'export_taguette_csv', 'export_xlsx', 'import_file', 'import_qdc', 'import_qdpx']

See ``docs/exchange.md`` for what is exported, how offsets are converted between
tools, and the safety limits on what is imported.
"""

from .export_qdpx import build_qde, export_qdpx, qdpx_bytes
from .importing import import_file, import_qdc, import_qdpx, read_file
from .office import codings_table, export_csv, export_docx, export_xlsx
from .offsets import CODEPOINTS, CODEPOINTS_LF, CONVENTIONS, UTF16, UTF16_LF, Convention, TextMap
from .qdc import export_qdc, qdc_bytes, read_qdc
from .archive import read_qdpx
from .report import ExportReport, ImportReport
from .taguette import export_taguette_csv, taguette_csv_bytes
from .zipsafe import DEFAULT_LIMITS, Limits

__all__ = [
    "export_qdpx", "export_qdc", "export_xlsx", "export_csv", "export_docx", "codings_table",
    "export_taguette_csv", "taguette_csv_bytes",
    "import_file", "import_qdpx", "import_qdc", "read_file", "read_qdpx", "read_qdc",
    "build_qde", "qdpx_bytes", "qdc_bytes", "ImportReport", "ExportReport", "Limits", "DEFAULT_LIMITS",
    "Convention", "TextMap", "CODEPOINTS", "UTF16", "CODEPOINTS_LF", "UTF16_LF", "CONVENTIONS",
]
