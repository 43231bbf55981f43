"""From a project's codings to reliability data, saying exactly which units count.

**Coders.** The reviewers compared (default: everyone with a coding), at least two.

**Sources.** Only sources that *every* compared coder has coded at least once
(any code) count; a source one of them has not touched says nothing about
agreement and is listed as excluded. Codings whose text is lost (``orphaned``)
are not counted; re-anchored codings count at their new place.

**Units.**

* ``segment``: each sentence segment (:mod:`synthesis.corpus.segment`) of a
  counted source. A coder's value for a code and a segment is 1 if any of that
  coder's codings of the code overlaps the segment by at least one character,
  else 0.
* ``character``: each character of a counted source (as NVivo's coding
  comparison counts them): 1 if the character lies inside one of the coder's
  codings of the code. Characters are stored as runs that every coding covers
  alike (``weights`` says how many characters a run holds).

Two choices of which units count for a code (both are reported):

* ``"all"``: every unit of the counted sources; units no coder gave the code
  count as agreement on its absence;
* ``"applied"``: only units to which at least one coder applied the code.

**Codes.** A :class:`CodeMapping` says which code of each coder counts as the
same code. Coders sharing one codebook (the example review) use the identity
mapping over the codes any of them applied in the counted sources; for
independent inductive coding :func:`suggest_mapping` proposes pairs for the
reviewers to confirm.

>>> import tempfile
>>> from synthesis.project import Project
>>> root = tempfile.mkdtemp()
>>> with Project.init(root, reviewer="NT") as p:
...     _ = p.add_text("Trust grew. It took time. Money ran out.", title="Note", source_id="note")
...     _ = p.apply_code("note", 0, 11, p.create_code("Trust"))
>>> with Project.open(root, reviewer="AG") as p:
...     _ = p.apply_code("note", 0, 25, "Trust")
>>> table = build_units(Project.open(root))
>>> table.coders, table.labels, len(table.starts)
(('AG', 'NT'), ('Trust',), 3)
>>> table.reliability_data("Trust").tolist()
[[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
>>> table.reliability_data("Trust", "applied").tolist()
[[1.0, 1.0], [1.0, 0.0]]
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from .patterns import pattern_ids

if TYPE_CHECKING:
    from ..project import Project
    from ..records import Code, Coding

Unit = Literal["segment", "character"]
UNITS: tuple[str, ...] = ("segment", "character")
Variant = Literal["all", "applied"]
VARIANTS: tuple[str, ...] = ("all", "applied")
#: pairs scoring below this are not suggested (score: mean of label similarity and span Jaccard)
MIN_SCORE = 0.3


# ------------------------------------------------------------------ code mapping
@dataclass(frozen=True)
class MappedCode:
    """One code of the comparison: the code id(s) each coder's codings of it carry."""

    label: str
    codes: tuple[tuple[str, tuple[str, ...]], ...]

    def ids(self, coder: str) -> tuple[str, ...]:
        """The code ids of ``coder`` that count as this code (empty: the coder has none)."""
        return next((ids for who, ids in self.codes if who == coder), ())


@dataclass(frozen=True)
class CodeMapping:
    """Which code of each coder counts as the same code, for comparing codings.

    ``identity`` is True for the mapping of a shared codebook onto itself.
    """

    coders: tuple[str, ...]
    codes: tuple[MappedCode, ...]
    identity: bool = False

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.codes)

    @classmethod
    def identity_of(cls, coders: Sequence[str], codes: Iterable["Code"]) -> "CodeMapping":
        """Every code maps to itself for every coder (coders share one codebook)."""
        coders = tuple(coders)
        mapped = tuple(MappedCode(c.label, tuple((who, (c.code_id,)) for who in coders)) for c in codes)
        return cls(coders, mapped, identity=True)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> "CodeMapping":
        """The mapping reviewers confirmed in a :func:`suggest_mapping` frame.

        Rows whose ``confirmed`` column (``suggested`` if there is none) is true
        count. Rows with both codes pair them (several rows may map several
        codes of one coder onto one code of the first coder); rows with one code
        keep it as a code of that coder alone, so its codings count as
        disagreement.
        """
        needed = {"coder_a", "code_a", "label_a", "coder_b", "code_b", "label_b"}
        if missing := needed - set(frame.columns):
            raise ValueError(f"a mapping frame needs the columns {sorted(missing)}")
        flag = "confirmed" if "confirmed" in frame.columns else "suggested"
        coders = tuple(dict.fromkeys(str(c) for c in (*frame["coder_a"], *frame["coder_b"]) if _given(c)))
        groups: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
        for row in frame[frame[flag].astype(bool)].itertuples(index=False):
            if _given(row.code_a):
                entry = groups.setdefault((row.coder_a, row.code_a), {row.coder_a: {row.code_a: row.label_a}})
                if _given(row.code_b):
                    entry.setdefault(row.coder_b, {})[row.code_b] = row.label_b
            elif _given(row.code_b):
                groups.setdefault((row.coder_b, row.code_b), {row.coder_b: {row.code_b: row.label_b}})
        mapped, seen = [], set()
        for entry in groups.values():
            labels = list(dict.fromkeys(label for ids in entry.values() for label in ids.values()))
            label = " = ".join(labels)
            if len(entry) == 1 and len(coders) > 1:
                label += f" ({next(iter(entry))} only)"
            base, n = label, 2
            while label in seen:
                label, n = f"{base} #{n}", n + 1
            seen.add(label)
            mapped.append(MappedCode(label, tuple((who, tuple(ids)) for who, ids in entry.items())))
        return cls(coders, tuple(mapped))


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and str(value) != ""


