"""Words a reviewer reads: counts with their plurals, local times, and what an action did.

Views show these instead of internal names: an undo says what it took back in the
reviewer's words, a memo's time is the reviewer's local time, "1 coding" not "1 codings".

>>> plural(1, "coding"), plural(3, "coding"), plural(2, "study", "studies")
('1 coding', '3 codings', '2 studies')
>>> local_time("2026-12-03T10:20:00.000Z", tz=timezone.utc)
'3 Dec 2026, 10:20'
>>> local_time("not a time")
'not a time'
"""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..project import Project
    from ..records import Event

#: How much of a quotation an action's description shows.
QUOTE_CHARS = 40


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, with ``many`` (default ``word + "s"``) unless ``count`` is 1."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def local_time(stamp: str, *, tz: tzinfo | None = None) -> str:
    """An ISO time stamp (UTC in the logs) as a readable local time: "3 Dec 2026, 10:20".

    ``tz`` defaults to the computer's time zone. A stamp that is not a time is shown as it is.
    """
    try:
        moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return str(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(tz)
    return f"{moment.day} {moment:%b %Y, %H:%M}"


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


def _labels(project: "Project") -> dict[str, str]:
    """The latest label of every code ever made (deleted and merged codes too)."""
    labels: dict[str, str] = {}
    for event in project.events:
        if event.type in ("code.create", "code.update") and "label" in event.data:
            labels[event.data["code_id"]] = str(event.data["label"])
        elif event.type == "code.split":
            for spec in event.data.get("into", ()):
                if isinstance(spec, dict) and "code_id" in spec and "label" in spec:
                    labels[spec["code_id"]] = str(spec["label"])
    for code in project.codes.values():
        labels[code.code_id] = code.label
    return labels


def _names(ids: object, labels: dict[str, str]) -> str:
    found = [f"'{labels.get(str(i), str(i))}'" for i in (ids if isinstance(ids, (list, tuple)) else [ids])]
    return ", ".join(found[:-1]) + " and " + found[-1] if len(found) > 1 else "".join(found)


def _applied(project: "Project") -> dict[str, tuple[str, str]]:
    """coding id -> (code id, quote) for every coding ever applied."""
    found: dict[str, tuple[str, str]] = {}
    for event in project.events:
        if event.type == "coding.apply":
            for pair in event.data.get("codings", ()):
                found[str(pair[0])] = (str(pair[1]), str(event.data.get("quote", "")))
    return found


_FAMILIES = {"theme": "a change to the themes", "group": "a change to the element groups",
             "exemplar": "an exemplar choice", "quote": "a quotation kind", "cerqual": "a confidence judgement",
             "check": "a check of a coding", "disagreement": "a resolved disagreement",
             "query": "a saved search", "corpus": "an import"}


def describe(project: "Project", event: "Event") -> str:
    """What ``event`` did, in a reviewer's words.

    >>> import tempfile
    >>> from synthesis import Project
    >>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
    >>> _ = p.add_text("Trust grew between the partners.", title="Note", source_id="note")
    >>> trust = p.create_code("Trust")
    >>> _ = p.apply_code("note", 0, 10, trust)
    >>> describe(p, p.events[-1])
    "applied 'Trust' to “Trust grew”"
    >>> describe(p, p.events[-2])
    "created the code 'Trust'"
    >>> p.close()
    """
    data, kind = event.data, event.type
    if kind == "coding.apply":
        labels = _labels(project)
        codes = [pair[1] for pair in data.get("codings", ())]
        return f"applied {_names(codes, labels)} to {short_quote(data.get('quote', ''))}"
    if kind == "coding.remove":
        labels, applied = _labels(project), _applied(project)
        ids = [str(i) for i in data.get("coding_ids", ())]
        known = [applied[i] for i in ids if i in applied]
        if not known:
            return f"removed {plural(len(ids), 'coding')}"
        quotes = dict.fromkeys(q for _, q in known)
        where = short_quote(next(iter(quotes))) if len(quotes) == 1 else plural(len(quotes), "span")
        return f"removed {_names([c for c, _ in known], labels)} from {where}"
    if kind == "code.create":
        return f"created the code '{data.get('label', '')}'"
    if kind == "code.update":
        labels = _labels(project)
        what = [w for w, key in (("label", "label"), ("definition", "definition"), ("colour", "colour")) if key in data]
        if "label" in data:
            return f"renamed a code to '{data['label']}'"
        return f"changed the {' and '.join(what) or 'details'} of {_names(data.get('code_id', ''), labels)}"
    if kind == "code.delete":
        return f"deleted the code {_names(data.get('code_id', ''), _labels(project))}"
    if kind == "code.merge":
        labels = _labels(project)
        return f"merged {_names(data.get('sources', []), labels)} into {_names(data.get('target', ''), labels)}"
    if kind == "code.split":
        return f"split the code {_names(data.get('code_id', ''), _labels(project))}"
    if kind == "memo.write":
        return f"wrote a memo on a {data.get('target_kind', 'source')}"
    if kind == "memo.delete":
        return "deleted a memo"
    return _FAMILIES.get(kind.split(".")[0], "your last change")
