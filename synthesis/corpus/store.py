"""Reading and writing the corpus folder of a review project.

Layout (all plain files a team can share and diff)::

    corpus/studies.csv            one row per study, columns STUDY_COLUMNS
    corpus/sources/<id>.txt       normalised UTF-8 text of a source
    corpus/sources/<id>.json      its metadata: study, title, kind, original
                                  file name, sha256 of the text, page map

Every write goes to a temporary file first and replaces the target in one
``os.replace``, so a failed import never leaves half a file behind.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, fields
from pathlib import Path

from ..errors import InputError
from ..names import SOURCE, problem_with_id
from ..records import Source, Study

STUDY_COLUMNS = tuple(f.name for f in fields(Study))
SOURCE_ID = SOURCE


def sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 bytes of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def slug(name: str) -> str:
    """A safe, lower-case identifier made from a file or study name.

    >>> slug("Green & Dicks (2012) Findings.docx")
    'green-dicks-2012-findings'
    >>> slug("Étude n°1")
    'etude-n1'
    """
    stem = Path(name).stem if "." in name else name
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")
    return out[:100] or "source"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a fsynced temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes owner-only files; these are shared project files
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def studies_path(root: Path) -> Path:
    return root / "corpus" / "studies.csv"


def sources_dir(root: Path) -> Path:
    return root / "corpus" / "sources"


def read_studies(root: Path) -> dict[str, Study]:
    """The studies of the project at ``root`` (empty when none were imported)."""
    path = studies_path(root)
    if not path.exists():
        return {}
    studies: dict[str, Study] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            values = {k: (row.get(k) or "") for k in STUDY_COLUMNS}
            year = values["year"].strip()
            try:
                values["year"] = int(year) if year else None
            except ValueError:
                raise InputError(path, f"year {year!r} is not a whole number", line=number, field="year") from None
            studies[values["study_id"]] = Study(**values)
    return studies


def encode_studies(studies: Iterable[Study]) -> bytes:
    """The bytes of studies.csv for ``studies``, sorted by study id."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=STUDY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for study in sorted(studies, key=lambda s: s.study_id):
        row = asdict(study)
        row["year"] = "" if study.year is None else str(study.year)
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def write_studies(root: Path, studies: Mapping[str, Study]) -> None:
    atomic_write(studies_path(root), encode_studies(studies.values()))


def read_sources(root: Path) -> dict[str, Source]:
    """Metadata of every stored source, by id."""
    folder = sources_dir(root)
    out: dict[str, Source] = {}
    if not folder.exists():
        return out
    for meta in sorted(folder.glob("*.json")):
        try:
            record = json.loads(meta.read_text(encoding="utf-8"))
            record["pages"] = tuple((int(a), str(b)) for a, b in record.get("pages", ()))
            source = Source(**record)
        except (ValueError, TypeError) as exc:
            raise InputError(meta, f"is not valid source metadata ({exc})") from None
        out[source.source_id] = source
    return out


def read_text(root: Path, source_id: str) -> str | None:
    """The stored text of a source, or None if it is missing."""
    path = sources_dir(root) / f"{source_id}.txt"
    if not path.exists():
        return None
    return path.read_bytes().decode("utf-8")


def source_files(source: Source, text: str) -> dict[str, bytes]:
    """A source's two files (paths relative to the project, text first) and their bytes."""
    problem = problem_with_id(source.source_id, SOURCE_ID)
    if problem:
        raise InputError(source.original_name or source.source_id, f"source id {source.source_id!r} {problem}",
                         field="source_id")
    meta = asdict(source)
    meta["pages"] = [list(p) for p in source.pages]
    folder = "corpus/sources"
    return {f"{folder}/{source.source_id}.txt": text.encode("utf-8"),
            f"{folder}/{source.source_id}.json": (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8")}


def studies_file(studies: Mapping[str, Study]) -> dict[str, bytes]:
    """``corpus/studies.csv`` for ``studies`` and its bytes."""
    return {"corpus/studies.csv": encode_studies(studies.values())}


def write_source(root: Path, source: Source, text: str) -> None:
    """Store a source's text and metadata (text first, metadata last)."""
    for relative, data in source_files(source, text).items():
        atomic_write(Path(root) / relative, data)
