"""Tidy DataFrames of the theme stage: counts, coverage, theme pages, the paper's theme
table and the GRADE-CERQual tables. Every count is computed from the codings as they
stand, so the tables change as the coding changes.

>>> import tempfile
>>> from synthesis.project import Project
>>> from synthesis.themes import api
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
>>> trust = p.create_code("Trust")
>>> _ = p.apply_code("note", 0, 5, trust)
>>> _ = api.assign(p, api.create_theme(p, "Relationships", "descriptive"), trust)
>>> theme_summary(p)[["level", "name", "n_codes", "n_codings", "n_quotations"]]
         level           name  n_codes  n_codings  n_quotations
0  descriptive  Relationships        1          1             1
>>> counts(p)
{'descriptive_themes': 1, 'analytical_themes': 0}
>>> p.close()
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..records import Coding, Study
from .events import COMPONENTS, Theme
from .query import (
    ThemeRef, codes_of, descriptive_of, exemplars, find_theme, groups, hierarchy, judgements, parents,
    quote_kind, resolve_code, resolve_theme, state, supporting_codings, themes,
)

if TYPE_CHECKING:
    from ..project import Project

NOT_REPORTED = "not reported"
_DESIGN_COLUMNS = {"qualitative": "n_qualitative", "mixed methods": "n_mixed_methods"}


def _ordered(project: "Project") -> list[Theme]:
    """Analytical themes, then descriptive themes in hierarchy order (unplaced last)."""
    tree = hierarchy(project)
    descriptive = [b.theme for t in tree.analytical for b in t.branches] + [b.theme for b in tree.unplaced]
    return [t.theme for t in tree.analytical] + list(dict.fromkeys(descriptive))


def _studies(project: "Project", codings: Iterable[Coding]) -> list[Study]:
    found = {}
    for coding in codings:
        study = project.study_of(coding.source_id)
        if study is not None:
            found[study.study_id] = study
    return sorted(found.values(), key=lambda s: (s.citation.casefold(), s.study_id))


def _span(coding: Coding) -> tuple[str, int, int]:
    return (coding.source_id, coding.start, coding.end)


def _citations(studies: Iterable[Study]) -> str:
    return "; ".join(s.citation or s.study_id for s in studies)


def theme_summary(project: "Project", reviewer: str | None = None) -> pd.DataFrame:
    """One row per theme with live counts: codes, codings, quotations (distinct spans),
    contributing studies and their designs, and exemplars. ``reviewer`` counts one
    reviewer's codings only."""
    columns = ["theme_id", "level", "name", "description", "question", "parents", "n_members", "n_codes",
               "n_codings", "n_quotations", "n_studies", "n_qualitative", "n_mixed_methods",
               "n_other_designs", "n_exemplars", "studies"]
    rows = []
    for theme in _ordered(project):
        codings = supporting_codings(project, theme, reviewer)
        studies = _studies(project, codings)
        designs = [s.design for s in studies]
        rows.append({
            "theme_id": theme.theme_id, "level": theme.level, "name": theme.name,
            "description": theme.description, "question": theme.question,
            "parents": "; ".join(t.name for t in parents(project, theme)) if theme.level == "descriptive" else "",
            "n_members": len(theme.members), "n_codes": len(codes_of(project, theme)),
            "n_codings": len(codings), "n_quotations": len({_span(c) for c in codings}),
            "n_studies": len(studies), "n_qualitative": designs.count("qualitative"),
            "n_mixed_methods": designs.count("mixed methods"),
            "n_other_designs": sum(d not in _DESIGN_COLUMNS for d in designs),
            "n_exemplars": len(exemplars(project, theme)), "studies": _citations(studies),
        })
    return pd.DataFrame(rows, columns=columns)


