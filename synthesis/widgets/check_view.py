"""Second-review views: check another reviewer's codings, and work the disagreement queue.

Thin ipywidgets layers over :mod:`synthesis.review`; every button writes an
event through the project before the view re-renders.

>>> import tempfile
>>> from synthesis import Project
>>> root = tempfile.mkdtemp()
>>> with Project.init(root, reviewer="NT") as p:
...     _ = p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
...     _ = p.apply_code("note", 0, 5, p.create_code("Trust"))
>>> p = Project.open(root, reviewer="AG")
>>> view = CheckView(p)
>>> view.agree_button.click()
>>> view.summary.value
'1 of 1 checked: 1 agree, 0 disagree, 0 propose'
>>> p.close()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..errors import SynthesisError
from ..palette import safe_colour
from ..records import Coding
from ..review import CheckSession, disagreements
from ..review.queue import Disagreement, resolve
from .markup import esc, status
from .textspan import TextSpanWidget

if TYPE_CHECKING:
    from ..project import Project


def _button(description: str, tooltip: str, icon: str = "", style: str = "") -> w.Button:
    return w.Button(description=description, tooltip=tooltip, icon=icon, button_style=style,
                    layout=w.Layout(width="auto"))


def _coding_html(project: "Project", coding: Coding, context: int = 160) -> str:
    """A coding with its code, reviewer, citation and the quote in its context."""
    text = project.text(coding.source_id) or ""
    code = project.codes.get(coding.code_id)
    before = text[max(0, coding.start - context):coding.start]
    after = text[coding.end:coding.end + context]
    colour = safe_colour(code.colour if code else "")
    return (f"<div><b>{esc(code.label if code else coding.code_id)}</b> "
            f"<small>by {esc(coding.reviewer)} · {esc(project.cite(coding))}</small>"
            f"<div style='border-left:4px solid {colour};padding:4px 8px;margin:4px 0;white-space:pre-wrap'>"
            f"<span style='color:#666'>…{esc(before)}</span>"
            f"<mark style='background:#fff3b0'>{esc(coding.quote)}</mark>"
            f"<span style='color:#666'>{esc(after)}…</span></div>"
            f"<small>{esc(code.definition) if code and code.definition else ''}</small></div>")


class CheckView(w.VBox):
    """Step through another reviewer's codings: agree, disagree with a reason, or propose."""

    def __init__(self, project: "Project", of: str | None = None) -> None:
        self.project = project
        others = [r for r in project.reviewers if r != project.reviewer]
        if not others:
            raise SynthesisError("there is nobody else's coding to check yet")
        self.of = w.Dropdown(options=others, value=of if of in others else others[0], description="Check")
        self.session = CheckSession(project, of=self.of.value)
        self.progress = w.IntProgress(min=0, max=1, description="Checked")
        self.summary = w.Label()
        self.coding = w.HTML()
        self.verdict = w.HTML()
        self.reason = w.Textarea(placeholder="Why? (needed to disagree; kept in the audit trail)", rows=2,
                                 layout=w.Layout(width="100%"))
        self.code = w.Dropdown(description="Code", layout=w.Layout(width="60%"))
        self.text = TextSpanWidget(layout=w.Layout(width="100%"))
        self.agree_button = _button("Agree", "The code fits this span", "check", "success")
        self.disagree_button = _button("Disagree", "The code does not fit (say why)", "times", "danger")
        self.propose_button = _button("Propose", "Propose the code chosen below and/or the span selected in the text",
                                      "lightbulb-o", "warning")
        self.prev_button = _button("Previous", "Previous coding", "arrow-left")
        self.next_button = _button("Next", "Next coding", "arrow-right")
        self.unchecked_button = _button("Next unchecked", "Next coding without your verdict", "forward")
        self.undo_button = _button("Undo", "Undo your last action", "undo")
        self.status = w.HTML()
        super().__init__([
            w.HBox([self.of, self.progress, self.summary]),
            self.coding, self.verdict,
            w.HBox([self.agree_button, self.disagree_button, self.propose_button]),
            self.reason,
            w.HTML("<small>To propose another code or span: choose the code and/or select the span in the "
                   "source below, then press Propose.</small>"),
            self.code, self.text,
            w.HBox([self.prev_button, self.next_button, self.unchecked_button, self.undo_button, self.status]),
        ])
        self.of.observe(self._on_of, names="value")
        self.agree_button.on_click(lambda _: self._act(self._mark, "agree"))
        self.disagree_button.on_click(lambda _: self._act(self._mark, "disagree"))
        self.propose_button.on_click(lambda _: self._act(self._mark, "propose"))
        self.prev_button.on_click(lambda _: self._act(self.session.go, -1))
        self.next_button.on_click(lambda _: self._act(self.session.go, 1))
        self.unchecked_button.on_click(lambda _: self._act(self.session.next_unchecked))
        self.undo_button.on_click(lambda _: self._act(self.project.undo))
        self.refresh()

    def _on_of(self, change: dict) -> None:
        self.session = CheckSession(self.project, of=change["new"])
        self.refresh()

    def _mark(self, verdict: str) -> None:
        span = tuple(self.text.selection) if len(self.text.selection) == 2 else None
        current = self.session.current
        if span is not None and current is not None and span == (current.start, current.end):
            span = None
        code = self.code.value or None
        self.session.mark(verdict, reason=self.reason.value, code=code if verdict == "propose" else None,
                          span=span if verdict == "propose" else None)
        self.reason.value = ""
        self.code.value = ""

    def _act(self, func: Any, *args: Any) -> None:
        try:
            func(*args)
            self.status.value = ""
        except SynthesisError as exc:
            self.status.value = status(str(exc), error=True)
        self.refresh()

    def refresh(self) -> None:
        s = self.session
        summary = s.summary()
        self.progress.max = max(summary["codings"], 1)
        self.progress.value = summary["checked"]
        self.summary.value = (f"{summary['checked']} of {summary['codings']} checked: {summary['agree']} agree, "
                              f"{summary['disagree']} disagree, {summary['propose']} propose")
        codes = sorted(self.project.codes.values(), key=lambda c: c.label.casefold())
        self.code.options = [("", "")] + [(c.label, c.code_id) for c in codes]
        coding = s.current
        if coding is None:
            self.coding.value = f"<i>{esc(self.of.value)} has no codings to check.</i>"
            self.verdict.value = ""
            return
        self.coding.value = (f"<h4 style='margin:4px 0'>Coding {s.index + 1} of {summary['codings']}</h4>"
                             + _coding_html(self.project, coding))
        v = s.verdict(coding)
        if v is None:
            self.verdict.value = "<i>Not checked yet.</i>"
        else:
            extra = f": {esc(v.reason)}" if v.reason else ""
            if v.proposed_code:
                extra += f" (proposed code: {esc(self.project.codes[v.proposed_code].label)})"
            self.verdict.value = f"Your verdict: <b>{esc(v.verdict)}</b>{extra}"
        text = self.project.text(coding.source_id) or ""
        with self.text.hold_sync():
            self.text.text = text
            cuts = sorted({0, len(text), coding.start, coding.end})
            self.text.legend = {coding.coding_id: {"label": self.project.codes[coding.code_id].label,
                                                   "colour": safe_colour(self.project.codes[coding.code_id].colour),
                                                   "reviewer": coding.reviewer}}
            self.text.runs = [[a, b, [coding.coding_id] if coding.start <= a < coding.end else []]
                              for a, b in zip(cuts, cuts[1:])]
            self.text.selection = []


