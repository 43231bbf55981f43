"""What a REFI-QDA file says, read into plain frozen records (nothing written yet).

:func:`read_project` reads a ``project.qde`` document (and, through a callback,
the plain-text files it refers to); :func:`read_codes` reads a code tree, shared
with ``.qdc`` codebooks. Everything the model has no place for is listed in
``skipped`` so that an import can report it (REFI-QDA 1.5, §7: "the importing
software should show ... which elements are discarded").

Reading is liberal where real files differ from the schema, and says so in
``skipped``: a code tree is read in any namespace the tools write
(:data:`~synthesis.exchange.xmlio.QDA_NAMESPACES`), also inside a project; ids that
are not GUIDs are mapped to GUIDs (when the document was parsed with a seed); a
source whose file is missing from the archive is left out with its codings, and
the rest of the project is read.

>>> from .xmlio import parse
>>> doc = parse(b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook xmlns="urn:QDA-XML:codebook:0:4">'
...             b'<Codes><Code guid="C1" name="Trust" isCodable="true"/></Codes></CodeBook></Project>', "p.qde",
...             seed="f00d")
>>> qda = read_project(doc, lambda path, elem, attr: None)
>>> [c.name for c in qda.codes], len(qda.skipped)
(['Trust'], 2)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from xml.etree.ElementTree import Element

from .xmlio import PROJECT_NS, QDA_NAMESPACES, Document, local, namespace

TextReader = Callable[[str, Element, str], str | None]


class MissingFile(LookupError):
    """Raised by a :data:`TextReader` for an ``internal://`` file that is not in the archive."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def plural(n: int, word: str) -> str:
    """``"1 coding"``, ``"12 codings"``.

    >>> plural(1, "coding"), plural(0, "coding")
    ('1 coding', '0 codings')
    """
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class QdaUser:
    guid: str
    name: str


@dataclass(frozen=True)
class QdaCode:
    guid: str
    name: str
    codable: bool = True
    description: str = ""
    colour: str = ""
    children: tuple["QdaCode", ...] = ()
    notes: tuple[str, ...] = ()
    line: int | None = None

    def walk(self, depth: int = 0, parent: "QdaCode | None" = None) -> Iterator[tuple["QdaCode", int, "QdaCode | None"]]:
        """Yield ``(code, depth, parent)`` for this code and every code under it."""
        yield self, depth, parent
        for child in self.children:
            yield from child.walk(depth + 1, self)


@dataclass(frozen=True)
class QdaCoding:
    guid: str
    code: str
    user: str | None = None
    time: str | None = None
    notes: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class QdaSelection:
    guid: str
    start: int
    end: int
    name: str | None = None
    user: str | None = None
    time: str | None = None
    description: str = ""
    codings: tuple[QdaCoding, ...] = ()
    notes: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class QdaSource:
    """A text source (a TextSource, or a PDF's plain-text Representation)."""

    guid: str
    name: str
    text: str
    user: str | None = None
    time: str | None = None
    description: str = ""
    selections: tuple[QdaSelection, ...] = ()
    codings: tuple[QdaCoding, ...] = ()
    notes: tuple[str, ...] = ()
    values: tuple[tuple[str, str], ...] = ()   # (variable guid, value as text)
    line: int | None = None


@dataclass(frozen=True)
class QdaNote:
    guid: str
    name: str
    text: str
    user: str | None = None
    time: str | None = None


@dataclass(frozen=True)
class QdaVariable:
    guid: str
    name: str
    type: str


@dataclass(frozen=True)
class QdaCase:
    guid: str
    name: str
    description: str = ""
    values: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class QdaSet:
    """A set of codes (``Sets/Set`` with ``MemberCode``s): its GUID, name and the member codes' GUIDs."""

    guid: str
    name: str
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class QdaProject:
    """A whole ``project.qde``, with source texts read and every GUID normalised."""

    name: str
    origin: str = ""
    creating_user: str | None = None
    users: tuple[QdaUser, ...] = ()
    codes: tuple[QdaCode, ...] = ()
    sources: tuple[QdaSource, ...] = ()
    notes: tuple[QdaNote, ...] = ()
    variables: tuple[QdaVariable, ...] = ()
    cases: tuple[QdaCase, ...] = ()
    skipped: tuple[str, ...] = field(default=())
    where: str = ""
    created: str = ""
    foreign_ids: tuple[tuple[str, str], ...] = ()   # (GUID made, the id in the file) for ids that were no GUID
    sets: tuple[QdaSet, ...] = ()  # sets of codes only (other sets are reported as not imported)

    def shown(self, guid: str) -> str:
        """A GUID as the file wrote it (its own id, when it was not a GUID)."""
        return next((f"'{key}'" for made, key in self.foreign_ids if made == guid), guid)

    def all_codes(self) -> list[QdaCode]:
        return [c for top in self.codes for c, _, _ in top.walk()]


