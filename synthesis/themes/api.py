"""Every theme-stage action, as functions of a :class:`~synthesis.project.Project`.

Each action checks its input first (a clear :class:`~synthesis.errors.ActionError`),
then appends one event to the reviewer's log with ``project.record``; undo and
redo work on these events like on any other.

>>> import tempfile
>>> from synthesis.project import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> trust, respect = p.create_code("Trust"), p.create_code("Respect")
>>> relations = create_theme(p, "Relationships", "descriptive")
>>> _ = assign(p, relations, [trust, "Respect"])
>>> ingredient = create_theme(p, "Partnership rests on relationships", "analytical",
...                           question="What makes partnership work?")
>>> _ = assign(p, ingredient, [relations])
>>> print(hierarchy(p))
Partnership rests on relationships
  Relationships
    - Trust
    - Respect
>>> _ = p.undo()
>>> [b.theme.name for b in hierarchy(p).unplaced]
['Relationships']
>>> p.close()
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import ActionError
from ..records import Code, Coding
from .events import (
    COMPONENTS, CONCERNS, CONFIDENCE, KINDS, LEVELS, Group, Judgement, Theme, check_level, groups_of,
    judgements_of, themes_of,
)
from .query import (  # the reads, here too so that ``api`` is the one module to import
    ThemeRef, codes_of, descriptive_of, exemplars, find_group, find_theme, groups, hierarchy, judgements,
    problems, quote_kind, state, supporting_codings, themes,
)

if TYPE_CHECKING:
    from ..project import Project

__all__ = [
    "create_theme", "update_theme", "rename_theme", "delete_theme", "merge_themes", "assign",
    "unassign", "move", "set_exemplar", "unset_exemplar", "set_quote_kind", "create_group",
    "delete_group", "link", "unlink", "judge", "themes", "find_theme", "hierarchy", "problems",
    "codes_of", "descriptive_of", "exemplars", "find_group", "groups", "judgements", "quote_kind",
    "supporting_codings",
]

Member = Code | Theme | str


def _new_id(project: "Project", prefix: str) -> str:
    from ..project import new_id  # not at import time: project.py may import this package

    ids = getattr(project, "_ids", new_id)  # the project's id source (counters in the example)
    return ids(prefix)


def _name(value: str, what: str) -> str:
    name = " ".join(str(value).split())
    if not name:
        raise ActionError(f"a {what} needs a name")
    return name


def _check_name(project: "Project", name: str, level: str, allow: str | None = None) -> str:
    name = _name(name, "theme")
    for theme in themes(project, level):
        if theme.name.casefold() == name.casefold() and theme.theme_id != allow:
            raise ActionError(f"a {level} theme named '{theme.name}' exists already")
    return name


def _record(project: "Project", type: str, data: dict[str, Any]) -> None:
    state(project)  # fold in any theme events read before the handlers were registered
    project.record(type, data)


def _theme(project: "Project", theme_id: str) -> Theme:
    return themes_of(project.state)[theme_id]


# ------------------------------------------------------------------ themes
def create_theme(project: "Project", name: str, level: str, description: str = "",
                 question: str = "") -> Theme:
    """Make a descriptive or analytical theme; ``question`` is the review question an
    analytical theme answers (descriptive themes take none)."""
    if level not in LEVELS:
        raise ActionError(f"a theme is {' or '.join(LEVELS)}, not {level!r}")
    name = _check_name(project, name, level)
    if question and level != "analytical":
        raise ActionError("only an analytical theme answers a review question")
    theme_id = _new_id(project, "T")
    _record(project, "theme.create", {"theme_id": theme_id, "level": level, "name": name,
                                      "description": str(description), "question": str(question)})
    return _theme(project, theme_id)


def update_theme(project: "Project", theme: ThemeRef, *, name: str | None = None,
                 description: str | None = None, question: str | None = None) -> Theme:
    """Change a theme's name, description or review question."""
    found = find_theme(project, theme)
    data: dict[str, Any] = {"theme_id": found.theme_id}
    if name is not None:
        data["name"] = _check_name(project, name, found.level, allow=found.theme_id)
    if description is not None:
        data["description"] = str(description)
    if question is not None:
        if question and found.level != "analytical":
            raise ActionError("only an analytical theme answers a review question")
        data["question"] = str(question)
    if len(data) == 1:
        raise ActionError("name something to change: name, description or question")
    _record(project, "theme.update", data)
    return _theme(project, found.theme_id)


def rename_theme(project: "Project", theme: ThemeRef, name: str) -> Theme:
    return update_theme(project, theme, name=name)


def delete_theme(project: "Project", theme: ThemeRef) -> None:
    """Remove a theme; its codes (or descriptive themes) stay, outside it (undo restores it)."""
    _record(project, "theme.delete", {"theme_id": find_theme(project, theme).theme_id})


