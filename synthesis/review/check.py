"""Check mode: a second reviewer marks each of another reviewer's codings.

A verdict is an event (``check.verdict``) in the checker's own log: agree,
disagree (with a reason), or propose another code or span. The latest verdict
of a checker on a coding is the one in force; undo works as for any action.

>>> import tempfile
>>> from synthesis import Project
>>> root = tempfile.mkdtemp()
>>> with Project.init(root, reviewer="NT") as p:
...     _ = p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
...     _ = p.apply_code("note", 0, 5, p.create_code("Trust"))
>>> with Project.open(root, reviewer="AG") as p:
...     check = CheckSession(p, of="NT")
...     _ = check.mark("disagree", reason="too short to carry meaning")
...     check.summary()
{'codings': 1, 'checked': 1, 'agree': 0, 'disagree': 1, 'propose': 0, 'unchecked': 0}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..errors import ActionError
from ..records import Coding, Event
from ..state import Rejected, State, handles

if TYPE_CHECKING:
    from ..project import Project

VERDICTS = ("agree", "disagree", "propose")
Kind = Literal["agree", "disagree", "propose"]


@dataclass(frozen=True)
class Verdict:
    """A checker's judgement of one coding."""

    coding_id: str
    checker: str
    verdict: str
    reason: str = ""
    proposed_code: str = ""
    proposed_start: int | None = None
    proposed_end: int | None = None
    time: str = ""
    event_id: str = ""


def _verdicts(state: State) -> dict[tuple[str, str], Verdict]:
    return state.extra.setdefault("verdicts", {})


@handles("check.verdict")
def _check_verdict(state: State, event: Event) -> None:
    d = event.data
    coding = state.codings.get(d["coding_id"])
    if coding is None:
        raise Rejected(f"check.verdict: coding '{d['coding_id']}' does not exist")
    if d["verdict"] not in VERDICTS:
        raise Rejected(f"check.verdict: unknown verdict {d['verdict']!r}")
    _verdicts(state)[(d["coding_id"], event.reviewer)] = Verdict(
        d["coding_id"], event.reviewer, d["verdict"], d.get("reason", ""), d.get("proposed_code", ""),
        d.get("proposed_start"), d.get("proposed_end"), event.time, event.id,
    )


def verdicts(project: "Project") -> list[Verdict]:
    """Every verdict in force (latest per checker and coding), for codings that still exist."""
    found = _verdicts(project.state).values()
    return sorted((v for v in found if v.coding_id in project.codings), key=lambda v: (v.time, v.event_id))


class CheckSession:
    """Step through another reviewer's codings and mark each one."""

    def __init__(self, project: "Project", of: str) -> None:
        """A project open read-only (no reviewer) can be stepped through, not marked."""
        if of == project.reviewer:
            raise ActionError("a second reviewer checks someone else's codings, not their own")
        self.project = project
        self.of = of
        self.index = 0
        pending = [i for i, c in enumerate(self.codings()) if self.verdict(c) is None]
        self.index = pending[0] if pending else 0

    def codings(self) -> list[Coding]:
        """The reviewer's codings in reading order (source, position)."""
        order = {sid: i for i, sid in enumerate(sorted(self.project.sources))}
        mine = [c for c in self.project.codings.values() if c.reviewer == self.of]
        return sorted(mine, key=lambda c: (order.get(c.source_id, len(order)), c.start, c.end, c.coding_id))

    @property
    def current(self) -> Coding | None:
        codings = self.codings()
        return codings[self.index] if 0 <= self.index < len(codings) else None

    def verdict(self, coding: Coding) -> Verdict | None:
        return _verdicts(self.project.state).get((coding.coding_id, self.project.reviewer))

    def go(self, delta: int) -> Coding | None:
        n = len(self.codings())
        if n:
            self.index = (self.index + delta) % n
        return self.current

    def show(self, coding_id: str) -> Coding | None:
        """Go to the coding ``coding_id`` (staying put if it is not one of the reviewer's)."""
        for i, coding in enumerate(self.codings()):
            if coding.coding_id == coding_id:
                self.index = i
                break
        return self.current

    def next_unchecked(self) -> Coding | None:
        codings = self.codings()
        for step in range(1, len(codings) + 1):
            i = (self.index + step) % len(codings)
            if self.verdict(codings[i]) is None:
                self.index = i
                return codings[i]
        return None

    def mark(self, verdict: Kind, *, reason: str = "", code: str | None = None,
             span: tuple[int, int] | None = None) -> Verdict:
        """Record a verdict on the current coding and move to the next unchecked one."""
        if self.project.reviewer is None:
            raise ActionError("this project is open read-only: open it with your reviewer name to check codings")
        coding = self.current
        if coding is None:
            raise ActionError(f"{self.of} has no codings to check")
        if verdict not in VERDICTS:
            raise ActionError(f"a verdict is one of {', '.join(VERDICTS)}, not {verdict!r}")
        if verdict == "disagree" and not reason.strip():
            raise ActionError("say why you disagree (the reason goes into the audit trail)")
        data: dict = {"coding_id": coding.coding_id, "verdict": verdict, "reason": reason}
        if verdict == "propose":
            if code is None and span is None:
                raise ActionError("propose another code, another span, or both")
            if code is not None:
                data["proposed_code"] = self.project.code(code).code_id
            if span is not None:
                start, end = span
                text = self.project.text(coding.source_id) or ""
                if not 0 <= start < end <= len(text):
                    raise ActionError(f"span {start}-{end} is not inside source '{coding.source_id}'")
                data["proposed_start"], data["proposed_end"] = start, end
        self.project.record("check.verdict", data)
        made = self.verdict(coding)
        self.next_unchecked()
        return made

    def summary(self) -> dict[str, int]:
        """How many codings were checked, and with which verdict."""
        counts = dict.fromkeys(VERDICTS, 0)
        checked = 0
        codings = self.codings()
        for c in codings:
            v = self.verdict(c)
            if v is not None:
                checked += 1
                counts[v.verdict] += 1
        return {"codings": len(codings), "checked": checked, **counts, "unchecked": len(codings) - checked}
