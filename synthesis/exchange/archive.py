"""Opening .qdpx archives and .qdc files: checked, parsed, nothing written.

A .qdpx is a ZIP holding one project XML (``project.qde``; some tools write
``Project.qde`` or ``<Name>.qde``) and a flat ``sources/`` folder (NVivo writes
``Sources/``). Names are matched ignoring case; source paths ``internal://<file>``
are looked up there, ``relative://`` and ``absolute://`` paths are never followed.
A path to a file the archive does not hold leaves that source (or note) out, with
a notice; ids that are not GUIDs get GUIDs made from the archive's SHA-256.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from xml.etree.ElementTree import Element

from ..errors import InputError
from .model import MissingFile, QdaProject, read_project
from .xmlio import PROJECT_NS, Document, namespace, parse
from .zipsafe import DEFAULT_LIMITS, Limits, SafeZip

PathLike = str | os.PathLike[str]


def read_bytes(path: PathLike, limit: int) -> bytes:
    """The bytes of a file to import, refusing a missing or oversized one."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "does not exist" if not path.exists() else "is not a file")
    size = path.stat().st_size
    if size > limit:
        raise InputError(path, f"is {size:,} bytes, more than the limit of {limit:,}")
    return path.read_bytes()


def decode_text(raw: bytes, where: str, member: str) -> str:
    """A plain-text source: UTF-8 (the spec), with or without BOM; UTF-16 only with its BOM."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(where, f"is not valid UTF-16 text ({exc.reason})", field=member) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(where, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}); REFI-QDA plain text "
                         "must be UTF-8", line=line, field=member, unit="line") from None


def find_qde(archive: SafeZip) -> str:
    """The project XML member: ``project.qde`` at the top, else the only top-level ``*.qde``."""
    found = archive.find("project.qde")
    if found:
        return found
    candidates = [n for n in archive.names if "/" not in n.replace("\\", "/") and n.lower().endswith(".qde")]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise InputError(archive.where, "holds no project.qde (is it a REFI-QDA project export?)")
    raise InputError(archive.where, f"holds several project files ({', '.join(sorted(candidates))}); expected one")


def _member_for(archive: SafeZip, path: str, doc: Document, elem: Element, attr: str) -> str | None:
    scheme, sep, rest = path.partition("://")
    if not sep:
        raise doc.error(elem, f"{path!r} is not a path of the form internal://<file>", attr)
    if scheme.lower() != "internal":
        return None  # relative:// and absolute:// point outside the archive: never followed
    name = rest.lstrip("/")
    if not name or "/" in name.replace("\\", "/") or name in (".", ".."):
        raise doc.error(elem, f"{path!r} does not name a file in the sources folder", attr)
    found = archive.find(f"sources/{name}")
    if found is None:
        matches = [n for n in archive.names if n.replace("\\", "/").lower().rsplit("/", 1)[-1] == name.lower()]
        if len(matches) > 1:
            raise doc.error(elem, f"{path!r}: several files in the archive have that name "
                            f"({', '.join(sorted(matches)[:3])})", attr)
        found = matches[0] if matches else None
    if found is None:
        raise MissingFile(path)  # the file is incomplete: reported, the rest is still read
    return found


def read_qdpx(path: PathLike, *, limits: Limits = DEFAULT_LIMITS) -> QdaProject:
    """Check, open and parse a .qdpx file (sources' texts included). Writes nothing."""
    path = Path(path)
    data = read_bytes(path, limits.max_total)
    archive = SafeZip(data, path.name, limits)
    member = find_qde(archive)
    doc = parse(archive.read(member), f"{path.name}: {member}", seed=hashlib.sha256(data).hexdigest())
    if namespace(doc.root.tag) != PROJECT_NS:
        raise doc.error(doc.root, f"namespace is {namespace(doc.root.tag) or 'missing'!r}, "
                        f"expected {PROJECT_NS!r}")

    def read_text(target: str, elem: Element, attr: str) -> str | None:
        name = _member_for(archive, target, doc, elem, attr)
        if name is None:
            return None
        return decode_text(archive.read(name), path.name, name)

    return read_project(doc, read_text)