# -------------------------------------------------------------- coders, sources
def select_coders(project: "Project", coders: str | Sequence[str] | None = None) -> tuple[str, ...]:
    """The coders to compare: ``coders`` ("NT,AG" or a list) or everyone with a coding."""
    have = sorted({c.reviewer for c in project.codings.values()})
    if coders is None:
        chosen = tuple(have)
    else:
        names = coders.split(",") if isinstance(coders, str) else list(coders)
        chosen = tuple(n.strip() for n in names if n.strip())
        if len(set(chosen)) != len(chosen):
            raise ValueError(f"a coder is named twice in {', '.join(chosen)}")
        if unknown := [n for n in chosen if n not in have]:
            raise ValueError(f"no codings by {', '.join(unknown)} in this project "
                             f"(coders with codings: {', '.join(have) or 'none'})")
    if len(chosen) < 2:
        raise ValueError(f"agreement needs at least 2 coders with codings; found {', '.join(chosen) or 'none'}")
    return chosen


def counted_codings(project: "Project", coders: Sequence[str]) -> list["Coding"]:
    """The compared coders' codings whose text is still in their source."""
    wanted = set(coders)
    return [c for c in project.codings.values()
            if c.reviewer in wanted and c.status != "orphaned" and c.source_id in project.sources]


def co_coded_sources(project: "Project", coders: Sequence[str]
                     ) -> tuple[tuple[str, ...], Mapping[str, tuple[str, ...]]]:
    """``(counted, excluded)``: sources every coder has coded, and the rest with who coded them."""
    who: dict[str, set[str]] = defaultdict(set)
    for coding in counted_codings(project, coders):
        who[coding.source_id].add(coding.reviewer)
    everyone = set(coders)
    counted = tuple(sorted(s for s, names in who.items() if names >= everyone))
    excluded = {s: tuple(sorted(names)) for s, names in sorted(who.items()) if not names >= everyone}
    return counted, MappingProxyType(excluded)


# ------------------------------------------------------------------ unit table
@dataclass(frozen=True)
class UnitTable:
    """Which coder applied which code to which unit of the counted sources.

    ``applied[c, k, u]`` is True when coder ``coders[c]`` applied code
    ``labels[k]`` to unit ``u``; unit ``u`` spans ``starts[u]:ends[u]`` of
    source ``sources[source_index[u]]`` and weighs ``weights[u]`` (1 for a
    segment; the number of characters of a character run).
    """

    unit: str
    coders: tuple[str, ...]
    labels: tuple[str, ...]
    sources: tuple[str, ...]
    excluded_sources: Mapping[str, tuple[str, ...]]
    source_index: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    weights: np.ndarray
    applied: np.ndarray
    mapping: CodeMapping
    orphaned: int = 0
    between_units: int = 0

    def code_index(self, label: str) -> int:
        try:
            return self.labels.index(label)
        except ValueError:
            raise ValueError(f"no code '{label}' among the compared codes") from None

    def reliability_data(self, label: str, variant: str = "all") -> np.ndarray:
        """Coders x units 0/1 data of one code (characters expanded one per unit)."""
        if variant not in VARIANTS:
            raise ValueError(f"variant must be one of {', '.join(VARIANTS)}, not {variant!r}")
        data = self.applied[:, self.code_index(label), :]
        weights = self.weights
        if variant == "applied":
            keep = data.any(axis=0)
            data, weights = data[:, keep], weights[keep]
        if self.unit == "character":
            data = np.repeat(data, weights.astype(np.int64), axis=1)
        return data.astype(float)

    def pattern_counts(self) -> np.ndarray:
        """Units (characters) showing each coder pattern, per source and code: S x K x 2**m."""
        n_src, n_codes, n_pat = len(self.sources), len(self.labels), 2 ** len(self.coders)
        ids = pattern_ids(self.applied)
        key = (self.source_index[None, :] * n_codes + np.arange(n_codes)[:, None]) * n_pat + ids
        weights = None if self.unit == "segment" else np.broadcast_to(self.weights, ids.shape).ravel()
        counts = np.bincount(key.ravel(), weights=weights, minlength=n_src * n_codes * n_pat)
        return counts.astype(float).reshape(n_src, n_codes, n_pat)


