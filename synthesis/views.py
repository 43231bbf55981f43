"""Tidy pandas views of a project: the query surface for reviewers.

Each function takes a :class:`~synthesis.project.Project` and returns a new
DataFrame with one row per record, sorted deterministically.

>>> import tempfile
>>> from synthesis.project import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
>>> _ = p.apply_code("note", 0, 5, p.create_code("Trust"))
>>> codings(p)[["code", "quote", "reviewer"]]
    code  quote reviewer
0  Trust  Trust       AG
>>> p.close()
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, fields
from typing import TYPE_CHECKING

import pandas as pd

from .corpus.normalise import page_runs
from .records import Memo, Study

if TYPE_CHECKING:
    from .project import Project


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def studies(project: "Project") -> pd.DataFrame:
    """One row per study, with its number of sources."""
    per_study = Counter(s.study_id for s in project.sources.values())
    columns = [f.name for f in fields(Study)] + ["n_sources"]
    rows = [{**asdict(s), "n_sources": per_study[s.study_id]} for s in sorted(project.studies.values(), key=lambda s: s.study_id)]
    frame = _frame(rows, columns)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def sources(project: "Project") -> pd.DataFrame:
    """One row per source with its study citation, length, pages (in order, runs joined: "514, 521-524")
    and coding count."""
    counts = Counter(c.source_id for c in project.codings.values())
    columns = ["source_id", "title", "study_id", "citation", "kind", "original_name",
               "sha256", "n_chars", "pages", "n_codings"]
    rows = []
    for s in sorted(project.sources.values(), key=lambda s: s.source_id):
        study = project.studies.get(s.study_id)
        labels = [p for _, p in s.pages if p]
        rows.append({
            "source_id": s.source_id, "title": s.title, "study_id": s.study_id,
            "citation": study.citation if study else "", "kind": s.kind,
            "original_name": s.original_name, "sha256": s.sha256, "n_chars": s.n_chars,
            "pages": ", ".join(page_runs(labels)), "n_codings": counts[s.source_id],
        })
    return _frame(rows, columns)


def segments(project: "Project", source_id: str | None = None) -> pd.DataFrame:
    """One row per sentence segment, with its text and page."""
    from .corpus.normalise import page_at

    columns = ["source_id", "index", "paragraph", "start", "end", "page", "text"]
    rows = []
    for seg in project.segments(source_id):
        text = project.text(seg.source_id) or ""
        pages = project.sources[seg.source_id].pages
        rows.append({**asdict(seg), "page": page_at(pages, seg.start), "text": text[seg.start:seg.end]})
    return _frame(rows, columns)


def codes(project: "Project") -> pd.DataFrame:
    """One row per code with counts of codings, sources, studies and reviewers.

    ``parent`` is the id of the code it sits under in the code tree ("" at the top) and
    ``parent_label`` that code's label.
    """
    columns = ["code_id", "label", "definition", "colour", "parent", "parent_label", "created_by",
               "created_at", "n_codings", "n_sources", "n_studies", "reviewers"]
    by_code: dict[str, list] = {cid: [] for cid in project.codes}
    for coding in project.codings.values():
        by_code.setdefault(coding.code_id, []).append(coding)
    rows = []
    for code in sorted(project.codes.values(), key=lambda c: c.label.casefold()):
        mine = by_code.get(code.code_id, [])
        studies_ = {project.sources[c.source_id].study_id for c in mine
                    if c.source_id in project.sources and project.sources[c.source_id].study_id}
        above = project.codes.get(code.parent)
        rows.append({**asdict(code), "parent_label": above.label if above else "", "n_codings": len(mine),
                     "n_sources": len({c.source_id for c in mine}), "n_studies": len(studies_),
                     "reviewers": ", ".join(sorted({c.reviewer for c in mine}))})
    return _frame(rows, columns)


def codings(project: "Project", *, code_id: str | None = None, reviewer: str | None = None) -> pd.DataFrame:
    """One row per coding: code, quote, source, study, citation, page, reviewer, time.

    ``code_id`` and ``reviewer`` keep only that code's or that reviewer's codings.
    """
    columns = ["coding_id", "code_id", "code", "source_id", "study_id", "citation", "page",
               "start", "end", "quote", "reviewer", "time", "status", "cite"]
    rows = []
    for c in project.codings.values():
        if (code_id is not None and c.code_id != code_id) or (reviewer is not None and c.reviewer != reviewer):
            continue
        code = project.codes.get(c.code_id)
        study = project.study_of(c.source_id)
        rows.append({
            "coding_id": c.coding_id, "code_id": c.code_id, "code": code.label if code else "",
            "source_id": c.source_id, "study_id": study.study_id if study else "",
            "citation": study.citation if study else "", "page": project.page(c),
            "start": c.start, "end": c.end, "quote": c.quote, "reviewer": c.reviewer,
            "time": c.time, "status": c.status, "cite": project.cite(c),
        })
    frame = _frame(rows, columns)
    if len(frame):
        frame = frame.sort_values(["source_id", "start", "end", "code", "reviewer", "coding_id"], ignore_index=True)
    return frame


def memos(project: "Project") -> pd.DataFrame:
    """One row per memo, with a readable name of what it is about."""
    columns = [f.name for f in fields(Memo)] + ["about"]
    rows = []
    for m in project.memos.values():
        if m.target_kind == "code":
            code = project.codes.get(m.target_id)
            about = code.label if code else m.target_id
        elif m.target_kind == "coding":
            coding = project.codings.get(m.target_id)
            about = coding.quote[:60] if coding else m.target_id
        else:
            source = project.sources.get(m.target_id)
            about = source.title if source else m.target_id
        rows.append({**asdict(m), "about": about})
    frame = _frame(rows, columns)
    return frame.sort_values(["target_kind", "about", "author"], ignore_index=True) if len(frame) else frame


def events(project: "Project") -> pd.DataFrame:
    """The audit trail: every event of every reviewer, in fold order."""
    columns = ["id", "reviewer", "time", "type", "clock", "data"]
    rows = [{"id": e.id, "reviewer": e.reviewer, "time": e.time, "type": e.type,
             "clock": e.clock, "data": e.data} for e in project.events]
    return _frame(rows, columns)


def problems(project: "Project") -> pd.DataFrame:
    """Everything the project could not fold or anchor, for a reviewer to look at."""
    from .themes.query import stale

    columns = ["kind", "message", "event_id", "file", "line"]
    return _frame([asdict(p) for p in [*project.problems, *stale(project)]], columns)


def info(project: "Project") -> dict[str, int]:
    """Counts of the main records (what ``synthesis info --json`` prints)."""
    from .themes.tables import counts as theme_counts

    return {
        "studies": len(project.studies),
        "sources": len(project.sources),
        "segments": len(project.segments()) if project.sources else 0,
        "codes": len(project.codes),
        "codings": len(project.codings),
        "reviewers": len(project.reviewers),
        "memos": len(project.memos),
        "events": len(project.events),
        "problems": len(project.problems),
        **theme_counts(project),
    }
