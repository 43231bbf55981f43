"""Theme events and their fold steps: descriptive and analytical themes, exemplars,
quotation kinds, element groups and GRADE-CERQual judgements.

Each event type is registered with :func:`synthesis.state.handles`; the folded
records are frozen dataclasses kept in ``State.extra``:

``extra["themes"]``        theme id -> :class:`Theme` (creation order)
``extra["theme_merged"]``  id of a theme merged away -> id it was merged into
``extra["quote_kinds"]``   coding id -> ``"participant"`` or ``"author"``
``extra["groups"]``        group id -> :class:`Group`
``extra["cerqual"]``       ``(finding, component)`` -> :class:`Judgement`

An event that does not fit (an unknown theme, a code that no longer exists)
is reported as a :class:`~synthesis.records.Problem` by the fold, never raised.

>>> from synthesis.records import Event
>>> from synthesis.state import fold
>>> state = fold([
...     Event("AG:1", 1, 1, "t1", "AG", "code.create", {"code_id": "C1", "label": "Trust"}),
...     Event("AG:2", 2, 2, "t2", "AG", "theme.create",
...           {"theme_id": "T1", "level": "descriptive", "name": "Relationships"}),
...     Event("AG:3", 3, 3, "t3", "AG", "theme.assign", {"theme_id": "T1", "members": ["C1"]}),
...     Event("AG:4", 4, 4, "t4", "AG", "theme.assign", {"theme_id": "T1", "members": ["C9"]}),
... ])
>>> themes_of(state)["T1"].members
('C1',)
>>> [p.kind for p in state.problems]
['rejected-event']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from ..records import Event
from ..state import Rejected, State, handles

LEVELS = ("descriptive", "analytical")
KINDS = ("participant", "author")
COMPONENTS = ("methodological limitations", "coherence", "adequacy", "relevance", "overall")
CONCERNS = ("no or very minor concerns", "minor concerns", "moderate concerns", "serious concerns")
CONFIDENCE = ("high", "moderate", "low", "very low")
EVENT_TYPES = (
    "theme.create", "theme.update", "theme.delete", "theme.merge", "theme.assign",
    "theme.unassign", "theme.move", "exemplar.set", "exemplar.unset", "quote.kind",
    "group.create", "group.delete", "group.link", "group.unlink", "cerqual.judge",
)


@dataclass(frozen=True)
class Theme:
    """A descriptive theme (holds codes) or an analytical theme (holds descriptive themes).

    ``members`` are code ids or theme ids in the order they were assigned;
    ``exemplars`` are coding ids of the quotations reviewers chose to show.
    ``question`` is the review question an analytical theme answers.
    """

    theme_id: str
    level: str
    name: str
    description: str = ""
    question: str = ""
    members: tuple[str, ...] = ()
    exemplars: tuple[str, ...] = ()
    created_by: str = ""
    created_at: str = ""


@dataclass(frozen=True)
class Element:
    """One element of a group, linked to codes and/or themes; ``place`` is where it sits
    in the group's layout (for the Figure 3 matrix, its quadrant, e.g. "tangible/relational")."""

    name: str
    members: tuple[str, ...] = ()
    place: str = ""


@dataclass(frozen=True)
class Group:
    """A named set of elements that cut across the theme hierarchy (e.g. underpinning elements)."""

    group_id: str
    name: str
    description: str = ""
    kind: str = ""
    elements: tuple[Element, ...] = ()
    created_by: str = ""
    created_at: str = ""

    def element(self, name: str) -> Element | None:
        wanted = name.casefold()
        return next((e for e in self.elements if e.name.casefold() == wanted), None)


@dataclass(frozen=True)
class Judgement:
    """A GRADE-CERQual judgement of one component of one finding (a theme)."""

    finding: str
    component: str
    level: str
    explanation: str = ""
    reviewer: str = ""
    time: str = ""


# ------------------------------------------------------------------ access
def _table(state: State, key: str) -> dict:
    return state.extra.setdefault(key, {})