def build_units(project: "Project", coders: str | Sequence[str] | None = None, unit: str = "segment",
                mapping: CodeMapping | None = None) -> UnitTable:
    """The :class:`UnitTable` of ``coders`` (default: all with codings) over the counted sources.

    Without ``mapping`` the coders are taken to share one codebook: every code
    any of them applied in the counted sources maps to itself.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    chosen = select_coders(project, coders)
    sources, excluded = co_coded_sources(project, chosen)
    if not sources:
        raise ValueError(f"no source was coded by all of {', '.join(chosen)}: nothing to compare")
    in_sources = set(sources)
    codings = [c for c in counted_codings(project, chosen) if c.source_id in in_sources]
    orphaned = sum(1 for c in project.codings.values() if c.reviewer in chosen and c.status == "orphaned")
    if mapping is None:
        used = {c.code_id for c in codings}
        codes = sorted((project.codes[i] for i in used if i in project.codes), key=lambda c: c.label.casefold())
        mapping = CodeMapping.identity_of(chosen, codes)
    elif set(mapping.coders) != set(chosen):
        raise ValueError(f"the mapping is for {', '.join(mapping.coders)}, not {', '.join(chosen)}")
    entries: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k, mapped in enumerate(mapping.codes):
        for who, ids in mapped.codes:
            for code_id in ids:
                entries[(who, code_id)].append(k)

    lengths = np.array([len(project.text(s) or "") for s in sources], dtype=np.int64)
    base = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    by_source: dict[str, list[Coding]] = defaultdict(list)
    for coding in codings:
        by_source[coding.source_id].append(coding)
    parts = []
    for i, sid in enumerate(sources):
        if unit == "segment":
            spans = np.array([(s.start, s.end) for s in project.segments(sid)], dtype=np.int64).reshape(-1, 2)
        else:
            cuts = np.unique(np.clip([0, lengths[i], *(x for c in by_source[sid] for x in (c.start, c.end))],
                                     0, lengths[i]))
            spans = np.stack([cuts[:-1], cuts[1:]], axis=1)
        parts.append((np.full(len(spans), i, dtype=np.int64), spans))
    source_index = np.concatenate([p[0] for p in parts])
    spans = np.concatenate([p[1] for p in parts])
    starts, ends = spans[:, 0], spans[:, 1]
    g_starts, g_ends = base[source_index] + starts, base[source_index] + ends

    coder_at = {who: i for i, who in enumerate(chosen)}
    source_at = {sid: i for i, sid in enumerate(sources)}
    rows = [(n, coder_at[c.reviewer], k, source_at[c.source_id], c.start, c.end)
            for n, c in enumerate(codings) for k in entries.get((c.reviewer, c.code_id), ())]
    applied = np.zeros((len(chosen), len(mapping.codes), len(starts)), dtype=bool)
    between = 0
    if rows:
        number, who, code, src, start, end = (np.array(col, dtype=np.int64) for col in zip(*rows))
        first = np.searchsorted(g_ends, base[src] + start, side="right")  # first unit ending after the start
        stop = np.searchsorted(g_starts, base[src] + end, side="left")  # units starting before the end
        hit = first < stop
        between = len(set(number.tolist()) - set(number[hit].tolist()))  # codings touching no unit
        for c, k, a, b in zip(who[hit].tolist(), code[hit].tolist(), first[hit].tolist(), stop[hit].tolist()):
            applied[c, k, a:b] = True  # units a..b-1 overlap the coding
    weights = (ends - starts) if unit == "character" else np.ones(len(starts), dtype=np.int64)
    return UnitTable(unit, chosen, mapping.labels, sources, excluded, source_index, starts, ends, weights,
                     applied, mapping, orphaned, between)


# ------------------------------------------------------------- mapping suggestions
def suggest_mapping(project: "Project", coders: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Suggested pairs between the first coder's codes and each other coder's codes.

    For independent inductive double coding, where each coder made their own
    codes. Every code a coder applied in the counted sources (see the module
    notes) is a candidate. A pair is scored by the mean of

    * ``label_similarity``: ``difflib.SequenceMatcher`` ratio of the labels (case-folded);
    * ``span_jaccard``: Jaccard index of the characters the two codes cover
      (intersection over union, over the counted sources).

    Pairs are suggested one to one, best score first, down to ``MIN_SCORE``;
    a code applied by both coders (one shared code) is always paired with
    itself, so a shared codebook gives the identity mapping. Every code left
    without a partner gets a row of its own (its codings then count as
    disagreement). Reviewers set the ``confirmed`` column (a copy of
    ``suggested``) and pass the frame to :meth:`CodeMapping.from_frame`.
    """
    chosen = select_coders(project, coders)
    sources, _ = co_coded_sources(project, chosen)
    if not sources:
        raise ValueError(f"no source was coded by all of {', '.join(chosen)}: nothing to compare")
    in_sources = set(sources)
    used: dict[str, list[str]] = {who: [] for who in chosen}
    for coding in counted_codings(project, chosen):
        if coding.source_id in in_sources and coding.code_id not in used[coding.reviewer]:
            used[coding.reviewer].append(coding.code_id)
    label = {cid: (project.codes[cid].label if cid in project.codes else cid) for ids in used.values() for cid in ids}
    singles = [MappedCode(f"{who}:{cid}", ((who, (cid,)),)) for who in chosen for cid in sorted(used[who], key=label.get)]
    table = build_units(project, chosen, "character", CodeMapping(chosen, tuple(singles)))
    owner = [chosen.index(m.codes[0][0]) for m in singles]
    cover = np.stack([table.applied[owner[k], k] for k in range(len(singles))]).astype(np.float64)
    weighted = cover * table.weights
    inter = weighted @ cover.T
    length = weighted.sum(axis=1)
    ref, rows = chosen[0], []
    ref_k = [k for k, m in enumerate(singles) if m.codes[0][0] == ref]
    for other in chosen[1:]:
        other_k = [k for k, m in enumerate(singles) if m.codes[0][0] == other]
        candidates = []
        for a in ref_k:
            for b in other_k:
                ida, idb = singles[a].codes[0][1][0], singles[b].codes[0][1][0]
                union = length[a] + length[b] - inter[a, b]
                jac = float(inter[a, b] / union) if union > 0 else 0.0
                sim = difflib.SequenceMatcher(None, label[ida].casefold(), label[idb].casefold()).ratio()
                if ida == idb or jac > 0 or sim >= 0.6:
                    candidates.append((ida == idb, (sim + jac) / 2, sim, jac, ida, idb))
        candidates.sort(key=lambda c: (not c[0], -c[1], label[c[4]], label[c[5]]))
        taken_a: set[str] = set()
        taken_b: set[str] = set()
        for same, score, sim, jac, ida, idb in candidates:
            ok = ida not in taken_a and idb not in taken_b and (same or score >= MIN_SCORE)
            if ok:
                taken_a.add(ida)
                taken_b.add(idb)
            rows.append((ref, ida, label[ida], other, idb, label[idb], same, sim, jac, score, ok))
        for ida in (singles[a].codes[0][1][0] for a in ref_k):
            if ida not in taken_a:
                rows.append((ref, ida, label[ida], other, None, None, False, None, None, None, True))
        for idb in (singles[b].codes[0][1][0] for b in other_k):
            if idb not in taken_b:
                rows.append((ref, None, None, other, idb, label[idb], False, None, None, None, True))
    columns = ["coder_a", "code_a", "label_a", "coder_b", "code_b", "label_b", "same_code",
               "label_similarity", "span_jaccard", "score", "suggested"]
    frame = pd.DataFrame(rows, columns=columns)
    for name in ("label_similarity", "span_jaccard", "score"):
        frame[name] = frame[name].astype(float)
    frame["confirmed"] = frame["suggested"]
    return frame.sort_values(["coder_b", "suggested", "score"], ascending=[True, False, False],
                             ignore_index=True, na_position="last")
