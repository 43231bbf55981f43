"""What an import would bring in, shown before anything is written (``--dry-run``).

A document is shown as the text it would become, with its page boundaries marked, and
(for a PDF) what the importer removed and changed; a table as the records it holds. A
reviewer can spot a garbled article before coding it.

>>> import pathlib, tempfile
>>> notes = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
>>> _ = notes.write_text("[p. 3] Trust grew.\\n[p. 4] Then it went.")
>>> print(preview(notes))
notes.txt: source 'notes', 'notes', 2 pages, 25 characters
--- page 3 ---
Trust grew.
--- page 4 ---
Then it went.
"""

from __future__ import annotations

import os
from pathlib import Path

from .sources import DOCUMENT_SUFFIXES, read_extract_sheet, read_source
from .studies import read_study_rows


def _with_pages(text: str, pages: tuple[tuple[int, str], ...]) -> str:
    if not pages:
        return text
    out = []
    bounds = [*pages, (len(text), "")]
    if bounds[0][0] > 0:
        out.append(text[:bounds[0][0]].rstrip("\n"))
    for (start, label), (end, _) in zip(bounds, bounds[1:]):
        out.append(f"--- page {label} ---")
        out.append(text[start:end].strip("\n"))
    return "\n".join(out)


def preview(path: str | os.PathLike[str], *, kind: str | None = None, encoding: str | None = None) -> str:
    """The text (or records) ``path`` would be imported as, and what was changed on the way.

    ``kind`` is ``"studies"``, ``"extracts"`` or ``"sources"`` (guessed from the suffix:
    documents are sources, tables must be named).
    """
    path = Path(path)
    if kind in (None, "sources") and path.suffix.lower() in DOCUMENT_SUFFIXES:
        if path.suffix.lower() == ".pdf":
            from .pdf import preview_pdf
            from .sources import _check_signature

            _check_signature(path, ".pdf")  # the import's own check, with its words
            return preview_pdf(path)
        source, text = read_source(path, encoding=encoding)
        head = (f"{path.name}: source '{source.source_id}', '{source.title}', "
                f"{len(source.pages) or 1} page{'' if len(source.pages) == 1 else 's'}, {len(text):,} characters")
        return f"{head}\n{_with_pages(text, source.pages)}"
    if kind == "extracts":
        pairs = read_extract_sheet(path, encoding)
        lines = [f"{path.name}: {len(pairs)} source{'' if len(pairs) == 1 else 's'} of extracts"]
        for source, text in pairs:
            lines.append(f"  {source.source_id} (study {source.study_id}): {len(source.pages)} extracts, "
                         f"{len(text):,} characters")
        return "\n".join(lines)
    rows = read_study_rows(path, encoding)
    lines = [f"{path.name}: {len(rows)} stud{'y' if len(rows) == 1 else 'ies'}"]
    for row in rows:
        study = row.study
        lines.append(f"  {study.study_id}: {study.citation}" + (f" ({study.design})" if study.design else ""))
    return "\n".join(lines)
