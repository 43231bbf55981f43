"""Coding queries: the text coded A and B, A or B, A but not B, or A near B.

Each query reads one pool of codings (the consensus codings by default, one
reviewer's with ``reviewer=``, everyone's with ``consensus=False``), merges each
side's spans per source, and answers with quotations: one row per span of text,
with its study, citation, page and text.

* ``and``: the text both codes cover (where their spans overlap, the overlap);
* ``or``: the text either covers (overlapping or touching spans merged);
* ``not``: the text A covers that B does not;
* ``near``: A's spans with a span of B within ``within`` sentences (0: in the
  same sentence), or in the same paragraph (``within="paragraph"``); with
  ``keep="both"``, B's spans near A too.

A side may be one code or several (any of them), by label or id.

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust grew. Money was short. Trust and money mattered.", title="Note", source_id="note")
>>> trust, money = p.create_code("Trust"), p.create_code("Money")
>>> _ = p.apply_code("note", 0, 11, trust)     # "Trust grew."
>>> _ = p.apply_code("note", 29, 54, trust)    # "Trust and money mattered."
>>> _ = p.apply_code("note", 12, 28, money)    # "Money was short."
>>> _ = p.apply_code("note", 39, 44, money)    # "money"
>>> coded_and(p, "Trust", "Money")["text"].tolist()
['money']
>>> coded_not(p, "Trust", "Money")["text"].tolist()
['Trust grew.', 'Trust and ', ' mattered.']
>>> coded_or(p, "Trust", "Money")[["start", "end", "cite"]].values.tolist()
[[0, 11, '(Note)'], [12, 28, '(Note)'], [29, 54, '(Note)']]
>>> coded_near(p, "Money", "Trust", within=0)["text"].tolist()
['money']
>>> coded_near(p, "Money", "Trust", within=1)["text"].tolist()
['Money was short.', 'money']
>>> p.close()
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import ActionError
from ..records import Segment
from .saved import register_kind
from .spans import CodeRefs, Span, by_source, code_ids, intersect, join, pool, quotations, subtract

if TYPE_CHECKING:
    from ..project import Project

OPERATIONS = ("and", "or", "not", "near")
WORDS = {"and": "coded {a} and {b}", "or": "coded {a} or {b}", "not": "coded {a} but not {b}",
         "near": "coded {a} near {b}"}


def _sides(project: "Project", a: CodeRefs, b: CodeRefs, reviewer: str | None,
           consensus: bool) -> tuple[dict[str, list[Span]], dict[str, list[Span]]]:
    codings = pool(project, reviewer, consensus)
    return by_source(codings, code_ids(project, a)), by_source(codings, code_ids(project, b))


def _frame(project: "Project", found: dict[str, list[Span]]) -> pd.DataFrame:
    return quotations(project, [(sid, s, e) for sid in sorted(found) for s, e in found[sid]])


def coded_and(project: "Project", a: CodeRefs, b: CodeRefs, *, reviewer: str | None = None,
              consensus: bool = True) -> pd.DataFrame:
    """The text coded with both ``a`` and ``b`` (the overlap of their spans)."""
    left, right = _sides(project, a, b, reviewer, consensus)
    return _frame(project, {sid: intersect(left[sid], right[sid]) for sid in left.keys() & right.keys()})


def coded_or(project: "Project", a: CodeRefs, b: CodeRefs, *, reviewer: str | None = None,
             consensus: bool = True) -> pd.DataFrame:
    """The text coded with ``a`` or ``b`` (their spans merged)."""
    left, right = _sides(project, a, b, reviewer, consensus)
    return _frame(project, {sid: join([*left.get(sid, ()), *right.get(sid, ())]) for sid in left.keys() | right.keys()})


def coded_not(project: "Project", a: CodeRefs, b: CodeRefs, *, reviewer: str | None = None,
              consensus: bool = True) -> pd.DataFrame:
    """The text coded with ``a`` and not with ``b``."""
    left, right = _sides(project, a, b, reviewer, consensus)
    return _frame(project, {sid: subtract(spans, right.get(sid, [])) for sid, spans in left.items()})


def _places(segments: list[Segment], spans: list[Span]) -> list[tuple[int, int, int, int]]:
    """For each span: the first and last sentence index it touches, and their paragraphs."""
    starts = [s.start for s in segments]
    ends = [s.end for s in segments]
    out = []
    for start, end in spans:
        first = min(bisect_right(ends, start), len(segments) - 1)   # first sentence ending after start
        last = max(bisect_left(starts, end) - 1, first)             # last sentence starting before end
        out.append((first, last, segments[first].paragraph, segments[last].paragraph))
    return out


def _close(x: tuple[int, int, int, int], y: tuple[int, int, int, int], within: int | str) -> bool:
    if within == "paragraph":
        return x[2] <= y[3] and y[2] <= x[3]
    return max(0, y[0] - x[1], x[0] - y[1]) <= int(within)


def _within(within: int | str) -> int | str:
    if within == "paragraph":
        return within
    try:
        n = int(within)
    except (TypeError, ValueError):
        n = -1
    if n < 0 or isinstance(within, bool):
        raise ActionError(f"near means within a number of sentences (0 or more) or 'paragraph', not {within!r}")
    return n


def coded_near(project: "Project", a: CodeRefs, b: CodeRefs, *, within: int | str = 1, keep: str = "a",
               reviewer: str | None = None, consensus: bool = True) -> pd.DataFrame:
    """``a``'s spans with a span of ``b`` at most ``within`` sentences away (0: in a sentence
    they share), or in the same paragraph (``within="paragraph"``); ``keep="both"`` adds
    ``b``'s spans near ``a`` (spans of both merged)."""
    within = _within(within)
    if keep not in ("a", "both"):
        raise ActionError(f"keep 'a' (the spans of the first code) or 'both', not {keep!r}")
    left, right = _sides(project, a, b, reviewer, consensus)
    found: dict[str, list[Span]] = {}
    for sid in sorted(left.keys() & right.keys()):
        segments = project.segments(sid)
        if not segments:
            continue
        pa, pb = _places(segments, left[sid]), _places(segments, right[sid])
        near_a = [s for s, x in zip(left[sid], pa) if any(_close(x, y, within) for y in pb)]
        kept = near_a
        if keep == "both":
            kept = join([*near_a, *(s for s, y in zip(right[sid], pb) if any(_close(x, y, within) for x in pa))])
        if kept:
            found[sid] = kept
    return _frame(project, found)