class QueueView(w.VBox):
    """Every disagreement with both sides side by side; resolve by discussion or adjudication."""

    def __init__(self, project: "Project") -> None:
        self.project = project
        self.items: list[Disagreement] = []
        self.show_resolved = w.Checkbox(description="Show resolved", value=False)
        self.list = w.Select(rows=8, layout=w.Layout(width="100%"))
        self.left = w.HTML(layout=w.Layout(width="50%"))
        self.right = w.HTML(layout=w.Layout(width="50%"))
        self.method = w.ToggleButtons(options=[("By discussion", "discussion"), ("Adjudication", "adjudication")],
                                      value="discussion",
                                      tooltips=["A consensus the team reached", "A third reviewer decides"])
        self.keep = w.SelectMultiple(description="Keep", rows=4, layout=w.Layout(width="48%"))
        self.remove = w.SelectMultiple(description="Remove", rows=4, layout=w.Layout(width="48%"))
        self.consensus_code = w.Dropdown(description="Consensus", layout=w.Layout(width="60%"),
                                         tooltip="Optionally apply this code to the span as the agreed coding")
        self.note = w.Textarea(placeholder="Why (kept in the audit trail)", rows=2, layout=w.Layout(width="100%"))
        self.resolve_button = _button("Resolve", "Record this resolution", "gavel", "primary")
        self.status = w.HTML()
        self.counts = w.HTML()
        super().__init__([
            w.HBox([self.counts, self.show_resolved]), self.list, w.HBox([self.left, self.right]),
            self.method, w.HBox([self.keep, self.remove]), self.consensus_code, self.note,
            w.HBox([self.resolve_button, self.status]),
        ])
        self.show_resolved.observe(lambda _: self.refresh(), names="value")
        self.list.observe(lambda _: self._render_item(), names="value")
        self.resolve_button.on_click(lambda _: self._resolve())
        self.refresh()

    @property
    def item(self) -> Disagreement | None:
        index = self.list.value
        return self.items[index] if index is not None and 0 <= index < len(self.items) else None

    def refresh(self) -> None:
        self.items = disagreements(self.project, include_resolved=self.show_resolved.value)
        pending = sum(not d.resolved for d in self.items)
        self.counts.value = f"<b>{pending}</b> disagreements to resolve"
        options = []
        for i, d in enumerate(self.items):
            code = self.project.codes.get(d.coding.code_id)
            label = (f"{'✓ ' if d.resolved else ''}[{d.kind}] {code.label if code else '?'} · {d.coding.reviewer} vs "
                     f"{d.other_reviewer} · “{d.coding.quote[:50]}”")
            options.append((label, i))
        current = self.list.value
        self.list.options = options
        self.list.value = current if current is not None and current < len(options) else (0 if options else None)
        codes = sorted(self.project.codes.values(), key=lambda c: c.label.casefold())
        self.consensus_code.options = [("", "")] + [(c.label, c.code_id) for c in codes]
        self._render_item()

    def _render_item(self) -> None:
        d = self.item
        if d is None:
            self.left.value = self.right.value = "<i>Nothing to resolve.</i>"
            self.keep.options = self.remove.options = ()
            return
        self.left.value = "<b>The coding</b>" + _coding_html(self.project, d.coding)
        if d.kind == "check":
            parts = [f"<b>{esc(d.other_reviewer)} (checker)</b>: {esc(d.reason) or '<i>no reason</i>'}"]
            if d.proposed_code:
                parts.append(f"proposes the code <b>{esc(self.project.codes[d.proposed_code].label)}</b>")
            if d.proposed_span:
                text = self.project.text(d.coding.source_id) or ""
                parts.append(f"proposes the span “{esc(text[d.proposed_span[0]:d.proposed_span[1]])}”")
            self.right.value = "<br>".join(parts)
        else:
            others = "".join(_coding_html(self.project, c, context=40) for c in d.other_codings)
            self.right.value = (f"<b>{esc(d.other_reviewer)}</b> gave no matching code here"
                                + (f"; their codings on this span:{others}" if others else ", and no code at all."))
        involved = (d.coding, *d.other_codings)
        options = [(f"{self.project.codes[c.code_id].label} by {c.reviewer}", c.coding_id) for c in involved]
        self.keep.options = options
        self.remove.options = options

    def _resolve(self) -> None:
        d = self.item
        try:
            if d is None:
                raise SynthesisError("choose a disagreement first")
            if not self.note.value.strip():  # checked before anything is written
                raise SynthesisError("say why (the note goes into the audit trail)")
            if self.method.value == "adjudication" and self.project.reviewer in (d.coding.reviewer, d.other_reviewer):
                raise SynthesisError("adjudication is by a third reviewer, not one of the two who disagree")
            added = ()
            if self.consensus_code.value:
                span = d.proposed_span or (d.coding.start, d.coding.end)
                added = tuple(self.project.apply_code(d.coding.source_id, *span, self.consensus_code.value))
            resolve(self.project, d, method=self.method.value, keep=tuple(self.keep.value),
                    remove=tuple(self.remove.value), add=added, note=self.note.value)
            self.note.value = ""
            self.consensus_code.value = ""
            self.status.value = "resolved"
        except SynthesisError as exc:
            self.status.value = status(str(exc), error=True)
        self.refresh()
