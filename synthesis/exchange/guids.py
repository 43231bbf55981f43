"""REFI-QDA GUIDs: reading them in any spelling, and deriving them deterministically.

Every object this package exports gets a GUID derived with :func:`uuid.uuid5` from
its stable id, so exporting the same project twice gives the same bytes. Ids that
were themselves made from a GUID on import (``"C"`` + 32 hex digits) turn back
into that GUID, so a project that goes out, in and out again keeps its GUIDs.

>>> norm_guid("{A182CD3A-D83C-4D8C-BC80-26D9103EC6D6}")
'a182cd3a-d83c-4d8c-bc80-26d9103ec6d6'
>>> norm_guid("not a guid") is None
True
>>> local_id("code", "A182CD3A-D83C-4D8C-BC80-26D9103EC6D6")
'Ca182cd3ad83c4d8cbc8026d9103ec6d6'
>>> guid_for("code", "Ca182cd3ad83c4d8cbc8026d9103ec6d6")
'a182cd3a-d83c-4d8c-bc80-26d9103ec6d6'
>>> guid_for("code", "C0001") == guid_for("code", "C0001") != guid_for("coding", "C0001")
True

Some tools write ids that are not GUIDs ("C1", "{code-1}"); :func:`foreign_guid` maps
each to a GUID derived from the file it came in and the id, so the same file always
gives the same GUIDs and every reference to that id follows:

>>> foreign_guid("f1", "{code-1}") == foreign_guid("f1", "code-1") != foreign_guid("f2", "code-1")
True
>>> foreign_key(" {C1} "), foreign_key("{}")
('C1', '')
"""

from __future__ import annotations

import re
import uuid

#: The namespace of every GUID this package derives (fixed: changing it changes every export).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:synthesis:refi-qda")

#: The namespace of GUIDs made for ids that are not GUIDs (see :func:`foreign_guid`).
FOREIGN = uuid.uuid5(NAMESPACE, "foreign-id")

#: Local id prefixes of objects whose ids can be made from a REFI GUID.
PREFIXES = {"code": "C", "coding": "K", "note": "M", "theme": "T"}

_GUID = re.compile(r"^\s*\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?\s*$")


def norm_guid(value: str | None) -> str | None:
    """A GUID in lower case without braces, or None if ``value`` is not a GUID."""
    if value is None:
        return None
    match = _GUID.match(value)
    return match.group(1).lower() if match else None


def guid_for(kind: str, key: str) -> str:
    """The GUID of an object of ``kind`` with local id ``key`` (deterministic)."""
    prefix = PREFIXES.get(kind)
    if prefix and len(key) == 33 and key.startswith(prefix):
        try:
            return str(uuid.UUID(hex=key[1:]))
        except ValueError:
            pass
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def local_id(kind: str, guid: str) -> str:
    """The local id of an imported object of ``kind`` (code, coding, note, theme)."""
    return PREFIXES[kind] + uuid.UUID(norm_guid(guid) or guid).hex


def foreign_key(value: str) -> str:
    """A non-GUID id as references are matched: white space and one pair of braces taken off."""
    key = value.strip()
    if key.startswith("{") and key.endswith("}"):
        key = key[1:-1].strip()
    return key


def foreign_guid(seed: str, value: str) -> str:
    """The GUID that stands for the id ``value`` (not a GUID) in the file identified by ``seed``."""
    return str(uuid.uuid5(FOREIGN, f"{seed}:{foreign_key(value)}"))
