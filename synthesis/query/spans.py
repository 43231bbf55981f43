"""Coded text as spans: whose codings a query reads, spans merged per code, and quotations.

The coding, matrix and co-occurrence queries all start from the same pool of codings
(one reviewer's, everyone's, or the consensus codings second review settled on) and end
in the same quotation table: source, study, citation, page, offsets and text, cited
the way the theme tables cite ("(Green and Dicks, 2012; p. 10)").

>>> merge([(0, 5), (3, 9), (9, 12), (20, 25)])
[(0, 9), (9, 12), (20, 25)]
>>> intersect([(0, 10), (20, 30)], [(5, 25)])
[(5, 10), (20, 25)]
>>> subtract([(0, 10), (20, 30)], [(5, 25)])
[(0, 5), (25, 30)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from ..corpus.normalise import cite_pages, page_range
from ..errors import ActionError
from ..records import Code, Coding

if TYPE_CHECKING:
    from ..project import Project

Span = tuple[int, int]
CodeRefs = Code | str | Sequence[Code | str]

QUOTATION_COLUMNS = ["source_id", "study_id", "citation", "page", "start", "end", "text", "cite"]


def pool(project: "Project", reviewer: str | None = None, consensus: bool = True) -> list[Coding]:
    """The codings a query reads: ``reviewer``'s own; else the consensus codings (second
    review: removed codings left out, agreed duplicates once); ``consensus=False``: everyone's.

    >>> import tempfile
    >>> from synthesis import Project
    >>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
    >>> _ = p.add_text("Trust and reciprocity.", title="Note", source_id="note")
    >>> _ = p.apply_code("note", 0, 5, p.create_code("Trust"))
    >>> len(pool(p)), len(pool(p, "AG")), len(pool(p, "NT")), len(pool(p, consensus=False))
    (1, 1, 0, 1)
    >>> p.close()
    """
    if reviewer is not None:
        return [c for c in project.codings.values() if c.reviewer == reviewer]
    if consensus:
        from ..review import consensus_codings

        return list(consensus_codings(project))
    return list(project.codings.values())


def who(reviewer: str | None = None, consensus: bool = True) -> str:
    """Whose codings, in words (for titles and alt text).

    >>> who(), who("NT"), who(consensus=False)
    ('consensus codings', "NT's codings", "everyone's codings")
    """
    if reviewer is not None:
        return f"{reviewer}'s codings"
    return "consensus codings" if consensus else "everyone's codings"


def code_ids(project: "Project", refs: CodeRefs) -> frozenset[str]:
    """The ids of one code or several (by :class:`Code`, id or label); an unknown name is an error."""
    if isinstance(refs, (Code, str)):
        refs = [refs]
    found = frozenset(project.code(ref).code_id for ref in refs)
    if not found:
        raise ActionError("name at least one code")
    return found


def label(project: "Project", refs: CodeRefs) -> str:
    """Codes' labels joined with " or " (how a query names a set of codes)."""
    return " or ".join(sorted((project.codes[c].label for c in code_ids(project, refs)), key=str.casefold))


def merge(spans: Iterable[Span]) -> list[Span]:
    """Spans sorted and merged where they overlap (spans that only touch stay apart)."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a, b) for a, b in out]


def join(spans: Iterable[Span]) -> list[Span]:
    """Spans sorted and merged where they overlap or touch (a union of text)."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a, b) for a, b in out]


def intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """The text in both of two lists of merged spans (sorted, non-overlapping)."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """The text of merged spans ``a`` outside merged spans ``b``."""
    out, j = [], 0
    for start, end in a:
        while j < len(b) and b[j][1] <= start:
            j += 1
        k, cursor = j, start
        while k < len(b) and b[k][0] < end:
            if b[k][0] > cursor:
                out.append((cursor, b[k][0]))
            cursor = max(cursor, b[k][1])
            k += 1
        if cursor < end:
            out.append((cursor, end))
    return out


def by_source(codings: Iterable[Coding], wanted: frozenset[str]) -> dict[str, list[Span]]:
    """The spans of the codings of the ``wanted`` codes, per source, merged."""
    found: dict[str, list[Span]] = {}
    for c in codings:
        if c.code_id in wanted:
            found.setdefault(c.source_id, []).append((c.start, c.end))
    return {sid: join(spans) for sid, spans in sorted(found.items())}


def quotations(project: "Project", spans: Iterable[tuple[str, int, int]], **extra: Sequence) -> pd.DataFrame:
    """A quotation table of ``(source_id, start, end)`` spans: study, citation, page, text, cite.

    ``extra`` adds columns (one value per span), after the standard ones.
    """
    rows = []
    names = list(extra)
    for i, (sid, start, end) in enumerate(spans):
        source = project.sources.get(sid)
        study = project.study_of(sid)
        text = project.text(sid) or ""
        page = page_range(source.pages, start, end) if source else ""
        who_ = study.citation if study else (source.title if source else sid)
        pages = cite_pages(page)
        rows.append({"source_id": sid, "study_id": study.study_id if study else "",
                     "citation": study.citation if study else "", "page": page, "start": start, "end": end,
                     "text": text[start:end], "cite": f"({who_}; {pages})" if pages else f"({who_})",
                     **{n: extra[n][i] for n in names}})
    frame = pd.DataFrame(rows, columns=[*QUOTATION_COLUMNS, *names])
    return frame.astype({"start": "int64", "end": "int64"})