_VALUE_TAGS = ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue")
_MEDIA = ("PictureSource", "AudioSource", "VideoSource")


def read_codes(doc: Document, parent: Element, *, project: bool = True) -> tuple[QdaCode, ...]:
    """The code tree under ``parent`` (a ``Codes`` or ``Code`` element), in any REFI-QDA namespace."""
    found = []
    for elem in doc.qda_children(parent, "Code"):
        name = doc.attr(elem, "name", required=True) or ""
        notes = tuple(doc.guid(r, "targetGUID") or "" for r in doc.qda_children(elem, "NoteRef")) if project else ()
        described = doc.qda_children(elem, "Description")
        found.append(QdaCode(
            doc.guid(elem) or "", name, doc.boolean(elem, "isCodable"), (described[0].text or "") if described else "",
            elem.get("color", "").strip(), read_codes(doc, elem, project=project), notes, doc.line(elem),
        ))
    return tuple(found)


def mapped_notice(doc: Document) -> list[str]:
    """The notice that ids which are not GUIDs were mapped (none when there were none)."""
    if not doc.mapped:
        return []
    shown = ", ".join(repr(k) for k in list(doc.mapped)[:3]) + (", ..." if len(doc.mapped) > 3 else "")
    return [f"{plural(len(doc.mapped), 'identifier')} in the file {'is' if len(doc.mapped) == 1 else 'are'} not "
            f"a GUID ({shown}): each was given a GUID made from the file and the id, and every reference "
            "to it follows"]


def _refs(doc: Document, elem: Element, name: str = "NoteRef") -> tuple[str, ...]:
    return tuple(doc.guid(r, "targetGUID") or "" for r in doc.children(elem, name))


def _codings(doc: Document, elem: Element) -> tuple[QdaCoding, ...]:
    out = []
    for coding in doc.children(elem, "Coding"):
        ref = doc.child(coding, "CodeRef")
        if ref is None:
            raise doc.error(coding, "has no CodeRef (every Coding names its code)")
        out.append(QdaCoding(doc.guid(coding) or "", doc.guid(ref, "targetGUID") or "",
                             doc.guid(coding, "creatingUser", required=False), coding.get("creationDateTime"),
                             _refs(doc, coding), doc.line(coding)))
    return tuple(out)


def _values(doc: Document, elem: Element) -> tuple[tuple[str, str], ...]:
    out = []
    for value in doc.children(elem, "VariableValue"):
        ref = doc.child(value, "VariableRef")
        if ref is None:
            raise doc.error(value, "has no VariableRef")
        text = next(((v.text or "") for v in value if local(v.tag) in _VALUE_TAGS), "")
        out.append((doc.guid(ref, "targetGUID") or "", text))
    return tuple(out)


def _coding_count(doc: Document, elem: Element) -> int:
    """The Codings of a source element: on its selections and on the whole source."""
    on_selections = sum(len(doc.children(sel, "Coding")) for sel in doc.children(elem, "PlainTextSelection"))
    return on_selections + len(doc.children(elem, "Coding"))


def _lost(doc: Document, elem: Element) -> str:
    n = _coding_count(doc, elem)
    return f"its {plural(n, 'coding')} {'was' if n == 1 else 'were'} not imported" if n else "it had no codings"


def _text_source(doc: Document, elem: Element, name: str, read_text: TextReader,
                 skipped: list[str]) -> QdaSource | None:
    path = elem.get("plainTextPath")
    inline = doc.child(elem, "PlainTextContent")
    if path:
        try:
            text = read_text(path, elem, "plainTextPath")
        except MissingFile:
            skipped.append(f"source '{name}' ({path}) is not in the file: {_lost(doc, elem)}")
            return None
        if text is None:
            skipped.append(f"source '{name}' is not imported: its text is outside the archive ({path}), which "
                           f"is never read; {_lost(doc, elem)}")
            return None
    elif inline is not None:
        text = inline.text or ""
    else:
        skipped.append(f"source '{name}': no plain text (plainTextPath or PlainTextContent); not imported")
        return None
    selections = []
    for sel in doc.children(elem, "PlainTextSelection"):
        selections.append(QdaSelection(
            doc.guid(sel) or "", doc.integer(sel, "startPosition"), doc.integer(sel, "endPosition"),
            sel.get("name"), doc.guid(sel, "creatingUser", required=False), sel.get("creationDateTime"),
            doc.text(sel, "Description"), _codings(doc, sel), _refs(doc, sel), doc.line(sel),
        ))
    return QdaSource(doc.guid(elem) or "", name, text, doc.guid(elem, "creatingUser", required=False),
                     elem.get("creationDateTime"), doc.text(elem, "Description"), tuple(selections),
                     _codings(doc, elem), _refs(doc, elem), _values(doc, elem), doc.line(elem))