def merge_themes(project: "Project", sources: Iterable[ThemeRef], into: ThemeRef) -> Theme:
    """Fold themes of the same level into ``into``: members and exemplars join it,
    references to the sources now point to it, their CERQual judgements go."""
    target = find_theme(project, into)
    found = [find_theme(project, s) for s in sources]
    if any(t.level != target.level for t in found):
        raise ActionError("only themes of the same level can be merged")
    ids = list(dict.fromkeys(t.theme_id for t in found if t.theme_id != target.theme_id))
    if not ids:
        raise ActionError("name at least one theme, other than the target, to merge")
    _record(project, "theme.merge", {"sources": ids, "target": target.theme_id})
    return _theme(project, target.theme_id)


def _member_ids(project: "Project", theme: Theme, members: Iterable[Member] | Member) -> list[str]:
    if isinstance(members, (Code, Theme, str)):
        members = [members]
    ids = []
    for member in members:
        if theme.level == "descriptive":
            if isinstance(member, Theme):
                raise ActionError(f"a descriptive theme holds codes, not the theme '{member.name}'")
            ids.append(project.code(member).code_id)
        else:
            if isinstance(member, Code):
                raise ActionError(f"an analytical theme holds descriptive themes, not the code '{member.label}'")
            ids.append(find_theme(project, member, "descriptive").theme_id)
    if not ids:
        raise ActionError("name at least one member")
    return list(dict.fromkeys(ids))


def _present(theme: Theme, project: "Project", members: Iterable[Member] | Member) -> list[str]:
    """Ids of members as they are listed in ``theme`` (stale ids can be named as they stand)."""
    if isinstance(members, (Code, Theme, str)):
        members = [members]
    ids = []
    for member in members:
        key = member.code_id if isinstance(member, Code) else member.theme_id if isinstance(member, Theme) else member
        if key not in theme.members:
            key = _member_ids(project, theme, [member])[0]
        if key not in theme.members:
            raise ActionError(f"'{member if isinstance(member, str) else key}' is not in theme '{theme.name}'")
        ids.append(key)
    if not ids:
        raise ActionError("name at least one member")
    return list(dict.fromkeys(ids))


def assign(project: "Project", theme: ThemeRef, members: Iterable[Member] | Member) -> Theme:
    """Put codes in a descriptive theme, or descriptive themes in an analytical theme.

    A code may sit in several descriptive themes; members already there are skipped.
    """
    found = find_theme(project, theme)
    ids = [i for i in _member_ids(project, found, members) if i not in found.members]
    if not ids:
        raise ActionError(f"already in '{found.name}'")
    _record(project, "theme.assign", {"theme_id": found.theme_id, "members": ids})
    return _theme(project, found.theme_id)


def unassign(project: "Project", theme: ThemeRef, members: Iterable[Member] | Member) -> Theme:
    """Take codes (or descriptive themes) out of a theme."""
    found = find_theme(project, theme)
    ids = _present(found, project, members)
    _record(project, "theme.unassign", {"theme_id": found.theme_id, "members": ids})
    return _theme(project, found.theme_id)


def move(project: "Project", members: Iterable[Member] | Member, source: ThemeRef, target: ThemeRef) -> Theme:
    """Move codes (or descriptive themes) from one theme to another of the same level, in one action."""
    src, dst = find_theme(project, source), find_theme(project, target)
    if src.theme_id == dst.theme_id:
        raise ActionError("move members to another theme")
    if src.level != dst.level:
        raise ActionError("members move between themes of the same level")
    ids = _present(src, project, members)
    _member_ids(project, dst, ids)  # they must still exist to join the target
    _record(project, "theme.move", {"theme_id": src.theme_id, "target": dst.theme_id, "members": ids})
    return _theme(project, dst.theme_id)


# -------------------------------------------------------------- quotations
def _coding(project: "Project", coding: Coding | str) -> Coding:
    key = coding.coding_id if isinstance(coding, Coding) else str(coding)
    if key not in project.codings:
        raise ActionError(f"no coding '{key}'")
    return project.codings[key]


def set_exemplar(project: "Project", theme: ThemeRef, coding: Coding | str) -> Theme:
    """Choose a coded quotation as an exemplar of a theme (it must support the theme)."""
    found, chosen = find_theme(project, theme), _coding(project, coding)
    if chosen.coding_id not in {c.coding_id for c in supporting_codings(project, found)}:
        label = project.codes[chosen.code_id].label
        raise ActionError(f"the coding is of '{label}', which is not in '{found.name}'")
    if chosen.coding_id in found.exemplars:
        raise ActionError(f"already an exemplar of '{found.name}'")
    _record(project, "exemplar.set", {"theme_id": found.theme_id, "coding_id": chosen.coding_id})
    return _theme(project, found.theme_id)