def coding_query(project: "Project", op: str, a: CodeRefs, b: CodeRefs, *, within: int | str = 1,
                 keep: str = "a", reviewer: str | None = None, consensus: bool = True) -> pd.DataFrame:
    """Run the coding query ``op`` ("and", "or", "not", "near") of codes ``a`` and ``b``."""
    if op not in OPERATIONS:
        raise ActionError(f"a coding query is one of {', '.join(OPERATIONS)}, not {op!r}")
    if op == "near":
        return coded_near(project, a, b, within=within, keep=keep, reviewer=reviewer, consensus=consensus)
    run = {"and": coded_and, "or": coded_or, "not": coded_not}[op]
    return run(project, a, b, reviewer=reviewer, consensus=consensus)


def describe(op: str, a: str, b: str, within: int | str = 1) -> str:
    """A query in words, for titles.

    >>> describe("near", "Trust", "Time", 2), describe("not", "Trust", "Time")
    ('coded Trust near Time (within 2 sentences)', 'coded Trust but not Time')
    """
    text = WORDS[op].format(a=a, b=b)
    if op == "near":
        text += " (in the same paragraph)" if within == "paragraph" else \
            f" (within {within} sentence{'' if within == 1 else 's'})"
    return text


def run_saved(project: "Project", params: Mapping[str, Any]) -> pd.DataFrame:
    """Run a saved coding query: ``{"op", "a", "b"}`` and optionally ``within``, ``keep``,
    ``reviewer``, ``consensus``."""
    missing = [k for k in ("op", "a", "b") if k not in params]
    if missing:
        raise ActionError(f"a saved coding query needs {', '.join(missing)}")
    return coding_query(project, params["op"], params["a"], params["b"], within=params.get("within", 1),
                        keep=params.get("keep", "a"), reviewer=params.get("reviewer"),
                        consensus=bool(params.get("consensus", True)))


register_kind("coding", run_saved)
