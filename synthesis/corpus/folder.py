"""Importing a folder of documents one file at a time, with progress and a per-file table.

Each file is its own all-or-nothing import (a bad file stops the run with an
error naming it; the files before it stay imported, as with ``synthesis import
FOLDER``). ``progress`` wraps the list of files, so any progress bar that wraps
an iterable shows the run: ``tqdm.auto.tqdm`` in a notebook or a shell.

>>> import pathlib, tempfile
>>> from synthesis.project import Project
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> (root / "in").mkdir()
>>> _ = (root / "in" / "notes.txt").write_text("[p. 3] Trust grew.\\n[p. 4] Then it went.")
>>> _ = (root / "in" / "memo.md").write_text("Staff stayed.")
>>> project = Project.init(root / "p", reviewer="NT")
>>> rows = import_folder(project, root / "in")
>>> print(table(rows).to_string(index=False))
     file source  pages  characters  warnings
  memo.md   memo      1          13         0
notes.txt  notes      2          25         0
>>> project.close()
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, InputWarning
from .sources import DOCUMENT_SUFFIXES

if TYPE_CHECKING:
    import pandas as pd

    from ..project import Project

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class FileImported:
    """One file of a folder import: the source it gave, its size and the warnings it raised."""

    file: str
    source_id: str
    pages: int
    characters: int
    warnings: tuple[str, ...] = ()


def documents(folder: PathLike) -> list[Path]:
    """The documents (.txt, .md, .docx, .pdf) directly inside ``folder``, by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "is not a folder")
    found = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
    if not found:
        raise InputError(folder, f"is a folder with no documents ({', '.join(DOCUMENT_SUFFIXES)}) in it")
    return found


def import_folder(project: "Project", folder: PathLike | Iterable[PathLike], *, study_id: str | None = None,
                  kind: str | None = None, encoding: str | None = None, replace: bool = False,
                  progress: Callable[[list[Path]], Iterable[Path]] | None = None) -> list[FileImported]:
    """Import every document of ``folder`` (or the files named) as a source, one file at a time.

    ``progress`` (e.g. ``tqdm.auto.tqdm``) is given the list of files and iterated over.
    """
    if isinstance(folder, (str, os.PathLike)):
        files = documents(folder) if Path(folder).is_dir() else [Path(folder)]
    else:
        files = [Path(p) for p in folder]
    rows = []
    for path in (progress(files) if progress is not None else files):
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always", InputWarning)
            [source] = project.import_sources(path, study_id=study_id, kind=kind, encoding=encoding,
                                              replace=replace)
        for warning in said:
            if not issubclass(warning.category, InputWarning):
                warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
        rows.append(FileImported(path.name, source.source_id, len(source.pages) or 1, source.n_chars,
                                 tuple(str(w.message) for w in said if issubclass(w.category, InputWarning))))
    return rows


def table(rows: Iterable[FileImported]) -> "pd.DataFrame":
    """The per-file table of a folder import: file, source, pages, characters, warnings (a count)."""
    import pandas as pd

    return pd.DataFrame([(r.file, r.source_id, r.pages, r.characters, len(r.warnings)) for r in rows],
                        columns=["file", "source", "pages", "characters", "warnings"])
