"""What a log event did, in a reviewer's words: the one wording behind undo messages and live news.

:func:`what` says what an event did ("applied 'Trust' to “Trust grew”"); its
``place`` says how a place in the corpus is named: ``"quote"`` (the coded
words, for the reviewer who is looking at them: the coding view's undo) or
``"source"`` (the study's citation or the source's title, for news of a
colleague's work: the live watcher). :mod:`synthesis.coding.wording` and
:mod:`synthesis.live.summary` are thin wrappers of it. Nothing here imports
widgets, and :mod:`synthesis.project` does not import this module.

>>> import tempfile
>>> from synthesis.project import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust grew slowly between them.", title="Green and Dicks 2012", source_id="gd")
>>> trust = p.create_code("Trust")
>>> _ = p.apply_code("gd", 0, 10, trust)
>>> what(p, p.events[-1]), what(p, p.events[-1], place="source")
("applied 'Trust' to “Trust grew”", "applied 'Trust' to Green and Dicks 2012")
>>> _ = p.undo()
>>> what(p, p.events[-1], place="source")
"undid a step (applied 'Trust' to Green and Dicks 2012)"
>>> p.close()
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .project import Project
    from .records import Event

#: How a place in the corpus is named: by the coded words, or by the study/source.
Place = Literal["quote", "source"]

#: How much of a quotation a description shows.
QUOTE_CHARS = 40

#: What a second reviewer's verdict did to a coding.
VERDICT_WORDS = {"agree": "agreed with", "disagree": "disagreed with", "propose": "proposed a change to"}

#: Whose words a quotation of each kind is.
WHOSE_WORDS = {"participant": "a participant's words", "author": "the authors' words"}

#: What a ``corpus.import`` of each kind brought in (singular, plural if not just an "s").
IMPORTED: dict[str, tuple[str, str | None]] = {"studies": ("study", "studies"), "sources": ("source", None),
                                               "extracts": ("extract", None)}

#: What a sentence says of an event it cannot describe.
UNKNOWN = "made a change"


def plural(count: int, word: str, many: str | None = None, *, zero: str | None = None) -> str:
    """``count`` and ``word``, with ``many`` (default ``word + "s"``) unless ``count`` is 1.

    ``zero`` stands for the count when it is 0 ("no themes").

    >>> plural(1, "coding"), plural(3, "coding"), plural(2, "study", "studies")
    ('1 coding', '3 codings', '2 studies')
    >>> plural(0, "theme", zero="no"), plural(0, "theme")
    ('no themes', '0 themes')
    """
    shown = zero if count == 0 and zero is not None else count
    return f"{shown} {word if count == 1 else (many or word + 's')}"


def short_quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """A quotation in curly quotes, cut at a word boundary with "…" when long.

    >>> short_quote("Trust grew over time between the partners in the project", 20)
    '“Trust grew over…”'
    >>> short_quote("Trust")
    '“Trust”'
    """
    text = " ".join(str(text).split())
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        text = cut.rstrip(" ,;:.") + "…"
    return f"“{text}”"


def resolution(kept: int, removed: int, added: int = 0) -> str:
    """What a resolution keeps, removes and adds, in words.

    >>> resolution(3, 1), resolution(0, 1, 1), resolution(1, 0), resolution(0, 0)
    ('kept 3 codings, removed 1', 'removed 1 coding, added 1 agreed coding', 'kept 1 coding', 'nothing changed')
    """
    parts = []
    noun = "coding"
    for verb, n in (("kept", kept), ("removed", removed)):
        if n:
            parts.append(f"{verb} {plural(n, noun) if noun else n}")
            noun = ""
    if added:
        parts.append(f"added {plural(added, 'agreed coding')}")
    return ", ".join(parts) or "nothing changed"


def names(items: Iterable[str]) -> str:
    """Names in single quotes, joined as a reviewer would list them.

    >>> names(["Trust"]), names(["Trust", "Time"]), names(["Trust", "Time", "Place"]), names([])
    ("'Trust'", "'Trust' and 'Time'", "'Trust', 'Time' and 'Place'", '')
    """
    found = [f"'{item}'" for item in items]
    return ", ".join(found[:-1]) + " and " + found[-1] if len(found) > 1 else "".join(found)


def _ids(value: object) -> list[str]:
    return [str(i) for i in value] if isinstance(value, (list, tuple)) else [str(value)]


class _Words:
    """Names as a reviewer knows them, looked up (once each) from a project's log and state."""

    def __init__(self, project: "Project", place: Place) -> None:
        self.project, self.place = project, place

    @cached_property
    def labels(self) -> dict[str, str]:
        """The latest label of every code ever made (deleted and merged codes too)."""
        labels: dict[str, str] = {}
        for event in self.project.events:
            if event.type in ("code.create", "code.update") and "label" in event.data:
                labels[str(event.data["code_id"])] = str(event.data["label"])
            elif event.type == "code.split":
                for spec in event.data.get("into", ()):
                    if isinstance(spec, dict) and "code_id" in spec and "label" in spec:
                        labels[str(spec["code_id"])] = str(spec["label"])
        labels.update((code.code_id, code.label) for code in self.project.codes.values())
        return labels

    @cached_property
    def themes(self) -> dict[str, str]:
        """The latest name of every theme ever made (deleted and merged themes too)."""
        from .themes.events import themes_of

        found = {str(e.data["theme_id"]): str(e.data["name"]) for e in self.project.events
                 if e.type in ("theme.create", "theme.update") and "theme_id" in e.data and "name" in e.data}
        found.update((t.theme_id, t.name) for t in themes_of(self.project.state).values())
        return found

    @cached_property
    def groups(self) -> dict[str, str]:
        """The name of every element group ever made."""
        return {str(e.data["group_id"]): str(e.data["name"]) for e in self.project.events
                if e.type == "group.create" and "group_id" in e.data and "name" in e.data}

    @cached_property
    def applied(self) -> dict[str, tuple[str, str, str]]:
        """coding id -> (code id, source id, quote) for every coding ever applied (codes moved by
        splits and merges followed)."""
        found: dict[str, tuple[str, str, str]] = {}
        for event in self.project.events:
            d = event.data
            if event.type == "coding.apply":
                for pair in d.get("codings", ()):
                    found[str(pair[0])] = (str(pair[1]), str(d.get("source_id", "")), str(d.get("quote", "")))
            elif event.type == "code.split" and isinstance(d.get("assign"), dict):
                for cid, code_id in d["assign"].items():
                    if cid in found:
                        _, source_id, quote = found[cid]
                        found[cid] = (str(code_id), source_id, quote)
            elif event.type == "code.merge":
                moving = set(_ids(d.get("sources", [])))
                for cid, (code_id, source_id, quote) in list(found.items()):
                    if code_id in moving:
                        found[cid] = (str(d.get("target", code_id)), source_id, quote)
        return found

    def label(self, code_id: str) -> str | None:
        """A code's label: the code's own if it exists (no look through the log), else its last."""
        code = self.project.codes.get(code_id)
        return code.label if code is not None else self.labels.get(code_id)

    def code(self, code_ids: object) -> str:
        return names(self.label(i) or i for i in _ids(code_ids))

    def theme(self, theme_ids: object) -> str:
        return names(self.themes.get(i, "(a theme)") for i in _ids(theme_ids))

    def member(self, ids: object) -> str:
        """Codes and/or themes (theme members, group elements' members) by name."""
        return names(self.label(i) or self.themes.get(i) or i for i in _ids(ids))

    def source(self, source_id: str) -> str:
        """A source by its study's citation, or its title."""
        study = self.project.study_of(source_id)
        if study is not None:
            return study.citation
        source = self.project.sources.get(source_id)
        return source.title if source else source_id

    def where(self, source_id: str, quote: str) -> str:
        """The place of a span: its words, or its source."""
        return short_quote(quote) if self.place == "quote" else self.source(source_id)

    def coding(self, coding_id: object) -> tuple[str, str, str] | None:
        """(code id, source id, quote) of a coding, in force or not."""
        coding = self.project.codings.get(str(coding_id))
        if coding is not None:
            return coding.code_id, coding.source_id, coding.anchor.quote
        return self.applied.get(str(coding_id))

    def a_coding(self, coding_id: object) -> str:
        """A coding: "'Trust' at “Trust grew”", or "a coding of 'Trust' in Green and Dicks 2012"."""
        found = self.coding(coding_id)
        if found is None:
            return "a coding"
        code_id, source_id, quote = found
        if self.place == "quote":
            return f"{self.code(code_id)} at {short_quote(quote)}"
        return f"a coding of {self.code(code_id)} in {self.source(source_id)}"

    def quotation(self, coding_id: object) -> str:
        """A coded quotation: its words, or "a quotation in Green and Dicks 2012"."""
        found = self.coding(coding_id)
        if found is None:
            return "a quotation"
        _, source_id, quote = found
        return short_quote(quote) if self.place == "quote" else f"a quotation in {self.source(source_id)}"


