"""The seam between REFI-QDA's code hierarchy and :mod:`synthesis.themes`.

REFI-QDA has one tree of codes; this project has flat codes grouped by
descriptive themes, which analytical themes group in turn. On export the themes
become parent codes (``isCodable="false"``): analytical theme > descriptive
theme > code. On import parent codes become themes again. Everything that
touches :mod:`synthesis.themes` is in this module: without that package (or if
its API changes) :func:`available` is false, codes are exported flat and an
imported tree is flattened, with a notice saying so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .guids import guid_for, local_id
from .model import QdaCode

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


def export_tree(project: "Project", *, once: bool = True) -> tuple[list[Node], list[str]]:
    """The code tree to export, and notices of what a tree cannot show.

    Flat codes (creation order) when there are no themes. A code (or descriptive
    theme) in several themes appears under the first only: a tree has one parent
    (``once=False`` repeats it under each, for reports).
    """
    def code_node(code: Any) -> Node:
        return Node(guid_for("code", code.code_id), code.label, True, code.definition, code.colour, code.code_id)

    query = _api()
    codes = list(project.codes.values())
    if query is None or not query.themes(project):
        return [code_node(c) for c in codes], []
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
    top.extend(code_node(c) for c in tree.free_codes if c.code_id not in shown_codes)
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


def plan_themes(project: "Project", roots: tuple[QdaCode, ...], code_ids: dict[str, str]) -> ThemePlan | None:
    """Themes from a code tree: a top code with grandchildren is an analytical theme, the
    parent codes under it descriptive themes; a top code with only leaf children is a
    descriptive theme. Codable parents stay codes too. None without synthesis.themes.

    ``code_ids`` maps REFI code GUIDs to this project's code ids (codes made already).
    """
    query = _api()
    if query is None:
        return None
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

    def assign(theme_id: str, members: list[str]) -> None:
        there = set(getattr(existing.get(theme_id), "members", ()))  # assigned before: importing again adds nothing
        members = list(dict.fromkeys(m for m in members if m and m not in there))
        if members:
            events.append(("theme.assign", {"theme_id": theme_id, "members": members}))

    def codes_under(node: QdaCode) -> list[str]:
        return [code_ids.get(c.guid, "") for c, _, _ in node.walk()]

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
        leaves = [c for c in top.children if not c.children]
        if leaves or top.guid in code_ids:
            extra = theme(top, "descriptive", name=top.name)  # codes sitting right under the analytical theme
            assign(extra, [code_ids.get(top.guid, ""), *(code_ids.get(c.guid, "") for c in leaves)])
            members.append(extra)
        for child in top.children:
            if child.children or (folders and not child.codable):
                if max(d for _, d, _ in child.walk()) > 1:
                    notices.append(f"codes more than three levels deep under '{child.name}' were placed "
                                   "in its descriptive theme (themes have two levels)")
                descriptive = theme(child, "descriptive")
                assign(descriptive, codes_under(child))
                members.append(descriptive)
        assign(analytical, members)
    return ThemePlan(tuple(events), tuple(notices), made["n"])


