"""From a parsed REFI-QDA file to what an import will write (still writing nothing).

:func:`plan_import` decides every id, places every selection in its source's
normalised text, attributes every coding and memo to a reviewer, and returns a
:class:`Plan`: studies and sources to add and the events to append, reviewer by
reviewer, in causal order (codes before the codings that use them). Anything it
cannot place or hold goes into the :class:`~synthesis.exchange.report.ImportReport`,
and so does every choice it makes on the way: a code, user, study or source renamed
to avoid a clash, a code joined to one the codebook has, codings and memos that were
there already, descriptions that only repeat notes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..corpus.store import SOURCE_ID, sha256, slug
from ..corpus.studies import normalise_design, normalise_nation
from ..errors import InputError
from ..log import REVIEWER_PATTERN, check_reviewer
from ..names import problem_with_id
from ..palette import colour_for
from ..records import Source, Study
from . import themes as theme_seam
from .export_qdpx import ORIGIN
from .guids import guid_for, local_id
from .model import QdaCode, QdaProject, QdaSelection, QdaSource, plural
from .offsets import Convention, TextMap, expected_convention
from .placement import choose_convention, place
from .report import ImportReport

if TYPE_CHECKING:
    from ..project import Project

_COLOUR = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
_EXTENSIONS = (".txt", ".docx", ".doc", ".rtf", ".pdf", ".md", ".odt")


@dataclass(frozen=True)
class Planned:
    """One event to append to one reviewer's log."""

    reviewer: str
    type: str
    data: dict[str, Any]
    time: str


@dataclass(frozen=True)
class Plan:
    studies: tuple[Study, ...]
    sources: tuple[tuple[Source, str], ...]
    events: tuple[Planned, ...]
    report: ImportReport

    @property
    def reviewers(self) -> list[str]:
        return list(dict.fromkeys(e.reviewer for e in self.events))


def norm_time(value: str | None) -> str | None:
    """An xsd:dateTime as this project writes times (UTC, milliseconds), or None.

    >>> norm_time("2018-03-27T19:29:27Z"), norm_time("2018-03-27T21:29:27+02:00"), norm_time("soon")
    ('2018-03-27T19:29:27.000Z', '2018-03-27T19:29:27.000Z', None)
    """
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def reviewer_name(name: str, guid: str) -> str:
    """A reviewer name (letters, digits, '.', '_', '-') for a REFI user.

    >>> reviewer_name("Enric Llagostera", "088b08ac"), reviewer_name("ATLAS.ti", "c32a"), reviewer_name("", "29518289-d0e3")
    ('Enric_Llagostera', 'ATLAS.ti', 'user-29518289')
    """
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    out = re.sub(r"[^A-Za-z0-9_.-]+", "_", ascii_.strip()).strip("_.-")[:64].rstrip("_.-")
    return out if problem_with_id(out, REVIEWER_PATTERN) is None else f"user-{guid[:8]}"


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def _words(text: str) -> str:
    return " ".join(text.split())


def _colour(value: str, index: int) -> str:
    if _COLOUR.match(value or ""):
        hexes = value[1:].upper()
        return "#" + ("".join(c * 2 for c in hexes) if len(hexes) == 3 else hexes)
    return colour_for(index)