def what(project: "Project", event: "Event", *, place: Place = "quote", unknown: str = UNKNOWN) -> str:
    """What ``event`` did, in a reviewer's words, naming places by ``place`` ("quote" or "source").

    ``unknown`` is said of an event this cannot describe. An ``undo`` or ``redo`` says
    what it took back or made again.

    >>> import tempfile
    >>> from synthesis.project import Project
    >>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
    >>> _ = p.add_text("Trust grew slowly between them.", title="Note", source_id="note")
    >>> trust = p.create_code("Trust")
    >>> coded = p.apply_code("note", 0, 10, trust)
    >>> _ = p.split_code(trust, {"Early trust": coded})
    >>> what(p, p.events[-1])
    "split the code 'Trust' into 'Early trust'"
    >>> p.remove_coding(*coded)
    >>> what(p, p.events[-1]), what(p, p.events[-1], place="source")
    ("removed 'Early trust' from “Trust grew”", "removed 'Early trust' from Note")
    >>> what(p, p.record("theme.create", {"theme_id": "T1", "level": "descriptive", "name": "Bonds"}))
    "created the theme 'Bonds'"
    >>> what(p, p.record("theme.assign", {"theme_id": "T1", "members": [trust.code_id]}))
    "added 'Trust' to the theme 'Bonds'"
    >>> what(p, p.record("cerqual.judge", {"finding": "T1", "component": "coherence", "level": "minor concerns"}))
    "judged the coherence of 'Bonds': minor concerns"
    >>> what(p, p.record("query.save", {"name": "trust", "kind": "text", "params": {}}))
    "saved the search 'trust'"
    >>> from synthesis.records import Event
    >>> later = Event("AG:99", 99, 99, "t99", "AG", "figure.draw", {})  # a type this does not know
    >>> what(p, later), what(p, later, unknown="your last change")
    ('made a change', 'your last change')
    >>> p.close()
    """
    if place not in ("quote", "source"):
        raise ValueError(f"a place is named by its 'quote' or its 'source', not {place!r}")
    words = _Words(project, place)
    try:
        return _what(project, event, words) or unknown
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return unknown


