"""Matrix queries: codes or themes (rows) by studies, sources, reviewers or a study attribute.

A cell holds the codings of its row (a code, or the codes under a theme) in its
column (a study, a source, a reviewer, or the studies with one value of a study
attribute such as ``design`` or ``nation``: any column of ``corpus/studies.csv``).
It shows a count (``measure``: ``codings``, ``quotations`` — distinct coded
spans —, ``sources`` or ``studies``) or the text itself (``text``: each quotation
with its citation). :meth:`Matrix.quotations` lists a cell's quotations.

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust grew. Money was short.", title="Note", source_id="note")
>>> _ = p.apply_code("note", 0, 11, p.create_code("Trust"))
>>> _ = p.apply_code("note", 12, 28, p.create_code("Money"))
>>> _ = p.apply_code("note", 0, 28, "Money")
>>> m = matrix(p, rows="codes", cols="sources")
>>> m.table()
source  note
code        
Money      2
Trust      1
>>> m.quotations("Money", "note")[["start", "end", "codes"]].values.tolist()
[[0, 28, 'Money'], [12, 28, 'Money']]
>>> matrix(p, "codes", "reviewers", "text").table().loc["Trust", "AG"]
'\u201cTrust grew.\u201d (Note)'
>>> p.close()
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import ActionError
from ..records import Coding, Study
from .saved import register_kind
from .spans import pool, quotations, who

if TYPE_CHECKING:
    from ..project import Project

ROWS = ("codes", "themes", "descriptive", "analytical")
FIXED_COLUMNS = ("studies", "sources", "reviewers")
ATTRIBUTES = tuple(f.name for f in fields(Study) if f.name != "study_id")
MEASURES = ("codings", "quotations", "sources", "studies", "text")
NOT_REPORTED = "not reported"
NO_STUDY = "(no study)"
ROW_NAMES = {"codes": "code", "themes": "theme", "descriptive": "descriptive theme",
             "analytical": "analytical theme"}


@dataclass(frozen=True, eq=False)
class Matrix:
    """A matrix query's answer: row and column labels, and where each coding counts.

    ``codings[k]`` counts in cell (``row_of[m]``, ``col_of[m]``) for every ``m`` with
    ``pick[m] == k`` (a coding counts in every theme its code sits in); ``span``,
    ``source`` and ``study`` number each coding's passage, source and study (-1: none).
    """

    rows: str
    cols: str
    measure: str
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    codings: tuple[Coding, ...]
    pick: np.ndarray
    row_of: np.ndarray
    col_of: np.ndarray
    span: np.ndarray
    source: np.ndarray
    study: np.ndarray
    whose: str
    project: Any = field(repr=False)

    @property
    def row_name(self) -> str:
        return ROW_NAMES[self.rows]

    @property
    def col_name(self) -> str:
        return {"studies": "study", "sources": "source", "reviewers": "reviewer"}.get(self.cols, self.cols)

    def _distinct(self, ids: np.ndarray) -> np.ndarray:
        """Per cell, the number of distinct ``ids`` (one per coding; -1 not counted)."""
        size = len(self.row_labels) * len(self.col_labels)
        key = self.row_of * len(self.col_labels) + self.col_of
        per = ids[self.pick]
        keep = per >= 0
        width = int(ids.max()) + 1 if len(ids) else 1
        found = np.unique(key[keep] * width + per[keep])
        return np.bincount(found // width, minlength=size)

    def values(self, measure: str | None = None) -> np.ndarray:
        """The cells' counts (``measure`` other than "text") as a rows x columns array."""
        measure = _measure(measure or self.measure)
        if measure == "text":
            raise ActionError("the text of cells is not a number: use table() for it")
        shape = (len(self.row_labels), len(self.col_labels))
        if measure == "codings":
            counts = np.bincount(self.row_of * shape[1] + self.col_of, minlength=shape[0] * shape[1])
        else:
            counts = self._distinct({"quotations": self.span, "sources": self.source, "studies": self.study}[measure])
        return counts.reshape(shape).astype(np.int64)

    def cell(self, i: int, j: int) -> tuple[Coding, ...]:
        """The codings of cell (``i``, ``j``)."""
        where = np.flatnonzero((self.row_of == i) & (self.col_of == j))
        return tuple(self.codings[k] for k in self.pick[where])

    def table(self) -> pd.DataFrame:
        """The matrix as a DataFrame: rows by columns, counts or (measure "text") quotations."""
        index = pd.Index(self.row_labels, name=self.row_name)
        columns = pd.Index(self.col_labels, name=self.col_name)
        if self.measure != "text":
            return pd.DataFrame(self.values(), index=index, columns=columns)
        frame = pd.DataFrame("", index=index, columns=columns, dtype=object)
        cells: dict[tuple[int, int], list[Coding]] = {}
        for i, j, k in zip(self.row_of.tolist(), self.col_of.tolist(), self.pick.tolist()):
            cells.setdefault((i, j), []).append(self.codings[k])
        for (i, j) in sorted(cells):
            frame.iat[i, j] = "\n".join(f"\u201c{c.quote}\u201d {self.project.cite(c)}" for c in _spans(cells[(i, j)]))
        return frame

    def long(self) -> pd.DataFrame:
        """One row per cell (row, column, value): tidy data for the heatmap."""
        values = self.values("codings" if self.measure == "text" else self.measure)
        i, j = np.indices(values.shape)
        return pd.DataFrame({"row": pd.Categorical(np.array(self.row_labels, dtype=object)[i.ravel()],
                                                   categories=list(dict.fromkeys(self.row_labels))),
                             "column": pd.Categorical(np.array(self.col_labels, dtype=object)[j.ravel()],
                                                      categories=list(dict.fromkeys(self.col_labels))),
                             "value": values.ravel()})

    def where(self, row: str | int, col: str | int) -> tuple[int, int]:
        """The (row, column) numbers of a cell named by labels (case ignored) or numbers."""
        def find(value: str | int, labels: tuple[str, ...], what: str) -> int:
            if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
                if 0 <= value < len(labels):
                    return int(value)
                raise ActionError(f"no {what} number {value} (there are {len(labels)})")
            if value in labels:
                return labels.index(value)
            folded = [lab.casefold() for lab in labels]
            if str(value).casefold() in folded:
                return folded.index(str(value).casefold())
            raise ActionError(f"no {what} {value!r} in this matrix")

        return find(row, self.row_labels, "row"), find(col, self.col_labels, "column")

    def quotations(self, row: str | int, col: str | int) -> pd.DataFrame:
        """The quotations of one cell (by labels or numbers), one row per coded span, with
        its codes, reviewers and number of codings."""
        codings = self.cell(*self.where(row, col))
        groups: dict[tuple[str, int, int], list[Coding]] = {}
        for c in sorted(codings, key=lambda c: (c.source_id, c.start, c.end, c.coding_id)):
            groups.setdefault((c.source_id, c.start, c.end), []).append(c)
        codes = self.project.codes
        return quotations(
            self.project, list(groups),
            codes=["; ".join(dict.fromkeys(codes[c.code_id].label for c in g if c.code_id in codes))
                   for g in groups.values()],
            reviewers=[", ".join(sorted({c.reviewer for c in g})) for g in groups.values()],
            n_codings=[len(g) for g in groups.values()],
        )

    def describe(self) -> str:
        """The query in words, for titles."""
        what = {"codings": "codings", "quotations": "quotations", "sources": "sources", "studies": "studies",
                "text": "quotations"}[self.measure]
        rows = {"descriptive": "Descriptive themes", "analytical": "Analytical themes"}.get(self.rows,
                                                                                           self.rows.capitalize())
        return f"{rows} by {self.col_name}: {what} ({self.whose})"


