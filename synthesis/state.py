"""The codebook, codings and memos as a deterministic fold over event logs.

Events are folded in ``(clock, reviewer, seq)`` order, whatever order the log
files were read in. ``undo`` and ``redo`` are events too: they switch their
target off or on, and the target then takes effect at its original place.
An event that no longer fits (say, a coding for a code another reviewer has
since deleted) is kept in the log and reported as a problem, never guessed at.

>>> from synthesis.records import Event
>>> events = [
...     Event("AG:1", 1, 1, "t1", "AG", "code.create", {"code_id": "c1", "label": "Trust"}),
...     Event("AG:2", 2, 2, "t2", "AG", "code.update", {"code_id": "c1", "label": "Mutual trust"}),
...     Event("AG:3", 3, 3, "t3", "AG", "undo", {"target": "AG:2"}),
... ]
>>> fold(events).codes["c1"].label
'Trust'
>>> fold(events[:2]).codes["c1"].label
'Mutual trust'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from operator import attrgetter

from .anchoring import is_anchored, reanchor
from .log import gc_paused
from .names import is_colour
from .palette import NEUTRAL, colour_for
from .records import MEMO_TARGETS, Anchor, Code, Coding, Event, Memo, Problem

CONTROL = ("undo", "redo")
#: events kept for the audit trail only: they change no state and are not undone
AUDIT_ONLY = frozenset({"corpus.import"})


class Rejected(Exception):
    """Raised by a handler when an event does not fit the current state."""


@dataclass
class State:
    """What the logs amount to. Mutable only inside the fold."""

    codes: dict[str, Code] = field(default_factory=dict)
    codings: dict[str, Coding] = field(default_factory=dict)
    memos: dict[str, Memo] = field(default_factory=dict)
    merged: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    extra: dict[str, dict] = field(default_factory=dict)

    def apply(self, event: Event) -> None:
        """Apply one (effective) event, recording a problem if it does not fit."""
        handler = HANDLERS.get(event.type)
        if handler is None:
            self.problems.append(
                Problem("unknown-event", f"unknown event type '{event.type}'", event.id)
            )
            return
        try:
            handler(self, event)
        except Rejected as exc:
            self.problems.append(Problem("rejected-event", str(exc), event.id))
        except (KeyError, TypeError, ValueError) as exc:
            self.problems.append(
                Problem("malformed-event", f"{event.type}: bad data ({exc!r})", event.id)
            )


Handler = Callable[[State, Event], None]
HANDLERS: dict[str, Handler] = {}


def handles(kind: str) -> Callable[[Handler], Handler]:
    """Register the fold step of an event type (modules may add their own)."""

    def register(func: Handler) -> Handler:
        HANDLERS[kind] = func
        return func

    return register


def effective_ids(events: Iterable[Event]) -> set[str]:
    """Ids of the events still in force once undo and redo are applied."""
    active: dict[str, bool] = {}
    for event in events:
        if event.type == "undo":
            active[event.data["target"]] = False
        elif event.type == "redo":
            active[event.data["target"]] = True
        else:
            active.setdefault(event.id, True)
    return {key for key, on in active.items() if on}


_ORDER = attrgetter("clock", "reviewer", "seq")  # Event.order, without a call per event


def unique_events(ordered: list[Event]) -> tuple[list[Event], list[Problem]]:
    """Events with their ids seen once, and a problem for each repeat.

    A line copied twice in a log, or a log edited on two machines (two different
    events with one id), must never be applied twice: the first in fold order
    stands, each repeat is reported.

    >>> a = Event("AG:1", 1, 1, "t", "AG", "code.create", {"code_id": "c1", "label": "Trust"})
    >>> b = Event("AG:1", 1, 1, "t", "AG", "code.create", {"code_id": "c1", "label": "Respect"})
    >>> kept, problems = unique_events([a, a, b])
    >>> len(kept), [p.kind for p in problems]
    (1, ['duplicate-event', 'diverging-event'])
    """
    seen: dict[str, Event] = {}
    kept: list[Event] = []
    problems: list[Problem] = []
    for event in ordered:
        first = seen.get(event.id)
        if first is None:
            seen[event.id] = event
            kept.append(event)
        elif first == event:
            problems.append(Problem("duplicate-event", f"event '{event.id}' ({event.type}) appears twice in "
                                    f"{event.reviewer}'s log; it counts once", event.id))
        else:
            problems.append(Problem("diverging-event", f"two different events share the id '{event.id}' in "
                                    f"{event.reviewer}'s log (was it edited on two machines?); the "
                                    f"{first.type} of {first.time} counts, the {event.type} of {event.time} "
                                    "is left out", event.id))
    return kept, problems


def fold(events: Iterable[Event]) -> State:
    """Fold events (any order) into a fresh :class:`State`."""
    with gc_paused():
        ordered = sorted(events, key=_ORDER)
        ordered, repeats = unique_events(ordered)
        keep = effective_ids(ordered)
        state = State()
        state.problems.extend(repeats)
        for event in ordered:
            if event.type not in CONTROL and event.id in keep:
                state.apply(event)
    return state


def _need_code(state: State, code_id: str, event: Event) -> Code:
    code = state.codes.get(code_id)
    if code is None:
        merged = state.merged.get(code_id)
        hint = f" (merged into '{merged}')" if merged else ""
        raise Rejected(f"{event.type}: code '{code_id}' does not exist{hint}")
    return code


def _colour(state: State, event: Event, value: object, fallback: str) -> str:
    """A code colour from a log, checked: anything but ``#rrggbb`` (which views would put in
    HTML) is replaced by ``fallback`` and reported."""
    if value in (None, "") or is_colour(value):
        return value or ""  # type: ignore[return-value]
    state.problems.append(Problem("invalid-colour", f"{event.type}: {str(value)[:40]!r} is not a colour "
                                  "(#rrggbb); the code keeps its own", event.id))
    return fallback


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise Rejected(f"{what} must be text, not {type(value).__name__}")
    return value


@handles("code.create")
def _code_create(state: State, event: Event) -> None:
    d = event.data
    if d["code_id"] in state.codes:
        raise Rejected(f"code '{d['code_id']}' exists already")
    state.codes[d["code_id"]] = Code(
        d["code_id"], _text(d["label"], "a label"), _text(d.get("definition", ""), "a definition"),
        _colour(state, event, d.get("colour", ""), colour_for(len(state.codes) + len(state.merged))),
        event.reviewer, event.time,
    )


@handles("code.update")
def _code_update(state: State, event: Event) -> None:
    d = event.data
    code = _need_code(state, d["code_id"], event)
    changes = {k: _text(d[k], k) for k in ("label", "definition") if k in d}
    if "colour" in d:
        changes["colour"] = _colour(state, event, d["colour"], code.colour)
        if is_colour(d["colour"]) and not code.first_colour:  # a colour the reviewer chose
            changes["first_colour"] = code.colour or NEUTRAL
    if hasattr(Code, "__post_init__"):
        state.codes[code.code_id] = replace(code, **changes)
        return
    changed = _new(Code)  # replace() as its __init__ would make it: definitions are edited often
    _set(changed, "__dict__", {**code.__dict__, **changes})
    state.codes[code.code_id] = changed


def ancestors(state: State, code_id: str) -> list[str]:
    """The ids above a code in the code tree, nearest first (a parent that is gone ends the chain)."""
    chain: list[str] = []
    parent = state.codes[code_id].parent if code_id in state.codes else ""
    while parent and parent in state.codes and parent not in chain:
        chain.append(parent)
        parent = state.codes[parent].parent
    return chain


@handles("code.move")
def _code_move(state: State, event: Event) -> None:
    """Put a code under another code (``parent``), or at the top of the tree (``parent`` empty).

    >>> s = fold([Event(f"AG:{n}", n, n, "t", "AG", "code.create", {"code_id": c, "label": c})
    ...           for n, c in enumerate(["a", "b"], 1)]
    ...          + [Event("AG:3", 3, 3, "t", "AG", "code.move", {"code_id": "b", "parent": "a"}),
    ...             Event("AG:4", 4, 4, "t", "AG", "code.move", {"code_id": "a", "parent": "b"})])
    >>> s.codes["b"].parent, s.codes["a"].parent, [p.kind for p in s.problems]
    ('a', '', ['rejected-event'])
    """
    d = event.data
    code = _need_code(state, d["code_id"], event)
    parent = d.get("parent") or ""
    if parent:
        above = _need_code(state, _text(parent, "a parent"), event)
        if above.code_id == code.code_id or code.code_id in ancestors(state, above.code_id):
            raise Rejected(f"'{code.label}' cannot go under '{above.label}', which sits inside it")
    state.codes[code.code_id] = replace(code, parent=parent)


def _lift_children(state: State, gone: set[str], target: str = "") -> None:
    """Codes under a code that goes away move up: under ``target`` when given (a merge), else to
    the nearest ancestor that stays (a delete)."""
    for child in [c for c in state.codes.values() if c.parent in gone and c.code_id not in gone]:
        parent = target if target and target != child.code_id else ""
        if not parent:
            parent = next((a for a in ancestors(state, child.code_id) if a not in gone), "")
        state.codes[child.code_id] = replace(child, parent=parent)


@handles("code.delete")
def _code_delete(state: State, event: Event) -> None:
    code = _need_code(state, event.data["code_id"], event)
    _lift_children(state, {code.code_id})
    del state.codes[code.code_id]
    for key in [k for k, c in state.codings.items() if c.code_id == code.code_id]:
        del state.codings[key]


def _identity(coding: Coding) -> tuple:
    return (coding.source_id, coding.start, coding.end, coding.code_id, coding.reviewer)


@handles("code.merge")
def _code_merge(state: State, event: Event) -> None:
    d = event.data
    target = _need_code(state, d["target"], event)
    sources = [_need_code(state, s, event) for s in d["sources"]]
    if any(s.code_id == target.code_id for s in sources):
        raise Rejected("a code cannot be merged into itself")
    moving = {s.code_id for s in sources}
    seen = {_identity(c) for c in state.codings.values() if c.code_id == target.code_id}
    for key, coding in list(state.codings.items()):
        if coding.code_id in moving:
            moved = replace(coding, code_id=target.code_id)
            if _identity(moved) in seen:  # the same reviewer coded the same span with both
                del state.codings[key]
            else:
                seen.add(_identity(moved))
                state.codings[key] = moved
    if target.parent in moving:  # the target sat inside a merged code: it takes that code's place
        parent = next((a for a in ancestors(state, target.code_id) if a not in moving), "")
        state.codes[target.code_id] = replace(target, parent=parent)
    _lift_children(state, moving, target.code_id)
    for code_id in moving:
        del state.codes[code_id]
        state.merged[code_id] = target.code_id


@handles("code.split")
def _code_split(state: State, event: Event) -> None:
    d = event.data
    original = _need_code(state, d["code_id"], event)
    new_ids = set()
    for spec in d["into"]:
        if spec["code_id"] in state.codes:
            raise Rejected(f"code '{spec['code_id']}' exists already")
        new_ids.add(spec["code_id"])
    for coding_id, code_id in d["assign"].items():
        coding = state.codings.get(coding_id)
        if coding is None or coding.code_id != original.code_id:
            raise Rejected(f"coding '{coding_id}' is not a coding of '{original.label}'")
        if code_id not in new_ids:
            raise Rejected(f"coding '{coding_id}' is assigned to an unknown code '{code_id}'")
    for spec in d["into"]:
        state.codes[spec["code_id"]] = Code(
            spec["code_id"], _text(spec["label"], "a label"), _text(spec.get("definition", ""), "a definition"),
            _colour(state, event, spec.get("colour", ""), colour_for(len(state.codes) + len(state.merged))),
            event.reviewer, event.time, original.parent,
        )
    for coding_id, code_id in d["assign"].items():
        state.codings[coding_id] = replace(state.codings[coding_id], code_id=code_id)


#: whether Anchor and Coding still have exactly the fields new_anchor and new_coding set
_PLAIN = ([f.name for f in fields(Anchor)] == ["source_id", "start", "end", "quote", "prefix", "suffix"]
          and [f.name for f in fields(Coding)] == ["coding_id", "code_id", "anchor", "reviewer", "time", "status"]
          and not hasattr(Anchor, "__post_init__") and not hasattr(Coding, "__post_init__"))
_new, _set = object.__new__, object.__setattr__


def new_anchor(source_id: str, start: int, end: int, quote: str, prefix: str, suffix: str) -> Anchor:
    """``Anchor(...)`` made field by field, as its own ``__init__`` would (a frozen record only
    refuses ``__setattr__``): opening a large project makes tens of thousands.

    >>> new_anchor("s1", 0, 5, "Trust", "", " grew") == Anchor("s1", 0, 5, "Trust", "", " grew")
    True
    """
    if not _PLAIN:
        return Anchor(source_id, start, end, quote, prefix, suffix)
    anchor = _new(Anchor)
    _set(anchor, "__dict__", {"source_id": source_id, "start": start, "end": end, "quote": quote,
                              "prefix": prefix, "suffix": suffix})
    return anchor


def new_coding(coding_id: str, code_id: str, anchor: Anchor, reviewer: str, time: str,
               status: str = "anchored") -> Coding:
    """``Coding(...)``, made as :func:`new_anchor` makes an anchor.

    >>> a = new_anchor("s1", 0, 5, "Trust", "", "")
    >>> new_coding("k1", "c1", a, "AG", "t") == Coding("k1", "c1", a, "AG", "t")
    True
    """
    if not _PLAIN:
        return Coding(coding_id, code_id, anchor, reviewer, time, status)  # type: ignore[arg-type]
    coding = _new(Coding)
    _set(coding, "__dict__", {"coding_id": coding_id, "code_id": code_id, "anchor": anchor,
                              "reviewer": reviewer, "time": time, "status": status})
    return coding


def anchor_from(data: Mapping) -> Anchor:
    """The anchor stored in an event's data."""
    start, end = data["start"], data["end"]
    return new_anchor(
        data["source_id"], start if type(start) is int else int(start), end if type(end) is int else int(end),
        data["quote"], data.get("prefix", ""), data.get("suffix", ""),
    )


