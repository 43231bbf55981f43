"""Who changed what, in the words a reviewer uses (the wording is :mod:`synthesis.wording`'s).

>>> import tempfile
>>> from synthesis.project import Project
>>> root = tempfile.mkdtemp()
>>> ag = Project.init(root, reviewer="AG")
>>> _ = ag.add_text("Trust grew slowly.", title="Green and Dicks 2012", source_id="gd")
>>> trust = ag.create_code("Trust")
>>> coded = ag.apply_code("gd", 0, 5, trust)
>>> describe(ag, ag.events[-1])
"AG applied 'Trust' to Green and Dicks 2012"
>>> _ = ag.undo()
>>> describe(ag, ag.events[-1])
"AG undid a step (applied 'Trust' to Green and Dicks 2012)"
>>> summarise(ag, ag.events)
["AG created the code 'Trust'", "AG applied 'Trust' to Green and Dicks 2012", "AG undid a step (applied 'Trust' to Green and Dicks 2012)"]
>>> ag.close()
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..records import Event
from ..wording import VERDICT_WORDS, what

if TYPE_CHECKING:
    from ..project import Project

__all__ = ["SHOWN", "VERDICT_WORDS", "describe", "summarise"]

SHOWN = 3  # lines shown before "and N more changes"


def describe(project: "Project", event: Event) -> str:
    """One event as a sentence naming the reviewer: "AG applied 'Trust' to Green and Dicks 2012".

    A place is named by its study or source (:func:`synthesis.wording.what` with ``place="source"``).
    """
    return f"{event.reviewer} {what(project, event, place='source')}"


def summarise(project: "Project", events: Sequence[Event], *, shown: int = SHOWN) -> list[str]:
    """Sentences for ``events`` (at most ``shown``, then "and N more changes")."""
    lines = [describe(project, e) for e in events]
    if len(lines) > shown:
        rest = len(lines) - shown
        lines = [*lines[:shown], f"and {rest} more change{'s' if rest != 1 else ''}"]
    return lines
