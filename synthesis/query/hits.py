"""Coding from search results: apply a code to the word, sentence or paragraph around hits.

One ``coding.apply`` event per coded span, as when coding by hand, all recorded in
one batch (:meth:`~synthesis.project.Project.batch`), so the reviewer's Undo takes
the whole lot back in one step. Two hits in one sentence spread to that sentence
make one coding; a span this reviewer has already coded with the code is skipped.

>>> import tempfile
>>> from synthesis import Project
>>> from synthesis.query import search
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust grew. We trusted them and trust held.\\n\\nNo more.", title="Note", source_id="note")
>>> _ = p.create_code("Trust")
>>> hits = search(p, "trust*", mode="wildcard")
>>> [c.quote for c in code_hits(p, hits, "Trust", spread="sentence")]
['Trust grew.', 'We trusted them and trust held.']
>>> _ = p.undo()
>>> len(p.codings)
0
>>> p.close()
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import ActionError
from ..records import Code, Coding, Segment

if TYPE_CHECKING:
    import pandas as pd

    from ..project import Project

SPREADS = ("match", "sentence", "paragraph")


def _rows(hits: "pd.DataFrame | Iterable[tuple[str, int, int]]") -> list[tuple[str, int, int]]:
    if hasattr(hits, "columns"):
        missing = {"source_id", "start", "end"} - set(hits.columns)  # type: ignore[union-attr]
        if missing:
            raise ActionError(f"search hits need the columns source_id, start and end (missing {', '.join(sorted(missing))})")
        return [(str(s), int(a), int(b)) for s, a, b in
                zip(hits["source_id"], hits["start"], hits["end"])]  # type: ignore[index]
    return [(str(s), int(a), int(b)) for s, a, b in hits]


def spread_span(segments: list[Segment], start: int, end: int, spread: str) -> tuple[int, int]:
    """The span a hit ``[start, end)`` spreads to: itself, its sentence(s) or its paragraph(s).

    >>> segs = [Segment("s", 0, 0, 0, 11), Segment("s", 1, 0, 12, 25), Segment("s", 2, 1, 27, 46)]
    >>> spread_span(segs, 14, 18, "sentence"), spread_span(segs, 14, 18, "paragraph")
    ((12, 25), (0, 25))
    """
    if spread == "match" or not segments:
        return start, end
    starts = [s.start for s in segments]
    first = segments[max(0, bisect_right(starts, start) - 1)]
    last = segments[max(0, bisect_right(starts, max(start, end - 1)) - 1)]
    if spread == "sentence":
        return min(first.start, start), max(last.end, end)
    inside = [s for s in segments if first.paragraph <= s.paragraph <= last.paragraph]
    return min(inside[0].start, start), max(inside[-1].end, end)


def spans_of(project: "Project", hits: Any, spread: str = "match") -> list[tuple[str, int, int]]:
    """The distinct spans ``hits`` spread to, in corpus order."""
    if spread not in SPREADS:
        raise ActionError(f"spread a coding to one of {', '.join(SPREADS)}, not {spread!r}")
    out: dict[tuple[str, int, int], None] = {}
    segments: dict[str, list[Segment]] = {}
    for sid, start, end in _rows(hits):
        text = project.text(sid)
        if text is None:
            raise ActionError(f"no source '{sid}' in the corpus")
        if not 0 <= start < end <= len(text):
            raise ActionError(f"the hit {start}-{end} is outside source '{sid}' ({len(text)} characters): "
                              "search again, the text has changed")
        if spread != "match" and sid not in segments:
            segments[sid] = project.segments(sid)
        a, b = spread_span(segments.get(sid, []), start, end, spread)
        out[(sid, a, b)] = None
    return sorted(out)


def code_hits(project: "Project", hits: Any, code: Code | str, spread: str = "match") -> list[Coding]:
    """Apply ``code`` to each hit (a search's DataFrame, or ``(source, start, end)`` triples),
    spread to the match, its sentence or its paragraph; all in one undoable step."""
    found = project.code(code)
    spans = spans_of(project, hits, spread)
    if not spans:
        raise ActionError("select at least one search hit to code")
    mine = {(c.source_id, c.start, c.end) for c in project.codings.values()
            if c.code_id == found.code_id and c.reviewer == project.reviewer}
    todo = [span for span in spans if span not in mine]
    if not todo:
        raise ActionError(f"you have already coded every one of these with '{found.label}'")
    made: list[Coding] = []
    with project.batch():
        for sid, start, end in todo:
            made.extend(project.apply_code(sid, start, end, found))
    return made