def hierarchy_table(project: "Project") -> pd.DataFrame:
    """One row per (analytical theme, descriptive theme, code); blanks where a descriptive
    theme sits in no analytical theme or a code in no theme."""
    columns = ["analytical", "descriptive", "code", "analytical_id", "descriptive_id", "code_id"]
    tree, rows = hierarchy(project), []

    def branch(top: Theme | None, b) -> None:
        for code in b.codes or [None]:
            rows.append({"analytical": top.name if top else "", "descriptive": b.theme.name,
                         "code": code.label if code else "", "analytical_id": top.theme_id if top else "",
                         "descriptive_id": b.theme.theme_id, "code_id": code.code_id if code else ""})

    for t in tree.analytical:
        if not t.branches:
            rows.append({"analytical": t.theme.name, "descriptive": "", "code": "",
                         "analytical_id": t.theme.theme_id, "descriptive_id": "", "code_id": ""})
        for b in t.branches:
            branch(t.theme, b)
    for b in tree.unplaced:
        branch(None, b)
    for code in tree.free_codes:
        rows.append({"analytical": "", "descriptive": "", "code": code.label, "analytical_id": "",
                     "descriptive_id": "", "code_id": code.code_id})
    return pd.DataFrame(rows, columns=columns)


def coverage(project: "Project", reviewer: str | None = None) -> pd.DataFrame:
    """One row per theme and contributing study: codings and quotations of that study."""
    columns = ["theme_id", "level", "theme", "study_id", "citation", "design", "nation",
               "n_codings", "n_quotations"]
    rows = []
    for theme in _ordered(project):
        by_study: dict[str, list[Coding]] = {}
        for coding in supporting_codings(project, theme, reviewer):
            study = project.study_of(coding.source_id)
            if study is not None:
                by_study.setdefault(study.study_id, []).append(coding)
        for study in sorted((project.studies[s] for s in by_study), key=lambda s: (s.citation.casefold(), s.study_id)):
            mine = by_study[study.study_id]
            rows.append({"theme_id": theme.theme_id, "level": theme.level, "theme": theme.name,
                         "study_id": study.study_id, "citation": study.citation, "design": study.design,
                         "nation": study.nation, "n_codings": len(mine),
                         "n_quotations": len({_span(c) for c in mine})})
    return pd.DataFrame(rows, columns=columns)


def coverage_matrix(project: "Project", value: str = "n_quotations", reviewer: str | None = None) -> pd.DataFrame:
    """Themes (rows: level, theme) by studies (columns: citation, every study in the
    project), counting quotations (``value="n_codings"``: codings); 0 where a study
    does not contribute."""
    if value not in ("n_quotations", "n_codings"):
        raise ValueError("value is 'n_quotations' or 'n_codings'")
    long = coverage(project, reviewer)
    studies = sorted(project.studies.values(), key=lambda s: (s.citation.casefold(), s.study_id))
    index = pd.MultiIndex.from_tuples([(t.level, t.name) for t in _ordered(project)], names=["level", "theme"])
    names = [s.citation or s.study_id for s in studies]
    frame = pd.DataFrame(0, index=index, columns=pd.Index(names, name="study"), dtype="int64")
    for row in long.itertuples(index=False):
        frame.loc[(row.level, row.theme), row.citation or row.study_id] = getattr(row, value)
    return frame


def breakdown(project: "Project", by: str = "design") -> pd.DataFrame:
    """Contributing studies of each theme counted by study ``design`` or ``nation``
    (one column per value found among the project's studies; blank is "not reported")."""
    if by not in ("design", "nation"):
        raise ValueError("break down by 'design' or 'nation'")
    values = sorted({getattr(s, by) or NOT_REPORTED for s in project.studies.values()},
                    key=lambda v: (v == NOT_REPORTED, v))
    long = coverage(project)
    rows = []
    for theme in _ordered(project):
        mine = long[long.theme_id == theme.theme_id]
        found = [v or NOT_REPORTED for v in mine[by]]
        rows.append({"theme_id": theme.theme_id, "level": theme.level, "theme": theme.name,
                     **{v: found.count(v) for v in values}, "n_studies": len(found)})
    return pd.DataFrame(rows, columns=["theme_id", "level", "theme", *values, "n_studies"])