def themes_of(state: State) -> dict[str, Theme]:
    """The themes of a folded state, in creation order."""
    return state.extra.get("themes", {})


def groups_of(state: State) -> dict[str, Group]:
    return state.extra.get("groups", {})


def kinds_of(state: State) -> dict[str, str]:
    return state.extra.get("quote_kinds", {})


def judgements_of(state: State) -> dict[tuple[str, str], Judgement]:
    return state.extra.get("cerqual", {})


def theme_merged_of(state: State) -> dict[str, str]:
    return state.extra.get("theme_merged", {})


def _need_theme(state: State, theme_id: Any, event: Event) -> Theme:
    theme = themes_of(state).get(theme_id)
    if theme is None:
        merged = theme_merged_of(state).get(theme_id)
        hint = f" (merged into '{merged}')" if merged else ""
        raise Rejected(f"{event.type}: theme '{theme_id}' does not exist{hint}")
    return theme


def _ids(value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValueError("members must be a list of ids")
    return [str(v) for v in value]


def _check_members(state: State, theme: Theme, members: list[str], event: Event) -> None:
    for member in members:
        if theme.level == "descriptive":
            if member not in state.codes:
                merged = state.merged.get(member)
                hint = f" (merged into '{merged}')" if merged else ""
                raise Rejected(f"{event.type}: code '{member}' does not exist{hint}")
        else:
            other = _need_theme(state, member, event)
            if other.level != "descriptive":
                raise Rejected(f"{event.type}: an analytical theme holds descriptive themes, "
                               f"not '{other.name}'")


def _without(items: tuple[str, ...], drop: Iterable[str]) -> tuple[str, ...]:
    gone = set(drop)
    return tuple(i for i in items if i not in gone)


def _union(*parts: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for part in parts for i in part))


# ------------------------------------------------------------------ themes
@handles("theme.create")
def _theme_create(state: State, event: Event) -> None:
    d = event.data
    if d["theme_id"] in themes_of(state):
        raise Rejected(f"theme '{d['theme_id']}' exists already")
    if d["level"] not in LEVELS:
        raise Rejected(f"a theme is descriptive or analytical, not {d['level']!r}")
    if not str(d["name"]).strip():
        raise Rejected("a theme needs a name")
    _table(state, "themes")[d["theme_id"]] = Theme(
        d["theme_id"], d["level"], d["name"], d.get("description", ""), d.get("question", ""),
        created_by=event.reviewer, created_at=event.time,
    )


@handles("theme.update")
def _theme_update(state: State, event: Event) -> None:
    d = event.data
    theme = _need_theme(state, d["theme_id"], event)
    changes = {k: str(d[k]) for k in ("name", "description", "question") if k in d}
    if "name" in changes and not changes["name"].strip():
        raise Rejected("a theme needs a name")
    _table(state, "themes")[theme.theme_id] = replace(theme, **changes)


def _replace_everywhere(state: State, old: set[str], new: str | None) -> None:
    """Point every reference to the themes in ``old`` at ``new`` (or drop it if None)."""
    themes = _table(state, "themes")
    for key, theme in list(themes.items()):
        if theme.level == "analytical" and old & set(theme.members):
            members = [new if m in old else m for m in theme.members]
            themes[key] = replace(theme, members=_union([m for m in members if m is not None]))
    groups = _table(state, "groups")
    for key, group in list(groups.items()):
        elements = []
        for element in group.elements:
            members = [new if m in old else m for m in element.members]
            elements.append(replace(element, members=_union([m for m in members if m is not None])))
        groups[key] = replace(group, elements=tuple(elements))
    cerqual = _table(state, "cerqual")
    for key in [k for k in cerqual if k[0] in old]:
        del cerqual[key]


@handles("theme.delete")
def _theme_delete(state: State, event: Event) -> None:
    theme = _need_theme(state, event.data["theme_id"], event)
    del _table(state, "themes")[theme.theme_id]
    _replace_everywhere(state, {theme.theme_id}, None)


