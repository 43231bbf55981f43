"""What a reviewer does while coding, with no UI in it.

A :class:`CodingSession` keeps the place in the corpus (the current source),
the selection, recently used codes and whose codings are shown; every change
goes through :class:`~synthesis.project.Project`, so it is on disk before the
session returns. Widgets only call these methods and re-render.

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Both partners could act on the ground within a short timescale.", title="Note", source_id="note")
>>> s = CodingSession(p)
>>> s.select(21, 25)                     # "ct o" of "act on": snapped to whole words
(20, 26)
>>> s.selected_text
'act on'
>>> [c.quote for c in s.create_and_apply("Autonomy to act")]
['act on']
>>> [(r.start, r.end, len(r.coding_ids)) for r in s.runs()]
[(0, 20, 0), (20, 26, 1), (26, 63, 0)]
>>> s.progress().segments_coded, s.progress().segments_total
(1, 1)
>>> p.close()
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from pathlib import Path
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from ..corpus.normalise import cite_pages, page_range, pages_covered
from ..corpus.segment import line_paragraphs
from ..corpus.store import atomic_write
from ..errors import ActionError
from ..palette import code_colours, code_patterns
from ..records import Code, Coding
from .emphasis import bold_block, marks
from .wording import describe

if TYPE_CHECKING:
    from ..project import Project

Snap = Literal["word", "sentence", "none"]
Show = Literal["mine", "everyone"]
_WORD = re.compile(r"[\w'\u2019-]")
RECENT = 8


@dataclass(frozen=True)
class Run:
    """A stretch of text covered by the same set of (visible) codings."""

    start: int
    end: int
    coding_ids: tuple[str, ...]


@dataclass(frozen=True)
class Progress:
    """How much of the corpus this reviewer has coded."""

    sources_coded: int
    sources_total: int
    segments_coded: int
    segments_total: int

    @property
    def fraction(self) -> float:
        return self.segments_coded / self.segments_total if self.segments_total else 0.0


@dataclass(frozen=True)
class CodeGroup:
    """A branch of the code tree: a theme (or the codes in no theme), its codes and sub-groups."""

    name: str
    codes: tuple[Code, ...] = ()
    groups: tuple["CodeGroup", ...] = ()
    code: Code | None = None  # in the code hierarchy: the parent code this branch is (also first in ``codes``)

    def all_codes(self) -> list[Code]:
        """The codes of this branch and every branch under it, each once."""
        found = dict.fromkeys(self.codes)
        for group in self.groups:
            found.update(dict.fromkeys(group.all_codes()))
        return list(found)

    def count(self, counts: dict[str, int]) -> int:
        """Codings in this branch: its codes' and those of every code under them (``counts``: code id -> codings)."""
        return sum(counts.get(c.code_id, 0) for c in self.all_codes())


TreeBy = Literal["themes", "codes"]


def code_hierarchy(codes: Iterable[Code]) -> list[CodeGroup]:
    """Codes under their parent codes, alphabetical at every level: a code with codes under it
    is a branch (itself first, then its children), a code without is a leaf of the branch above.
    The top level is one branch, "Codes", holding the top codes.

    >>> from synthesis.records import Code
    >>> tree = code_hierarchy([Code("1", "Trust"), Code("2", "Respect"), Code("3", "Early trust", parent="1")])
    >>> [(g.name, [c.label for c in g.codes], [b.name for b in g.groups]) for g in tree]
    [('Codes', ['Respect'], ['Trust'])]
    >>> [c.label for c in tree[0].groups[0].codes]
    ['Trust', 'Early trust']
    """
    codes = list(codes)
    known = {c.code_id for c in codes}
    children: dict[str, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent if code.parent in known else "", []).append(code)

    def key(c: Code) -> tuple[str, str]:
        return (c.label.casefold(), c.code_id)

    def node(code: Code, seen: frozenset[str]) -> CodeGroup | Code:
        under = [c for c in sorted(children.get(code.code_id, ()), key=key) if c.code_id not in seen]
        if not under:
            return code
        seen = seen | {code.code_id}
        items = [node(c, seen) for c in under]
        return CodeGroup(code.label, (code, *(i for i in items if isinstance(i, Code))),
                         tuple(i for i in items if isinstance(i, CodeGroup)), code=code)

    top = [node(c, frozenset()) for c in sorted(children.get("", ()), key=key)]
    if not top:
        return []
    return [CodeGroup("Codes", tuple(i for i in top if isinstance(i, Code)),
                      tuple(i for i in top if isinstance(i, CodeGroup)))]


