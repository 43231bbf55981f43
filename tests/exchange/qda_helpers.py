"""Helpers of the exchange tests: where the REFI-QDA reference material is, snapshots,
and makers of hand-made .qdpx files (as other tools write them).

The reference material lives outside the repository (``../shared`` from the
repository root in CI, ``/work/shared`` on a workstation). The NVivo sample holds
public comments with user handles: it is read from there, never copied into the
repository, and its text is never printed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

REPO = Path(__file__).resolve().parents[2]
_CANDIDATES = (REPO / ".." / "shared", Path("/work/shared"))
SHARED = next((p.resolve() for p in _CANDIDATES if (p / "reference" / "refi-qda").is_dir()), None)
REFI = SHARED / "reference" / "refi-qda" if SHARED else None
SAMPLES = REFI / "samples" if REFI else None

needs_shared = pytest.mark.skipif(
    REFI is None, reason="REFI-QDA reference material not found at ../shared/reference/refi-qda "
    "(relative to the repository root); it holds the schemas and the sample files")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (lock files aside), for no-change checks."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def write_qdpx(path: Path, qde: str | bytes, files: dict[str, bytes] | None = None,
               qde_name: str = "project.qde") -> Path:
    """A .qdpx made by hand: ``qde`` as the project XML plus ``files`` (member -> bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(qde_name, qde.encode("utf-8") if isinstance(qde, str) else qde)
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


GUIDS = [f"{n:08x}-0000-4000-8000-{n:012x}" for n in range(1, 200)]


def foreign_qdpx(path: Path, *, origin: str, raw: bytes, selections: list[tuple[int, int, str | None, str]],
                 users: tuple[str, ...] = ("Ann Smith",), folder: str = "Sources", upper: bool = False) -> Path:
    """A one-source .qdpx as another tool might write it.

    ``selections`` are ``(start, end, name or None, user)``; every selection is coded
    with the code "Trust" by ``user``. ``upper`` writes GUIDs in upper case with braces.
    """
    def g(n: int) -> str:
        return "{" + GUIDS[n].upper() + "}" if upper else GUIDS[n]

    user_guid = {u: g(10 + i) for i, u in enumerate(users)}
    sels = []
    for i, (start, end, name, user) in enumerate(selections):
        named = "" if name is None else f" name={quoteattr(name)}"
        sels.append(f'<PlainTextSelection guid="{g(100 + i)}" startPosition="{start}" endPosition="{end}"{named} '
                    f'creatingUser="{user_guid[user]}" creationDateTime="2024-05-01T10:00:{i % 60:02d}Z">'
                    f'<Coding guid="{g(150 + i)}" creatingUser="{user_guid[user]}" '
                    f'creationDateTime="2024-05-01T10:00:{i % 60:02d}Z"><CodeRef targetGUID="{g(2)}"/></Coding>'
                    '</PlainTextSelection>')
    users_xml = "".join(f'<User guid="{gid}" name={quoteattr(u)}/>' for u, gid in user_guid.items())
    qde = (f'<?xml version="1.0" encoding="utf-8"?>\r\n<Project xmlns="urn:QDA-XML:project:1.0" name="Hand made" '
           f'origin={quoteattr(origin)} creatingUserGUID="{user_guid[users[0]]}">'
           f'<Users>{users_xml}</Users>'
           f'<CodeBook><Codes><Code guid="{g(2)}" name="Trust" isCodable="true"/></Codes></CodeBook>'
           f'<Sources><TextSource guid="{g(3)}" name="Interview 1.docx" '
           f'plainTextPath="internal://{GUIDS[3]}.txt">{"".join(sels)}</TextSource></Sources></Project>')
    return write_qdpx(path, qde, {f"{folder}/{GUIDS[3]}.txt": raw})
