"""The disagreement queue, its resolution, and the consensus codings.

Two sources of disagreement:

* **check** — a second reviewer marked a coding *disagree* or *propose*;
* **double** — in independent double coding, one coder applied a code to a
  span where another coder (of the same sources) applied no matching code
  (codes match by id, or through a mapping between coders' codebooks).
  Only sources both coders have coded count (a coder who has not coded a
  source yet creates no differences there), and only between the reviewers
  asked to double-code: the team records them once (:func:`set_double_coders`,
  a ``double.coders`` event), so a new reviewer's coding of other material, or
  a trial run, is nobody's disagreement. Until the team records them, every
  reviewer who codes counts.

Each is resolved by an event, ``disagreement.resolve``: by discussion (a
consensus recorded by any reviewer) or by adjudication (a third reviewer who
is neither party), saying which codings to keep or remove and, when the
team agreed on something new, the consensus coding they applied. The
*consensus codings* — what themes and figures use by default — are all
codings, less those a resolution removed, with codings that several coders
gave the same code on overlapping spans counted once.

>>> import tempfile
>>> from synthesis import Project
>>> root = tempfile.mkdtemp()
>>> with Project.init(root, reviewer="NT") as p:
...     _ = p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
...     _ = p.apply_code("note", 0, 21, p.create_code("Trust"))
...     _ = p.create_code("Reciprocity")
>>> with Project.open(root, reviewer="AG") as p:
...     _ = p.apply_code("note", 0, 5, "Trust")          # agrees with NT (overlapping span)
...     _ = p.apply_code("note", 10, 21, "Reciprocity")  # NT did not code this
...     [(d.kind, d.coding.reviewer, d.other_reviewer) for d in disagreements(p)]
[('double', 'AG', 'NT')]
>>> with Project.open(root, reviewer="AG") as p:
...     len(consensus_codings(p))                         # Trust once, Reciprocity once
2
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..log import gc_paused
from ..errors import ActionError
from ..records import Coding, Event
from ..state import Rejected, State, handles
from .check import verdicts

if TYPE_CHECKING:
    from ..project import Project

METHODS = ("discussion", "adjudication")


@dataclass(frozen=True)
class Disagreement:
    """One item of the queue: a coding, and what the other side said or did."""

    key: str
    kind: str                       # "check" or "double"
    coding: Coding                  # the coding in question
    other_reviewer: str             # the checker, or the other coder
    other_codings: tuple[Coding, ...]  # the other coder's codings overlapping the span
    reason: str = ""
    proposed_code: str = ""
    proposed_span: tuple[int, int] | None = None
    resolved: bool = False


@dataclass(frozen=True)
class Resolution:
    """How a disagreement was settled: who, how, what was kept, removed or added, and why."""

    key: str
    method: str
    resolver: str
    keep: tuple[str, ...]
    remove: tuple[str, ...]
    add: tuple[str, ...]
    note: str
    time: str
    event_id: str


def _resolutions(state: State) -> dict[str, Resolution]:
    return state.extra.setdefault("resolutions", {})


@handles("disagreement.resolve")
def _resolve(state: State, event: Event) -> None:
    d = event.data
    if d["method"] not in METHODS:
        raise Rejected(f"disagreement.resolve: unknown method {d['method']!r}")
    _resolutions(state)[d["key"]] = Resolution(
        d["key"], d["method"], event.reviewer, tuple(d.get("keep", ())), tuple(d.get("remove", ())),
        tuple(d.get("add", ())), d.get("note", ""), event.time, event.id,
    )


@handles("double.coders")
def _double_coders(state: State, event: Event) -> None:
    coders = event.data.get("coders")
    if not isinstance(coders, list) or not all(isinstance(c, str) for c in coders):
        raise Rejected("double.coders: 'coders' is not a list of reviewer names")
    state.extra["double_coders"] = {"coders": tuple(coders), "by": event.reviewer}


def double_coders(project: "Project") -> tuple[str, ...] | None:
    """The reviewers the team asked to double-code (None: not recorded, so everyone who codes)."""
    recorded = project.state.extra.get("double_coders")
    return recorded["coders"] if recorded else None


def set_double_coders(project: "Project", coders: Iterable[str]) -> tuple[str, ...]:
    """Record which reviewers double-code; only their codings are compared with each other.

    Names are matched to the reviewers of the logs ignoring case.
    """
    known = {r.casefold(): r for r in project.reviewers}
    chosen: list[str] = []
    for name in coders:
        found = known.get(str(name).strip().casefold())
        if found is None:
            raise ActionError(f"no reviewer '{name}' in this project (reviewers: {', '.join(project.reviewers)})")
        if found not in chosen:
            chosen.append(found)
    if len(chosen) < 2:
        raise ActionError("double coding needs at least two reviewers")
    project.record("double.coders", {"coders": sorted(chosen)})
    return tuple(sorted(chosen))


def resolutions(project: "Project") -> list[Resolution]:
    """Every resolution in force, oldest first."""
    return sorted(_resolutions(project.state).values(), key=lambda r: (r.time, r.event_id))


def _overlapping(codings: list[Coding], coding: Coding) -> tuple[Coding, ...]:
    return tuple(c for c in codings if c.start < coding.end and c.end > coding.start)


def disagreements(project: "Project", *, coders: tuple[str, ...] | None = None,
                  mapping: Mapping[str, str] | None = None, include_resolved: bool = False) -> list[Disagreement]:
    """The queue: every check-mode disagreement and every double-coding difference.

    ``mapping`` maps one coder's code ids to another's (for independent
    codebooks); codes match by id where it has no entry.
    """
    done = _resolutions(project.state)
    items: list[Disagreement] = []
    for v in verdicts(project):
        if v.verdict == "agree":
            continue
        coding = project.codings[v.coding_id]
        span = (v.proposed_start, v.proposed_end) if v.proposed_start is not None else None
        key = f"check:{v.coding_id}:{v.checker}"
        items.append(Disagreement(key, "check", coding, v.checker, (), v.reason, v.proposed_code, span, key in done))
    mapping = dict(mapping or {})
    for a in mapping.copy():
        mapping.setdefault(mapping[a], a)
    consensus = {cid for r in done.values() for cid in r.add}  # agreed codings are no coder's own
    by_reviewer: dict[str, dict[str, list[Coding]]] = {}
    for c in project.codings.values():
        if c.coding_id in consensus:
            continue
        by_reviewer.setdefault(c.reviewer, {}).setdefault(c.source_id, []).append(c)
    names = sorted(coders or double_coders(project) or by_reviewer)
    for a in names:
        for b in names:
            if a == b:
                continue
            shared = set(by_reviewer.get(a, {})) & set(by_reviewer.get(b, {}))
            for sid in sorted(shared):
                theirs = by_reviewer[b][sid]
                for coding in sorted(by_reviewer[a][sid], key=lambda c: (c.start, c.end, c.coding_id)):
                    want = mapping.get(coding.code_id, coding.code_id)
                    near = _overlapping(theirs, coding)
                    if any(c.code_id == want for c in near):
                        continue
                    key = f"double:{coding.coding_id}:{b}"
                    items.append(Disagreement(key, "double", coding, b, near, resolved=key in done))
    return [d for d in items if include_resolved or not d.resolved]


def resolve(project: "Project", item: Disagreement, *, method: str = "discussion",
            keep: tuple[Coding | str, ...] = (), remove: tuple[Coding | str, ...] = (),
            add: tuple[Coding | str, ...] = (), note: str = "") -> Resolution:
    """Settle a disagreement; adjudication must come from a third reviewer."""
    if project.reviewer is None:
        raise ActionError("open the project with your reviewer name to resolve disagreements")
    if method not in METHODS:
        raise ActionError(f"resolve by one of {', '.join(METHODS)}, not {method!r}")
    if method == "adjudication" and project.reviewer in (item.coding.reviewer, item.other_reviewer):
        raise ActionError("adjudication is by a third reviewer, not one of the two who disagree")
    if not note.strip():
        raise ActionError("say why (the note goes into the audit trail)")
    ids = lambda xs: [x.coding_id if isinstance(x, Coding) else x for x in xs]  # noqa: E731
    for cid in ids(keep) + ids(remove) + ids(add):
        if cid not in project.codings:
            raise ActionError(f"no coding '{cid}'")
    if not (keep or remove or add):
        raise ActionError("say which codings to keep, remove or add")
    project.record("disagreement.resolve", {"key": item.key, "method": method, "keep": ids(keep),
                                            "remove": ids(remove), "add": ids(add), "note": note})
    return _resolutions(project.state)[item.key]


def consensus_codings(project: "Project") -> list[Coding]:
    """The codings themes and figures use: less removed ones, agreed duplicates once.

    Of codings that different coders gave the same code on overlapping spans of
    a source, the earliest stands for all.
    """
    return project.cached("consensus_codings", lambda: _consensus(project))


def _consensus(project: "Project") -> list[Coding]:
    with gc_paused():  # tens of thousands of small tuples that all live on: collecting only re-scans them
        return _consensus_of(project)


def _consensus_of(project: "Project") -> list[Coding]:
    removed = {cid for r in _resolutions(project.state).values() for cid in r.remove}
    groups: dict[tuple[str, str], list[Coding]] = {}
    for key, c in project.codings.items():
        if key not in removed:
            groups.setdefault((c.anchor.source_id, c.code_id), []).append(c)
    out: list[Coding] = []
    for group in groups.values():
        if len(group) == 1 or len({c.reviewer for c in group}) == 1:  # no other coder to agree with
            out.extend(group)
            continue
        chosen: list[Coding] = []
        for coding in sorted(group, key=lambda c: (c.time, c.coding_id)):
            if not any(o.reviewer != coding.reviewer and o.start < coding.end and o.end > coding.start
                       for o in chosen):
                chosen.append(coding)
        out.extend(chosen)
    return sorted(out, key=_place)


def _place(c: Coding) -> tuple[str, int, int, str, str]:
    a = c.anchor
    return (a.source_id, a.start, a.end, c.code_id, c.coding_id)
