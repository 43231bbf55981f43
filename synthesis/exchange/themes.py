"""The seam between REFI-QDA's code hierarchy and :mod:`synthesis.themes`.

REFI-QDA has one tree of codes; this project has flat codes grouped by
descriptive themes, which analytical themes group in turn. On export the themes
become parent codes (``isCodable="false"``): analytical theme > descriptive
theme > code; a code's child codes are codable codes under it (in any tool's
file, a codable code under a codable code is read back as a child code). On import
parent codes become themes again. Everything that
touches :mod:`synthesis.themes` is in this module: without that package (or if
its API changes) :func:`available` is false, codes are exported flat and an
imported tree is flattened, with a notice saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .guids import guid_for, local_id
from .model import QdaCode, QdaSet

if TYPE_CHECKING:
    from ..project import Project

QUESTION = "Review question: "


def _api() -> Any | None:
    try:
        from ..themes import query  # noqa: F401  (registers the theme events with the fold)
        from ..themes import events as theme_events  # noqa: F401
    except ImportError:
        return None
    needed = ("hierarchy", "themes")
    return query if all(hasattr(query, n) for n in needed) else None


def available() -> bool:
    """Whether :mod:`synthesis.themes` is there to hold a code hierarchy."""
    return _api() is not None


@dataclass(frozen=True)
class Node:
    """One code of the exported tree: a theme (not codable) or a code."""

    guid: str
    name: str
    codable: bool
    description: str = ""
    colour: str = ""
    code_id: str = ""          # set for codes
    children: tuple["Node", ...] = ()


def _theme_text(theme: Any) -> str:
    text = str(getattr(theme, "description", "") or "")
    question = str(getattr(theme, "question", "") or "")
    if question:
        text = f"{text}\n\n{QUESTION}{question}" if text else f"{QUESTION}{question}"
    return text


@dataclass(frozen=True)
class CodeSet:
    """A theme as a set of codes: every code it groups, also those a code tree shows under another theme."""

    guid: str
    name: str
    description: str
    members: tuple[str, ...]  # code GUIDs


def theme_sets(project: "Project") -> list[CodeSet]:
    """One set per theme that groups codes (analytical themes: the codes of their descriptive themes).

    A code tree shows a code under one theme only; a set lists every theme's codes, so a
    code in two themes is a member of both. No themes, no sets. A set's GUID derives from
    its theme's, so it survives a round trip as the theme does.
    """
    query = _api()
    if query is None or not query.themes(project):
        return []
    out: list[CodeSet] = []
    seen: set[str] = set()

    def add(theme: Any, codes: list[Any]) -> None:
        members = tuple(dict.fromkeys(guid_for("code", c.code_id) for c in codes if c.code_id in project.codes))
        if theme.theme_id in seen or not members:
            return
        seen.add(theme.theme_id)
        out.append(CodeSet(guid_for("set", guid_for("theme", theme.theme_id)), theme.name, _theme_text(theme), members))

    tree = query.hierarchy(project)
    for t in tree.analytical:
        add(t.theme, [c for b in t.branches for c in b.codes])
        for b in t.branches:
            add(b.theme, list(b.codes))
    for b in tree.unplaced:
        add(b.theme, list(b.codes))
    return out


def export_tree(project: "Project", *, once: bool = True) -> tuple[list[Node], list[str]]:
    """The code tree to export, and notices of what a tree cannot show.

    Flat codes (creation order) when there are no themes. A code (or descriptive
    theme) in several themes appears under the first only: a tree has one parent
    (``once=False`` repeats it under each, for reports).
    """
    codes = list(project.codes.values())
    under: dict[str, list[Any]] = {}
    for code in codes:
        if code.parent and code.parent in project.codes:
            under.setdefault(code.parent, []).append(code)

    def code_node(code: Any) -> Node:
        """A code with the codes nested under it (creation order), as nested codable codes."""
        return Node(guid_for("code", code.code_id), code.label, True, code.definition, code.colour, code.code_id,
                    tuple(code_node(c) for c in under.get(code.code_id, ())))

    def nested(code: Any) -> bool:
        return bool(code.parent) and code.parent in project.codes

    query = _api()
    if query is None or not query.themes(project):
        return [code_node(c) for c in codes if not nested(c)], []
    notices: list[str] = []
    shown_codes: dict[str, str] = {}
    shown_themes: dict[str, str] = {}

    def branch(b: Any) -> Node | None:
        theme = b.theme
        if once and theme.theme_id in shown_themes:
            notices.append(f"descriptive theme '{theme.name}' is also in '{shown_themes[theme.theme_id]}'; "
                           "a code tree shows it once")
            return None
        children = []
        for code in b.codes:
            if nested(code):
                notices.append(f"code '{code.label}' is in the descriptive theme '{theme.name}'; the code tree "
                               f"shows it under its parent code '{project.codes[code.parent].label}'")
                continue
            if once and code.code_id in shown_codes:
                notices.append(f"code '{code.label}' is in descriptive themes '{shown_codes[code.code_id]}' "
                               f"and '{theme.name}'; a code tree shows it under the first only")
                continue
            shown_codes[code.code_id] = theme.name
            children.append(code_node(code))
        return Node(guid_for("theme", theme.theme_id), theme.name, False, _theme_text(theme), children=tuple(children))

    tree = query.hierarchy(project)
    top: list[Node] = []
    for t in tree.analytical:
        kids = []
        for b in t.branches:
            node = branch(b)
            if node is not None:
                shown_themes[b.theme.theme_id] = t.theme.name
                kids.append(node)
        top.append(Node(guid_for("theme", t.theme.theme_id), t.theme.name, False, _theme_text(t.theme),
                        children=tuple(kids)))
    for b in tree.unplaced:
        node = branch(b)
        if node is not None:
            top.append(node)
    top.extend(code_node(c) for c in tree.free_codes if c.code_id not in shown_codes and not nested(c))
    return top, notices


def code_themes(project: "Project") -> dict[str, list[str]] | None:
    """Descriptive theme names of each code id (None without :mod:`synthesis.themes`)."""
    query = _api()
    if query is None:
        return None
    out: dict[str, list[str]] = {}
    tree = query.hierarchy(project)
    for b in [*(b for t in tree.analytical for b in t.branches), *tree.unplaced]:
        for code in b.codes:
            names = out.setdefault(code.code_id, [])
            if b.theme.name not in names:
                names.append(b.theme.name)
    return out


# ------------------------------------------------------------------ import
@dataclass(frozen=True)
class ThemePlan:
    """Theme events to write (``(type, data)`` pairs) and notices about the mapping."""

    events: tuple[tuple[str, dict], ...]
    notices: tuple[str, ...]
    count: int


def _split_question(text: str) -> tuple[str, str]:
    head, sep, question = text.rpartition(QUESTION)
    if sep and not question.count("\n"):
        return head.rstrip(), question.strip()
    return text, ""


def _codes_as_leaves(node: QdaCode) -> QdaCode:
    """The tree with the codes under a code that can be coded left out (they are its child codes)."""
    if node.codable:
        return replace(node, children=())
    return replace(node, children=tuple(_codes_as_leaves(c) for c in node.children))


def plan_themes(project: "Project", roots: tuple[QdaCode, ...], code_ids: dict[str, str], *,
                ours: bool = False, sets: tuple[QdaSet, ...] = ()) -> ThemePlan | None:
    """Themes from a code tree: a top code with grandchildren is an analytical theme, the
    parent codes under it descriptive themes; a top code with only leaf children is a
    descriptive theme. Codable parents stay codes too (and their children child codes).
    None without synthesis.themes.

    ``code_ids`` maps REFI code GUIDs to this project's code ids (codes made already).
    ``ours``: the file was written by this package, whose themes are the codes that cannot be
    coded; codes under a code are child codes only, not a theme.
    ``sets``: sets of codes; a set that is a descriptive theme's (see :func:`theme_sets`) adds
    its codes the tree shows under another theme; other sets are reported as not imported.
    """
    query = _api()
    if query is None:
        return None
    if ours:
        roots = tuple(_codes_as_leaves(r) for r in roots)
    events: list[tuple[str, dict]] = []
    notices: list[str] = []
    taken = {lvl: {t.name.casefold(): t.theme_id for t in query.themes(project, lvl)}
             for lvl in ("descriptive", "analytical")}
    existing = {t.theme_id: t for t in query.themes(project)}
    made = {"n": 0}

    def theme(node: QdaCode, level: str, name: str | None = None) -> str:
        label = " ".join((name or node.name).split()) or f"Theme {node.guid[:8]}"
        key = label.casefold()
        guid = node.guid if name is None else guid_for("theme", node.guid)
        if key in taken[level]:
            found = taken[level][key]
            if guid_for("theme", found) != guid:  # not the same theme coming back: a merge
                notices.append(f"{level} theme '{label}' was already there (another theme of that name, ignoring "
                               "case): its members join it")
            return found
        theme_id = local_id("theme", guid)
        description, question = _split_question(node.description) if level == "analytical" else (node.description, "")
        events.append(("theme.create", {"theme_id": theme_id, "level": level, "name": label,
                                        "description": description, "question": question}))
        taken[level][key] = theme_id
        made["n"] += 1
        return theme_id

    planned: dict[str, set[str]] = {}

    def assign(theme_id: str, members: list[str]) -> None:
        there = planned.setdefault(theme_id, set(getattr(existing.get(theme_id), "members", ())))
        members = list(dict.fromkeys(m for m in members if m and m not in there))  # assigned before: nothing again
        if members:
            there.update(members)
            events.append(("theme.assign", {"theme_id": theme_id, "members": members}))

    def codes_under(node: QdaCode) -> list[str]:
        return [code_ids.get(c.guid, "") for c, _, _ in node.walk()]

    def grouping(node: QdaCode) -> bool:
        """A node under an analytical theme that is a descriptive theme: it has codes under it, or it
        cannot be coded and was not made a code (a theme whose codes all sit under parent codes)."""
        return bool(node.children) or (not node.codable and node.guid not in code_ids)

    for top in roots:
        height = max(d for _, d, _ in top.walk())
        if height == 0 and top.codable:
            continue  # a free code
        folders = top.children and not top.codable and all(not c.codable and not c.children for c in top.children)
        if height <= 1 and not folders:
            assign(theme(top, "descriptive"), codes_under(top))
            continue
        analytical = theme(top, "analytical")
        members = []
        groups = [c for c in top.children if grouping(c) or (folders and not c.codable)]
        leaves = [c for c in top.children if all(c is not g for g in groups)]
        if leaves or top.guid in code_ids:
            extra = theme(top, "descriptive", name=top.name)  # codes sitting right under the analytical theme
            assign(extra, [code_ids.get(top.guid, ""), *(code_ids.get(c.guid, "") for c in leaves)])
            members.append(extra)
        for child in groups:
            if max(d for _, d, _ in child.walk()) > 1:
                notices.append(f"codes more than three levels deep under '{child.name}' were placed "
                               "in its descriptive theme (themes have two levels)")
            descriptive = theme(child, "descriptive")
            assign(descriptive, codes_under(child))
            members.append(descriptive)
        assign(analytical, members)
    descriptive_ids = {guid_for("set", guid_for("theme", t)): t for _, data in events
                       if _ == "theme.create" and (t := data["theme_id"]) and data["level"] == "descriptive"}
    descriptive_ids.update({guid_for("set", guid_for("theme", t.theme_id)): t.theme_id
                            for t in query.themes(project, "descriptive")})
    analytical_ids = {guid_for("set", guid_for("theme", t)) for _, data in events
                      if _ == "theme.create" and (t := data["theme_id"]) and data["level"] == "analytical"}
    analytical_ids |= {guid_for("set", guid_for("theme", t.theme_id)) for t in query.themes(project, "analytical")}
    for code_set in sets:
        if code_set.guid in descriptive_ids:
            assign(descriptive_ids[code_set.guid], [code_ids.get(g, "") for g in code_set.codes])
        elif code_set.guid not in analytical_ids:  # an analytical theme's set follows from its descriptive themes
            notices.append(f"code set '{code_set.name}' (Sets): not imported (only themes' sets are)")
    return ThemePlan(tuple(events), tuple(notices), made["n"])