@dataclass(frozen=True)
class Document:
    """A source in the document list: its codings per reviewer and how much is coded."""

    source_id: str
    study: str
    title: str
    codings: dict[str, int]
    sentences_coded: dict[str, int]
    sentences: int

    @property
    def total(self) -> int:
        return sum(self.codings.values())


class CodingSession:
    """One reviewer's coding session over a project's sources."""

    def __init__(self, project: "Project", *, show: Show = "everyone", snap: Snap = "word",
                 remember: bool = True) -> None:
        if project.reviewer is None:
            raise ActionError("open the project with a reviewer name to code it")
        self.project = project
        self.show: Show = show
        self.snap_mode: Snap = snap
        self.remember = remember
        self.selection: tuple[int, int] | None = None
        self.recent: list[str] = []
        self.source_id: str | None = None
        self._segment_counts: dict[str, int] | None = None
        self._coded_cache: dict[str, int] = {}
        self._progress: tuple[tuple[int, int], Progress] | None = None
        self._source_of: dict[str, str] = {}  # coding id -> source, for codings seen here
        self._per_text: dict[str, tuple[tuple[str, int, int], Any]] = {}  # see _of_text
        if remember and self._restore_place():
            return
        order = self.source_order()
        if order:
            self.go_to(order[0])

    # ---------------------------------------------------------- navigation
    def source_order(self) -> list[str]:
        """Sources ordered by study citation, then title: the order of next/previous."""
        p = self.project

        def key(sid: str) -> tuple[str, str, str]:
            study = p.study_of(sid)
            return (study.citation.casefold() if study else "~", p.sources[sid].title.casefold(), sid)

        return sorted(p.sources, key=key)

    def studies(self) -> list[tuple[str, str]]:
        """(study id, citation) of every study that has sources, in source order."""
        seen: dict[str, str] = {}
        for sid in self.source_order():
            study = self.project.study_of(sid)
            if study and study.study_id not in seen:
                seen[study.study_id] = study.citation
        return list(seen.items())

    def sources_of(self, study_id: str) -> list[str]:
        return [sid for sid in self.source_order() if self.project.sources[sid].study_id == study_id]

    def go_to(self, source_id: str) -> None:
        if source_id not in self.project.sources:
            raise ActionError(f"no source '{source_id}' in the corpus")
        self.source_id = source_id
        self.selection = None
        self._save_place()

    # The place (source, whose codings, snapping) survives a kernel restart.
    def _place_file(self) -> Path:
        return self.project.root / ".synthesis" / f"place-{self.project.reviewer}.json"

    def _save_place(self) -> None:
        if not self.remember:
            return
        place = {"source_id": self.source_id, "show": self.show, "snap": self.snap_mode}
        atomic_write(self._place_file(), json.dumps(place).encode("utf-8"))

    def set_show(self, show: Show) -> None:
        self.show = show
        self._save_place()

    def set_snap(self, snap: Snap) -> None:
        self.snap_mode = snap
        self._save_place()

    def _restore_place(self) -> bool:
        try:
            place = json.loads(self._place_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        self.show = place.get("show", self.show) if place.get("show") in ("mine", "everyone") else self.show
        if place.get("snap") in ("word", "sentence", "none"):
            self.snap_mode = place["snap"]
        if place.get("source_id") in self.project.sources:
            self.source_id = place["source_id"]
            return True
        return False

    def _step(self, delta: int) -> str | None:
        order = self.source_order()
        if not order:
            return None
        at = order.index(self.source_id) if self.source_id in order else -1
        self.go_to(order[(at + delta) % len(order)])
        return self.source_id

    def next_source(self) -> str | None:
        return self._step(1)

    def previous_source(self) -> str | None:
        return self._step(-1)

    def next_uncoded(self) -> str | None:
        """Select the next sentence this reviewer has not coded, here or in a later source.

        The search starts after the selection (or at the start of the source), runs on
        through the following sources and wraps round to the current one. Returns the
        source of the sentence found, or None when every sentence has a coding of this
        reviewer.
        """
        order = self.source_order()
        if not order:
            return None
        at = order.index(self.source_id) if self.source_id in order else 0
        after = self.selection[1] if self.selection and self.source_id in order else 0
        for step, sid in enumerate(order[at:] + order[:at + 1]):
            low = after if step == 0 else 0
            high = after if step == len(order) else None  # the wrap back to where we began
            found = self.uncoded_segment(sid, low, high)
            if found:
                self.go_to(sid)
                self.selection = found
                return sid
        return None

    def uncoded_segment(self, source_id: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """The first sentence of a source starting in ``[start, end)`` that no coding of
        this reviewer touches, as ``(start, end)``, or None."""
        spans = sorted((c.start, c.end) for c in self.project.codings_of(source_id)
                       if c.reviewer == self.project.reviewer and c.status != "orphaned")
        text = self.text_of(source_id)
        i, reach = 0, -1
        for seg in self.project.segments(source_id):
            while i < len(spans) and spans[i][0] < seg.end:
                reach = max(reach, spans[i][1])
                i += 1
            if seg.start < start:
                continue
            if end is not None and seg.start >= end:
                return None
            if reach <= seg.start and seg.end > seg.start and text[seg.start:seg.end].strip():
                return (seg.start, seg.end)
        return None

    def text_of(self, source_id: str) -> str:
        return self.project.text(source_id) or ""

    def paragraphs(self, source_id: str | None = None) -> list[tuple[int, str]]:
        """Paragraph starts and kinds of a source (default: the current one), see :func:`paragraphs`."""
        return self._of_text("paragraphs", source_id, paragraphs)

    def marks(self, source_id: str | None = None) -> list[tuple[int, int, str]]:
        """Where a source (default: the current one) has Markdown bold: the ``**`` markers, drawn
        out of sight, and the words between them, drawn bold (:func:`~synthesis.coding.emphasis.marks`);
        the text itself, and so every offset, stays as stored."""
        return self._of_text("marks", source_id, marks)

    def _of_text(self, what: str, source_id: str | None, make: Callable[[str], Any]) -> Any:
        """``make(text)`` of a source's text, kept (one source per ``what``) until the text changes."""
        sid = source_id or self.source_id or ""
        text = self.text_of(sid)
        key = (sid, len(text), hash(text))
        held = self._per_text.get(what)
        if held is None or held[0] != key:
            held = self._per_text[what] = (key, make(text))
        return held[1]

    @property
    def text(self) -> str:
        return self.project.text(self.source_id) or "" if self.source_id else ""

    def citation(self) -> str:
        """The heading of the current source: citation (or title) and pages."""
        if not self.source_id:
            return ""
        source = self.project.sources[self.source_id]
        study = self.project.study_of(self.source_id)
        pages = pages_covered(p for _, p in source.pages)
        head = study.citation if study else source.title
        return f"{head}; {pages}" if pages and study else head

    def place(self, start: int, end: int) -> str:
        """Where ``[start, end)`` of the current source lies, in a reader's words: its paragraph
        (numbered as the coding view numbers them) and its page, when the source has pages.

        >>> from synthesis import Project
        >>> import tempfile, pathlib
        >>> p = Project.init(pathlib.Path(tempfile.mkdtemp()) / "r", reviewer="AG")
        >>> _ = p.add_text("Findings\\n\\nTrust grew. Both acted.\\n\\nIt took time.", title="T",
        ...                source_id="t", pages=((0, "9"), (34, "10")))
        >>> s = CodingSession(p, remember=False)
        >>> s.go_to("t")
        >>> s.place(10, 21), s.place(10, 46)
        ('paragraph 2, p. 9', 'paragraphs 2-3, pp. 9-10')
        >>> p.close()
        """
        if not self.source_id:
            return ""
        starts = [at for at, _ in self.paragraphs()]
        first, last = bisect_right(starts, start), bisect_right(starts, max(start, end - 1))
        said = []
        if first:
            said.append(f"paragraph {first}" if first == last else f"paragraphs {first}-{last}")
        source = self.project.sources.get(self.source_id)
        pages = cite_pages(page_range(source.pages, start, end)) if source and source.pages else ""
        if pages:
            said.append(pages)
        return ", ".join(said)

    # ----------------------------------------------------------- selection
    def snap(self, start: int, end: int, mode: Snap | None = None) -> tuple[int, int]:
        """Widen ``[start, end)`` to whole words or sentences; trim white space."""
        text = self.text
        start, end = max(0, min(start, end)), min(len(text), max(start, end))
        mode = mode or self.snap_mode
        if mode == "sentence":
            segs = self.project.segments(self.source_id)
            covering = [s for s in segs if s.end > start and s.start < end]
            if covering:
                start, end = min(start, covering[0].start), max(end, covering[-1].end)
        elif mode == "word":
            while start > 0 and start < len(text) and _WORD.match(text[start]) and _WORD.match(text[start - 1]):
                start -= 1
            while 0 < end < len(text) and _WORD.match(text[end - 1]) and _WORD.match(text[end]):
                end += 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    def select(self, start: int, end: int) -> tuple[int, int] | None:
        """Select a span (snapped); an empty one clears the selection."""
        if start == end:
            self.selection = None
            return None
        start, end = self.snap(start, end)
        self.selection = (start, end) if end > start else None
        return self.selection

    def step_sentence(self, delta: int = 1, *, extend: bool = False) -> tuple[int, int] | None:
        """Select the next (``delta=1``) or previous (``-1``) sentence, or extend to it.

        This is how a reviewer selects with the keyboard alone.
        """
        segs = self.project.segments(self.source_id)
        if not segs:
            return None
        if self.selection is None:
            seg = segs[0] if delta > 0 else segs[-1]
            self.selection = (seg.start, seg.end)
            return self.selection
        start, end = self.selection
        if delta > 0:
            after = [s for s in segs if s.start >= end]
            if not after:
                return self.selection
            seg = after[0]
            self.selection = (start, seg.end) if extend else (seg.start, seg.end)
        else:
            before = [s for s in segs if s.end <= start]
            if not before:
                return self.selection
            seg = before[-1]
            self.selection = (seg.start, end) if extend else (seg.start, seg.end)
        return self.selection

    @property
    def selected_text(self) -> str:
        return self.text[self.selection[0]:self.selection[1]] if self.selection else ""

    # -------------------------------------------------------------- coding
    def _remember(self, codes: Iterable[Code]) -> None:
        for code in codes:
            if code.code_id in self.recent:
                self.recent.remove(code.code_id)
            self.recent.insert(0, code.code_id)
        del self.recent[RECENT:]

    def apply(self, codes: Code | str | Iterable[Code | str]) -> list[Coding]:
        """Apply one or more codes to the selection."""
        if not self.selection:
            raise ActionError("select some text first")
        made = self.project.apply_code(self.source_id, *self.selection, codes)
        self._remember(self.project.codes[c.code_id] for c in made)
        return made

    def create_and_apply(self, label: str, definition: str = "") -> list[Coding]:
        """Create a code and apply it to the selection in one step."""
        if not self.selection:
            raise ActionError("select some text first")
        code = self.project.create_code(label, definition)
        return self.apply(code)

    def apply_last(self) -> list[Coding]:
        """Apply the most recently used code again."""
        recent = self.recent_codes()
        if not recent:
            raise ActionError("no code has been applied yet in this session")
        return self.apply(recent[0])

    def remove(self, coding: Coding | str) -> None:
        self.project.remove_coding(coding)

    def undo(self) -> str:
        """Undo this reviewer's last action; say what it was, in words."""
        event = self.project.undo()
        return f"Undid: {describe(self.project, event)}" if event else "nothing to undo"

    def redo(self) -> str:
        """Redo what was undone last; say what it was, in words."""
        event = self.project.redo()
        if event is None:
            return "nothing to redo"
        target = self.project.event(str(event.data.get("target", "")))
        return f"Redid: {describe(self.project, target)}" if target else "Redid your last action"

    # --------------------------------------------------------------- views
    def recent_codes(self) -> list[Code]:
        return [self.project.codes[c] for c in self.recent if c in self.project.codes]

    def search_codes(self, query: str = "", limit: int = 50) -> list[Code]:
        """Codes matching ``query``: label prefix, then label, then definition.

        With no query: recently used codes first, then the rest alphabetically.
        When the session shows only this reviewer's codings (blind double coding),
        only the codes this reviewer made or applied are offered.
        """
        codes = list(self.project.codes.values())
        if self.show == "mine":
            own = self.own_codes()
            codes = [c for c in codes if c.code_id in own]
        q = query.strip().casefold()
        if not q:
            recent = self.recent_codes()
            rest = sorted((c for c in codes if c not in recent), key=lambda c: c.label.casefold())
            return (recent + rest)[:limit]
        ranked = []
        for code in codes:
            label = code.label.casefold()
            if label.startswith(q):
                rank = 0
            elif q in label:
                rank = 1
            elif q in code.definition.casefold():
                rank = 2
            else:
                continue
            ranked.append((rank, label, code))
        return [c for _, _, c in sorted(ranked, key=lambda t: t[:2])][:limit]

    def own_codes(self) -> set[str]:
        """Ids of the codes this reviewer created or has applied."""
        p = self.project

        def compute() -> set[str]:
            mine = {c.code_id for c in p.codes.values() if c.created_by == p.reviewer}
            return mine | {c.code_id for c in p.codings.values() if c.reviewer == p.reviewer}

        return p.cached(f"own_codes:{p.reviewer}", compute)

    def colours(self) -> dict[str, str]:
        """The colour each code is shown in (:func:`display_colours`)."""
        return display_colours(self.project)

    def patterns(self) -> dict[str, str]:
        """The pattern each code is drawn with over its colour (:func:`display_patterns`)."""
        return display_patterns(self.project)

    def visible(self, coding: Coding) -> bool:
        return self.show == "everyone" or coding.reviewer == self.project.reviewer

    def codings(self, source_id: str | None = None) -> list[Coding]:
        """Visible codings of a source (default: the current one), by position."""
        sid = source_id or self.source_id
        all_here = self.project.codings_of(sid)
        self._source_of.update((c.coding_id, sid) for c in all_here)
        found = [c for c in all_here if self.visible(c)]
        return sorted(found, key=lambda c: (c.start, -c.end, c.coding_id))

    def codings_at(self, offset: int) -> list[Coding]:
        return [c for c in self.codings() if c.start <= offset < c.end]

    def runs(self, source_id: str | None = None) -> list[Run]:
        """The text cut where visible codings start or end, for highlighting."""
        sid = source_id or self.source_id
        text = self.project.text(sid) or ""
        codings = [c for c in self.codings(sid) if c.status != "orphaned"]
        cuts = sorted({0, len(text), *(c.start for c in codings), *(c.end for c in codings)})
        starting: dict[int, list[int]] = {}
        ending: dict[int, list[int]] = {}
        for i, c in enumerate(codings):
            if c.end > c.start:
                starting.setdefault(c.start, []).append(i)
                ending.setdefault(c.end, []).append(i)
        active: set[int] = set()  # codings covering the run being cut, swept from left to right
        runs = []
        for a, b in zip(cuts, cuts[1:]):
            active.difference_update(ending.get(a, ()))
            active.update(starting.get(a, ()))
            runs.append(Run(a, b, tuple(codings[i].coding_id for i in sorted(active))))
        return runs

    def progress(self) -> Progress:
        """Sources and sentence segments this reviewer has coded, of all.

        Cached against the project's version; after the reviewer's own codings and
        removals only the sources they touched are counted again.
        """
        p = self.project
        if self._progress is not None and self._progress[0] == p.version:
            return self._progress[1]
        if self._segment_counts is None:
            self._segment_counts = {sid: len(p.segments(sid)) for sid in p.sources}
        touched = self._touched_since_last_progress()
        sources = self._coded_cache.keys() | set(p.sources) if touched is None else touched
        for sid in sources:
            spans = tuple(sorted((c.start, c.end) for c in p.codings_of(sid) if c.reviewer == p.reviewer))
            if spans:
                self._coded_cache[sid] = _count_covered(p.segments(sid), spans)
            else:
                self._coded_cache.pop(sid, None)
        progress = Progress(len(self._coded_cache), len(p.sources), sum(self._coded_cache.values()),
                            sum(self._segment_counts.values()))
        self._progress = (p.version, progress)
        return progress

    def code_tree(self, by: TreeBy = "themes") -> list[CodeGroup]:
        """The codebook as a tree. ``by="themes"``: analytical themes, their descriptive themes,
        their codes; then descriptive themes in no analytical theme, then the codes in no theme.
        ``by="codes"``: codes under their parent codes (:func:`code_hierarchy`).

        The order is that of the themes, and codes are alphabetical inside a branch, so the
        tree does not move while a reviewer codes (recently used codes have their own row).
        """
        if by == "codes":
            return code_hierarchy(self.project.codes.values())
        from ..themes.query import hierarchy

        def by_label(codes: Iterable[Code]) -> tuple[Code, ...]:
            return tuple(sorted(codes, key=lambda c: c.label.casefold()))

        tree = hierarchy(self.project)
        found = [CodeGroup(t.theme.name, groups=tuple(CodeGroup(b.theme.name, by_label(b.codes)) for b in t.branches))
                 for t in tree.analytical]
        if tree.unplaced:
            found.append(CodeGroup("Descriptive themes in no analytical theme",
                                   groups=tuple(CodeGroup(b.theme.name, by_label(b.codes)) for b in tree.unplaced)))
        if tree.free_codes:
            found.append(CodeGroup("Not in a theme", by_label(tree.free_codes)))
        return found

    def documents(self) -> list[Document]:
        """Every source in navigation order, with its codings and coded sentences per reviewer."""
        p = self.project

        def compute() -> list[Document]:
            found = []
            for sid in self.source_order():
                study = p.study_of(sid)
                by_reviewer: dict[str, list[tuple[int, int]]] = {}
                for c in p.codings_of(sid):
                    by_reviewer.setdefault(c.reviewer, []).append((c.start, c.end))
                segments = p.segments(sid)
                found.append(Document(
                    sid, study.citation if study else "", p.sources[sid].title,
                    {r: len(spans) for r, spans in sorted(by_reviewer.items())},
                    {r: _count_covered(segments, tuple(sorted(spans))) for r, spans in sorted(by_reviewer.items())},
                    len(segments)))
            return found

        return p.cached("coding.documents", compute)

    def _touched_since_last_progress(self) -> set[str] | None:
        """Sources whose codings changed since progress was last counted (None: count all)."""
        if self._progress is None or self._progress[0][0] != self.project.version[0]:
            return None
        events = self.project.events[self._progress[0][1]:]
        touched: set[str] = set()
        for event in events:
            if event.type == "coding.apply":
                touched.add(event.data["source_id"])
            elif event.type == "coding.remove":
                for cid in event.data["coding_ids"]:
                    if cid not in self._source_of:
                        return None
                    touched.add(self._source_of[cid])
            elif event.type not in ("code.create", "code.update", "code.move", "memo.write", "memo.delete", "corpus.import"):
                return None  # merges, splits, deletions, undo: count everything again
        return touched

    def quotations(self, code: Code | str, *, everyone: bool | None = None) -> pd.DataFrame:
        """Every quotation coded with ``code`` across studies, with citation and page."""
        from ..views import codings as codings_view

        found = self.project.code(code)
        only_mine = not (self.show == "everyone" if everyone is None else everyone)
        frame = codings_view(self.project, code_id=found.code_id,
                             reviewer=self.project.reviewer if only_mine else None)
        return frame[["citation", "page", "quote", "cite", "reviewer", "source_id", "coding_id"]].reset_index(drop=True)


def source_names(project: "Project") -> dict[str, str]:
    """How each source is named in lists: its study's citation and its title; the citation
    alone when the title is only the source's id (a file's name) and the study has no other source.

    >>> import tempfile
    >>> from synthesis import Project
    >>> from synthesis.corpus.importing import save_studies
    >>> from synthesis.records import Study
    >>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
    >>> _ = save_studies(p, [Study("s1", "Care Learning, n.d.")])
    >>> _ = p.add_text("Trust.", title="guide-2020", source_id="guide-2020", study_id="s1")
    >>> _ = p.add_text("Respect.", title="Workshop notes", source_id="notes", study_id="")
    >>> source_names(p)
    {'guide-2020': 'Care Learning, n.d.', 'notes': 'Workshop notes'}
    """
    def compute() -> dict[str, str]:
        per_study: dict[str, int] = {}
        for source in project.sources.values():
            per_study[source.study_id] = per_study.get(source.study_id, 0) + 1
        names = {}
        for sid, source in project.sources.items():
            study = project.study_of(sid)
            if study is None:
                names[sid] = source.title or sid
            elif source.title in ("", sid) and per_study.get(source.study_id) == 1:
                names[sid] = study.citation
            else:
                names[sid] = f"{study.citation}: {source.title or sid}"
        return names

    return project.cached("coding.source_names", compute)


def display_colours(project: "Project") -> dict[str, str]:
    """The colour each code is shown in, in every view (:func:`~synthesis.palette.code_colours`):
    distinct while the palette lasts, and never that of a code sharing a span with it."""
    def compute() -> dict[str, str]:
        codes = project.codes.values()
        return code_colours([(c.code_id, c.first_colour or c.colour) for c in codes],
                            code_overlaps(project.codings.values()),
                            {c.code_id: c.colour for c in codes if c.first_colour})

    return project.cached("code_colours", compute)


def display_patterns(project: "Project") -> dict[str, str]:
    """The pattern each code is drawn with over its display colour (:func:`~synthesis.palette.code_patterns`):
    plain while the palette lasts, then one no other code of that colour has."""
    return project.cached("code_patterns", lambda: code_patterns(display_colours(project)))


_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*")
_SENTENCE_END = tuple(".,;:!?…")
#: words a heading does not end with, written in lower case: a line ending in one was cut short
#: ("Originally posted on 30 November at"); "Appendix A" and "Who we work with" are headings
_OPEN_ENDED = frozenset("a an the and or nor but of at than".split())


def paragraphs(text: str) -> list[tuple[int, str]]:
    """Where each paragraph starts (paragraphs are parted by blank lines, or by single line
    breaks in a text that has none: :func:`~synthesis.corpus.segment.line_paragraphs`), and whether
    it is a heading (``"h"``) or not (``"p"``).

    A heading is one short line (at most 12 words) opening with a capital, a digit or a
    quotation mark, with no sentence punctuation at its end and not ending in a word such as "at"
    or "the" that needs more after it, followed by more text; or a
    Markdown ``#`` line; or a paragraph that is one Markdown bold run (``**…**``, at most 25
    words, on one line or more) and otherwise like the short line.

    >>> paragraphs("Part I: The framework\\n\\nBelow is the framework we used.\\n\\nthe end")
    [(0, 'h'), (23, 'p'), (56, 'p')]
    >>> paragraphs("# Findings\\nTrust grew.")
    [(0, 'h'), (11, 'p')]
    >>> paragraphs("Why partners meet\\nThey share plans, and they agree goals.\\nFunding ended.\\nThe end.")
    [(0, 'h'), (18, 'p'), (58, 'p'), (73, 'p')]
    >>> paragraphs("**Regional workshops on\\npartnership working**\\n\\n**Trust** grew.")
    [(0, 'h'), (47, 'p')]
    >>> paragraphs("Originally posted on 30 November at\\n\\nPartnership can drive innovation.")
    [(0, 'p'), (37, 'p')]
    >>> [kind for _, kind in paragraphs("Appendix A\\n\\nWho we work with\\n\\nSite A\\n\\nText.")]
    ['h', 'h', 'h', 'p']
    """
    found: list[tuple[int, str]] = []
    lines = line_paragraphs(text)  # no blank lines: paragraphs end at single line breaks
    if lines is not None:
        blocks = [(a, b, text[a:b]) for a, b in lines]
    else:
        blocks = [(m.start(), m.end(), m.group()) for m in _PARAGRAPH.finditer(text)]
    for start, end, block in blocks:
        if not block.strip():
            continue
        lines = block.split("\n")
        if block.lstrip().startswith("#") and len(lines) > 1:  # a Markdown heading on its own line
            found.append((start, "h"))
            found.append((start + len(lines[0]) + 1, "p"))
            continue
        bold = bold_block(block)  # a paragraph all in Markdown bold: an author's heading, however many lines
        line = " ".join(bold.split()) if bold is not None else block.strip().strip("*_").strip()
        words = line.split()
        heading = (block.lstrip().startswith("#")
                   or ((len(lines) == 1 or bold is not None) and 0 < len(words) <= (12 if bold is None else 25)
                       and end < len(text.rstrip())
                       and (line[0].isupper() or line[0].isdigit() or line[0] in "“\"'")
                       and not line.endswith(_SENTENCE_END)
                       and words[-1].strip("*_\"'”’") not in _OPEN_ENDED))
        found.append((start + len(block) - len(block.lstrip()), "h" if heading else "p"))
    return found


def code_overlaps(codings: Iterable[Coding]) -> set[tuple[str, str]]:
    """Pairs of codes applied to overlapping spans of one source.

    >>> from synthesis.records import Anchor, Coding
    >>> ks = [Coding(f"K{i}", code, Anchor("s", a, b, ""), "AG", "") for i, (code, a, b) in
    ...       enumerate([("A", 0, 10), ("B", 5, 12), ("C", 12, 20), ("A", 15, 18)])]
    >>> sorted(code_overlaps(ks))
    [('A', 'B'), ('A', 'C')]
    """
    by_source: dict[str, list[Coding]] = {}
    for coding in codings:
        by_source.setdefault(coding.source_id, []).append(coding)
    pairs: set[tuple[str, str]] = set()
    for found in by_source.values():
        found.sort(key=lambda c: c.start)
        active: list[Coding] = []
        for coding in found:
            active = [a for a in active if a.end > coding.start]
            for other in active:
                if other.code_id != coding.code_id:
                    pairs.add(tuple(sorted((other.code_id, coding.code_id))))  # type: ignore[arg-type]
            active.append(coding)
    return pairs


def _count_covered(segments: list, spans: tuple[tuple[int, int], ...]) -> int:
    """How many segments overlap at least one of the (sorted) spans.

    >>> from synthesis.records import Segment
    >>> segs = [Segment("s", i, 0, a, b) for i, (a, b) in enumerate([(0, 10), (11, 20), (21, 30)])]
    >>> _count_covered(segs, ((5, 12),))
    2
    """
    count = 0
    i = 0
    reach = -1  # the furthest end among spans starting before the current segment's end
    for seg in segments:
        while i < len(spans) and spans[i][0] < seg.end:
            reach = max(reach, spans[i][1])
            i += 1
        if reach > seg.start:
            count += 1
    return count
