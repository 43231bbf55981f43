"""Reading the theme stage: themes, the hierarchy, supporting quotations, stale references.

Theme members are stored as the ids reviewers assigned. Reading resolves them:
a code merged into another stands for the code it was merged into, and a
reference to something that no longer exists (a deleted code, a removed
coding) is left out and reported by :func:`stale` as a ``stale-reference``
:class:`~synthesis.records.Problem`, so undoing the deletion brings it back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ActionError
from ..records import Code, Coding, Problem, Study
from ..state import State
from .events import (
    EVENT_TYPES, Group, Judgement, Theme, groups_of, judgements_of, kinds_of, theme_merged_of, themes_of,
)

if TYPE_CHECKING:
    from ..project import Project

ThemeRef = Theme | str

_UNKNOWN = re.compile(r"unknown event type '([^']+)'")


def state(project: "Project") -> State:
    """The project's folded state, refolded once if it was folded before the theme
    events were registered (a project opened before :mod:`synthesis.themes` was imported)."""
    current = project.state
    for problem in current.problems:
        found = _UNKNOWN.search(problem.message) if problem.kind == "unknown-event" else None
        if found and found.group(1) in EVENT_TYPES:
            project.reload()
            return project.state
    return current


def themes(project: "Project", level: str | None = None) -> list[Theme]:
    """Every theme (or every theme of one level), in the order they were created."""
    return [t for t in themes_of(state(project)).values() if level is None or t.level == level]


def find_theme(project: "Project", ref: ThemeRef, level: str | None = None) -> Theme:
    """A theme by :class:`Theme`, id or name (names ignore case), optionally of one level."""
    found = themes_of(state(project))
    key = ref.theme_id if isinstance(ref, Theme) else str(ref)
    theme = found.get(key)
    if theme is None:
        wanted = " ".join(key.split()).casefold()
        named = [t for t in found.values() if t.name.casefold() == wanted and level in (None, t.level)]
        if len(named) > 1:
            raise ActionError(f"two themes are named '{key}': name the level or use the theme id")
        theme = named[0] if named else None
    if theme is None:
        merged = theme_merged_of(state(project)).get(key)
        if merged:
            raise ActionError(f"theme '{key}' was merged into '{find_theme(project, merged).name}'")
        raise ActionError(f"no theme '{key}'")
    if level is not None and theme.level != level:
        raise ActionError(f"'{theme.name}' is a {theme.level} theme, not a {level} one")
    return theme


def resolve_code(current: State, code_id: str) -> Code | None:
    """The code ``code_id`` stands for now: itself, or the code it was merged into."""
    seen = set()
    while code_id not in current.codes and code_id in current.merged and code_id not in seen:
        seen.add(code_id)
        code_id = current.merged[code_id]
    return current.codes.get(code_id)


def resolve_theme(current: State, theme_id: str) -> Theme | None:
    """The theme ``theme_id`` stands for now: itself, or the theme it was merged into."""
    merged, seen = theme_merged_of(current), set()
    while theme_id not in themes_of(current) and theme_id in merged and theme_id not in seen:
        seen.add(theme_id)
        theme_id = merged[theme_id]
    return themes_of(current).get(theme_id)


def _unique(items: Iterable) -> list:
    return list(dict.fromkeys(items))


def descriptive_of(project: "Project", theme: ThemeRef) -> list[Theme]:
    """The descriptive themes of an analytical theme (a descriptive theme: itself)."""
    theme = find_theme(project, theme)
    if theme.level == "descriptive":
        return [theme]
    current = state(project)
    return _unique(t for t in (resolve_theme(current, m) for m in theme.members) if t is not None)


def parents(project: "Project", theme: ThemeRef) -> list[Theme]:
    """The analytical themes a descriptive theme sits in."""
    theme = find_theme(project, theme)
    return [t for t in themes(project, "analytical") if theme in descriptive_of(project, t)]


def codes_of(project: "Project", theme: ThemeRef) -> list[Code]:
    """The codes under a theme (through its descriptive themes for an analytical theme)."""
    current = state(project)
    codes = (resolve_code(current, m) for t in descriptive_of(project, theme) for m in t.members)
    return _unique(c for c in codes if c is not None)


def supporting_codings(project: "Project", theme: ThemeRef, reviewer: str | None = None, *,
                       consensus: bool = True) -> list[Coding]:
    """Every coding of a code under the theme, in source and text order.

    By default the consensus codings (second review: removed codings left out,
    codings two coders agree on counted once); ``consensus=False`` takes every
    reviewer's codings, ``reviewer`` one reviewer's own.
    """
    from ..review import consensus_codings

    wanted = {c.code_id for c in codes_of(project, theme)}
    pool = consensus_codings(project) if consensus and reviewer is None else project.codings.values()
    found = [c for c in pool if c.code_id in wanted and (reviewer is None or c.reviewer == reviewer)]
    return sorted(found, key=lambda c: (c.source_id, c.start, c.end, c.coding_id))


def contributing_studies(project: "Project", theme: ThemeRef) -> list[Study]:
    """The studies whose codings support the theme, by citation."""
    studies = {}
    for coding in supporting_codings(project, theme):
        study = project.study_of(coding.source_id)
        if study is not None:
            studies[study.study_id] = study
    return sorted(studies.values(), key=lambda s: (s.citation.casefold(), s.study_id))


def exemplars(project: "Project", theme: ThemeRef) -> list[Coding]:
    """The theme's exemplar quotations that still exist, in the order they were chosen."""
    theme = find_theme(project, theme)
    return [project.codings[c] for c in theme.exemplars if c in project.codings]