@handles("coding.apply")
def _coding_apply(state: State, event: Event) -> None:
    d = event.data
    anchor = anchor_from(d)
    pairs = d["codings"]
    codings = state.codings
    for coding_id, code_id in pairs:
        if code_id not in state.codes:
            _need_code(state, code_id, event)
        if coding_id in codings:
            raise Rejected(f"coding '{coding_id}' exists already")
    reviewer, time = event.reviewer, event.time
    for coding_id, code_id in pairs:
        codings[coding_id] = new_coding(coding_id, code_id, anchor, reviewer, time)


@handles("coding.remove")
def _coding_remove(state: State, event: Event) -> None:
    ids = event.data["coding_ids"]
    missing = [i for i in ids if i not in state.codings]
    if missing:
        raise Rejected(f"coding(s) {', '.join(missing)} do not exist")
    for coding_id in ids:
        del state.codings[coding_id]


@handles("memo.write")
def _memo_write(state: State, event: Event) -> None:
    d = event.data
    if d["target_kind"] not in MEMO_TARGETS:
        raise Rejected(f"a memo goes on a {', a '.join(MEMO_TARGETS)}, not on {str(d['target_kind'])[:40]!r}")
    _text(d["text"], "a memo")
    old = state.memos.get(d["memo_id"])
    if old is not None and old.author != event.reviewer:
        raise Rejected(f"memo '{d['memo_id']}' belongs to {old.author}")
    state.memos[d["memo_id"]] = Memo(
        d["memo_id"], d["target_kind"], d["target_id"], d["text"], event.reviewer, event.time
    )


