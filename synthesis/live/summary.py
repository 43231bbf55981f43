"""Who changed what, in the words a reviewer uses.

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

if TYPE_CHECKING:
    from ..project import Project

VERDICT_WORDS = {"agree": "agreed with", "disagree": "disagreed with", "propose": "proposed a change to"}
SHOWN = 3  # lines shown before "and N more changes"


def describe(project: "Project", event: Event) -> str:
    """One event as a sentence naming the reviewer: "AG applied 'Trust' to Green and Dicks 2012"."""
    return f"{event.reviewer} {_what(project, event)}"


def summarise(project: "Project", events: Sequence[Event], *, shown: int = SHOWN) -> list[str]:
    """Sentences for ``events`` (at most ``shown``, then "and N more changes")."""
    lines = [describe(project, e) for e in events]
    if len(lines) > shown:
        rest = len(lines) - shown
        lines = [*lines[:shown], f"and {rest} more change{'s' if rest != 1 else ''}"]
    return lines


def _what(project: "Project", event: Event) -> str:
    d, kind = event.data, event.type
    try:
        if kind in ("undo", "redo"):
            target = _event(project, d.get("target", ""))
            step = f" ({_what(project, target)})" if target is not None and target.type not in ("undo", "redo") else ""
            return f"{'undid' if kind == 'undo' else 'redid'} a step{step}"
        if kind == "code.create":
            return f"created the code '{d['label']}'"
        if kind == "code.update":
            if "label" in d:
                return f"renamed a code to '{d['label']}'"
            return f"edited the code '{_label(project, d['code_id'])}'"
        if kind == "code.delete":
            return f"deleted the code '{_label(project, d['code_id'])}'"
        if kind == "code.merge":
            merged = ", ".join(f"'{_label(project, c)}'" for c in d["sources"])
            return f"merged {merged} into '{_label(project, d['target'])}'"
        if kind == "code.split":
            return f"split the code '{_label(project, d['code_id'])}'"
        if kind == "coding.apply":
            labels = " and ".join(f"'{_label(project, code)}'" for _, code in d["codings"])
            return f"applied {labels} to {_source(project, d['source_id'])}"
        if kind == "coding.remove":
            n = len(d["coding_ids"])
            return "removed a coding" if n == 1 else f"removed {n} codings"
        if kind == "memo.write":
            return f"wrote a memo on {_target(project, d['target_kind'], d['target_id'])}"
        if kind == "memo.delete":
            return "deleted a memo"
        if kind == "check.verdict":
            coding = project.codings.get(d["coding_id"])
            what = (f"a coding of '{_label(project, coding.code_id)}' in {_source(project, coding.source_id)}"
                    if coding else "a coding")
            return f"{VERDICT_WORDS.get(d['verdict'], 'checked')} {what}"
        if kind == "disagreement.resolve":
            return f"resolved a disagreement by {d['method']}"
        if kind == "corpus.import":
            return "imported documents"
        if kind == "theme.create":
            return f"created the theme '{d['name']}'"
        if kind.startswith(("theme.", "exemplar.")):
            return f"changed the theme '{_theme(project, d.get('theme_id', ''))}'"
        if kind.startswith("group."):
            return "changed the element groups"
        if kind == "quote.kind":
            return f"marked a quotation as {d['kind']}"
        if kind == "cerqual.judge":
            return f"judged the confidence in '{_theme(project, d.get('finding', ''))}'"
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    return "made a change"


def _event(project: "Project", event_id: str) -> Event | None:
    return next((e for e in reversed(project.events) if e.id == event_id), None)


def _label(project: "Project", code_id: str) -> str:
    code = project.codes.get(code_id)
    if code is not None:
        return code.label
    for event in reversed(project.events):  # a code deleted or merged away: its last label
        d = event.data
        if event.type in ("code.create", "code.update") and d.get("code_id") == code_id and "label" in d:
            return str(d["label"])
    return code_id


def _source(project: "Project", source_id: str) -> str:
    study = project.study_of(source_id)
    if study is not None:
        return study.citation
    source = project.sources.get(source_id)
    return source.title if source else source_id


def _target(project: "Project", kind: str, target_id: str) -> str:
    if kind == "code":
        return f"the code '{_label(project, target_id)}'"
    if kind == "source":
        return _source(project, target_id)
    coding = project.codings.get(target_id)
    return f"a coding in {_source(project, coding.source_id)}" if coding else "a coding"


def _theme(project: "Project", theme_id: str) -> str:
    from ..themes.events import themes_of

    theme = themes_of(project.state).get(theme_id)
    return theme.name if theme else "(a theme)"