def theme_page(project: "Project", theme: ThemeRef, reviewer: str | None = None) -> pd.DataFrame:
    """Every quotation supporting a theme, one row per coded span, exemplars first (in the
    order chosen), then by citation and place in the source; with its citation and page,
    whether it is a participant's words or the authors' interpretation, and its codes."""
    theme = find_theme(project, theme)
    columns = ["exemplar", "quote", "cite", "citation", "page", "kind", "codes", "descriptive_themes",
               "reviewers", "n_codings", "study_id", "source_id", "start", "end", "coding_ids"]
    chosen = [c.coding_id for c in exemplars(project, theme)]
    code_themes: dict[str, list[str]] = {}
    for d in descriptive_of(project, theme):
        for code in codes_of(project, d):
            code_themes.setdefault(code.code_id, []).append(d.name)
    spans: dict[tuple[str, int, int], list[Coding]] = {}
    for coding in supporting_codings(project, theme, reviewer):
        spans.setdefault(_span(coding), []).append(coding)
    rows = []
    for span, codings in spans.items():
        study = project.study_of(span[0])
        ids = [c.coding_id for c in codings]
        ranks = [chosen.index(i) for i in ids if i in chosen]
        labels = list(dict.fromkeys(project.codes[c.code_id].label for c in codings))
        dthemes = list(dict.fromkeys(n for c in codings for n in code_themes.get(c.code_id, ())))
        kinds = list(dict.fromkeys(k for k in (quote_kind(project, c) for c in codings) if k))
        rows.append({
            "exemplar": bool(ranks), "_rank": min(ranks) if ranks else len(chosen),
            "quote": codings[0].quote, "cite": project.cite(codings[0]),
            "citation": study.citation if study else "", "page": project.page(codings[0]),
            "kind": "/".join(kinds), "codes": "; ".join(labels), "descriptive_themes": "; ".join(dthemes),
            "reviewers": ", ".join(sorted({c.reviewer for c in codings})), "n_codings": len(codings),
            "study_id": study.study_id if study else "", "source_id": span[0], "start": span[1],
            "end": span[2], "coding_ids": ", ".join(sorted(ids)),
        })
    frame = pd.DataFrame(rows, columns=[*columns, "_rank"])
    if len(frame):
        frame["_cit"] = frame["citation"].str.casefold()
        frame = frame.sort_values(["_rank", "_cit", "source_id", "start", "end"], ignore_index=True)
    return frame[columns]


def _exemplar_text(project: "Project", coding: Coding | None) -> str:
    return f"\u201c{coding.quote}\u201d {project.cite(coding)}" if coding else ""


def paper_table(project: "Project") -> pd.DataFrame:
    """The paper's theme table: one row per analytical theme with its descriptive themes,
    contributing studies and first exemplar quotation."""
    columns = ["theme_id", "analytical_theme", "descriptive_themes", "contributing_studies",
               "n_studies", "exemplar_quotation"]
    rows = []
    for tree in hierarchy(project).analytical:
        studies = _studies(project, supporting_codings(project, tree.theme))
        first = next(iter(exemplars(project, tree.theme)), None)
        rows.append({"theme_id": tree.theme.theme_id, "analytical_theme": tree.theme.name,
                     "descriptive_themes": "; ".join(b.theme.name for b in tree.branches),
                     "contributing_studies": _citations(studies), "n_studies": len(studies),
                     "exemplar_quotation": _exemplar_text(project, first)})
    return pd.DataFrame(rows, columns=columns)