@handles("theme.merge")
def _theme_merge(state: State, event: Event) -> None:
    d = event.data
    target = _need_theme(state, d["target"], event)
    sources = [_need_theme(state, s, event) for s in _ids(d["sources"])]
    if not sources or any(s.theme_id == target.theme_id for s in sources):
        raise Rejected("merge at least one theme, other than the target, into it")
    if any(s.level != target.level for s in sources):
        raise Rejected("only themes of the same level can be merged")
    merged = replace(
        target,
        members=_union(target.members, *(s.members for s in sources)),
        exemplars=_union(target.exemplars, *(s.exemplars for s in sources)),
    )
    themes = _table(state, "themes")
    themes[target.theme_id] = merged
    moving = {s.theme_id for s in sources}
    for theme_id in moving:
        del themes[theme_id]
        _table(state, "theme_merged")[theme_id] = target.theme_id
    _replace_everywhere(state, moving, target.theme_id)


@handles("theme.assign")
def _theme_assign(state: State, event: Event) -> None:
    d = event.data
    theme = _need_theme(state, d["theme_id"], event)
    members = _ids(d["members"])
    _check_members(state, theme, members, event)
    _table(state, "themes")[theme.theme_id] = replace(theme, members=_union(theme.members, members))


@handles("theme.unassign")
def _theme_unassign(state: State, event: Event) -> None:
    d = event.data
    theme = _need_theme(state, d["theme_id"], event)
    members = _ids(d["members"])
    missing = [m for m in members if m not in theme.members]
    if missing:
        raise Rejected(f"{', '.join(missing)} not in theme '{theme.name}'")
    _table(state, "themes")[theme.theme_id] = replace(theme, members=_without(theme.members, members))


@handles("theme.move")
def _theme_move(state: State, event: Event) -> None:
    """Unassign ``members`` from ``theme_id`` and assign them to ``target``, in one step."""
    d = event.data
    source = _need_theme(state, d["theme_id"], event)
    target = _need_theme(state, d["target"], event)
    members = _ids(d["members"])
    if source.level != target.level:
        raise Rejected("members move between themes of the same level")
    missing = [m for m in members if m not in source.members]
    if missing:
        raise Rejected(f"{', '.join(missing)} not in theme '{source.name}'")
    _check_members(state, target, members, event)
    themes = _table(state, "themes")
    themes[source.theme_id] = replace(source, members=_without(source.members, members))
    target = themes[target.theme_id]
    themes[target.theme_id] = replace(target, members=_union(target.members, members))


# --------------------------------------------------------------- quotations
@handles("exemplar.set")
def _exemplar_set(state: State, event: Event) -> None:
    d = event.data
    theme = _need_theme(state, d["theme_id"], event)
    if d["coding_id"] not in state.codings:
        raise Rejected(f"{event.type}: coding '{d['coding_id']}' does not exist")
    _table(state, "themes")[theme.theme_id] = replace(theme, exemplars=_union(theme.exemplars, [d["coding_id"]]))


@handles("exemplar.unset")
def _exemplar_unset(state: State, event: Event) -> None:
    d = event.data
    theme = _need_theme(state, d["theme_id"], event)
    if d["coding_id"] not in theme.exemplars:
        raise Rejected(f"coding '{d['coding_id']}' is not an exemplar of '{theme.name}'")
    _table(state, "themes")[theme.theme_id] = replace(theme, exemplars=_without(theme.exemplars, [d["coding_id"]]))


@handles("quote.kind")
def _quote_kind(state: State, event: Event) -> None:
    d = event.data
    if d["kind"] not in KINDS:
        raise Rejected(f"a quotation is {' or '.join(KINDS)}, not {d['kind']!r}")
    if d["coding_id"] not in state.codings:
        raise Rejected(f"{event.type}: coding '{d['coding_id']}' does not exist")
    _table(state, "quote_kinds")[d["coding_id"]] = d["kind"]


