"""Safe XML reading with line numbers, and small helpers for writing REFI-QDA XML.

Reading goes through :mod:`defusedxml` with DTDs forbidden: no entity expansion
(billion laughs), no external entities, no network or file access. Every error is
an :class:`~synthesis.errors.InputError` naming the file (and zip member), the
line, and the element or attribute at fault.

>>> doc = parse(b'<a xmlns="urn:x"><b n="1"/><b n="x"/></a>', "demo.qdc")
>>> [doc.integer(b, "n") for b in doc.children(doc.root, "b")[:1]]
[1]
>>> doc.integer(doc.children(doc.root, "b")[1], "n")
Traceback (most recent call last):
...
synthesis.errors.InputError: demo.qdc, line 1, field 'b/@n': 'x' is not a whole number
>>> parse(b'<!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>', "bomb.qdc")
Traceback (most recent call last):
...
synthesis.errors.InputError: bomb.qdc: has a DOCTYPE declaration; REFI-QDA files never need one, and it is refused (entity expansion and external entities are unsafe)

Parsed with a ``seed`` (the file's SHA-256), ids that are not GUIDs are mapped to GUIDs
derived from the seed and the id, the same for every reference to them:

>>> doc = parse(b'<a><b guid="C1"/><c targetGUID="{C1}"/></a>', "tool.qdc", seed="f00d")
>>> doc.guid(doc.root[0]) == doc.guid(doc.root[1], "targetGUID"), sorted(doc.mapped)
(True, ['C1'])
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from ..errors import InputError
from .guids import foreign_guid, foreign_key, norm_guid

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
#: codebook namespaces seen in real files: the schema's, ATLAS.ti 9/23's, NVivo for Mac's
CODEBOOK_NAMESPACES = (CODEBOOK_NS, "urn:QDA-XML:codebook:0:4", "urn:QDA-XML:codebook:1:0")
#: every namespace a code tree is read in, inside a project or alone (a .qdc in the project namespace)
QDA_NAMESPACES = (PROJECT_NS, *CODEBOOK_NAMESPACES)

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DATETIME = re.compile(r"^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")
_BOOLEAN = {"true": True, "1": True, "false": False, "0": False}


class _LineBuilder(ET.TreeBuilder):
    """A tree builder that remembers the line each element starts on."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.expat = None

    def start(self, tag, attrs):  # type: ignore[no-untyped-def]
        elem = super().start(tag, attrs)
        self.lines[id(elem)] = self.expat.CurrentLineNumber if self.expat is not None else 0
        return elem


def local(tag: str) -> str:
    """The local name of a (namespaced) tag."""
    return tag.rpartition("}")[2]


def namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


