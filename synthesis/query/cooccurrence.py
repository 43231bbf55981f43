"""Code co-occurrence: which codes travel together, and how strongly.

Two codes co-occur where they meet, counted one of three ways (``by``):

* ``"overlap"``: passages where spans of the two codes overlap. Each code's spans
  are first merged where they overlap (its *passages*); a meeting is a run of
  passages of the two codes linked by overlaps, counted once however many spans it
  holds. ``n_a`` is the number of passages of code A.
* ``"sentence"``: sentences both codes touch; ``n_a`` is the number of sentences A touches.
* ``"source"``: sources both codes are applied in; ``n_a`` is the number of sources with A.

``n`` is the number of meetings; the c-coefficient (ATLAS.ti's) is
``c = n / (n_a + n_b - n)``, between 0 (never together) and 1 (always together).
Jaccard's coefficient is the share of units the two codes share: characters
for ``"overlap"`` (text coded with both / text coded with either), and for
sentences and sources the same ratio as c.

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust grew. Money was short. Trust and money mattered.", title="Note", source_id="note")
>>> trust, money = p.create_code("Trust"), p.create_code("Money")
>>> _ = p.apply_code("note", 0, 11, trust)
>>> _ = p.apply_code("note", 29, 54, trust)
>>> _ = p.apply_code("note", 12, 28, money)
>>> _ = p.apply_code("note", 39, 44, money)
>>> found = cooccurrence(p)
>>> found.pairs()[["code_a", "code_b", "n", "n_a", "n_b", "c", "jaccard"]].round(4)
  code_a code_b  n  n_a  n_b       c  jaccard
0  Money  Trust  1    2    2  0.3333   0.0962
>>> found.table()
code   Money  Trust
code               
Money      2      1
Trust      1      2
>>> cooccurrence(p, by="source").pairs()[["n", "c"]].values.tolist()
[[1.0, 1.0]]
>>> pair_quotations(p, "Trust", "Money")["text"].tolist()
['Trust and money mattered.']
>>> p.close()
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ActionError
from ..records import Coding
from .saved import register_kind
from .spans import CodeRefs, code_ids, join, merge, pool, quotations

if TYPE_CHECKING:
    from ..project import Project

MODES = ("overlap", "sentence", "source")
VALUES = ("n", "c", "jaccard")
PAIR_COLUMNS = ["code_a", "code_b", "n", "n_a", "n_b", "c", "jaccard", "code_a_id", "code_b_id"]


@dataclass(frozen=True, eq=False)
class Cooccurrence:
    """Co-occurrence counts of a set of codes: ``n[i, j]`` meetings of codes ``i`` and
    ``j`` (``n[i, i]``: the units code ``i`` is in), and Jaccard's coefficients."""

    by: str
    code_ids: tuple[str, ...]
    labels: tuple[str, ...]
    n: np.ndarray
    jaccard: np.ndarray

    @property
    def c(self) -> np.ndarray:
        """The c-coefficient of every pair (1 on the diagonal)."""
        freq = np.diag(self.n).astype(float)
        denominator = freq[:, None] + freq[None, :] - self.n
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(denominator > 0, self.n / np.where(denominator > 0, denominator, 1), 0.0)

    def table(self, value: str = "n") -> pd.DataFrame:
        """The symmetric code x code table of ``value`` ("n", "c" or "jaccard")."""
        if value not in VALUES:
            raise ActionError(f"a co-occurrence table shows one of {', '.join(VALUES)}, not {value!r}")
        data = {"n": self.n, "c": self.c, "jaccard": self.jaccard}[value]
        index = pd.Index(self.labels, name="code")
        return pd.DataFrame(data, index=index, columns=index.copy())

    def pairs(self, *, all_pairs: bool = False) -> pd.DataFrame:
        """One row per pair of codes that meet (``all_pairs``: every pair), strongest first."""
        i, j = np.triu_indices(len(self.code_ids), k=1)
        if not all_pairs:
            keep = self.n[i, j] > 0
            i, j = i[keep], j[keep]
        freq, c = np.diag(self.n), self.c
        labels, ids = np.array(self.labels, dtype=object), np.array(self.code_ids, dtype=object)
        frame = pd.DataFrame({"code_a": labels[i], "code_b": labels[j], "n": self.n[i, j], "n_a": freq[i],
                              "n_b": freq[j], "c": c[i, j], "jaccard": self.jaccard[i, j],
                              "code_a_id": ids[i], "code_b_id": ids[j]}, columns=PAIR_COLUMNS)
        return frame.sort_values(["n", "c", "code_a", "code_b"], ascending=[False, False, True, True],
                                 ignore_index=True, key=lambda s: s.str.casefold() if s.dtype == object else s)