def _what(project: "Project", event: "Event", w: _Words) -> str | None:
    d, kind = event.data, event.type
    family = kind.split(".")[0]
    if kind in ("undo", "redo"):
        target = project.event(str(d.get("target", "")))
        step = None
        if target is not None and target.type not in ("undo", "redo"):
            try:
                step = _what(project, target, w)
            except (KeyError, TypeError, ValueError, AttributeError, IndexError):
                step = None  # still an undo, of a step it cannot say
        return f"{'undid' if kind == 'undo' else 'redid'} a step" + (f" ({step})" if step else "")
    if family in ("code", "coding", "memo"):
        return _codes(event, w)
    if family in ("theme", "exemplar", "quote", "group", "cerqual"):
        return _themes(event, w)
    if kind == "check.verdict":
        return f"{VERDICT_WORDS.get(d.get('verdict', ''), 'checked')} {w.a_coding(d['coding_id'])}"
    if kind == "disagreement.resolve":
        done = resolution(len(d.get("keep", ())), len(d.get("remove", ())), len(d.get("add", ())))
        return f"resolved a disagreement by {d['method']} ({done})"
    if kind == "double.coders":
        return f"set the double coders to {', '.join(d['coders']) or 'no one'}"
    if kind == "corpus.import":
        files = [str(f["file"]) for f in d["files"]] if "files" in d else [str(d["file"])]
        named = " and ".join(files) if len(files) <= 2 else plural(len(files), "file")
        if d.get("unchanged"):
            return f"imported {named} again (nothing changed)"
        noun, many = IMPORTED.get(str(d.get("kind", "")), ("document", None))
        return f"imported {plural(len(d.get('ids', ())), noun, many)} from {named}"
    if kind == "suggestion.reject":
        return f"rejected the suggestion {w.code(d['code_id'])} for {w.where(d.get('source_id', ''), d.get('quote', ''))}"
    if kind == "query.save":
        return f"saved the search '{d['name']}'"
    if kind == "query.delete":
        return f"deleted the saved search '{d['name']}'"
    return None