@dataclass(frozen=True)
class Document:
    """A parsed XML document: its root, where it came from, and element lines."""

    root: Element
    where: str
    lines: Mapping[int, int] = field(default_factory=dict)
    #: when set (the file's SHA-256), ids that are not GUIDs are mapped instead of refused
    seed: str = ""
    #: the ids mapped so far (id -> GUID), for the import report
    mapped: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def ns(self) -> str:
        return namespace(self.root.tag)

    def line(self, elem: Element) -> int | None:
        return self.lines.get(id(elem))

    def error(self, elem: Element | None, message: str, attr: str | None = None) -> InputError:
        """An InputError naming this document, the element's line and the attribute."""
        if elem is None:
            return InputError(self.where, message)
        name = local(elem.tag) + (f"/@{attr}" if attr else "")
        return InputError(self.where, message, line=self.line(elem), field=name, unit="line")

    def children(self, elem: Element, name: str) -> list[Element]:
        """Child elements called ``name`` in the document's namespace."""
        tag = f"{{{self.ns}}}{name}" if self.ns else name
        return [c for c in elem if c.tag == tag]

    def qda_children(self, elem: Element, name: str) -> list[Element]:
        """Child elements called ``name`` in any REFI-QDA namespace (:data:`QDA_NAMESPACES`)."""
        return [c for c in elem if local(c.tag) == name and namespace(c.tag) in QDA_NAMESPACES]

    def child(self, elem: Element, name: str) -> Element | None:
        found = self.children(elem, name)
        return found[0] if found else None

    def text(self, elem: Element, name: str) -> str:
        """The text of the first child ``name`` ('' when there is none)."""
        found = self.child(elem, name)
        return (found.text or "") if found is not None else ""

    def attr(self, elem: Element, name: str, *, required: bool = False) -> str | None:
        value = elem.get(name)
        if value is None and required:
            raise self.error(elem, "is missing (required)", name)
        return value

    def guid(self, elem: Element, name: str = "guid", *, required: bool = True) -> str | None:
        """A GUID attribute, normalised (lower case, no braces)."""
        value = self.attr(elem, name, required=required)
        if value is None:
            return None
        found = norm_guid(value)
        if found is None:
            key = foreign_key(value)
            if not self.seed or not key:
                raise self.error(elem, f"{value!r} is not a GUID (8-4-4-4-12 hex digits)", name)
            found = self.mapped.setdefault(key, foreign_guid(self.seed, key))
        return found

    def integer(self, elem: Element, name: str) -> int:
        value = self.attr(elem, name, required=True) or ""
        try:
            return int(value.strip())
        except ValueError:
            raise self.error(elem, f"{value!r} is not a whole number", name) from None

    def boolean(self, elem: Element, name: str, default: bool = True) -> bool:
        value = elem.get(name)
        if value is None:
            return default
        try:
            return _BOOLEAN[value.strip().lower()]
        except KeyError:
            raise self.error(elem, f"{value!r} is not true or false", name) from None


def parse(raw: bytes, where: str, *, seed: str = "") -> Document:
    """Parse XML bytes safely (no DTD, no entities); errors name ``where`` and the line.

    With a ``seed`` (the file's SHA-256), ids that are not GUIDs are mapped to GUIDs
    (:func:`~synthesis.exchange.guids.foreign_guid`) instead of being refused."""
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.expat = parser.parser
    try:
        parser.feed(raw)
        root = parser.close()
    except DTDForbidden:
        raise InputError(where, "has a DOCTYPE declaration; REFI-QDA files never need one, and it is "
                         "refused (entity expansion and external entities are unsafe)") from None
    except DefusedXmlException as exc:
        raise InputError(where, f"declares entities ({type(exc).__name__}); refused as unsafe") from None
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InputError(where, f"is not well-formed XML ({exc.msg if hasattr(exc, 'msg') else exc})",
                         line=line, unit="line") from None
    return Document(root, where, builder.lines, seed)


# ------------------------------------------------------------------ writing
def clean(text: str) -> str:
    """``text`` with characters XML 1.0 cannot carry replaced by U+FFFD.

    >>> clean("tab\\tok, bell\\x07 not")
    'tab\\tok, bell\\ufffd not'
    """
    return _NOT_XML.sub("\ufffd", text)


def is_datetime(value: str) -> bool:
    """Whether ``value`` is an xsd:dateTime (as every exported time must be)."""
    return bool(value and _DATETIME.match(value))


class Builder:
    """Makes elements of one namespace (declared on the root as the default namespace);
    attributes that are None are left out."""

    def __init__(self, ns: str) -> None:
        self.ns = ns

    def __call__(self, parent: Element | None, name: str, attrs: Mapping[str, object] | None = None,
                 text: str | None = None) -> Element:
        values = {k: clean(str(v)) for k, v in (attrs or {}).items() if v is not None}
        if parent is None:
            elem = Element(name, {"xmlns": self.ns, **values})
        else:
            elem = ET.SubElement(parent, name, values)
        if text is not None:
            elem.text = clean(text)
        return elem


def serialise(root: Element) -> bytes:
    """UTF-8 bytes of a document made with :class:`Builder` (no BOM, LF newlines, indented)."""
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")
