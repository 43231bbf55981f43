"""Accepting and rejecting suggestions, as events on the reviewer's log.

Accepting is an ordinary ``coding.apply`` whose data also says where the suggestion came
from: ``suggested_by: {model, data, confidence}`` (the model's id, the hash of the data it
was trained on, and its confidence). Agreement, themes and exports read it as the reviewer's
coding; :func:`provenance` finds the machine-assisted ones in the log. Rejecting is a
``suggestion.reject`` event naming the sentence and the code: that suggestion is not made
again for that sentence, and later training takes it as an example of what the code is not.
Both are undone like any other action (``Project.undo``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..anchoring import make_anchor
from ..errors import ActionError
from ..records import Coding, Event
from ..state import Rejected, State, handles

if TYPE_CHECKING:
    from ..project import Project
    from .suggestions import Suggestion


@dataclass(frozen=True)
class Rejection:
    """A suggestion a reviewer turned down: the sentence, the code, who and when."""

    source_id: str
    start: int
    end: int
    code_id: str
    reviewer: str
    time: str


def _rejections(state: State) -> dict[tuple[str, int, int, str], Rejection]:
    return state.extra.setdefault("suggestion_rejections", {})


@handles("suggestion.reject")
def _reject(state: State, event: Event) -> None:
    d = event.data
    try:
        key = (str(d["source_id"]), int(d["start"]), int(d["end"]), str(d["code_id"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise Rejected(f"suggestion.reject: incomplete data ({exc})") from None
    if key[3] not in state.codes:
        raise Rejected(f"suggestion.reject: code '{key[3]}' does not exist")
    _rejections(state)[key] = Rejection(*key, event.reviewer, event.time)


def rejections(project: "Project") -> dict[tuple[str, int, int, str], Rejection]:
    """Rejected suggestions in force, by ``(source_id, start, end, code_id)``."""
    return dict(_rejections(project.state))


def reject(project: "Project", suggestion: "Suggestion") -> Event:
    """Turn a suggestion down; it is not made again for that sentence and code."""
    text = project.text(suggestion.source_id) or ""
    return project.record("suggestion.reject", {
        "source_id": suggestion.source_id, "start": suggestion.start, "end": suggestion.end,
        "code_id": suggestion.code_id, "quote": text[suggestion.start:suggestion.end],
        "model": suggestion.model, "data": suggestion.data, "confidence": round(suggestion.confidence, 4),
    })


def accept(project: "Project", suggestion: "Suggestion") -> list[Coding]:
    """Apply a suggested code to its sentence: a ``coding.apply`` carrying ``suggested_by``."""
    text = project.text(suggestion.source_id)
    if text is None:
        raise ActionError(f"no source '{suggestion.source_id}' in the corpus")
    code = project.code(suggestion.code_id)
    if any(c.code_id == code.code_id and c.start == suggestion.start and c.end == suggestion.end
           and c.reviewer == project.reviewer for c in project.codings_of(suggestion.source_id)):
        raise ActionError("you have already applied this code to this sentence")
    anchor = make_anchor(suggestion.source_id, text, suggestion.start, suggestion.end)
    coding_id = project._ids("K")
    source = project.sources.get(suggestion.source_id)
    project.record("coding.apply", {
        "source_id": suggestion.source_id, "start": suggestion.start, "end": suggestion.end,
        "quote": anchor.quote, "prefix": anchor.prefix, "suffix": anchor.suffix,
        "codings": [[coding_id, code.code_id]], "source_sha256": source.sha256 if source else "",
        "suggested_by": {"model": suggestion.model, "data": suggestion.data,
                         "confidence": round(suggestion.confidence, 4)},
    })
    return [project.codings[coding_id]]


def accept_all(project: "Project", suggestions: "list[Suggestion]") -> list[Coding]:
    """Accept the first suggestion of each sentence, as one step for Undo."""
    done: list[Coding] = []
    seen: set[tuple[str, int, int]] = set()
    with project.batch():
        for s in suggestions:
            if (s.source_id, s.start, s.end) not in seen:
                seen.add((s.source_id, s.start, s.end))
                done.extend(accept(project, s))
    return done


def provenance(project: "Project") -> dict[str, dict[str, Any]]:
    """``coding_id -> suggested_by`` for the machine-assisted codings in force.

    A coding applied by hand has no entry.
    """
    def compute() -> dict[str, dict[str, Any]]:
        codings = project.codings
        out: dict[str, dict[str, Any]] = {}
        for event in project.events:
            if event.type == "coding.apply" and "suggested_by" in event.data:
                for coding_id, _ in event.data["codings"]:
                    if coding_id in codings:
                        out[coding_id] = dict(event.data["suggested_by"])
        return out
    return project.cached("suggest.provenance", compute)
