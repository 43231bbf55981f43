"""Saving imported studies and sources into a project, all or nothing.

Readers (``studies.py``, ``sources.py``) parse and validate a whole file
into records first; the ``import_*`` functions then check the records
against the project (known studies, id clashes) and only then write, so a
bad file changes nothing already saved. With a reviewer, each import is
recorded in the reviewer's log as a ``corpus.import`` event (audit trail).

>>> import tempfile, pathlib
>>> from synthesis.project import Project
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> sheet = root / "studies.csv"
>>> _ = sheet.write_text("Study ID,Citation,Year\\ngreen2012,Green and Dicks,2012\\n")
>>> project = Project.init(root / "p", reviewer="AG")
>>> [s.study_id for s in import_studies(project, sheet)]
['green2012']
>>> project.events[-1].data["ids"]
['green2012']
>>> project.close()
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ActionError, InputError, warn_input
from ..records import Event, Source, Study
from ..state import State, handles
from . import store
from .normalise import decode
from .replacing import Imported, codings_kept
from .sources import check_source_id, read_extract_sheet, read_source
from .studies import RIS_SUFFIXES, TABLE_SUFFIXES, looks_like_ris, read_study_rows

if TYPE_CHECKING:
    from ..project import Project

PathLike = str | os.PathLike[str]


@handles("corpus.import")
def _corpus_import(state: State, event: Event) -> None:
    """Imports change files, not the folded state: the event is an audit record."""


Audit = tuple[str, list[tuple[Path, list[str]]]]  # (kind, [(file, ids it gave)])


def land(project: "Project", files: dict[str, bytes], audit: Audit | None) -> None:
    """Write ``files`` into the project all or nothing, with the import's audit event.

    Everything is staged first (:mod:`synthesis.transaction`); with a reviewer, the
    ``corpus.import`` event in their log is the one step that commits the import, so a
    crash at any instant leaves either nothing or everything (finished on the next
    open). A read-only project commits by one rename and records no event.
    """
    from .. import transaction

    root = project.root
    if project.reviewer is None:
        staged = transaction.stage(root, files, commit="rename")
    else:
        staged = transaction.stage(root, files, commit="event", transaction=project._ids("I"))
        if audit is not None:
            try:
                project.record("corpus.import", {**_audit_data(audit), "transaction": staged.id})
            except BaseException:
                transaction.discard(root, staged)
                raise
    transaction.apply(root, staged)
    project._corpus_changed()


def _audit_data(audit: Audit) -> dict[str, object]:
    """The audit event's data: which file(s) gave which ids, with each file's SHA-256."""
    kind, given = audit
    entries = [{"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "ids": ids}
               for path, ids in given]
    if len(entries) == 1:
        return {"kind": kind, **entries[0]}
    return {"kind": kind, "files": entries, "ids": [i for entry in entries for i in entry["ids"]]}


def save_sources(project: "Project", items: Iterable[tuple[Source, str]],
                 audit: Audit | None = None) -> list[Source]:
    """Write sources (text and metadata), all or nothing, and refresh the project."""
    items = list(items)
    files: dict[str, bytes] = {}
    for source, text in items:
        files.update(store.source_files(source, text))
    land(project, files, audit)
    return [project.sources[s.source_id] for s, _ in items]


def save_studies(project: "Project", studies: Iterable[Study],
                 audit: Audit | None = None) -> list[Study]:
    """Add or replace studies by id, all or nothing, and refresh the project."""
    studies = list(studies)
    merged = dict(project.studies)
    merged.update({s.study_id: s for s in studies})
    land(project, store.studies_file(merged), audit)
    return [project.studies[s.study_id] for s in studies]


def _existing_file(path: PathLike) -> Path:
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "does not exist" if not path.exists() else "is not a file")
    return path


# ------------------------------------------------------------------ studies
def import_studies(project: "Project", path: PathLike, *, encoding: str | None = None,
                   update: bool = False) -> list[Study]:
    """Import studies from a CSV/XLSX extraction sheet or a RIS export.

    A study id the project already has is an error unless ``update`` is true
    (then the new record replaces the old one).
    """
    path = _existing_file(path)
    suffix = path.suffix.lower()
    if suffix == ".txt" and not looks_like_ris(decode(path.read_bytes(), path, encoding)):
        raise InputError(path, "is not a RIS export (the first line should be 'TY  - ...'); "
                         "import study tables as .csv or .xlsx")
    if suffix not in TABLE_SUFFIXES + RIS_SUFFIXES:
        raise InputError(path, f"cannot import studies from a '{suffix}' file; use .csv, .xlsx or .ris")
    rows = read_study_rows(path, encoding)
    if not update:
        for row in rows:
            old = project.studies.get(row.study.study_id)
            if old is not None and old != row.study:  # the same row again changes nothing
                raise InputError(path, f"study '{old.study_id}' ({old.citation}) is already in the project; "
                                 "to replace it, import again with --replace (in Python: update=True)",
                                 line=row.line, unit=row.unit, field="study_id")
    return save_studies(project, [r.study for r in rows], ("studies", [(path, [r.study.study_id for r in rows])]))


# ------------------------------------------------------------------ sources
def _check_clashes(project: "Project", items: list[tuple[Path, Source, str]], replace: bool) -> None:
    seen: dict[str, Path] = {}
    for path, source, _ in items:
        sid = source.source_id
        check_source_id(path, sid)
        if sid in seen:
            raise InputError(path, f"source id '{sid}' is also the id of {seen[sid].name} in this import; "
                             "rename one of the files", field="source_id")
        seen[sid] = path
        old = project.sources.get(sid)
        if old is not None and not replace and old != source:  # the same file again changes nothing
            raise InputError(path, f"source '{sid}' is already in the project (from "
                             f"{old.original_name or old.title}); to replace it, import again with --replace "
                             "(in Python: replace=True)", field="source_id")


def _save_changed(project: "Project", items: list[tuple[Path, Source, str]], audit: Audit) -> list[Source]:
    """Write the items whose text or metadata differ from what is stored, with the audit event.

    An item identical to what is stored is left as it is: importing the same file
    twice (say, again after a crash) changes nothing and is still recorded.
    """
    changed = [(s, t) for _, s, t in items if project.sources.get(s.source_id) != s]
    if changed:
        save_sources(project, changed, audit)
    elif project.reviewer is not None:
        project.record("corpus.import", {**_audit_data(audit), "unchanged": True})
    return [project.sources[s.source_id] for _, s, _ in items]


def import_sources(project: "Project", paths: PathLike | Iterable[PathLike], *, study_id: str | None = None,
                   kind: str | None = None, encoding: str | None = None,
                   replace: bool = False) -> Imported:
    """Import documents (.txt, .md, .docx, .pdf) as sources, all or none.

    Every file is read before anything is written. An id that clashes with a
    stored source, or with another file of the same call, is an error unless
    ``replace`` is true; ``study_id`` must name a study of the project (left out, the import
    warns that the documents will be cited by their titles; ``""`` says they belong to no study).
    Returns the sources, with a report on the codings of the coded ones it
    replaced (:class:`~.replacing.Imported`).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files = [Path(p) for p in paths]
    if not files:
        raise ActionError("name at least one file to import")
    if study_id and study_id not in project.studies:
        known = ", ".join(sorted(project.studies)[:10]) or "none yet"
        raise InputError(files[0], f"unknown study id '{study_id}' (known: {known}); import the studies "
                         "first", field="study_id")
    if study_id is None and project.studies:
        for path in files:
            warn_input(path, "is not linked to a study, so its quotations will be cited by the document's "
                       "title: name its study (--study ID; in Python, study_id=...), or say it belongs to "
                       "none (--study \"\"; study_id=\"\")", field="study_id")
    study_id = study_id or ""
    kind = kind or ("findings" if study_id else "document")
    items = [(p, *read_source(_existing_file(p), study_id=study_id, kind=kind, encoding=encoding))
             for p in files]
    _check_clashes(project, items, replace)
    return _save_replacing(project, items, ("sources", [(path, [source.source_id]) for path, source, _ in items]))


def import_extracts(project: "Project", path: PathLike, *, encoding: str | None = None,
                    replace: bool = False) -> Imported:
    """Import a CSV/XLSX sheet of extracts (one row each) as sources, all or none."""
    path = _existing_file(path)
    pairs = read_extract_sheet(path, encoding, studies=project.studies)
    items = [(path, source, text) for source, text in pairs]
    _check_clashes(project, items, replace)
    return _save_replacing(project, items, ("extracts", [(path, [s.source_id for _, s, _ in items])]))


def _save_replacing(project: "Project", items: list[tuple[Path, Source, str]], audit: Audit) -> Imported:
    """:func:`_save_changed`, and a report on the codings of each stored source the items replace."""
    stored = [source.source_id for _, source, _ in items if source.source_id in project.sources]
    unchanged = [source.source_id for _, source, _ in items if project.sources.get(source.source_id) == source]
    before = dict(project.codings) if stored else {}
    sources = _save_changed(project, items, audit)
    return Imported(sources, codings_kept(project, before, stored) if stored else (), unchanged)