# ------------------------------------------------------------------ building blocks
def _names(project: "Project", ids: Sequence[str]) -> tuple[str, ...]:
    """Code labels, with the id added where two codes share a label."""
    labels = [project.codes[c].label for c in ids]
    seen: dict[str, int] = {}
    for lab in labels:
        seen[lab.casefold()] = seen.get(lab.casefold(), 0) + 1
    return tuple(lab if seen[lab.casefold()] == 1 else f"{lab} [{cid}]" for lab, cid in zip(labels, ids))


def _passages(codings: Sequence[Coding]) -> dict[str, list[tuple[int, int, int]]]:
    """Per source, each code's spans merged where they overlap: ``(start, end, code index)``,
    sorted; ``codings`` carry the code index in place of the code id (see :func:`_indexed`)."""
    spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for sid, start, end, k in codings:  # type: ignore[misc]
        spans.setdefault((sid, k), []).append((start, end))
    found: dict[str, list[tuple[int, int, int]]] = {}
    for (sid, k), mine in spans.items():
        found.setdefault(sid, []).extend((s, e, k) for s, e in merge(mine))
    return {sid: sorted(found[sid]) for sid in sorted(found)}


def _indexed(project: "Project", codings: Sequence[Coding], codes: CodeRefs | None
             ) -> tuple[tuple[str, ...], list[tuple[str, int, int, int]]]:
    wanted = code_ids(project, codes) if codes is not None else None
    known = project.codes
    present = {c.code_id for c in codings} & set(known if wanted is None else wanted & set(known))
    ids = tuple(sorted(present, key=lambda c: (known[c].label.casefold(), c)))
    index = {c: k for k, c in enumerate(ids)}
    rows = []
    for c in codings:
        k = index.get(c.code_id)
        a = c.anchor
        if k is not None and a.end > a.start:
            rows.append((a.source_id, a.start, a.end, k))
    return ids, rows


class _Components:
    """Union-find over the passages that meet."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: Any, y: Any) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[ry] = rx


def _meetings(passages: Mapping[str, list[tuple[int, int, int]]]
              ) -> dict[tuple[int, int], list[tuple[tuple[str, int], tuple[str, int], int]]]:
    """Every overlap between passages of two different codes, by pair of code indexes:
    ``((source, passage number), (source, passage number), characters shared)``."""
    edges: dict[tuple[int, int], list] = {}
    for sid, items in passages.items():
        active: list[tuple[int, int, int, int]] = []
        for number, (start, end, k) in enumerate(items):
            active = [x for x in active if x[1] > start]
            for s2, e2, k2, n2 in active:
                a, b = (k2, k) if k2 < k else (k, k2)
                first, second = ((sid, n2), (sid, number)) if k2 < k else ((sid, number), (sid, n2))
                edges.setdefault((a, b), []).append((first, second, min(end, e2) - start))
            active.append((start, end, k, number))
    return edges


@dataclass(frozen=True, eq=False)
class _Passages:
    """Each code's spans merged where they overlap, as arrays sorted by source, then start."""

    source: np.ndarray   # source number
    code: np.ndarray     # code index
    start: np.ndarray
    end: np.ndarray


def _passage_arrays(rows: Sequence[tuple[str, int, int, int]]) -> _Passages:
    """:func:`_passages` in arrays: merging is a running maximum of ends within (source, code)."""
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return _Passages(empty, empty, empty, empty)
    names = {sid: i for i, sid in enumerate(sorted({r[0] for r in rows}))}
    src = np.fromiter((names[r[0]] for r in rows), dtype=np.int64, count=len(rows))
    data = np.array([r[1:] for r in rows], dtype=np.int64)
    start, end, code = data[:, 0], data[:, 1], data[:, 2]
    order = np.lexsort((start, code, src))
    src, code, start, end = src[order], code[order], start[order], end[order]
    group = np.concatenate(([0], np.cumsum((src[1:] != src[:-1]) | (code[1:] != code[:-1]))))
    big = int(end.max()) + 1
    shift = group * big
    reach = np.maximum.accumulate(end + shift)
    new = np.ones(len(start), dtype=bool)
    new[1:] = start[1:] + shift[1:] >= reach[:-1]
    first = np.flatnonzero(new)
    p_end = np.maximum.reduceat(end + shift, first) - shift[first]
    p_src, p_code, p_start = src[first], code[first], start[first]
    order = np.lexsort((p_start, p_src))
    return _Passages(p_src[order], p_code[order], p_start[order], p_end[order])


