"""Exporting a whole project as a REFI-QDA project (.qdpx), byte for byte reproducible.

The archive holds ``project.qde`` (namespace ``urn:QDA-XML:project:1.0``) and one
``sources/<guid>.txt`` per source: the stored normalised text as UTF-8 without a
BOM, with LF newlines, so ``startPosition``/``endPosition`` are this project's own
offsets (code points, 0-based, end exclusive), as REFI-QDA 1.5 §10.2 asks.

What goes where:

* reviewers -> ``Users``; codes (under their themes, if any) -> ``CodeBook``;
* studies -> ``Cases`` with ``VariableValue``s (study id, citation, year, design,
  nation, ...) and a ``SourceRef`` to each of their sources; with ``case_codes=True``
  each study is also a code with the case's GUID, applied to the whole of each of its
  sources (the way NVivo marks a case's sources, and the only way QualCoder takes them:
  it reads no ``SourceRef`` of a named case); our import reads such codes back as the
  cases' sources, never as codes;
* sources -> ``TextSource`` (``creatingUser``: who imported it, from the
  ``corpus.import`` audit event, else the project's creating user;
  ``creationDateTime``: when, else the project's creation) with variables for this
  project's source id, kind, original file name and page map (so a round trip keeps
  citations' pages);
* codings -> one ``PlainTextSelection`` per reviewer and span, named by its
  quote, with a ``Coding`` (``CodeRef``, ``creatingUser``, ``creationDateTime``) per code;
* themes -> also ``Sets``, one ``Set`` of codes (``MemberCode``) per theme;
* memos -> ``Notes``, with a ``NoteRef`` on the code, coding or source they are about.
  Memos on codes and sources are plain-text files in the archive
  (``plainTextPath="internal://<guid>.txt"``, the form QualCoder takes as a journal);
  memos on codings stay inline. So that readers which take a ``Description`` but
  not a note (QualCoder: a selection's Description is its coding memo, a source's
  its memo) keep them, the memos on a selection's codings are also its
  ``Description``, and a source's memos its ``Description``; our import knows
  these copies and takes the notes.

Empty containers are never written; GUIDs derive from stable ids
(:mod:`synthesis.exchange.guids`); ZIP entries are sorted with a fixed timestamp.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

from ..corpus.store import atomic_write
from ..records import Coding, Memo, Source, Study
from ..state import AUDIT_ONLY, CONTROL
from .guids import guid_for
from .report import ExportReport
from .themes import CodeSet, Node, export_tree, theme_sets
from .xmlio import PROJECT_NS, Builder, is_datetime, serialise

if TYPE_CHECKING:
    from ..project import Project

ORIGIN = "synthesis 0.1.0 (REFI-QDA 1.5)"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
STUDY_VARIABLES = (("study id", "study_id", "Text"), ("citation", "citation", "Text"),
                   ("reference", "reference", "Text"), ("year", "year", "Integer"),
                   ("design", "design", "Text"), ("nation", "nation", "Text"), ("setting", "setting", "Text"),
                   ("sample", "sample", "Text"), ("appraisal tool", "appraisal_tool", "Text"),
                   ("appraisal result", "appraisal_result", "Text"), ("PPIE", "ppie", "Text"))
SOURCE_VARIABLES = (("source id", "Text"), ("source kind", "Text"), ("original file", "Text"), ("pages", "Text"))
#: ``corpus.import`` kinds whose ``ids`` are sources that import brought in
SOURCE_IMPORTS = ("sources", "extracts")


def user_guid(reviewer: str) -> str:
    return guid_for("user", reviewer)


def source_guid(source_id: str) -> str:
    return guid_for("source", source_id)


def _time(value: str) -> str | None:
    return value if is_datetime(value) else None


def add_codes(q: Builder, parent: Element, nodes: Iterable[Node], notes: dict[str, list[Memo]] | None = None) -> int:
    """Write a code tree under ``parent``; returns the number of codes (not themes) written."""
    count = 0
    for node in nodes:
        elem = q(parent, "Code", {"guid": node.guid, "name": node.name, "isCodable": "true" if node.codable else "false",
                                  "color": node.colour or None})
        if node.description.strip():
            q(elem, "Description", text=node.description)
        for memo in (notes or {}).get(node.code_id, []) if node.code_id else []:
            q(elem, "NoteRef", {"targetGUID": guid_for("note", memo.memo_id)})
        count += node.codable + add_codes(q, elem, node.children, notes)
    return count


def add_sets(q: Builder, parent: Element, sets: Iterable[CodeSet], member: str) -> int:
    """Write ``<Sets>`` under ``parent`` when there is a set (an empty ``<Sets/>`` is invalid); returns how many.

    ``member`` names the attribute of ``MemberCode`` that holds the code's GUID: ``guid`` in a
    codebook, ``targetGUID`` in a project.
    """
    sets = list(sets)
    if sets:
        holder = q(parent, "Sets")
        for code_set in sets:
            elem = q(holder, "Set", {"guid": code_set.guid, "name": code_set.name})
            if code_set.description.strip():
                q(elem, "Description", text=code_set.description)
            for guid in code_set.members:
                q(elem, "MemberCode", {member: guid})
    return len(sets)


def _variable_value(q: Builder, parent: Element, name: str, kind: str, value: object) -> None:
    holder = q(parent, "VariableValue")
    q(holder, "VariableRef", {"targetGUID": guid_for("variable", name)})
    q(holder, "IntegerValue" if kind == "Integer" else "TextValue", text=str(value))


def _study_values(study: Study) -> list[tuple[str, str, object]]:
    values = []
    for name, attr, kind in STUDY_VARIABLES:
        value = getattr(study, attr)
        if value not in (None, ""):
            values.append((name, kind, value))
    return values


def _source_values(source: Source) -> list[tuple[str, str, object]]:
    values: list[tuple[str, str, object]] = [("source id", "Text", source.source_id)]
    if source.kind:
        values.append(("source kind", "Text", source.kind))
    if source.original_name:
        values.append(("original file", "Text", source.original_name))
    if source.pages:
        values.append(("pages", "Text", json.dumps([list(p) for p in source.pages], ensure_ascii=False)))
    return values


def source_origins(project: "Project") -> dict[str, tuple[str, str]]:
    """Who brought each source into the project and when: ``{source id: (reviewer, time)}``.

    Read from the ``corpus.import`` audit events, first event first: a REFI-QDA import
    records the file's ``creatingUser``/``creationDateTime`` of each source it made
    (``created``); a document or extract import is the importing reviewer's.

    >>> from types import SimpleNamespace
    >>> from synthesis.records import Event
    >>> events = [Event("NT:1", 1, 1, "2024-03-04T09:00:00.000Z", "NT", "corpus.import",
    ...                 {"kind": "sources", "ids": ["notes"]}),
    ...           Event("AG:1", 1, 2, "2024-05-01T10:00:00.000Z", "AG", "corpus.import",
    ...                 {"kind": "qdpx", "ids": ["notes", "memo"],
    ...                  "created": {"memo": ["Ann", "2019-06-04T05:25:16.000Z"]}})]
    >>> source_origins(SimpleNamespace(events=events))
    {'notes': ('NT', '2024-03-04T09:00:00.000Z'), 'memo': ('Ann', '2019-06-04T05:25:16.000Z')}
    """
    out: dict[str, tuple[str, str]] = {}
    for event in project.events:
        if event.type != "corpus.import":
            continue
        created = event.data.get("created")
        if isinstance(created, dict):
            for sid, value in created.items():
                if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
                    out.setdefault(sid, (value[0], value[1]))
        if event.data.get("kind") in SOURCE_IMPORTS:
            for sid in event.data.get("ids", ()):
                out.setdefault(str(sid), (event.reviewer, event.time))
    return out


def _joined(memos: Iterable[Memo]) -> str:
    """Memo texts as one Description (blank line between).

    >>> _joined([Memo("M1", "coding", "K1", " first ", "AG", "t"), Memo("M2", "coding", "K1", "second", "NT", "t")])
    'first\\n\\nsecond'
    """
    return "\n\n".join(m.text.strip() for m in memos if m.text.strip())


def _note_names(project: "Project", memos: list[Memo]) -> dict[str, str]:
    """A readable, unique name for each note (QualCoder needs journal names to differ)."""
    names: dict[str, str] = {}
    seen: dict[str, int] = {}
    for memo in memos:
        name = _note_name(project, memo)
        seen[name] = seen.get(name, 0) + 1
        names[memo.memo_id] = name if seen[name] == 1 else f"{name} ({seen[name]})"
    return names


def _note_name(project: "Project", memo: Memo) -> str:
    """A readable note name that does not depend on local ids."""
    if memo.target_kind == "code":
        about = project.codes[memo.target_id].label
    elif memo.target_kind == "coding":
        quote = project.codings[memo.target_id].quote
        about = " ".join(quote.split())[:40] + ("\u2026" if len(quote) > 40 else "")
    else:
        about = project.sources[memo.target_id].title
    return f"{memo.author}: memo on {memo.target_kind} '{about}'"


def build_qde(project: "Project", *, case_codes: bool = False) -> tuple[bytes, dict[str, bytes], ExportReport]:
    """The bytes of ``project.qde``, the source files by member name, and a report
    (``case_codes``: also mark each study's sources with a code, see the module's notes)."""
    q = Builder(PROJECT_NS)
    notices: list[str] = []
    content = [e for e in project.events if e.type not in AUDIT_ONLY and e.type not in CONTROL]
    codes = list(project.codes.values())
    creator = codes[0].created_by if codes and codes[0].created_by else (content[0].reviewer if content else None)
    # the latest coding or memo: what an export shows (and a round trip keeps)
    work = [(c.time, c.reviewer) for c in project.codings.values()] + [(m.time, m.author) for m in project.memos.values()]
    last = max(work) if work else None
    root = q(None, "Project", {
        "name": project.name, "origin": ORIGIN,
        "creatingUserGUID": user_guid(creator) if creator else None,
        "creationDateTime": _time(min(e.time for e in content)) if content else None,
        "modifyingUserGUID": user_guid(last[1]) if last else None,
        "modifiedDateTime": _time(last[0]) if last else None,
    })
    reviewers = sorted({e.reviewer for e in project.events})
    if reviewers:
        users = q(root, "Users")
        for name in reviewers:
            q(users, "User", {"guid": user_guid(name), "name": name})

    memos_on: dict[tuple[str, str], list[Memo]] = {}
    by_guid = sorted(project.memos.values(), key=lambda m: guid_for("note", m.memo_id))
    for memo in by_guid:
        memos_on.setdefault((memo.target_kind, memo.target_id), []).append(memo)
    code_notes = {cid: m for (kind, cid), m in memos_on.items() if kind == "code"}
    tree, tree_notices = export_tree(project)
    notices += tree_notices
    n_codes = 0
    studies = sorted(project.studies.values(), key=lambda s: s.study_id)
    sources = sorted(project.sources.values(), key=lambda s: s.source_id)
    with_sources = {x.study_id for x in sources}
    marked = {s.study_id: s for s in studies if s.study_id in with_sources} if case_codes else {}
    if tree or marked:
        holder = q(q(root, "CodeBook"), "Codes")
        if tree:
            n_codes = add_codes(q, holder, tree, code_notes)
        for study in marked.values():
            q(holder, "Code", {"guid": guid_for("case", study.study_id), "name": _case_name(study),
                               "isCodable": "true"})
    used = {name for s in studies for name, _, _ in _study_values(s)} | \
           {name for s in sources for name, _, _ in _source_values(s)}
    declared = [(n, k) for n, _, k in STUDY_VARIABLES if n in used] + [(n, k) for n, k in SOURCE_VARIABLES if n in used]
    if declared:
        holder = q(root, "Variables")
        for name, kind in declared:
            q(holder, "Variable", {"guid": guid_for("variable", name), "name": name, "typeOfVariable": kind})
    if studies:
        cases = q(root, "Cases")
        for study in studies:
            case = q(cases, "Case", {"guid": guid_for("case", study.study_id), "name": _case_name(study)})
            for name, kind, value in _study_values(study):
                _variable_value(q, case, name, kind, value)
            for source in sources:
                if source.study_id == study.study_id:
                    q(case, "SourceRef", {"targetGUID": source_guid(source.source_id)})
    for source in sources:
        if source.study_id and source.study_id not in project.studies:
            notices.append(f"source '{source.source_id}' names study '{source.study_id}', which is not in the "
                           "studies: no case links it")
    origins = source_origins(project)
    started = _time(min(e.time for e in content)) if content else None

    files: dict[str, bytes] = {}
    n_codings = 0
    exported_codings: set[str] = set()
    if sources:
        holder = q(root, "Sources")
        for source in sources:
            text = project.text(source.source_id) or ""
            guid = source_guid(source.source_id)
            files[f"sources/{guid}.txt"] = text.encode("utf-8")
            who, when = origins.get(source.source_id, (creator, started))
            if who not in reviewers or not _time(when or ""):  # no audit event: the project's creator and time
                who, when = creator, started
            elem = q(holder, "TextSource", {"guid": guid, "name": source.title or source.source_id,
                                            "plainTextPath": f"internal://{guid}.txt",
                                            "creatingUser": user_guid(who) if who else None,
                                            "creationDateTime": _time(when or "")})
            about = _joined(memos_on.get(("source", source.source_id), []))
            if about:
                q(elem, "Description", text=about)
            if source.study_id in marked and text:
                sel = q(elem, "PlainTextSelection", {
                    "guid": guid_for("selection", f"{source.source_id}:case"), "name": source.title or source.source_id,
                    "startPosition": 0, "endPosition": len(text),
                    "creatingUser": user_guid(who) if who else None, "creationDateTime": _time(when or "")})
                c = q(sel, "Coding", {"guid": guid_for("coding", f"case:{source.source_id}"),
                                      "creatingUser": user_guid(who) if who else None,
                                      "creationDateTime": _time(when or "")})
                q(c, "CodeRef", {"targetGUID": guid_for("case", source.study_id)})
            spans: dict[tuple[int, int, str], list[Coding]] = {}
            for coding in project.codings_of(source.source_id):
                if coding.status == "orphaned":
                    notices.append(f"coding '{coding.coding_id}' on '{source.source_id}' lost its text; not exported")
                    continue
                spans.setdefault((coding.start, coding.end, coding.reviewer), []).append(coding)
            for (start, end, reviewer), found in sorted(spans.items()):
                found.sort(key=lambda c: (c.time, guid_for("coding", c.coding_id)))
                sel = q(elem, "PlainTextSelection", {
                    "guid": guid_for("selection", f"{source.source_id}:{start}:{end}:{reviewer}"),
                    "name": text[start:end], "startPosition": start, "endPosition": end,
                    "creatingUser": user_guid(reviewer), "creationDateTime": _time(found[0].time)})
                comment = _joined(m for c in found for m in memos_on.get(("coding", c.coding_id), []))
                if comment:
                    q(sel, "Description", text=comment)
                for coding in found:
                    c = q(sel, "Coding", {"guid": guid_for("coding", coding.coding_id),
                                          "creatingUser": user_guid(coding.reviewer),
                                          "creationDateTime": _time(coding.time)})
                    q(c, "CodeRef", {"targetGUID": guid_for("code", coding.code_id)})
                    for memo in memos_on.get(("coding", coding.coding_id), []):
                        q(c, "NoteRef", {"targetGUID": guid_for("note", memo.memo_id)})
                    exported_codings.add(coding.coding_id)
                    n_codings += 1
            for memo in memos_on.get(("source", source.source_id), []):
                q(elem, "NoteRef", {"targetGUID": guid_for("note", memo.memo_id)})
            for name, kind, value in _source_values(source):
                _variable_value(q, elem, name, kind, value)

    notes = []
    for memo in by_guid:
        if memo.target_kind == "coding" and memo.target_id not in exported_codings:
            notices.append(f"memo '{memo.memo_id}' is on a coding that was not exported; not exported")
            continue
        if memo.target_kind == "code" and memo.target_id not in project.codes:
            notices.append(f"memo '{memo.memo_id}' is on a code that is not in the codebook; not exported")
            continue
        if memo.target_kind == "source" and memo.target_id not in project.sources:
            notices.append(f"memo '{memo.memo_id}' is on a missing source; not exported")
            continue
        notes.append(memo)
    if notes:
        holder = q(root, "Notes")
        names = _note_names(project, notes)
        for memo in notes:
            guid = guid_for("note", memo.memo_id)
            in_file = memo.target_kind in ("code", "source")
            note = q(holder, "Note", {"guid": guid, "name": names[memo.memo_id],
                                      "plainTextPath": f"internal://{guid}.txt" if in_file else None,
                                      "creatingUser": user_guid(memo.author), "creationDateTime": _time(memo.time)})
            if in_file:
                files[f"sources/{guid}.txt"] = memo.text.encode("utf-8")
            else:
                q(note, "PlainTextContent", text=memo.text)
    add_sets(q, root, theme_sets(project), "targetGUID")
    report = ExportReport("", len(sources), n_codes, n_codings, len(notes), len(reviewers), tuple(notices))
    return serialise(root), files, report


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A ZIP of ``members`` with sorted entries and fixed timestamps (reproducible)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()


def qdpx_bytes(project: "Project", *, case_codes: bool = False) -> tuple[bytes, ExportReport]:
    qde, files, report = build_qde(project, case_codes=case_codes)
    return zip_bytes({"project.qde": qde, **files}), report


def _case_name(study: Study) -> str:
    return study.citation or study.study_id


def export_qdpx(project: "Project", path: str | os.PathLike[str], *, case_codes: bool = False) -> ExportReport:
    """Write the project as a .qdpx file at ``path`` (atomically); returns what was written.
    ``case_codes``: also mark each study's sources with a code of the case's GUID, for
    readers such as QualCoder that link cases to sources only that way."""
    data, report = qdpx_bytes(project, case_codes=case_codes)
    target = Path(path)
    atomic_write(target, data)
    return ExportReport(str(target), report.sources, report.codes, report.codings, report.memos, report.users,
                        report.notices)