# ------------------------------------------------------------------- groups
def _need_group(state: State, group_id: Any, event: Event) -> Group:
    group = groups_of(state).get(group_id)
    if group is None:
        raise Rejected(f"{event.type}: group '{group_id}' does not exist")
    return group


@handles("group.create")
def _group_create(state: State, event: Event) -> None:
    d = event.data
    if d["group_id"] in groups_of(state):
        raise Rejected(f"group '{d['group_id']}' exists already")
    if not str(d["name"]).strip():
        raise Rejected("a group needs a name")
    _table(state, "groups")[d["group_id"]] = Group(
        d["group_id"], d["name"], d.get("description", ""), d.get("kind", ""),
        created_by=event.reviewer, created_at=event.time,
    )


@handles("group.delete")
def _group_delete(state: State, event: Event) -> None:
    group = _need_group(state, event.data["group_id"], event)
    del _table(state, "groups")[group.group_id]


@handles("group.link")
def _group_link(state: State, event: Event) -> None:
    """Link codes/themes to an element of a group (made on first link); set its place."""
    d = event.data
    group = _need_group(state, d["group_id"], event)
    name = str(d["element"]).strip()
    if not name:
        raise Rejected("an element needs a name")
    members = _ids(d.get("members", []))
    for member in members:
        if member not in state.codes and member not in themes_of(state):
            raise Rejected(f"{event.type}: no code or theme '{member}'")
    old = group.element(name)
    if old is None:
        element = Element(name, _union(members), str(d.get("place", "")))
        elements = (*group.elements, element)
    else:
        element = replace(old, members=_union(old.members, members),
                          place=str(d["place"]) if "place" in d else old.place)
        elements = tuple(element if e is old else e for e in group.elements)
    _table(state, "groups")[group.group_id] = replace(group, elements=elements)


@handles("group.unlink")
def _group_unlink(state: State, event: Event) -> None:
    """Unlink members from an element, or remove the element when no members are named."""
    d = event.data
    group = _need_group(state, d["group_id"], event)
    old = group.element(str(d["element"]))
    if old is None:
        raise Rejected(f"group '{group.name}' has no element '{d['element']}'")
    if d.get("members"):
        members = _ids(d["members"])
        missing = [m for m in members if m not in old.members]
        if missing:
            raise Rejected(f"{', '.join(missing)} not linked to '{old.name}'")
        new = replace(old, members=_without(old.members, members))
        elements = tuple(new if e is old else e for e in group.elements)
    else:
        elements = tuple(e for e in group.elements if e is not old)
    _table(state, "groups")[group.group_id] = replace(group, elements=elements)


# ------------------------------------------------------------------ CERQual
def check_level(component: str, level: str) -> str | None:
    """The canonical CERQual level for ``component``, or None if it is not one.

    >>> check_level("coherence", "Minor")
    'minor concerns'
    >>> check_level("overall", "Moderate confidence")
    'moderate'
    >>> check_level("overall", "minor concerns") is None
    True
    """
    text = " ".join(str(level).casefold().split())
    if component == "overall":
        text = text.removesuffix(" confidence")
        return text if text in CONFIDENCE else None
    if text in ("no concerns", "very minor concerns", "no or very minor"):
        text = "no or very minor concerns"
    if not text.endswith(" concerns"):
        text += " concerns"
    return text if text in CONCERNS else None


@handles("cerqual.judge")
def _cerqual_judge(state: State, event: Event) -> None:
    d = event.data
    theme = _need_theme(state, d["finding"], event)
    if d["component"] not in COMPONENTS:
        raise Rejected(f"CERQual components are {', '.join(COMPONENTS)}; not {d['component']!r}")
    if check_level(d["component"], d["level"]) != d["level"]:
        raise Rejected(f"{d['level']!r} is not a CERQual level for {d['component']}")
    _table(state, "cerqual")[(theme.theme_id, d["component"])] = Judgement(
        theme.theme_id, d["component"], d["level"], d.get("explanation", ""), event.reviewer, event.time,
    )