def quote_kind(project: "Project", coding: Coding) -> str:
    """``"participant"``, ``"author"`` or ``""`` (not said) for a coded quotation.

    A kind set on one coding holds for every coding of the same span and of any
    span inside it (a second reviewer's shorter span of a participant's words is
    still the participant's words); the innermost classified span wins.
    """
    kinds = kinds_of(state(project))
    if coding.coding_id in kinds:
        return kinds[coding.coding_id]
    best: tuple[int, str] | None = None
    for coding_id, kind in kinds.items():
        other = project.codings.get(coding_id)
        if other is None or other.source_id != coding.source_id:
            continue
        if other.start <= coding.start and coding.end <= other.end:
            length = other.end - other.start
            if best is None or length < best[0]:
                best = (length, kind)
    return best[1] if best else ""


def groups(project: "Project") -> list[Group]:
    """The element groups, in the order they were created."""
    return list(groups_of(state(project)).values())


def find_group(project: "Project", ref: Group | str) -> Group:
    found = groups_of(state(project))
    key = ref.group_id if isinstance(ref, Group) else str(ref)
    if key in found:
        return found[key]
    named = [g for g in found.values() if g.name.casefold() == key.casefold()]
    if not named:
        raise ActionError(f"no element group '{key}'")
    return named[0]


def judgements(project: "Project") -> list[Judgement]:
    """Every CERQual judgement in force, by finding (theme order) then component."""
    from .events import COMPONENTS

    order = {t.theme_id: i for i, t in enumerate(themes(project))}
    found = judgements_of(state(project)).values()
    return sorted(found, key=lambda j: (order.get(j.finding, len(order)), COMPONENTS.index(j.component)))


# ---------------------------------------------------------------- hierarchy
@dataclass(frozen=True)
class Branch:
    """A descriptive theme and the codes it holds now."""

    theme: Theme
    codes: tuple[Code, ...]


@dataclass(frozen=True)
class Tree:
    """An analytical theme and its descriptive themes."""

    theme: Theme
    branches: tuple[Branch, ...]


@dataclass(frozen=True)
class Hierarchy:
    """Codes -> descriptive themes -> analytical themes, with what sits outside it."""

    analytical: tuple[Tree, ...]
    unplaced: tuple[Branch, ...]
    free_codes: tuple[Code, ...]

    def __str__(self) -> str:
        lines: list[str] = []

        def branch(b: Branch, indent: str) -> None:
            lines.append(f"{indent}{b.theme.name}")
            lines.extend(f"{indent}  - {c.label}" for c in b.codes)

        for tree in self.analytical:
            lines.append(tree.theme.name)
            for b in tree.branches:
                branch(b, "  ")
        if self.unplaced:
            lines.append("(descriptive themes in no analytical theme)")
            for b in self.unplaced:
                branch(b, "  ")
        if self.free_codes:
            lines.append("(codes in no theme)")
            lines.extend(f"  - {c.label}" for c in self.free_codes)
        return "\n".join(lines)


def hierarchy(project: "Project") -> Hierarchy:
    """The theme hierarchy as it stands, with unplaced descriptive themes and free codes."""
    current = state(project)
    branches = {t.theme_id: Branch(t, tuple(codes_of(project, t))) for t in themes(project, "descriptive")}
    trees, placed = [], set()
    for theme in themes(project, "analytical"):
        mine = tuple(branches[t.theme_id] for t in descriptive_of(project, theme))
        placed.update(b.theme.theme_id for b in mine)
        trees.append(Tree(theme, mine))
    used = {c.code_id for b in branches.values() for c in b.codes}
    free = tuple(sorted((c for c in current.codes.values() if c.code_id not in used),
                        key=lambda c: c.label.casefold()))
    unplaced = tuple(b for key, b in branches.items() if key not in placed)
    return Hierarchy(tuple(trees), unplaced, free)


def stale(project: "Project") -> list[Problem]:
    """References the theme stage holds to things that no longer exist."""
    current = state(project)
    problems = []

    def report(message: str) -> None:
        problems.append(Problem("stale-reference", message))

    for theme in themes(project):
        for member in theme.members:
            if theme.level == "descriptive" and resolve_code(current, member) is None:
                report(f"descriptive theme '{theme.name}': code '{member}' no longer exists")
        supporting = {c.coding_id for c in supporting_codings(project, theme)}
        for coding_id in theme.exemplars:
            if coding_id not in project.codings:
                report(f"theme '{theme.name}': exemplar coding '{coding_id}' no longer exists")
            elif coding_id not in supporting:
                report(f"theme '{theme.name}': exemplar coding '{coding_id}' is no longer a coding of "
                       "a code in the theme")
    for coding_id in kinds_of(current):
        if coding_id not in project.codings:
            report(f"quotation kind of coding '{coding_id}': the coding no longer exists")
    for group in groups(project):
        for element in group.elements:
            for member in element.members:
                if resolve_code(current, member) is None and resolve_theme(current, member) is None:
                    report(f"group '{group.name}', element '{element.name}': '{member}' no longer exists")
    return problems


def problems(project: "Project") -> list[Problem]:
    """Theme events the fold rejected, and stale references."""
    ours = {e.id for e in project.events if e.type in EVENT_TYPES}
    rejected = [p for p in state(project).problems if p.event_id in ours]
    return [*rejected, *stale(project)]
