"""PRISMA 2020 counts: a small counts file, read and its arithmetic checked.

The diagram is drawn by :func:`synthesis.figures.prisma_draw.prisma_figure`.

The counts file (``corpus/prisma.csv``) has one row per count and a column per
route: ``databases`` (databases and registers), the optional ``other_sources``
(websites, organisations, citation searching...) and ``all_sources`` for counts a
report gives only for both routes together. A ``source`` column cites where each
count comes from; ``note`` is free text. Rows:

=====================  =====================================================
``identified``         records identified
``duplicates_removed`` duplicate records removed before screening
``automation_removed`` records marked ineligible by automation tools
``other_removed``      records removed before screening for other reasons
``screened``           records screened (title and abstract)
``screening_excluded`` records excluded at screening
``sought``             reports sought for retrieval
``not_retrieved``      reports not retrieved
``assessed``           reports assessed for eligibility
``excluded``           reports excluded (``excluded: <reason>`` rows break it down)
``included``           studies included in the review (``included: <kind>`` rows break it down)
=====================  =====================================================

A blank cell is a count the report does not give: it is calculated when the other
counts determine it (and marked † on the figure). Every relation that the counts
over-determine is checked: screened = identified − removed, sought = screened −
excluded at screening, assessed = sought − not retrieved, included = assessed −
excluded, all sources = databases + other sources, and each breakdown adds up to its
total. With ``strict=True`` a count that does not add up is an :class:`InputError`
naming the file, row and field; otherwise it is kept as reported and the figure
marks the discrepancy.

>>> import io
>>> flow = read_prisma(io.StringIO("field,databases\\nidentified,100\\nduplicates_removed,10\\n"
...                                "screened,90\\nscreening_excluded,60\\nsought,30\\nnot_retrieved,2\\n"
...                                "excluded,20\\nincluded,8\\n"), strict=True)
>>> flow.value("assessed", "all_sources"), flow.is_derived("assessed", "all_sources")
(28, True)
>>> read_prisma(io.StringIO("field,databases\\nidentified,100\\nduplicates_removed,10\\nscreened,80\\n"),
...             strict=True)
Traceback (most recent call last):
...
synthesis.errors.InputError: <counts>, row 4, field 'databases': records screened (80) should be records identified (100) minus duplicate records removed (10) = 90
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pandas as pd

from ..errors import InputError

DB, OTHER, ALL = "databases", "other_sources", "all_sources"
COLUMNS = (DB, OTHER, ALL)
FIELDS = {
    "identified": "records identified",
    "duplicates_removed": "duplicate records removed",
    "automation_removed": "records marked ineligible by automation tools",
    "other_removed": "records removed for other reasons",
    "screened": "records screened",
    "screening_excluded": "records excluded at screening",
    "sought": "reports sought for retrieval",
    "not_retrieved": "reports not retrieved",
    "assessed": "reports assessed for eligibility",
    "excluded": "reports excluded",
    "included": "studies included",
}
DATABASE_ONLY = {"duplicates_removed", "automation_removed", "other_removed", "screened", "screening_excluded"}
BREAKDOWN = {"excluded", "included"}
DAGGER = "\u2020"


@dataclass(frozen=True)
class Count:
    """One count: its value, whether it was calculated, and the row it came from."""

    n: int
    derived: bool = False
    row: int | None = None


@dataclass(frozen=True)
class Discrepancy:
    """A relation the reported counts break: ``field``/``column`` is the count at odds."""

    field: str
    column: str
    row: int | None
    reported: int
    expected: int
    message: str


@dataclass
class PrismaFlow:
    """Checked PRISMA counts: values by (field, column), breakdowns, discrepancies, sources."""

    counts: dict[tuple[str, str], Count]
    parts: dict[tuple[str, str], list[tuple[str, int]]] = field(default_factory=dict)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    file: str = "<counts>"

    def value(self, name: str, column: str) -> int | None:
        count = self.counts.get((name, column))
        return count.n if count else None

    def is_derived(self, name: str, column: str) -> bool:
        count = self.counts.get((name, column))
        return bool(count and count.derived)

    @property
    def other(self) -> bool:
        """Whether the review searched other sources (the second column of the diagram)."""
        return any(col == OTHER for (_, col) in self.counts)

    def frame(self) -> pd.DataFrame:
        """Tidy: one row per count (field, column, n, derived)."""
        rows = [{"field": f, "column": c, "n": v.n, "derived": v.derived} for (f, c), v in self.counts.items()]
        return pd.DataFrame(rows, columns=["field", "column", "n", "derived"])


# ------------------------------------------------------------------ reading
def _number(text: str, file: str, row: int, column: str) -> int | None:
    cleaned = str(text).strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
    if cleaned in ("", "nan", "None", "NA"):
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise InputError(file, f"'{text}' is not a count", line=row, field=column) from None
    if value != int(value) or value < 0:
        raise InputError(file, f"'{text}' is not a count (a whole number, 0 or more)", line=row, field=column)
    return int(value)


def read_prisma(source: str | os.PathLike[str] | TextIO | pd.DataFrame, *, strict: bool = True,
                file: str | None = None) -> PrismaFlow:
    """Read and check a PRISMA counts file (path, open text or a DataFrame of the same shape)."""
    if isinstance(source, pd.DataFrame):
        name = file or "<counts>"
        header = [str(c) for c in source.columns]
        rows = [(i + 2, ["" if pd.isna(v) else str(v) for v in r]) for i, r in enumerate(source.itertuples(index=False))]
    else:
        if isinstance(source, (str, os.PathLike)):
            name = file or str(source)
            try:
                text = Path(source).read_text(encoding="utf-8-sig")
            except OSError as exc:
                raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
        else:
            name = file or "<counts>"
            text = source.read()
        table = list(csv.reader(io.StringIO(text)))
        if not table:
            raise InputError(name, "is empty (no header row)")
        header = [h.strip() for h in table[0]]
        rows = [(n, cells) for n, cells in enumerate(table[1:], 2) if any(c.strip() for c in cells)]
    return check_prisma(header, rows, strict=strict, file=name)


def check_prisma(header: list[str], rows: Iterable[tuple[int, list[str]]], *, strict: bool = True,
                 file: str = "<counts>") -> PrismaFlow:
    """Check the counts of a PRISMA table (``header`` and numbered rows); fill in what they imply."""
    columns = {h.strip().casefold(): i for i, h in enumerate(header)}
    if "field" not in columns:
        raise InputError(file, "has no 'field' column", line=1, field="field")
    if not any(c in columns for c in COLUMNS):
        raise InputError(file, f"needs a count column: {', '.join(COLUMNS)}", line=1)
    for h in columns:
        if h not in ("field", "source", "note", "label", *COLUMNS):
            raise InputError(file, f"unknown column '{h}' (use field, {', '.join(COLUMNS)}, label, source, note)",
                             line=1, field=h)
    flow = PrismaFlow({}, file=file)
    rows_of: dict[str, int] = {}
    for number, cells in rows:
        cells = list(cells) + [""] * (len(header) - len(cells))
        raw = cells[columns["field"]].strip()
        name, _, part = (s.strip() for s in raw.partition(":"))
        name = name.casefold().replace(" ", "_")
        if name not in FIELDS:
            raise InputError(file, f"unknown count '{raw}' (use {', '.join(FIELDS)})", line=number, field="field")
        if part and name not in BREAKDOWN:
            raise InputError(file, f"'{name}' has no breakdown rows (only {' and '.join(sorted(BREAKDOWN))})",
                             line=number, field="field")
        key = raw.casefold()
        if key in rows_of:
            raise InputError(file, f"'{raw}' is given twice (rows {rows_of[key]} and {number})", line=number, field="field")
        rows_of[key] = number
        for column in COLUMNS:
            if column not in columns:
                continue
            n = _number(cells[columns[column]], file, number, column)
            if n is None:
                continue
            if column != DB and name in DATABASE_ONLY:
                raise InputError(file, f"{FIELDS[name]} are counted for databases only", line=number, field=column)
            if name == "identified" and column == ALL:
                raise InputError(file, "give records identified per route (databases, other_sources)",
                                 line=number, field=column)
            if part:
                flow.parts.setdefault((name, column), []).append((part, n))
            else:
                flow.counts[(name, column)] = Count(n, False, number)
        if not part and "label" in columns and cells[columns["label"]].strip():
            flow.labels[(name, "*")] = cells[columns["label"]].strip()
        if "source" in columns and cells[columns["source"]].strip():
            cited = cells[columns["source"]].strip()
            if cited not in flow.sources:
                flow.sources.append(cited)
    if not any(name == "identified" for name, _ in flow.counts):
        raise InputError(file, "has no 'identified' count", field="field")
    _solve(flow, strict, rows_of)
    return flow


# ------------------------------------------------------------------ arithmetic
def _relations(flow: PrismaFlow) -> list[tuple[tuple[str, str], list[tuple[int, tuple[str, str]]]]]:
    """Linear relations ``target = sum(sign * term)`` that hold between the counts."""
    rel: list[tuple[tuple[str, str], list[tuple[int, tuple[str, str]]]]] = []
    removed = [(-1, (f, DB)) for f in ("duplicates_removed", "automation_removed", "other_removed")
               if (f, DB) in flow.counts or f == "duplicates_removed"]
    rel.append((("screened", DB), [(1, ("identified", DB)), *removed]))
    rel.append((("sought", DB), [(1, ("screened", DB)), (-1, ("screening_excluded", DB))]))
    routes = (DB, OTHER) if flow.other else (DB,)
    for col in (*routes, ALL):
        rel.append((("assessed", col), [(1, ("sought", col)), (-1, ("not_retrieved", col))]))
    for name in ("sought", "not_retrieved", "assessed", "excluded"):
        rel.append(((name, ALL), [(1, (name, c)) for c in routes]))
    rel.append((("included", ALL), [(1, ("assessed", ALL)), (-1, ("excluded", ALL))]))
    return rel


def _describe(key: tuple[str, str], flow: PrismaFlow) -> str:
    count = flow.counts.get(key)
    where = {DB: "", OTHER: " from other sources", ALL: ""}[key[1]]
    value = f"{count.n:,}{', calculated' if count.derived else ''}" if count else "?"
    return f"{FIELDS[key[0]]}{where} ({value})"


def _solve(flow: PrismaFlow, strict: bool, rows_of: Mapping[str, int]) -> None:
    # with no other sources, databases and all sources are the same route
    if not flow.other:
        for (name, col), count in list(flow.counts.items()):
            if col == ALL:
                if (name, DB) in flow.counts and flow.counts[(name, DB)].n != count.n:
                    _report(flow, strict, (name, ALL), count.n, flow.counts[(name, DB)].n,
                            f"{FIELDS[name]} given twice, as {count.n:,} (all_sources) and "
                            f"{flow.counts[(name, DB)].n:,} (databases)")
                flow.counts.setdefault((name, DB), count)
        for (name, col), parts in list(flow.parts.items()):
            if col == DB:
                flow.parts.setdefault((name, ALL), parts)
        for name in FIELDS:
            if (name, DB) in flow.counts:
                flow.counts.setdefault((name, ALL), flow.counts[(name, DB)])
    for (name, col), parts in flow.parts.items():
        if (name, col) not in flow.counts:
            flow.counts[(name, col)] = Count(sum(n for _, n in parts), True, rows_of.get(name))
    relations = _relations(flow)

    def derive(forward: bool) -> bool:
        """Fill in one count that a relation leaves as its only unknown (downstream first)."""
        for target, terms in relations:
            keys = [target, *(k for _, k in terms)]
            unknown = [k for k in keys if k not in flow.counts]
            if len(unknown) != 1 or (unknown[0] == target) != forward:
                continue
            u = unknown[0]
            total = sum(s * flow.counts[k].n for s, k in terms if k in flow.counts)
            if u == target:
                value = total
            else:
                sign = next(s for s, k in terms if k == u)
                value = (flow.counts[target].n - total) * sign
            if value < 0:
                continue  # the reported counts contradict each other; the check below reports it
            flow.counts[u] = Count(value, True, rows_of.get(u[0]))
            return True
        return False

    while derive(True) or derive(False):
        pass
    for target, terms in relations:
        keys = [target, *(k for _, k in terms)]
        if any(k not in flow.counts for k in keys):
            continue
        expected = sum(s * flow.counts[k].n for s, k in terms)
        if expected != flow.counts[target].n:
            parts = " ".join(("minus " if s < 0 else ("plus " if i else "")) + _describe(k, flow)
                             for i, (s, k) in enumerate(terms))
            _report(flow, strict, target, flow.counts[target].n, expected,
                    f"{_describe(target, flow)} should be {parts} = {expected:,}")
    for (name, col), parts in flow.parts.items():
        total = sum(n for _, n in parts)
        if flow.counts[(name, col)].n != total:
            listed = " + ".join(f"{n:,} {label}" for label, n in parts)
            _report(flow, strict, (name, col), flow.counts[(name, col)].n, total,
                    f"{FIELDS[name]} ({flow.counts[(name, col)].n:,}) is not the sum of its breakdown "
                    f"({listed} = {total:,})")
    identified, sought = flow.value("identified", OTHER), flow.value("sought", OTHER)
    if identified is not None and sought is not None and sought > identified:
        _report(flow, strict, ("sought", OTHER), sought, identified,
                f"{FIELDS['sought']} from other sources ({sought:,}) is more than the records "
                f"identified there ({identified:,})")


def _report(flow: PrismaFlow, strict: bool, key: tuple[str, str], reported: int, expected: int, message: str) -> None:
    count = flow.counts.get(key)
    row = count.row if count else None
    if strict:
        raise InputError(flow.file, message, line=row, field=key[1])
    flow.discrepancies.append(Discrepancy(key[0], key[1], row, reported, expected, message))


def cite(sources: Iterable[str]) -> str:
    """Sources cited row by row, merged: one entry per work, its sections together.

    >>> cite(["Smith (2020), section 3.3", "Smith (2020), sections 3.3 and 4.1", "Jones (2019)"])
    'Smith (2020), sections 3.3 and 4.1; Jones (2019)'
    """
    works: dict[str, list[str]] = {}
    for source in sources:
        work, _, where = source.partition(", ")
        places = works.setdefault(work, [])
        numbers = re.findall(r"\d+(?:\.\d+)*", where) if re.match(r"\s*sections?\b", where) else ([where] if where else [])
        places.extend(n for n in numbers if n not in places)
    parts = []
    for work, places in works.items():
        if not places:
            parts.append(work)
        elif all(re.fullmatch(r"\d+(?:\.\d+)*", p) for p in places):
            ordered = sorted(places, key=lambda p: [int(x) for x in p.split(".")])
            said = ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " and " + ordered[-1]
            parts.append(f"{work}, section{'s' if len(ordered) > 1 else ''} {said}")
        else:
            parts.append(f"{work}, {'; '.join(places)}")
    return "; ".join(parts)