def _spans(codings: Sequence[Coding]) -> list[Coding]:
    seen: dict[tuple[str, int, int], Coding] = {}
    for c in sorted(codings, key=lambda c: (c.source_id, c.start, c.end, c.coding_id)):
        seen.setdefault((c.source_id, c.start, c.end), c)
    return list(seen.values())


def _measure(measure: str) -> str:
    if measure not in MEASURES:
        raise ActionError(f"a matrix cell shows one of {', '.join(MEASURES)}, not {measure!r}")
    return measure


def _unique(labels: list[str], keys: list[str]) -> tuple[str, ...]:
    """Labels, with the key added to any two that read the same."""
    counts: dict[str, int] = {}
    for lab in labels:
        counts[lab.casefold()] = counts.get(lab.casefold(), 0) + 1
    return tuple(lab if counts[lab.casefold()] == 1 else f"{lab} [{key}]" for lab, key in zip(labels, keys))


def _row_members(project: "Project", rows: str) -> tuple[tuple[str, ...], dict[str, list[int]]]:
    """Row labels, and for each code id the rows it counts in."""
    if rows == "codes":
        codes = sorted(project.codes.values(), key=lambda c: (c.label.casefold(), c.code_id))
        labels = _unique([c.label for c in codes], [c.code_id for c in codes])
        return labels, {c.code_id: [i] for i, c in enumerate(codes)}
    from ..themes.query import codes_of
    from ..themes.tables import _ordered

    found = [t for t in _ordered(project) if rows == "themes" or t.level == rows]
    labels = _unique([t.name for t in found], [t.level if rows == "themes" else t.theme_id for t in found])
    members: dict[str, list[int]] = {}
    for i, theme in enumerate(found):
        for code in codes_of(project, theme):
            members.setdefault(code.code_id, []).append(i)
    return labels, members