def _codes(event: "Event", w: _Words) -> str | None:
    d, kind = event.data, event.type
    if kind == "coding.apply":
        where = w.where(d.get("source_id", ""), d.get("quote", ""))
        if d.get("suggested_by"):
            return f"accepted the suggestion {w.code([code for _, code in d['codings']])} for {where}"
        return f"applied {w.code([code for _, code in d['codings']])} to {where}"
    if kind == "coding.remove":
        ids = _ids(d["coding_ids"])
        known = [found for i in ids if (found := w.applied.get(i)) is not None]
        if not known:
            return "removed a coding" if len(ids) == 1 else f"removed {plural(len(ids), 'coding')}"
        places = list(dict.fromkeys(w.where(source, quote) for _, source, quote in known))
        where = places[0] if len(places) == 1 else plural(len(places), "span" if w.place == "quote" else "source")
        return f"removed {w.code(list(dict.fromkeys(c for c, _, _ in known)))} from {where}"
    if kind == "code.create":
        return f"created the code '{d['label']}'"
    if kind == "code.update":
        if "label" in d:
            return f"renamed a code to '{d['label']}'"
        what = [key for key in ("definition", "colour") if key in d]
        return f"changed the {' and '.join(what) or 'details'} of {w.code(d['code_id'])}"
    if kind == "code.move":
        parent = d.get("parent")
        where = f"under {w.code(parent)}" if parent else "to the top of the code tree"
        return f"moved {w.code(d['code_id'])} {where}"
    if kind == "code.delete":
        return f"deleted the code {w.code(d['code_id'])}"
    if kind == "code.merge":
        return f"merged {w.code(d['sources'])} into {w.code(d['target'])}"
    if kind == "code.split":
        into = [str(s.get("label") or w.label(str(s.get("code_id"))) or s.get("code_id"))
                for s in d.get("into", ()) if isinstance(s, dict)]
        return f"split the code {w.code(d['code_id'])}" + (f" into {names(into)}" if into else "")
    if kind == "memo.write":
        target_kind, target = d.get("target_kind", "source"), d.get("target_id", "")
        on = (f"the code {w.code(target)}" if target_kind == "code" else w.a_coding(target)
              if target_kind == "coding" else w.source(target))
        return f"wrote a memo on {on}"
    if kind == "memo.delete":
        return "deleted a memo"
    return None


def _themes(event: "Event", w: _Words) -> str | None:
    d, kind = event.data, event.type
    if kind == "theme.create":
        return f"created the theme '{d['name']}'"
    if kind == "theme.update":
        if "name" in d:
            return f"renamed a theme to '{d['name']}'"
        what = [key for key in ("description", "question") if key in d]
        return f"changed the {' and '.join(what) or 'details'} of the theme {w.theme(d['theme_id'])}"
    if kind == "theme.delete":
        return f"deleted the theme {w.theme(d['theme_id'])}"
    if kind == "theme.merge":
        themes = "theme" if len(_ids(d["sources"])) == 1 else "themes"
        return f"merged the {themes} {w.theme(d['sources'])} into {w.theme(d['target'])}"
    if kind == "theme.assign":
        return f"added {w.member(d['members'])} to the theme {w.theme(d['theme_id'])}"
    if kind == "theme.unassign":
        return f"took {w.member(d['members'])} out of the theme {w.theme(d['theme_id'])}"
    if kind == "theme.move":
        return f"moved {w.member(d['members'])} from the theme {w.theme(d['theme_id'])} to {w.theme(d['target'])}"
    if kind in ("exemplar.set", "exemplar.unset"):
        verb = "chose" if kind == "exemplar.set" else "dropped"
        return f"{verb} {w.quotation(d['coding_id'])} as an exemplar of {w.theme(d['theme_id'])}"
    if kind == "quote.kind":
        return f"marked {w.quotation(d['coding_id'])} as {WHOSE_WORDS.get(d['kind'], d['kind'])}"
    group = f"the element group '{w.groups.get(str(d.get('group_id')), '(a group)')}'"
    if kind == "group.create":
        return f"created the element group '{d['name']}'"
    if kind == "group.delete":
        return f"deleted {group}"
    if kind == "group.link":
        if d.get("members"):
            return f"linked {w.member(d['members'])} to '{d['element']}' in {group}"
        return f"added the element '{d['element']}' to {group}"
    if kind == "group.unlink":
        if d.get("members"):
            return f"unlinked {w.member(d['members'])} from '{d['element']}' in {group}"
        return f"removed the element '{d['element']}' from {group}"
    if kind == "cerqual.judge":
        if d["component"] == "overall":
            return f"judged the confidence in {w.theme(d['finding'])} as {d['level']}"
        return f"judged the {d['component']} of {w.theme(d['finding'])}: {d['level']}"
    return None
