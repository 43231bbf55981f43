"""REFI-QDA codebooks (.qdc): export the codebook, read one made by any tool.

The export uses the schema's namespace ``urn:QDA-XML:codebook:1.0``; on reading,
``urn:QDA-XML:codebook:0:4`` (ATLAS.ti 9 and 23), ``urn:QDA-XML:codebook:1:0``
(reported for NVivo for Mac) and the project namespace ``urn:QDA-XML:project:1.0``
(a codebook cut out of a project) are accepted too, with a notice when it is not
the schema's. Themes are exported as parent codes, exactly as in a project export.

Each theme is also a ``<Set>`` of the codes it groups (:func:`.themes.theme_sets`),
so a project with themes has a ``<Sets>`` (portableQDA 0.4 refuses a codebook
without one); without themes none is written, since the schema wants at least
one ``<Set>`` in a ``<Sets>``. On reading, sets of codes are read as in a project (a codebook
names member codes with ``guid``, a project with ``targetGUID``): a theme's set puts back the codes
the tree shows elsewhere, such as a child code under its parent code.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..corpus.store import atomic_write
from .archive import read_bytes
from .export_qdpx import ORIGIN, add_codes, add_sets
from .model import QdaProject, mapped_notice, plural, read_code_sets, read_codes
from .report import ExportReport
from .themes import export_tree, theme_sets
from .xmlio import CODEBOOK_NS, QDA_NAMESPACES, Builder, local, namespace, parse, serialise
from .zipsafe import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from ..project import Project

MAX_QDC = 64 << 20


def qdc_bytes(project: "Project") -> tuple[bytes, ExportReport]:
    """The codebook as .qdc bytes (deterministic), and what it holds."""
    q = Builder(CODEBOOK_NS)
    root = q(None, "CodeBook", {"origin": ORIGIN})
    tree, notices = export_tree(project)
    count = add_codes(q, q(root, "Codes"), tree) if tree else 0
    add_sets(q, root, theme_sets(project), "guid")
    if not tree:
        notices = [*notices, "the codebook is empty; a .qdc needs at least one code"]
    return serialise(root), ExportReport("", codes=count, notices=tuple(notices))


def export_qdc(project: "Project", path: str | os.PathLike[str]) -> ExportReport:
    """Write the codebook (codes under their themes) as a .qdc file."""
    if not project.codes:
        from ..errors import ActionError

        raise ActionError("the codebook is empty: there is nothing to export (REFI-QDA needs at least one code)")
    data, report = qdc_bytes(project)
    atomic_write(Path(path), data)
    return ExportReport(str(path), codes=report.codes, notices=report.notices)


def read_qdc(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> QdaProject:
    """Parse a .qdc codebook into a :class:`QdaProject` holding only codes. Writes nothing."""
    path = Path(path)
    raw = read_bytes(path, min(limits.max_total, MAX_QDC))
    doc = parse(raw, path.name, seed=hashlib.sha256(raw).hexdigest())
    ns = namespace(doc.root.tag)
    if local(doc.root.tag) != "CodeBook":
        raise doc.error(doc.root, f"the root element is <{local(doc.root.tag)}>, not <CodeBook>")
    if ns not in QDA_NAMESPACES:
        raise doc.error(doc.root, f"namespace {ns or '(none)'!r} is not a REFI-QDA codebook namespace "
                        f"({', '.join(QDA_NAMESPACES)})")
    skipped = []
    if ns != CODEBOOK_NS:
        skipped.append(f"the codebook is in the namespace '{ns}', not the schema's ('{CODEBOOK_NS}'); "
                       "read all the same")
    codes = ()
    for holder in doc.children(doc.root, "Codes"):
        codes += read_codes(doc, holder, project=False)
    code_sets, other_sets = read_code_sets(doc, doc.children(doc.root, "Sets"))
    if other_sets:
        skipped.append(f"{plural(other_sets, 'set')} that {'is' if other_sets == 1 else 'are'} not a set of codes "
                       "(Sets): not imported")
    skipped.extend(mapped_notice(doc))
    return QdaProject(path.stem, doc.root.get("origin") or "", codes=codes, skipped=tuple(skipped), where=path.name,
                      foreign_ids=tuple((made, key) for key, made in doc.mapped.items()), sets=tuple(code_sets))