def _columns(project: "Project", cols: str, codings: Sequence[Coding]) -> tuple[list[str], list[int]]:
    """Column labels (in order) and each coding's column number."""
    studies = sorted(project.studies.values(), key=lambda s: (s.citation.casefold(), s.study_id))
    if cols == "reviewers":
        labels = list(project.reviewers)
        extra = sorted({c.reviewer for c in codings} - set(labels))
        labels += extra
        position = {name: j for j, name in enumerate(labels)}
        return labels, [position[c.reviewer] for c in codings]
    if cols == "studies":
        names = _unique([s.citation or s.study_id for s in studies], [s.study_id for s in studies])
        by_id = {s.study_id: n for s, n in zip(studies, names)}
        labels = [*names, NO_STUDY]
        by_source = {sid: by_id.get(src.study_id, NO_STUDY) for sid, src in project.sources.items()}
    elif cols == "sources":
        labels = sorted(project.sources)
        by_source = {sid: sid for sid in labels}
    else:
        def value(study: Study | None) -> str:
            got = getattr(study, cols) if study is not None else None
            return NOT_REPORTED if got in (None, "") else str(got).strip() or NOT_REPORTED

        by_source = {sid: value(project.studies.get(src.study_id)) for sid, src in project.sources.items()}
        labels = sorted({value(s) for s in studies} | set(by_source.values()), key=lambda v: (v == NOT_REPORTED, v))
    position = {name: j for j, name in enumerate(labels)}
    fallback = position.get(NO_STUDY if cols == "studies" else NOT_REPORTED, -1)
    column = {sid: position[name] for sid, name in by_source.items()}
    found = [column.get(c.anchor.source_id, fallback) for c in codings]
    if cols == "studies" and position[NO_STUDY] not in found:
        labels.pop()  # no coding is of a source without a study
    if -1 in found:  # a coding of a source no longer in the corpus
        labels.append("(missing source)")
        found = [len(labels) - 1 if j < 0 else j for j in found]
    return labels, found


def matrix(project: "Project", rows: str = "codes", cols: str = "studies", measure: str = "codings", *,
           reviewer: str | None = None, consensus: bool = True) -> Matrix:
    """Rows (``codes``, ``themes``, ``descriptive`` or ``analytical`` themes) by columns
    (``studies``, ``sources``, ``reviewers`` or a study attribute such as ``design``),
    each cell counting ``measure`` (``codings``, ``quotations``, ``sources``, ``studies``)
    or carrying the text (``text``), over the consensus codings (``reviewer=``: one
    reviewer's; ``consensus=False``: everyone's)."""
    if rows not in ROWS:
        raise ActionError(f"matrix rows are one of {', '.join(ROWS)}, not {rows!r}")
    if cols not in FIXED_COLUMNS + ATTRIBUTES:
        raise ActionError(f"matrix columns are {', '.join(FIXED_COLUMNS)} or a study attribute "
                          f"({', '.join(ATTRIBUTES)}), not {cols!r}")
    measure = _measure(measure)
    row_labels, members = _row_members(project, rows)
    codings = tuple(c for c in pool(project, reviewer, consensus) if c.code_id in members)
    col_labels, col_of_coding = _columns(project, cols, codings)
    pick: list[int] = []
    row_of: list[int] = []
    for k, c in enumerate(codings):
        places = members[c.code_id]
        pick.extend([k] * len(places))
        row_of.extend(places)
    spans: dict[tuple[str, int, int], int] = {}
    sources: dict[str, int] = {}
    studies: dict[str, int] = {}
    study_of = {sid: src.study_id for sid, src in project.sources.items() if src.study_id in project.studies}
    span, source, study = [], [], []
    for c in codings:
        a = c.anchor
        span.append(spans.setdefault((a.source_id, a.start, a.end), len(spans)))
        source.append(sources.setdefault(a.source_id, len(sources)))
        sid = study_of.get(a.source_id)
        study.append(studies.setdefault(sid, len(studies)) if sid else -1)
    as_array = lambda xs: np.asarray(xs, dtype=np.int64)  # noqa: E731
    picked = as_array(pick)
    return Matrix(rows, cols, measure, tuple(row_labels), tuple(col_labels), codings, picked, as_array(row_of),
                  as_array(col_of_coding)[picked] if len(picked) else as_array([]), as_array(span), as_array(source),
                  as_array(study), who(reviewer, consensus), project)


def run_saved(project: "Project", params: Mapping[str, Any]) -> pd.DataFrame:
    """Run a saved matrix query: ``rows``, ``cols``, ``measure``, ``reviewer``, ``consensus``."""
    return matrix(project, params.get("rows", "codes"), params.get("cols", "studies"),
                  params.get("measure", "codings"), reviewer=params.get("reviewer"),
                  consensus=bool(params.get("consensus", True))).table()


register_kind("matrix", run_saved)