class _Planner:
    def __init__(self, project: "Project", qda: QdaProject, *, file: str, digest: str, kind: str,
                 reviewer: str | None, users: Mapping[str, str], now: str) -> None:
        self.project, self.qda, self.file, self.digest, self.kind = project, qda, file, digest, kind
        self.importer = check_reviewer(reviewer) if reviewer else None
        self.now = now
        self.expected = expected_convention(qda.origin)
        self.notices: list[str] = list(qda.skipped)
        self.unplaced: list[str] = []
        self.events: dict[str, list[Planned]] = {k: [] for k in ("audit", "code", "theme", "coding", "memo")}
        self.user_of: dict[str, str] = {}
        self.user_names: list[tuple[str, str]] = []
        self.code_ids: dict[str, str] = {}
        self.studies: list[Study] = []
        self.sources: list[tuple[Source, str]] = []
        self.landed: list[str] = []
        self.conventions: list[tuple[str, str]] = []
        self.codings: dict[str, int] = {}
        self.memo_count = 0
        self._note_guids = {guid_for("note", m) for m in project.memos}
        # this project's own objects coming back in an export of it are recognised by their GUIDs
        self._own_codes = {guid_for("code", c): c for c in project.codes}
        self._own_codings = {guid_for("coding", c): c for c in project.codings}
        self._note_text = {n.guid: n.text for n in qda.notes}
        self.created: dict[str, tuple[str | None, str]] = {}   # new source id -> (creating reviewer, time)
        self._created_before: dict[str, list[str]] = {}  # what an earlier import of this same file recorded
        for event in project.events:
            if event.type == "corpus.import" and event.data.get("sha256") == digest:
                for sid, value in (event.data.get("created") or {}).items():
                    self._created_before.setdefault(sid, value)
        self.merged_codings = 0
        self.repeated_memos = 0
        self.copies = 0
        self.selections = 0
        self.theme_count = 0
        self._users(users)
        self.base_time = norm_time(qda.created) or now

    # ------------------------------------------------------------ users
    def _users(self, mapping: Mapping[str, str]) -> None:
        taken: dict[str, str] = {}
        for user in self.qda.users:
            given = mapping.get(user.name) or mapping.get(user.guid)
            wanted = given or reviewer_name(user.name, user.guid)
            check_reviewer(wanted)
            name, n = wanted, 1
            while name.casefold() in taken and taken[name.casefold()] != user.guid:
                n += 1
                name = f"{wanted}-{n}"
            if name != wanted:
                self.notices.append(f"user '{user.name or user.guid}' is reviewer '{name}': '{wanted}' is another "
                                    "user of this file (names are compared ignoring case)")
            elif not given and name != user.name:
                self.notices.append(f"user '{user.name or user.guid}' is reviewer '{name}' (a reviewer's name is "
                                    "letters, digits, '.', '_' and '-'; map names with users=)")
            taken[name.casefold()] = user.guid
            self.user_of[user.guid] = name
            self.user_names.append((user.name or user.guid, name))

    def who(self, *guids: str | None, elem: str = "", line: int | None = None) -> str:
        """The reviewer of the first known user GUID, else the fallback attribution."""
        for guid in guids:
            if guid is None:
                continue
            if guid not in self.user_of:
                name = f"user-{guid[:8]}"
                self.notices.append(f"user {guid} is not listed under Users; their work is attributed to '{name}'")
                self.user_of[guid] = name
                self.user_names.append((guid, name))
            return self.user_of[guid]
        return self.fallback(elem, line)

    def fallback(self, elem: str = "", line: int | None = None) -> str:
        found = self.known_fallback()
        if found:
            return found
        what = f"<{elem}> has no creatingUser and " if elem else ""
        raise InputError(self.qda.where, f"{what}the file names no single user to attribute it to; import with "
                         "reviewer=NAME (--reviewer NAME)", line=line, field=elem or None, unit="line")

    def known_fallback(self) -> str | None:
        """The reviewer credited with what the file leaves unattributed, if there is one."""
        creator = self.qda.creating_user
        if creator and creator in self.user_of:
            return self.user_of[creator]
        if self.importer:
            return self.importer
        if len(self.qda.users) == 1:
            return self.user_of[self.qda.users[0].guid]
        return None

    def add(self, stage: str, reviewer: str, type: str, data: dict[str, Any], time: str | None = None) -> None:
        self.events[stage].append(Planned(reviewer, type, data, time or self.now))

    # ---------------------------------------------------------- studies
    def plan_studies(self) -> dict[str, str]:
        """Cases become studies; returns source GUID -> study id."""
        names = {v.guid: v.name for v in self.qda.variables}
        of_source: dict[str, str] = {}
        unknown: set[str] = set()
        seen: set[str] = set()
        for case in self.qda.cases:
            values = {_key(names.get(g, "")): v.strip() for g, v in case.values if g in names}
            unknown |= {names.get(g, g) for g, _ in case.values if g not in names or _key(names[g]) not in _STUDY}
            sid = values.get("studyid") or slug(case.name or case.guid)
            if sid in seen:
                self.notices.append(f"case '{case.name or case.guid}': study id '{sid}' is another case's in this "
                                    f"file; it is study '{sid}-{case.guid[:8]}'")
                sid = f"{sid}-{case.guid[:8]}"
            seen.add(sid)
            fields: dict[str, Any] = {_STUDY[k]: v for k, v in values.items() if k in _STUDY and k != "studyid"}
            fields.setdefault("citation", case.name or sid)
            fields["year"] = self._year(fields.get("year", ""), case.name)
            for name, check in (("design", normalise_design), ("nation", normalise_nation)):
                try:
                    fields[name] = check(fields.get(name, ""))
                except ValueError:
                    pass  # keep the tool's own wording
            study = Study(sid, **fields)
            old = self.project.studies.get(sid)
            if old is None:
                self.studies.append(study)
            elif old != study:
                self.notices.append(f"study '{sid}' is already in the project with other details; kept as it was")
            for source in case.sources:
                of_source.setdefault(source, sid)
        if unknown:
            self.notices.append(f"case variables with no place in a study record: {', '.join(sorted(unknown))}")
        return of_source

    def _year(self, value: str, case: str) -> int | None:
        try:
            return int(value) if value.strip() else None
        except ValueError:
            self.notices.append(f"case '{case}': year {value!r} is not a whole number; left empty")
            return None

    # ---------------------------------------------------------- sources
    def plan_source(self, src: QdaSource, study_id: str) -> tuple[str, TextMap] | None:
        tmap = TextMap(src.text)
        if not tmap.text.strip():
            self.notices.append(f"source '{src.name}' has no text; not imported")
            return None
        names = {v.guid: _key(v.name) for v in self.qda.variables}
        values = {names.get(g, ""): v for g, v in src.values}
        digest = sha256(tmap.text)
        wanted = values.get("sourceid", "").strip()
        if problem_with_id(wanted, SOURCE_ID) is not None:
            stem = src.name
            if stem.lower().endswith(_EXTENSIONS):
                stem = stem.rsplit(".", 1)[0]
            wanted = slug(stem.replace(".", " "))
        stored = {s.source_id: s for s in self.project.sources.values()}
        stored.update({s.source_id: s for s, _ in self.sources})
        same = stored.get(wanted)
        if same is None or same.sha256 != digest:
            same = next((s for s in stored.values() if s.sha256 == digest), None)
            if same is not None:
                self.notices.append(f"source '{src.name}' has the same text as source '{same.source_id}': "
                                    "its codings are placed there")
        if same is not None:
            self.landed.append(same.source_id)
            return same.source_id, tmap
        sid, n = wanted, 1
        while sid in stored:
            n += 1
            sid = f"{wanted}-{n}"
        if sid != wanted:
            self.notices.append(f"source '{src.name}': the id '{wanted}' belongs to another source with a different "
                                f"text; stored as '{sid}'")
        self.created[sid] = (self.user_of.get(src.user or "") or self.known_fallback(), norm_time(src.time) or self.now)
        pages = self._pages(values.get("pages", ""), len(tmap.text), src.name)
        ours = "sourceid" in values  # written by this package: take its fields as they are
        original = values.get("originalfile", "") if ours else (values.get("originalfile", "") or src.name)
        source = Source(sid, src.name or sid, study_id, values.get("sourcekind", "") or "document",
                        original, digest, len(tmap.text), pages)
        self.sources.append((source, tmap.text))
        self.landed.append(sid)
        return sid, tmap

    def _pages(self, value: str, length: int, name: str) -> tuple[tuple[int, str], ...]:
        if not value.strip():
            return ()
        try:
            pages = tuple((int(a), str(b)) for a, b in json.loads(value))
            if all(0 <= a <= length for a, _ in pages) and [a for a, _ in pages] == sorted(a for a, _ in pages):
                return pages
        except (ValueError, TypeError):
            pass
        self.notices.append(f"source '{name}': its page map could not be read; no pages")
        return ()

    # ------------------------------------------------------------ codes
    def plan_codes(self, used: set[str]) -> None:
        existing = {c.label.casefold(): c.code_id for c in self.project.codes.values()}
        labels = {c.label.casefold(): c.label for c in self.project.codes.values()}
        have_themes = theme_seam.available()
        folders = flattened = 0
        code_author = None
        for top in self.qda.codes:
            for code, depth, parent in top.walk():
                if depth:
                    flattened += 1
                if not code.codable and code.guid not in used:
                    folders += 1
                    continue
                mine = local_id("code", code.guid)
                own = self._own_codes.get(code.guid)
                if own and _words(self.project.codes[own].label).casefold() != _words(code.name).casefold():
                    own = None  # the same id in another project: not this code
                if mine in self.project.codes or own:
                    self.code_ids[code.guid] = mine if mine in self.project.codes else own or mine
                    continue
                label = " ".join(code.name.split())
                if not label:
                    label = f"Code {code.guid[:8]}"
                    self.notices.append(f"a code with no name ({code.guid}) is called '{label}'")
                elif label != code.name.strip():
                    self.notices.append(f"code '{code.name.strip()}' is called '{label}' (white space inside a label "
                                        "is one space)")
                key = label.casefold()
                if key in existing and existing[key] not in self.code_ids.values():
                    self.code_ids[code.guid] = existing[key]
                    same = labels[key]
                    told = "was already in the codebook" if same == label else \
                        f"joins the codebook's code '{same}' (labels are compared ignoring case)"
                    self.notices.append(f"code '{label}' {told}: its codings join it")
                    continue
                unique = self._unique(label, parent, labels)
                if unique != label:
                    where = "already in the codebook" if key in existing else "another code of this file"
                    self.notices.append(f"code '{label}' was renamed '{unique}': '{labels[key]}' is {where} "
                                        "(labels are compared ignoring case)")
                label = unique
                labels[label.casefold()] = label
                code_author = code_author or self.fallback("Code", code.line)
                index = len(self.project.codes) + len(self.events["code"])
                colour = _colour(code.colour, index)
                if code.colour.strip() and not _COLOUR.match(code.colour.strip()):
                    self.notices.append(f"code '{label}': colour {code.colour.strip()!r} is not #RRGGBB; it is "
                                        f"{colour}")
                self.add("code", code_author, "code.create", {
                    "code_id": mine, "label": label, "definition": code.description.strip(),
                    "colour": colour}, self.base_time)
                self.code_ids[code.guid] = mine
        self.plan_nesting()
        ours = self.qda.origin.split(" ")[0] == ORIGIN.split(" ")[0]  # written by this package
        plan = theme_seam.plan_themes(self.project, self.qda.codes, self.code_ids, ours=ours,
                                      sets=self.qda.sets) if have_themes else None
        if plan is not None:
            author = code_author or self.fallback("Code")
            for type, data in plan.events:
                self.add("theme", author, type, data, self.base_time)
            self.notices.extend(plan.notices)
            self.theme_count = plan.count
        elif folders:
            self.notices.append(f"the code tree's folders that cannot be coded ({folders}) were flattened "
                                "(codes under codes stay child codes): this project keeps such folders only as "
                                "themes, and synthesis.themes is not available")

    def plan_nesting(self) -> None:
        """A code under a code that can be coded too is a child code here (``code.move``); a code
        under a folder that cannot be coded stays at the top (the folder is a theme)."""
        parents = {cid: c.parent for cid, c in self.project.codes.items()}
        author = None
        for top in self.qda.codes:
            for code, _, parent in top.walk():
                child, above = self.code_ids.get(code.guid), self.code_ids.get(parent.guid) if parent else None
                if not (code.codable and parent is not None and parent.codable and child and above) \
                        or child == above or parents.get(child) == above:
                    continue
                if child in self.project.codes and self.project.codes[child].parent in self.project.codes:
                    here = self.project.codes[self.project.codes[child].parent].label
                    self.notices.append(f"code '{code.name.strip()}' stays under '{here}', where this codebook "
                                        f"has it (the file has it under '{parent.name.strip()}')")
                    continue
                step, seen = above, set()
                while step and step not in seen:  # an older nesting in this codebook runs the other way
                    seen.add(step)
                    step = parents.get(step, "")
                if child in seen:
                    self.notices.append(f"code '{code.name.strip()}' stays where it is: under '{parent.name.strip()}' "
                                        "it would sit inside itself")
                    continue
                parents[child] = above
                author = author or self.fallback("Code", code.line)
                # with the themes' events: after every code.create, so the parent exists when it folds
                self.add("theme", author, "code.move", {"code_id": child, "parent": above}, self.base_time)

    @staticmethod
    def _unique(label: str, parent: QdaCode | None, taken: Mapping[str, str]) -> str:
        """``label``, or (if a code has it already, ignoring case) it with its parent's name, or a number.

        >>> _Planner._unique("Trust", None, {"trust": "trust"}), _Planner._unique("Trust", None, {})
        ('Trust 2', 'Trust')
        """
        if label.casefold() not in taken:
            return label
        if parent is not None:
            label = f"{label} ({' '.join(parent.name.split())})"
        base, n = label, 1
        while label.casefold() in taken:
            n += 1
            label = f"{base} {n}"
        return label

    # ------------------------------------------------------- selections
    def place(self, src: QdaSource, tmap: TextMap, conv: Convention, sel: QdaSelection) -> tuple[int, int] | None:
        found = place(tmap, conv, sel)
        where = f"source '{src.name}', selection {sel.guid} ({sel.start}-{sel.end})"
        if found.notice:
            self.notices.append(f"{where}: {found.notice}")
        if found.span is None:
            extra = " (with its comment)" if sel.description.strip() else ""
            self.unplaced.append(f"{where}{extra}: {found.reason}; {len(sel.codings)} coding(s) not imported")
        return found.span

    def plan_codings(self, sid: str, tmap: TextMap, src: QdaSource) -> dict[str, str]:
        """Coding events of one source; returns coding GUID -> the id of the coding it is now
        (written now, or already in the project from an earlier import)."""
        conv = choose_convention(tmap, src.selections, self.expected)
        if src.selections:
            self.conventions.append((sid, conv.name))
            if conv is not self.expected:
                self.notices.append(f"source '{src.name}': offsets read as {conv.name}, which fits its selections "
                                    f"better than {self.expected.name} (origin {self.qda.origin!r})")
        existing = {(c.reviewer, c.source_id, c.start, c.end, c.code_id): c.coding_id
                    for c in self.project.codings_of(sid)}
        landed: dict[str, str] = {}
        spans = [(sel, self.place(src, tmap, conv, sel)) for sel in src.selections]
        whole = (len(tmap.text) - len(tmap.text.lstrip()), len(tmap.text.rstrip()))
        if src.codings:
            self.notices.append(f"source '{src.name}': {len(src.codings)} coding(s) of the whole source were "
                                "placed on its whole text")
            spans.append((QdaSelection(src.guid, 0, 0, None, src.user, src.time, codings=src.codings), whole))
        for sel, span in spans:
            self.selections += sel.guid != src.guid
            if span is None:
                continue
            groups: dict[tuple[str, str], list[list[str]]] = {}  # (reviewer, time) -> [coding id, code id]
            for coding in sel.codings:
                code_id = self.code_ids.get(coding.code)
                if code_id is None:
                    raise InputError(self.qda.where, f"Coding {self.qda.shown(coding.guid)} refers to code "
                                     f"{self.qda.shown(coding.code)}, which is not in the codebook", line=coding.line, field="CodeRef/@targetGUID",
                                     unit="line")
                reviewer = self.who(coding.user, sel.user, src.user, elem="Coding", line=coding.line)
                identity = (reviewer, sid, span[0], span[1], code_id)
                own = self.project.codings.get(self._own_codings.get(coding.guid, ""))
                if own is not None and (own.reviewer, own.source_id, own.start, own.end, own.code_id) == identity:
                    cid = own.coding_id  # this project's coding, coming back
                else:
                    cid = local_id("coding", coding.guid)
                if cid in self.project.codings or identity in existing:
                    # imported before, or the same reviewer coded the same span with the same code
                    landed[coding.guid] = cid if cid in self.project.codings else existing[identity]
                    self.merged_codings += cid not in self.project.codings
                    continue
                existing[identity] = cid
                when = norm_time(coding.time) or norm_time(sel.time) or self.now
                groups.setdefault((reviewer, when), []).append([cid, code_id])
                landed[coding.guid] = cid
            for (reviewer, when), pairs in sorted(groups.items(), key=lambda item: item[0][1]):
                # one event per reviewer and time, so every coding keeps its own time
                start, end = span
                self.add("coding", reviewer, "coding.apply", {
                    "source_id": sid, "start": start, "end": end, "quote": tmap.text[start:end],
                    "prefix": tmap.text[max(0, start - 32):start], "suffix": tmap.text[end:end + 32],
                    "codings": pairs, "source_sha256": sha256(tmap.text)}, when)
                self.codings[reviewer] = self.codings.get(reviewer, 0) + len(pairs)
            first = next((landed[c.guid] for c in sel.codings if c.guid in landed), None)
            if not sel.description.strip():
                continue
            if self.repeats_notes(sel.description, [*sel.notes, *(n for c in sel.codings for n in c.notes)]):
                self.copies += 1
            elif first:
                self.memo_on("coding", first, sel.description.strip(), self.who(sel.user, elem="PlainTextSelection",
                             line=sel.line), norm_time(sel.time), local_id("note", sel.guid))
            elif sel.guid != src.guid:
                self.notices.append(f"source '{src.name}', selection {sel.guid} ({sel.start}-{sel.end}) has a comment "
                                    "but no coding: not imported (a memo here sits on a coding)")
        return landed

    def repeats_notes(self, description: str, refs: list[str]) -> bool:
        """Whether ``description`` only repeats the notes ``refs`` (as our exports write it,
        for readers that take a Description but not a note): then the notes are imported."""
        texts = [self._note_text[g].strip() for g in dict.fromkeys(refs) if self._note_text.get(g, "").strip()]
        return bool(texts) and _words(description) == _words("\n\n".join(texts))

    # ------------------------------------------------------------ memos
    def memo_on(self, kind: str, target: str, text: str, author: str, time: str | None, memo_id: str) -> None:
        if memo_id in self.project.memos or guid_for("note", memo_id) in self._note_guids:
            return  # this note came from the project itself (an export coming back): it is here already
        for memo in self.project.memos.values():
            if (memo.author, memo.target_kind, memo.target_id) == (author, kind, target) and text in memo.text:
                self.repeated_memos += 1
                return  # the same words are on the same thing already
        for event in self.events["memo"]:
            d = event.data
            if event.reviewer == author and d["target_kind"] == kind and d["target_id"] == target:
                if text not in d["text"]:
                    d["text"] = f"{d['text']}\n\n{text}"
                    self.notices.append(f"two notes by {author} on the same {kind} ({target}) were joined into one "
                                        "memo (this project keeps one memo per reviewer and thing)")
                else:
                    self.repeated_memos += 1
                return
        self.add("memo", author, "memo.write", {"memo_id": memo_id, "target_kind": kind, "target_id": target,
                                                "text": text}, time)
        self.memo_count += 1

    def plan_notes(self, targets: dict[str, list[tuple[str, str]]]) -> None:
        notes = {n.guid: n for n in self.qda.notes}
        for guid in targets:
            if guid not in notes:
                self.notices.append(f"a NoteRef points to note {guid}, which is not in the file")
        for note in self.qda.notes:
            places = targets.get(note.guid, [])
            text = note.text.strip() or note.name.strip()
            if not places:
                self.notices.append(f"note '{note.name or note.guid}' is not attached to a code, coding or "
                                    "source; not imported")
                continue
            if not text:
                self.notices.append(f"note {note.guid} is empty; not imported")
                continue
            author = self.who(note.user, elem="Note")
            for n, (kind, target) in enumerate(dict.fromkeys(places)):
                memo_id = local_id("note", note.guid) + (f"-{n + 1}" if n else "")
                self.memo_on(kind, target, text, author, norm_time(note.time), memo_id)

    # ------------------------------------------------------------- plan
    def run(self) -> Plan:
        study_of = self.plan_studies()
        used = {c.code for s in self.qda.sources for sel in s.selections for c in sel.codings}
        used |= {c.code for s in self.qda.sources for c in s.codings}
        self.plan_codes(used)
        targets: dict[str, list[tuple[str, str]]] = {}
        for code in self.qda.all_codes():
            for note in code.notes:
                if code.guid in self.code_ids:
                    targets.setdefault(note, []).append(("code", self.code_ids[code.guid]))
        for src in self.qda.sources:
            placed = self.plan_source(src, study_of.get(src.guid, ""))
            if placed is None:
                self.unplaced.extend(f"source '{src.name}' (no text), selection {s.guid}: not imported"
                                     for s in src.selections)
                self.selections += len(src.selections)
                continue
            sid, tmap = placed
            for note in src.notes:
                targets.setdefault(note, []).append(("source", sid))
            if src.description.strip() and self.repeats_notes(src.description, list(src.notes)):
                self.copies += 1
            elif src.description.strip():
                self.memo_on("source", sid, src.description.strip(), self.who(src.user, elem="TextSource",
                             line=src.line), norm_time(src.time), local_id("note", src.guid))
            written = self.plan_codings(sid, tmap, src)
            for sel in src.selections:
                first = next((written[c.guid] for c in sel.codings if c.guid in written), None)
                for note in sel.notes:
                    if first:
                        targets.setdefault(note, []).append(("coding", first))
                for coding in sel.codings:
                    for note in coding.notes:
                        if coding.guid in written:
                            targets.setdefault(note, []).append(("coding", written[coding.guid]))
        self.plan_notes(targets)
        return self.finish()

    def finish(self) -> Plan:
        ids = list(dict.fromkeys(self.landed))
        audit: dict[str, Any] = {"kind": self.kind, "file": self.file, "sha256": self.digest, "ids": ids}
        reviewers = [r for _, r in self.user_names]
        if self.importer:
            reviewers.append(self.importer)
        for stage in ("code", "theme", "coding", "memo"):
            reviewers.extend(e.reviewer for e in self.events[stage])
        # who brought each new source in, and when (exports write them as creatingUser/creationDateTime);
        # the same file imported again records the same, so its audit events are the same too
        first = reviewers[0] if reviewers else None
        created = {sid: value for sid, value in self._created_before.items() if sid in ids}
        created.update({sid: [who or first, when] for sid, (who, when) in self.created.items() if who or first})
        if created:
            audit["created"] = dict(sorted(created.items()))
            reviewers.extend(who for who, _ in created.values() if who)
        if self.merged_codings:
            self.notices.append(f"{plural(self.merged_codings, 'coding')} of the file: already in the project or "
                                "repeated in the file (same reviewer, span and code); kept once")
        if self.repeated_memos:
            self.notices.append(f"{plural(self.repeated_memos, 'note')} of the file: words a memo by the same "
                                "reviewer already has on the same thing; not added again")
        if self.copies:
            self.notices.append(f"{plural(self.copies, 'description')} of selections or sources only repeat the "
                                "notes attached to them: the notes were imported, not the copies")
        names = dict((r, n) for n, r in self.user_names)
        for reviewer in dict.fromkeys(reviewers):
            self.add("audit", reviewer, "corpus.import", {**audit, "as": names.get(reviewer, "")})
        events = tuple(e for stage in ("audit", "code", "theme", "coding", "memo") for e in self.events[stage])
        report = ImportReport(
            self.file, self.qda.origin, tuple(self.user_names), tuple(ids), len(self.sources),
            tuple(s.study_id for s in self.studies), len(self.events["code"]), self.theme_count,
            tuple(sorted(self.codings.items())), self.memo_count, self.selections, tuple(self.conventions),
            tuple(self.unplaced), tuple(dict.fromkeys(self.notices)))
        return Plan(tuple(self.studies), tuple(self.sources), events, report)


_STUDY = {"studyid": "study_id", "citation": "citation", "reference": "reference", "year": "year",
          "design": "design", "nation": "nation", "setting": "setting", "sample": "sample",
          "appraisaltool": "appraisal_tool", "appraisalresult": "appraisal_result", "ppie": "ppie"}


def plan_import(project: "Project", qda: QdaProject, *, file: str, digest: str, kind: str = "qdpx",
                reviewer: str | None = None, users: Mapping[str, str] | None = None,
                now: str | Callable[[], str] | None = None) -> Plan:
    """Plan the import of ``qda`` into ``project`` (reads the project, writes nothing)."""
    from ..project import utc_now

    stamp = now() if callable(now) else (now or utc_now())
    planner = _Planner(project, qda, file=file, digest=digest, kind=kind, reviewer=reviewer,
                       users=dict(users or {}), now=stamp)
    return planner.run()


__all__ = ["Plan", "Planned", "plan_import", "norm_time", "reviewer_name"]