def _sources(doc: Document, parent: Element, read_text: TextReader, skipped: list[str]) -> list[QdaSource]:
    out = []
    for elem in parent:
        kind = local(elem.tag)
        name = elem.get("name") or kind
        if kind == "TextSource":
            found = _text_source(doc, elem, name, read_text, skipped)
            if found:
                out.append(found)
        elif kind == "PDFSource":
            rep = doc.child(elem, "Representation")
            pdf_selections = len(doc.children(elem, "PDFSelection"))
            if pdf_selections:
                skipped.append(f"PDF source '{name}': {pdf_selections} area selection(s) on pages; only text "
                               "selections of its plain-text representation are imported")
            found = _text_source(doc, rep, name, read_text, skipped) if rep is not None else None
            if found:
                out.append(QdaSource(doc.guid(elem) or found.guid, name, found.text, found.user, found.time,
                                     doc.text(elem, "Description") or found.description, found.selections,
                                     (*found.codings, *_codings(doc, elem)), (*found.notes, *_refs(doc, elem)),
                                     (*found.values, *_values(doc, elem)), doc.line(elem)))
            elif rep is None:
                skipped.append(f"PDF source '{name}': no plain-text representation; not imported")
        elif kind in _MEDIA:
            skipped.append(f"{kind} '{name}': pictures, audio and video are not imported (text sources only)")
        else:
            skipped.append(f"unknown source element <{kind}> '{name}'; not imported")
    return out


def read_code_sets(doc: Document, holders: list[Element]) -> tuple[list[QdaSet], int]:
    """The sets of codes in ``<Sets>`` elements, and how many other sets (of sources or notes) there are.

    A member code is named by ``targetGUID`` in a project and by ``guid`` in a codebook.
    """
    code_sets, other = [], 0
    for holder in holders:
        for elem in doc.children(holder, "Set"):
            found = doc.children(elem, "MemberCode")
            members = [doc.guid(m, "targetGUID" if m.get("guid") is None else "guid", required=False) for m in found]
            if members and len(list(elem)) == len(members) + len(doc.children(elem, "Description")):
                code_sets.append(QdaSet(doc.guid(elem) or "", elem.get("name") or "", tuple(filter(None, members))))
            else:
                other += 1
    return code_sets, other


_PROJECT_PARTS = ("Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets", "Graphs",
                  "Description", "NoteRef")


def _unknown_elements(doc: Document) -> list[str]:
    """Notices for top-level elements a project cannot hold (another namespace, an unknown name)."""
    out = []
    for elem in doc.root:
        if not isinstance(elem.tag, str):
            continue  # a comment or processing instruction
        name, ns = local(elem.tag), namespace(elem.tag)
        if name == "CodeBook" and ns in QDA_NAMESPACES:
            continue
        if ns != doc.ns:
            out.append(f"element <{name}> in the namespace '{ns or '(none)'}' (line {doc.line(elem)}): not read")
        elif name not in _PROJECT_PARTS:
            out.append(f"unknown element <{name}> (line {doc.line(elem)}): not read")
    return out


def case_codes(codes: tuple[QdaCode, ...], sources: "list[QdaSource] | tuple[QdaSource, ...]",
               cases: tuple[QdaCase, ...], notices: list[str]
               ) -> tuple[tuple[QdaCode, ...], list[QdaSource], tuple[QdaCase, ...]]:
    """Codes that are cases (a code with no sub-codes and a case's GUID: NVivo and QualCoder mark
    a case's sources so) become links from the case to the sources they were applied in, not
    codes; a selection left with no coding (and no note) goes too. A notice says so.

    >>> case = QdaCase("c1", "Ng 2020")
    >>> mark = QdaCoding("k1", "c1")
    >>> src = QdaSource("s1", "Interview", "Some text.", selections=(QdaSelection("x1", 0, 10, codings=(mark,)),))
    >>> notes = []
    >>> codes, sources, cases = case_codes((QdaCode("c1", "Ng 2020"),), [src], (case,), notes)
    >>> codes, sources[0].selections, cases[0].sources
    ((), (), ('s1',))
    >>> notes
    ["1 code with a case's GUID (the way NVivo and QualCoder mark a case's sources): read as links from the case to its sources, not as codes"]
    """
    marks = {case.guid for case in cases}

    def is_mark(code: QdaCode) -> bool:
        return code.guid in marks and not code.children

    found = {code.guid for top in codes for code, _, _ in top.walk() if is_mark(code)}
    if not found:
        return codes, list(sources), cases

    def without(code: QdaCode) -> QdaCode:
        return replace(code, children=tuple(without(c) for c in code.children if not is_mark(c)))

    linked: dict[str, list[str]] = {}
    kept_sources = []
    for src in sources:
        selections = []
        for sel in src.selections:
            kept = tuple(c for c in sel.codings if c.code not in found)
            for c in sel.codings:
                if c.code in found:
                    linked.setdefault(c.code, []).append(src.guid)
            if kept or sel.notes or not sel.codings:
                selections.append(replace(sel, codings=kept))
        for c in src.codings:
            if c.code in found:
                linked.setdefault(c.code, []).append(src.guid)
        kept_sources.append(replace(src, selections=tuple(selections),
                                    codings=tuple(c for c in src.codings if c.code not in found)))
    cases = tuple(replace(case, sources=tuple(dict.fromkeys(case.sources + tuple(linked.get(case.guid, ())))))
                  for case in cases)
    notices.append(f"{plural(len(found), 'code')} with a case's GUID (the way NVivo and QualCoder mark a case's "
                   "sources): read as links from the case to its sources, not as codes")
    return tuple(without(c) for c in codes if not is_mark(c)), kept_sources, cases