def unset_exemplar(project: "Project", theme: ThemeRef, coding: Coding | str) -> Theme:
    found = find_theme(project, theme)
    key = coding.coding_id if isinstance(coding, Coding) else str(coding)
    if key not in found.exemplars:
        raise ActionError(f"coding '{key}' is not an exemplar of '{found.name}'")
    _record(project, "exemplar.unset", {"theme_id": found.theme_id, "coding_id": key})
    return _theme(project, found.theme_id)


def set_quote_kind(project: "Project", coding: Coding | str, kind: str) -> str:
    """Say whether a quotation is a participant's words or the authors' interpretation
    (ENTREQ item 20); it holds for every coding of the span and of spans inside it."""
    if kind not in KINDS:
        raise ActionError(f"a quotation is {' or '.join(KINDS)}, not {kind!r}")
    chosen = _coding(project, coding)
    _record(project, "quote.kind", {"coding_id": chosen.coding_id, "kind": kind})
    return kind


# ------------------------------------------------------------------ groups
def create_group(project: "Project", name: str, kind: str = "", description: str = "") -> Group:
    """Make an element group (e.g. the review's underpinning elements, a figure's elements)."""
    name = _name(name, "group")
    if any(g.name.casefold() == name.casefold() for g in groups_of(state(project)).values()):
        raise ActionError(f"a group named '{name}' exists already")
    group_id = _new_id(project, "G")
    _record(project, "group.create", {"group_id": group_id, "name": name, "kind": str(kind),
                                      "description": str(description)})
    return groups_of(project.state)[group_id]


def delete_group(project: "Project", group: Group | str) -> None:
    _record(project, "group.delete", {"group_id": find_group(project, group).group_id})


def _link_id(project: "Project", member: Member) -> str:
    if isinstance(member, Theme):
        return find_theme(project, member).theme_id
    if isinstance(member, Code):
        return project.code(member).code_id
    try:
        return project.code(member).code_id
    except ActionError:
        pass
    try:
        return find_theme(project, member).theme_id
    except ActionError:
        raise ActionError(f"no code or theme '{member}'") from None


def link(project: "Project", group: Group | str, element: str, members: Iterable[Member] | Member = (),
         place: str | None = None) -> Group:
    """Link codes or themes (by object, id, label or name) to an element of a group,
    making the element if it is new; ``place`` sets where it sits in the group's layout."""
    found = find_group(project, group)
    element = _name(element, "group element")
    if isinstance(members, (Code, Theme, str)):
        members = [members]
    ids = list(dict.fromkeys(_link_id(project, m) for m in members))
    data: dict[str, Any] = {"group_id": found.group_id, "element": element, "members": ids}
    if place is not None:
        data["place"] = str(place)
    old = found.element(element)
    if old is not None and set(ids) <= set(old.members) and (place is None or place == old.place):
        raise ActionError(f"nothing new to link to '{old.name}'")
    _record(project, "group.link", data)
    return groups_of(project.state)[found.group_id]


def unlink(project: "Project", group: Group | str, element: str,
           members: Iterable[Member] | Member | None = None) -> Group:
    """Unlink members from an element, or remove the element if no members are named."""
    found = find_group(project, group)
    old = found.element(str(element))
    if old is None:
        raise ActionError(f"group '{found.name}' has no element '{element}'")
    data: dict[str, Any] = {"group_id": found.group_id, "element": old.name}
    if members is not None:
        if isinstance(members, (Code, Theme, str)):
            members = [members]
        ids = [m if isinstance(m, str) and m in old.members else _link_id(project, m) for m in members]
        missing = [i for i in ids if i not in old.members]
        if missing or not ids:
            raise ActionError(f"not linked to '{old.name}': {', '.join(missing) or 'nothing named'}")
        data["members"] = ids
    _record(project, "group.unlink", data)
    return groups_of(project.state)[found.group_id]


# ------------------------------------------------------------------ CERQual
def judge(project: "Project", finding: ThemeRef, component: str, level: str, explanation: str = "") -> Judgement:
    """Record a GRADE-CERQual judgement on a finding (an analytical or descriptive theme).

    ``component`` is one of methodological limitations, coherence, adequacy,
    relevance (levels: no or very minor / minor / moderate / serious concerns)
    or overall (high / moderate / low / very low confidence). A new judgement
    of the same component replaces the old one.
    """
    theme = find_theme(project, finding)
    component = " ".join(str(component).casefold().split())
    if component not in COMPONENTS:
        raise ActionError(f"a CERQual component is one of {', '.join(COMPONENTS)}; not {component!r}")
    canonical = check_level(component, level)
    if canonical is None:
        allowed = CONFIDENCE if component == "overall" else CONCERNS
        raise ActionError(f"{level!r} is not a level for {component}: use one of {', '.join(allowed)}")
    if not codes_of(project, theme):
        raise ActionError(f"'{theme.name}' has no codes yet: there is no evidence to judge")
    _record(project, "cerqual.judge", {"finding": theme.theme_id, "component": component,
                                       "level": canonical, "explanation": " ".join(str(explanation).split())})
    return judgements_of(project.state)[(theme.theme_id, component)]