def group_table(project: "Project") -> pd.DataFrame:
    """One row per (group, element, linked code or theme), with the element's place."""
    columns = ["group", "kind", "element", "place", "member", "member_kind", "group_id", "member_id"]
    current, rows = state(project), []
    for group in groups(project):
        for element in group.elements:
            for member in element.members or ("",):
                code = resolve_code(current, member) if member else None
                theme = resolve_theme(current, member) if member and code is None else None
                name = code.label if code else theme.name if theme else ""
                kind = "code" if code else f"{theme.level} theme" if theme else ("missing" if member else "")
                rows.append({"group": group.name, "kind": group.kind, "element": element.name,
                             "place": element.place, "member": name, "member_kind": kind,
                             "group_id": group.group_id, "member_id": member})
    return pd.DataFrame(rows, columns=columns)


# ------------------------------------------------------------------ CERQual
def judgement_table(project: "Project") -> pd.DataFrame:
    """Every CERQual judgement in force, one row per finding and component (findings in
    the order of the evidence profile)."""
    columns = ["finding_id", "finding", "level", "component", "judgement", "explanation", "reviewer", "time"]
    order = {t.theme_id: (i, t) for i, t in enumerate(_ordered(project))}
    found = sorted(judgements(project), key=lambda j: (order[j.finding][0], COMPONENTS.index(j.component)))
    rows = [{"finding_id": j.finding, "finding": order[j.finding][1].name, "level": order[j.finding][1].level,
             "component": j.component, "judgement": j.level, "explanation": j.explanation,
             "reviewer": j.reviewer, "time": j.time} for j in found]
    return pd.DataFrame(rows, columns=columns)


def _findings(project: "Project") -> list[Theme]:
    """Analytical themes, then descriptive themes that have a judgement."""
    judged = {j.finding for j in judgements(project)}
    return [t for t in _ordered(project) if t.level == "analytical" or t.theme_id in judged]


def _display(component: str, level: str) -> str:
    if not level:
        return ""
    return f"{level.capitalize()} confidence" if component == "overall" else level.capitalize()


def evidence_profile(project: "Project") -> pd.DataFrame:
    """The GRADE-CERQual Evidence Profile: per finding, its contributing studies, each
    component's judgement with its explanation, and the overall confidence."""
    columns = ["finding_id", "finding", "contributing_studies", *[c.replace(" ", "_") for c in COMPONENTS[:-1]],
               "overall_confidence", "explanation"]
    judged = {(j.finding, j.component): j for j in judgements(project)}
    rows = []
    for theme in _findings(project):
        row = {"finding_id": theme.theme_id, "finding": theme.name,
               "contributing_studies": _citations(_studies(project, supporting_codings(project, theme)))}
        for component in COMPONENTS[:-1]:
            j = judged.get((theme.theme_id, component))
            text = _display(component, j.level) if j else ""
            row[component.replace(" ", "_")] = f"{text}: {j.explanation}" if j and j.explanation else text
        overall = judged.get((theme.theme_id, "overall"))
        row["overall_confidence"] = _display("overall", overall.level) if overall else ""
        row["explanation"] = overall.explanation if overall else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def summary_of_findings(project: "Project") -> pd.DataFrame:
    """The GRADE-CERQual Summary of Qualitative Findings: finding, contributing studies,
    overall confidence and its explanation."""
    profile = evidence_profile(project)
    return profile[["finding_id", "finding", "contributing_studies", "overall_confidence", "explanation"]].rename(
        columns={"overall_confidence": "confidence"})


def counts(project: "Project") -> dict[str, int]:
    """Numbers of themes (for ``synthesis info --json``)."""
    found = themes(project)
    return {"descriptive_themes": sum(t.level == "descriptive" for t in found),
            "analytical_themes": sum(t.level == "analytical" for t in found)}


def export_table(project: "Project", which: str, fmt: str, out: str | Path) -> Path:
    """Write ``which`` ("themes", "soqf", "evidence-profile") as ``fmt`` ("md", "csv",
    "xlsx", "docx") to ``out`` (see :mod:`synthesis.themes.export`)."""
    from .export import export_table as write

    return write(project, which, fmt, out)