def read_project(doc: Document, read_text: TextReader) -> QdaProject:
    """Read a ``Project`` document; ``read_text(path, element, attribute)`` returns the text
    a plainTextPath refers to (None for a file outside the archive; it raises
    :class:`MissingFile` for an ``internal://`` file the archive does not hold)."""
    root = doc.root
    if local(root.tag) != "Project":
        raise doc.error(root, f"the root element is <{local(root.tag)}>, not <Project>")
    skipped: list[str] = _unknown_elements(doc)
    creator = doc.guid(root, "creatingUserGUID", required=False)
    users = tuple(QdaUser(doc.guid(u) or "", (u.get("name") or u.get("id") or "").strip())
                  for users in doc.children(root, "Users") for u in doc.children(users, "User"))
    codes: tuple[QdaCode, ...] = ()
    for book in doc.qda_children(root, "CodeBook"):
        if namespace(book.tag) != PROJECT_NS:
            skipped.append(f"the CodeBook is in the namespace '{namespace(book.tag)}', not the project's "
                           f"('{PROJECT_NS}'); its codes were read all the same")
        for holder in doc.qda_children(book, "Codes"):
            codes += read_codes(doc, holder)
        sets = sum(len(doc.qda_children(h, "Set")) for h in doc.qda_children(book, "Sets"))
        if sets:
            skipped.append(f"{plural(sets, 'code set')} inside the CodeBook (Sets): not imported")
    sources: list[QdaSource] = []
    for holder in doc.children(root, "Sources"):
        sources.extend(_sources(doc, holder, read_text, skipped))
    notes = []
    for holder in doc.children(root, "Notes"):
        for note in doc.children(holder, "Note"):
            path = note.get("plainTextPath")
            name = note.get("name") or ""
            try:
                text = (read_text(path, note, "plainTextPath") or "") if path else doc.text(note, "PlainTextContent")
            except MissingFile:
                skipped.append(f"note '{name or doc.guid(note)}' ({path}) is not in the file: not imported")
                continue
            notes.append(QdaNote(doc.guid(note) or "", name, text,
                                 doc.guid(note, "creatingUser", required=False), note.get("creationDateTime")))
    variables = tuple(QdaVariable(doc.guid(v) or "", doc.attr(v, "name", required=True) or "",
                                  v.get("typeOfVariable", "Text"))
                      for holder in doc.children(root, "Variables") for v in doc.children(holder, "Variable"))
    cases = tuple(QdaCase(doc.guid(c) or "", c.get("name") or "", doc.text(c, "Description"), _values(doc, c),
                          _refs(doc, c, "SourceRef"), doc.line(c))
                  for holder in doc.children(root, "Cases") for c in doc.children(holder, "Case"))
    code_sets, other_sets = read_code_sets(doc, doc.children(root, "Sets"))
    if other_sets:
        skipped.append(f"{plural(other_sets, 'set')} of sources or notes (Sets): not imported")
    for name, what in (("Links", "links between objects"), ("Graphs", "graphs")):
        count = sum(len(list(h)) for h in doc.children(root, name))
        if count:
            skipped.append(f"{count} {what} ({name}): not imported")
    if doc.text(root, "Description").strip():
        skipped.append("the project's Description: not imported (this project has no place for it)")
    skipped.extend(mapped_notice(doc))
    codes, sources, cases = case_codes(codes, sources, cases, skipped)
    return QdaProject(root.get("name") or "", root.get("origin") or "",
                      creator, users, codes, tuple(sources),
                      tuple(notes), variables, cases, tuple(skipped), doc.where, root.get("creationDateTime") or "",
                      tuple((made, key) for key, made in doc.mapped.items()), tuple(code_sets))
