"""The limits an import checks before anything is written, and the checks.

=======================  ============  ==========================================
what                     limit         why
=======================  ============  ==========================================
an imported file         512 MiB       a whole 400-page report PDF is 10-50 MB
a source's text          20,000,000    characters: about 8,000 pages of prose
a table cell             1,000,000     characters: a CSV or XLSX cell (a line
                                       with no closing quote runs to the end)
text that is not text    any NUL, or   a binary file with a text file's name
                         >1% control
                         characters
=======================  ============  ==========================================

Each check raises :class:`~synthesis.errors.InputError` naming the file and the
limit, quoting at most a short excerpt.

>>> check_text("ok.txt", "Partners met weekly.")
>>> check_text("odd.txt", "Partners\\x00\\x00met")
Traceback (most recent call last):
...
synthesis.errors.InputError: odd.txt, line 1: contains NUL bytes: it is a binary file, not text (a renamed Word, PDF or image file?)
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import InputError

MAX_FILE_BYTES = 512 * 2**20
MAX_SOURCE_CHARS = 20_000_000
MAX_CELL_CHARS = 1_000_000
MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_file_size(path: str | os.PathLike[str]) -> None:
    """Refuse a file larger than :data:`MAX_FILE_BYTES` (before reading it)."""
    size = Path(path).stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(path, f"is {size / 2**20:,.0f} MiB; the largest file an import takes is "
                         f"{MAX_FILE_BYTES // 2**20} MiB (split it, or import its text)")


def check_text(file: str | os.PathLike[str], text: str, *, source: bool = True) -> None:
    """Refuse text that is not text (NUL bytes, many control characters), and a ``source``
    longer than :data:`MAX_SOURCE_CHARS`."""
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(file, "contains NUL bytes: it is a binary file, not text (a renamed Word, PDF or "
                         "image file?)", line=text.count("\n", 0, nul) + 1, unit="line")
    sample = text[:200_000]
    controls = len(_CONTROL.findall(sample))
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise InputError(file, f"is mostly not text ({controls:,} control characters in its first "
                         f"{len(sample):,}): a binary file with a text file's name?")
    if source and len(text) > MAX_SOURCE_CHARS:
        raise InputError(file, f"has {len(text):,} characters of text; a source may have at most "
                         f"{MAX_SOURCE_CHARS:,} (about 8,000 pages): split it into parts and import those")


def check_cell(file: str | os.PathLike[str], value: str, row: int, field: str | None) -> None:
    """Refuse a table cell longer than :data:`MAX_CELL_CHARS`."""
    if len(value) > MAX_CELL_CHARS:
        raise InputError(file, f"a cell of {len(value):,} characters; a cell may have at most "
                         f"{MAX_CELL_CHARS:,} (a quote that is never closed runs to the end of the file)",
                         line=row, field=field)