def _overlaps(p: _Passages) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (i, j), i before j, of passages that overlap (necessarily of two codes)."""
    if len(p.start) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    big = int(p.end.max()) + 1
    starts = p.source * big + p.start
    ends = p.source * big + p.end
    here = np.arange(len(starts))
    count = np.maximum(np.searchsorted(starts, ends, side="left") - here - 1, 0)
    i = np.repeat(here, count)
    before = np.repeat(np.cumsum(count) - count, count)
    j = np.arange(len(i)) - before + i + 1
    return i, j


def _by_overlap(size: int, p: _Passages) -> tuple[np.ndarray, np.ndarray]:
    """Meetings per pair of codes. Passages of one code never overlap each other, so the
    passages of two codes linked by overlaps form a forest (an interval graph is chordal,
    and a bipartite chordal graph has no cycle): its trees, the meetings, number
    nodes - edges."""
    n = np.zeros((size, size), dtype=np.int64)
    np.fill_diagonal(n, np.bincount(p.code, minlength=size))
    length = np.bincount(p.code, weights=p.end - p.start, minlength=size)
    i, j = _overlaps(p)
    a, b = np.minimum(p.code[i], p.code[j]), np.maximum(p.code[i], p.code[j])
    pair = a * size + b
    edges = np.bincount(pair, minlength=size * size)
    nodes = np.unique(np.concatenate((pair * len(p.start) + i, pair * len(p.start) + j)))
    vertices = np.bincount(nodes // max(len(p.start), 1), minlength=size * size)
    meetings = (vertices - edges).reshape(size, size)
    shared = np.bincount(pair, weights=np.minimum(p.end[i], p.end[j]) - p.start[j],
                         minlength=size * size).reshape(size, size)
    upper = np.triu(meetings, 1)
    n += upper + upper.T
    shared = np.triu(shared, 1)
    shared = shared + shared.T
    union = length[:, None] + length[None, :] - shared
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = np.where(union > 0, shared / np.where(union > 0, union, 1), 0.0)
    np.fill_diagonal(jaccard, 1.0)
    return n, jaccard


def _by_source(size: int, p: _Passages) -> tuple[np.ndarray, np.ndarray]:
    present = np.zeros((int(p.source.max()) + 1 if len(p.source) else 0, size), dtype=np.float64)
    present[p.source, p.code] = 1.0
    n = np.rint(present.T @ present).astype(np.int64)  # a float product: BLAS, exact for these counts
    freq = np.diag(n).astype(float)
    union = freq[:, None] + freq[None, :] - n
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = np.where(union > 0, n / np.where(union > 0, union, 1), 0.0)
    return n, jaccard


def _sentence_of(project: "Project", sid: str):
    segments = project.segments(sid)
    return segments, [s.start for s in segments], [s.end for s in segments]


def _sentences(project: "Project", passages: Mapping[str, list[tuple[int, int, int]]]
               ) -> dict[tuple[str, int], set[int]]:
    """The codes (indexes) touching each sentence ``(source, sentence index)``."""
    found: dict[tuple[str, int], set[int]] = {}
    for sid, items in passages.items():
        segments, starts, ends = _sentence_of(project, sid)
        for start, end, k in items:
            first = bisect_right(ends, start)
            last = bisect_left(starts, end)
            for i in range(first, last):
                found.setdefault((sid, i), set()).add(k)
    return found


def _by_units(size: int, units: Mapping[Any, set[int]]) -> tuple[np.ndarray, np.ndarray]:
    n = np.zeros((size, size), dtype=np.int64)
    for codes in units.values():
        ks = sorted(codes)
        for k in ks:
            n[k, k] += 1
        for a, b in combinations(ks, 2):
            n[a, b] += 1
    n = n + np.triu(n, 1).T
    freq = np.diag(n).astype(float)
    union = freq[:, None] + freq[None, :] - n
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = np.where(union > 0, n / np.where(union > 0, union, 1), 0.0)
    return n, jaccard


def _mode(by: str) -> str:
    if by not in MODES:
        raise ActionError(f"codes co-occur by {', '.join(MODES)}, not {by!r}")
    return by


# ------------------------------------------------------------------ queries
def cooccurrence(project: "Project", by: str = "overlap", *, codes: CodeRefs | None = None,
                 reviewer: str | None = None, consensus: bool = True) -> Cooccurrence:
    """Co-occurrence of every pair of codes in the pool (or of ``codes``), counted ``by``
    "overlap", "sentence" or "source"."""
    by = _mode(by)
    ids, rows = _indexed(project, pool(project, reviewer, consensus), codes)
    size = len(ids)
    if by == "sentence":
        n, jaccard = _by_units(size, _sentences(project, _passages(rows)))  # type: ignore[arg-type]
    else:
        n, jaccard = (_by_overlap if by == "overlap" else _by_source)(size, _passage_arrays(rows))
    return Cooccurrence(by, ids, _names(project, ids), n, jaccard)


def cooccurrence_table(project: "Project", by: str = "overlap", value: str = "n", *,
                       codes: CodeRefs | None = None, reviewer: str | None = None,
                       consensus: bool = True) -> pd.DataFrame:
    """The symmetric code x code table of ``value`` ("n", "c" or "jaccard")."""
    return cooccurrence(project, by, codes=codes, reviewer=reviewer, consensus=consensus).table(value)


def pair_quotations(project: "Project", a: CodeRefs, b: CodeRefs, by: str = "overlap", *,
                    reviewer: str | None = None, consensus: bool = True) -> pd.DataFrame:
    """Where codes ``a`` and ``b`` meet, as quotations: each meeting passage (``"overlap"``:
    from the start of the first span to the end of the last), each sentence both touch
    (``"sentence"``), or every span of either in a source that has both (``"source"``,
    with the code of each span in ``code``)."""
    by = _mode(by)
    left, right = code_ids(project, a), code_ids(project, b)
    codings = [c for c in pool(project, reviewer, consensus) if c.end > c.start]
    rows = [(c.source_id, c.start, c.end, 0 if c.code_id in left else 1)
            for c in codings if c.code_id in left or c.code_id in right]
    both = [(c.source_id, c.start, c.end, 1) for c in codings if c.code_id in left and c.code_id in right]
    passages = _passages([*rows, *both])
    if by == "overlap":
        parts = _Components()
        edges = _meetings(passages).get((0, 1), [])
        for x, y, _ in edges:
            parts.union(x, y)
        groups: dict[Any, list[tuple[int, int]]] = {}
        for x, y, _ in edges:
            for sid, number in (x, y):
                start, end, _k = passages[sid][number]
                groups.setdefault(parts.find(x), []).append((start, end))
        spans = sorted({(root[0], min(s for s, _ in v), max(e for _, e in v)) for root, v in groups.items()})
        return quotations(project, spans)
    if by == "sentence":
        units = _sentences(project, passages)
        spans = []
        for (sid, index), ks in sorted(units.items()):
            if ks == {0, 1}:
                seg = project.segments(sid)[index]
                spans.append((sid, seg.start, seg.end))
        return quotations(project, spans)
    shared = sorted(sid for sid, items in passages.items() if {k for _, _, k in items} == {0, 1})
    found = []
    for sid in shared:
        for k, name in ((0, "a"), (1, "b")):
            found += [(sid, s, e, name) for s, e in join((s, e) for s, e, kk in passages[sid] if kk == k)]
    found.sort()
    names = {"a": " or ".join(sorted(project.codes[c].label for c in left)),
             "b": " or ".join(sorted(project.codes[c].label for c in right))}
    return quotations(project, [f[:3] for f in found], code=[names[f[3]] for f in found])


def run_saved(project: "Project", params: Mapping[str, Any]) -> pd.DataFrame:
    """Run a saved co-occurrence query: ``by``, ``codes``, ``reviewer``, ``consensus`` (all
    optional); the pairs that meet, strongest first."""
    return cooccurrence(project, params.get("by", "overlap"), codes=params.get("codes"),
                        reviewer=params.get("reviewer"), consensus=bool(params.get("consensus", True))).pairs()


register_kind("cooccurrence", run_saved)
