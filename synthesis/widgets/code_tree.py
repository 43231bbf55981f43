"""The code tree by parent code as rows that can be dragged: drop a code onto another to nest it
under that code or merge it into it (the tree asks which, and nothing changes until the reviewer
answers), onto the top of the tree to take it out of its parent. With the keyboard: focus a
row, Space picks it up, the arrow keys choose the code to drop it on, Enter asks the same
question, Escape cancels. Every row shows the code's colour, its whole label (a long one
wraps), its codings and those of its branch; branches fold. The question, and what came of it,
show in the tree beside the row they are about (:attr:`CodeTree.message_row`). The page only
draws what Python sends; every change is one event through the
:class:`~synthesis.project.Project` API.

>>> import tempfile
>>> from synthesis import Project
>>> from synthesis.widgets import CodeTree
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
>>> trust, early = p.create_code("Trust"), p.create_code("Early trust")
>>> _ = p.apply_code("note", 0, 5, early)
>>> tree = CodeTree(p)
>>> [(r["label"], r["depth"], r["codings"]) for r in tree.rows]
[('Early trust', 0, 1), ('Trust', 0, 0)]
>>> tree.act({"type": "drop", "id": early.code_id, "target": trust.code_id})
>>> tree.question["nest"]
"Nest 'Early trust' under 'Trust'"
>>> tree.act({"type": "confirm", "choice": "nest"})
>>> [(r["label"], r["depth"], r["branch"]) for r in tree.rows]
[('Trust', 0, '2 codes, 1 coding'), ('Early trust', 1, '1 code, 1 coding')]
>>> tree.message, tree.message_row == early.code_id
("'Early trust' is now under 'Trust'", True)
>>> p.close()
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from ..coding.session import CodeGroup, CodingSession, code_hierarchy
from ..coding.wording import plural
from ..errors import ActionError, SynthesisError
from ..palette import safe_colour, text_colour
from ..records import Code
from .esm import module

if TYPE_CHECKING:
    from ..project import Project

HERE = Path(__file__).parent


def tree_rows(groups: list[CodeGroup], counts: dict[str, int], colours: dict[str, str],
              patterns: dict[str, str]) -> list[dict[str, Any]]:
    """The code hierarchy (:func:`~synthesis.coding.session.code_hierarchy`) as rows in reading
    order: each code once, with its depth, parent, colour, text colour, pattern and counts
    (``codings``: its own, ``own`` in words; ``total``: the codings of its branch, itself
    included, and ``branch`` in words with the branch's codes).

    >>> from synthesis.coding.session import code_hierarchy
    >>> tree = code_hierarchy([Code("1", "Trust"), Code("2", "Early", parent="1")])
    >>> [(r["label"], r["depth"], r["parent"], r["own"], r["total"], r["branch"])
    ...  for r in tree_rows(tree, {"2": 3}, {}, {})]
    [('Trust', 0, '', '0 codings', 3, '2 codes, 3 codings'), ('Early', 1, '1', '3 codings', 3, '1 code, 3 codings')]
    """
    rows: list[dict[str, Any]] = []

    def row(code: Code, depth: int, parent: str, branch: CodeGroup | None) -> None:
        colour = safe_colour(colours.get(code.code_id, code.colour))
        inside = branch.all_codes() if branch else [code]
        total = branch.count(counts) if branch else counts.get(code.code_id, 0)
        own = counts.get(code.code_id, 0)
        rows.append({"id": code.code_id, "label": code.label, "depth": depth, "parent": parent,
                     "colour": colour, "ink": text_colour(colour), "pattern": patterns.get(code.code_id, ""),
                     "codings": own, "own": plural(own, "coding"), "total": total,
                     "has_children": branch is not None,
                     "branch": f"{plural(len(inside), 'code')}, {plural(total, 'coding')}"})

    def walk(group: CodeGroup, depth: int, parent: str) -> None:
        # a branch lists its own code first, then its leaves; sub-branches are its other children
        children = [(c.label.casefold(), c.code_id, c, None) for c in group.codes if c is not group.code]
        children += [(g.name.casefold(), g.code.code_id if g.code else "", g.code, g) for g in group.groups]
        for _, _, code, sub in sorted(children, key=lambda t: (t[0], t[1])):
            if sub is None:
                row(code, depth, parent, None)
            elif code is not None:
                row(code, depth, parent, sub)
                walk(sub, depth + 1, code.code_id)

    for top in groups:
        walk(top, 0, "")
    return rows


class CodeTree(anywidget.AnyWidget):
    """The code tree by parent code, drawn in the page from :attr:`rows`.

    Messages from the page: ``{"type": "choose", "id"}``, ``{"type": "drop", "id", "target"}``
    (``target`` ``""``: the top of the tree), ``{"type": "confirm", "choice": "nest" | "merge"}``
    and ``{"type": "cancel"}``. A merge, like a nest, waits for the reviewer's answer:

    >>> import tempfile
    >>> from synthesis import Project
    >>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
    >>> trust, faith = p.create_code("Trust"), p.create_code("Faith")
    >>> tree, said = CodeTree(p), []
    >>> tree.on_change(said.append)
    >>> tree.act({"type": "drop", "id": faith.code_id, "target": trust.code_id})
    >>> tree.question["detail"]
    "Merging moves 0 codings of 'Faith' to 'Trust' and retires 'Faith'. Undo takes it back."
    >>> tree.act({"type": "confirm", "choice": "merge"})
    >>> said, [r["label"] for r in tree.rows]
    (["merged 'Faith' into 'Trust'"], ['Trust'])
    >>> p.close()
    """

    _esm = module("code_tree.js")  # with the shared drag module (widgets/drag.js) inlined
    _css = HERE / "code_tree.css"

    #: one dict per code in reading order (:func:`tree_rows`)
    rows = traitlets.List().tag(sync=True)
    #: ids of the codes whose branches are folded
    folded = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: the chosen code's id, or ``""``
    chosen = traitlets.Unicode("").tag(sync=True)
    #: a drop waiting for an answer: ``{"id", "target", "nest", "merge", "detail"}`` (``nest``
    #: is ``""`` when the code cannot go there), or ``{}``
    question = traitlets.Dict().tag(sync=True)
    #: the last thing the tree did, in words: shown beside :attr:`message_row` and said to screen
    #: readers (aria-live); ``""`` once the reviewer has done something else
    message = traitlets.Unicode("").tag(sync=True)
    #: the code whose row :attr:`message` is shown under (the code dropped on while the question
    #: waits, then the code moved or the code merged into), ``""`` for under the top of the tree
    message_row = traitlets.Unicode("").tag(sync=True)

    def __init__(self, project: "Project", session: CodingSession | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.project = project
        self.session = session
        self._choose: list[Callable[[str], None]] = []
        self._changed: list[Callable[[str], None]] = []
        self.on_msg(lambda _w, content, _b: self.act(content))
        self.refresh()

    def on_choose(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(code_id)`` when the reviewer clicks a code."""
        self._choose.append(callback)

    def on_change(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(message)`` after the tree changed the project (or failed to)."""
        self._changed.append(callback)

    def say(self, message: str = "", row: str = "") -> None:
        """Show ``message`` under the row of code ``row`` (``""``: under the top of the tree);
        ``say()`` clears it."""
        self.message, self.message_row = message, row

    def refresh(self) -> None:
        """Draw the project's codes as they are now."""
        session = self.session
        if session is None and self.project.reviewer:
            session = CodingSession(self.project, remember=False)
        colours = session.colours() if session else {}
        patterns = session.patterns() if session else {}
        groups = code_hierarchy(self.project.codes.values())
        self.rows = tree_rows(groups, self.project.code_counts(), colours, patterns)
        ids = {r["id"] for r in self.rows}
        self.folded = [f for f in self.folded if f in ids]
        if self.chosen not in ids:
            self.chosen = ""

    def act(self, content: dict) -> None:
        """Take ``content`` as if the tree in the page had sent it (what changes reaches the page
        in one message, so the page draws the outcome once)."""
        with self.hold_sync():
            self._act(content)

    def _act(self, content: dict) -> None:
        kind = content.get("type")
        if kind == "choose":
            code_id = str(content.get("id") or "")
            if code_id in self.project.codes:
                self.chosen = code_id
                for callback in self._choose:
                    callback(code_id)
        elif kind == "drop":
            self._ask(content)
        elif kind == "cancel":
            target = str(self.question.get("target", ""))
            self.question = {}
            self.say("Cancelled: nothing changed", target)
        elif kind == "confirm":
            self._confirm(str(content.get("choice") or ""))

    def _code(self, code_id: Any) -> Code:
        if not isinstance(code_id, str) or code_id not in self.project.codes:
            raise ActionError("the code tree sent a code that is not in the codebook")
        return self.project.codes[code_id]

    def _ask(self, content: dict) -> None:
        code = self._code(content.get("id"))
        target = content.get("target", "")
        if target == "":
            self.question = {}
            self._do(lambda: self._nest(code, None), code.code_id)
            return
        into = self._code(target)
        if into.code_id == code.code_id:
            self.say(f"'{code.label}' stays where it was", code.code_id)
            return
        inside = self._inside(code.code_id)
        nest = "" if into.code_id in inside or into.code_id == code.parent else f"Nest '{code.label}' under '{into.label}'"
        n = self.project.code_counts().get(code.code_id, 0)
        children = sum(1 for c in self.project.codes.values() if c.parent == code.code_id)
        detail = f"Merging moves {plural(n, 'coding')} of '{code.label}' to '{into.label}' and retires '{code.label}'"
        if children:
            detail += f"; its {plural(children, 'code')} under it go under '{into.label}'"
        self.question = {"id": code.code_id, "target": into.code_id, "nest": nest,
                         "merge": f"Merge '{code.label}' into '{into.label}'", "detail": detail + ". Undo takes it back."}
        self.say(f"Dropped '{code.label}' on '{into.label}': nest or merge?", into.code_id)

    def _inside(self, code_id: str) -> set[str]:
        """``code_id`` and every code under it."""
        inside, grew = {code_id}, True
        while grew:
            more = {c.code_id for c in self.project.codes.values() if c.parent in inside}
            grew = not more <= inside
            inside |= more
        return inside

    def _confirm(self, choice: str) -> None:
        question, self.question = dict(self.question), {}
        if not question or choice not in ("nest", "merge") or (choice == "nest" and not question["nest"]):
            self.say("Nothing to confirm", str(question.get("target", "")))
            return
        code, into = self._code(question["id"]), self._code(question["target"])
        if choice == "nest":
            self._do(lambda: self._nest(code, into), code.code_id)
        else:
            self._do(lambda: (self.project.merge_codes([code.code_id], into.code_id),
                              f"merged '{code.label}' into '{into.label}'")[1], into.code_id)

    def _nest(self, code: Code, into: Code | None) -> str:
        if into is None and not code.parent:
            return f"'{code.label}' is already at the top of the code tree"
        done = self.project.nest_code(code.code_id, into.code_id if into else None)
        if into is not None:
            return f"'{done.label}' is now under '{into.label}'"
        return f"'{done.label}' is now at the top of the code tree"

    def _do(self, func: Callable[[], str], row: str) -> None:
        """Do ``func`` and say what came of it under ``row`` (the row of the code it concerns)."""
        try:
            message = func()
        except SynthesisError as exc:
            message = f"Error: {exc}"
        self.refresh()
        self.say(message, row if any(r["id"] == row for r in self.rows) else "")
        for callback in self._changed:
            callback(message)