@handles("memo.delete")
def _memo_delete(state: State, event: Event) -> None:
    memo_id = event.data["memo_id"]
    if memo_id not in state.memos:
        raise Rejected(f"memo '{memo_id}' does not exist")
    del state.memos[memo_id]


def anchor_codings(state: State, text_of: Callable[[str], str | None]) -> list[Problem]:
    """Check every coding against its source's current text; re-anchor moved ones.

    Codings whose quote cannot be found are kept with status ``"orphaned"``
    and reported; nothing is dropped.
    """
    anchored, orphans = anchor_table(state.codings, text_of)
    for key, checked in anchored.items():
        if checked is not state.codings[key]:
            state.codings[key] = checked
    return list(orphans.values())


def anchor_table(codings: Mapping[str, Coding],
                 text_of: Callable[[str], str | None]) -> tuple[dict[str, Coding], dict[str, Problem]]:
    """Every coding checked against its source's text (:func:`anchor_coding`), in order: the
    checked codings, and the problems of those orphaned. A coding still in place is passed on
    as it is after one comparison (a large project has tens of thousands)."""
    anchored: dict[str, Coding] = {}
    orphans: dict[str, Problem] = {}
    texts: dict[str, str | None] = {}
    for key, coding in codings.items():
        a = coding.anchor
        sid = a.source_id
        text = texts[sid] if sid in texts else texts.setdefault(sid, text_of(sid))
        if text is not None and coding.status == "anchored" and text[a.start:a.end] == a.quote:
            anchored[key] = coding
            continue
        anchored[key], problem = anchor_coding(key, coding, text)
        if problem is not None:
            orphans[key] = problem
    return anchored, orphans


def anchor_coding(key: str, coding: Coding, text: str | None) -> tuple[Coding, Problem | None]:
    """One coding checked against its source's text (None: the source is missing).

    Returns the coding (the same object when nothing changed) and a problem if
    it is orphaned.
    """
    if text is None:
        return (replace(coding, status="orphaned"),
                Problem("orphaned-coding", f"coding '{key}': source '{coding.source_id}' is missing"))
    if is_anchored(coding.anchor, text):
        return (coding if coding.status == "anchored" else replace(coding, status="anchored")), None
    moved = reanchor(coding.anchor, text)
    if moved is None:
        return (replace(coding, status="orphaned"),
                Problem("orphaned-coding", f"coding '{key}' on source '{coding.source_id}': the quote "
                        f"{coding.quote[:60]!r} is no longer in the text"))
    return replace(coding, anchor=moved, status="reanchored"), None
