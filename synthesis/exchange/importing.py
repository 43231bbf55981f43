"""Importing REFI-QDA files into a project: parse and check everything, then write.

>>> import tempfile, pathlib
>>> from synthesis.project import Project
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> with Project.init(root / "a", reviewer="AG") as p:
...     _ = p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
...     _ = p.apply_code("note", 0, 5, p.create_code("Trust"))
>>> _ = export_qdpx(Project.open(root / "a"), root / "a.qdpx")
>>> report = import_file(Project.init(root / "b"), root / "a.qdpx")
>>> report.codings, report.sources
((('AG', 1),), ('note',))
>>> [c.quote for c in Project.open(root / "b").codings.values()]
['Trust']
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .archive import read_qdpx
from .commit import commit
from .export_qdpx import export_qdpx  # noqa: F401  (for the doctest above)
from .model import QdaProject
from .plan import plan_import
from .qdc import read_qdc
from .report import ImportReport
from .zipsafe import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from ..project import Project

PathLike = str | os.PathLike[str]
SUFFIXES = (".qdpx", ".qdc")


def read_file(path: PathLike, *, limits: Limits = DEFAULT_LIMITS) -> QdaProject:
    """Parse a .qdpx or .qdc file (checked and complete), writing nothing."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".qdpx":
        return read_qdpx(path, limits=limits)
    if suffix == ".qdc":
        return read_qdc(path, limits=limits)
    raise InputError(path, f"is not a REFI-QDA file ('{suffix}'); import a .qdpx project or a .qdc codebook")


def import_file(project: "Project", path: PathLike, *, reviewer: str | None = None,
                users: Mapping[str, str] | None = None, strict: bool = False,
                limits: Limits = DEFAULT_LIMITS, now: Callable[[], str] | None = None) -> ImportReport:
    """Import a .qdpx project or a .qdc codebook into ``project``, all or nothing.

    Each REFI user becomes a reviewer (``users`` maps REFI user names or GUIDs to
    reviewer names; otherwise names are made safe, "Enric Llagostera" ->
    "Enric_Llagostera"), and their codings and memos go to that reviewer's log.
    ``reviewer`` is who runs the import: recorded in their log, and credited with
    anything the file leaves unattributed (a .qdc's codes). Selections that cannot
    be placed are listed in the report (``strict=True`` refuses the file instead).
    ``project`` may be open read-only; it is reloaded afterwards.
    """
    path = Path(path)
    qda = read_file(path, limits=limits)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    kind = path.suffix.lower().lstrip(".")
    plan = plan_import(project, qda, file=path.name, digest=digest, kind=kind, reviewer=reviewer, users=users,
                       now=now)
    if strict and plan.report.unplaced:
        raise InputError(path, f"{len(plan.report.unplaced)} selection(s) cannot be placed in their text, e.g. "
                         f"{plan.report.unplaced[0]}; nothing was imported")
    commit(project, plan)
    return plan.report


def import_qdpx(project: "Project", path: PathLike, **options) -> ImportReport:  # type: ignore[no-untyped-def]
    """Import a REFI-QDA project (.qdpx): see :func:`import_file`."""
    if Path(path).suffix.lower() != ".qdpx":
        raise InputError(path, "is not a .qdpx file")
    return import_file(project, path, **options)


def import_qdc(project: "Project", path: PathLike, **options) -> ImportReport:  # type: ignore[no-untyped-def]
    """Import a REFI-QDA codebook (.qdc): its codes (and themes) only; needs ``reviewer``."""
    if Path(path).suffix.lower() != ".qdc":
        raise InputError(path, "is not a .qdc file")
    return import_file(project, path, **options)
