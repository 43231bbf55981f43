"""Undo in the second-review views: only the kind of action the view makes, said in words.

The check view's Undo takes back the checker's last verdict, the queue's Undo
the last resolution (and the agreed coding it applied, if any); neither reaches
into the other's actions, or into coding done elsewhere. Each undo is an ordinary
``undo`` event, and :func:`describe` says what it took back in a reviewer's words.

>>> import tempfile
>>> from synthesis import Project
>>> from synthesis.review import CheckSession
>>> root = tempfile.mkdtemp()
>>> with Project.init(root, reviewer="NT") as p:
...     _ = p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
...     _ = p.apply_code("note", 0, 5, p.create_code("Trust"))
>>> with Project.open(root, reviewer="AG") as p:
...     _ = CheckSession(p, of="NT").mark("agree")
...     _ = p.create_code("Reciprocity")           # not a check action
...     undo_last(p, CHECK_ACTIONS)
...     undo_last(p, CHECK_ACTIONS)
...     sorted(c.label for c in p.codes.values())
"Undid: you agreed with 'Trust' by NT (Note)"
'Nothing of yours to undo here.'
['Reciprocity', 'Trust']
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from .. import wording
from ..errors import ActionError
from ..records import Event

if TYPE_CHECKING:
    from ..project import Project

#: What the check view's Undo may take back.
CHECK_ACTIONS = frozenset({"check.verdict"})
#: What the queue's Undo may take back (a resolution, with the agreed coding it applied).
QUEUE_ACTIONS = frozenset({"disagreement.resolve", "double.coders"})

NOTHING = "Nothing of yours to undo here."


def in_force(project: "Project", types: Collection[str]) -> list[Event]:
    """This reviewer's events of ``types`` that are not undone, oldest first."""
    undone: dict[str, bool] = {}
    for event in project.events:
        if event.reviewer == project.reviewer and event.type in ("undo", "redo"):
            undone[event.data["target"]] = event.type == "undo"
    return [e for e in project.events
            if e.reviewer == project.reviewer and e.type in types and not undone.get(e.id, False)]


def undo_last(project: "Project", types: Collection[str]) -> str:
    """Undo this reviewer's last action of ``types``; say what was undone (or that nothing was).

    Undoing a resolution also undoes the agreed coding it applied.
    """
    _need_reviewer(project)
    events = in_force(project, types)
    return undo_event(project, events[-1]) if events else NOTHING


def _need_reviewer(project: "Project") -> None:
    if project.reviewer is None:
        raise ActionError("this project is open read-only: open it with your reviewer name to undo")


def undo_event(project: "Project", target: Event) -> str:
    """Undo ``target``, one of this reviewer's actions in force (from :func:`in_force`); say what was undone.

    Undoing a resolution also undoes the agreed coding it applied.
    """
    _need_reviewer(project)
    said = describe(project, target)  # before the undo, while everything it names still exists
    if target.type == "disagreement.resolve":
        added = set(target.data.get("add", ()))
        for event in reversed(in_force(project, {"coding.apply"})):
            if {coding_id for coding_id, _ in event.data.get("codings", ())} & added:
                project.record("undo", {"target": event.id})
    project.record("undo", {"target": target.id})
    return f"Undid: {said}"


def _coding(project: "Project", coding_id: str) -> str:
    coding = project.codings.get(coding_id)
    if coding is None:
        return "a coding that no longer exists"
    code = project.codes.get(coding.code_id)
    return f"'{code.label if code else coding.code_id}' by {coding.reviewer} {project.cite(coding)}"


def describe(project: "Project", event: Event) -> str:
    """A second-review action in a reviewer's words ("you agreed with 'Trust' by NT (...)").

    Said to the reviewer who took it, naming whose coding it was and where (with the page):
    :func:`synthesis.wording.what` says the same events for a colleague ("agreed with a coding of ...").
    """
    d = event.data
    if event.type == "check.verdict":
        what = {"agree": "you agreed with", "disagree": "you disagreed with",
                "propose": "your proposal for"}.get(d.get("verdict", ""), "your verdict on")
        return f"{what} {_coding(project, d.get('coding_id', ''))}"
    if event.type == "disagreement.resolve":
        return f"the resolution ({summarise(len(d.get('keep', ())), len(d.get('remove', ())), len(d.get('add', ())))})"
    if event.type == "double.coders":
        return f"setting the double coders to {', '.join(d.get('coders', ()))}"
    return "your last action"


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, plural when ``n`` is not 1.

    >>> plural(1, "coding"), plural(3, "coding"), plural(0, "disagreement")
    ('1 coding', '3 codings', '0 disagreements')
    """
    return wording.plural(n, word)


def summarise(kept: int, removed: int, added: int = 0) -> str:
    """What a resolution keeps, removes and adds, in words (:func:`synthesis.wording.resolution`).

    >>> summarise(3, 1), summarise(0, 1, 1), summarise(1, 0)
    ('kept 3 codings, removed 1', 'removed 1 coding, added 1 agreed coding', 'kept 1 coding')
    """
    return wording.resolution(kept, removed, added)
