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

import weakref
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..coding.emphasis import marks
from ..coding.session import display_colours, display_patterns
from ..errors import SynthesisError
from ..live import watch
from ..names import known_reviewer
from ..palette import safe_colour, text_colour
from ..records import Coding
from ..review import CheckSession, disagreements
from ..review.queue import Disagreement, double_coders, resolve, set_double_coders
from ..review.sides import Side, SideBySide, side_by_side
from ..review.undo import CHECK_ACTIONS, QUEUE_ACTIONS, in_force, plural, summarise, undo_event, undo_last
from ..wording import short_quote
from .layout import full_width
from .markup import code_chip, esc, status, tint
from .snapshot import RUN_AGAIN, card, mimebundle
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
    colour = safe_colour(display_colours(project).get(coding.code_id, ""))
    return (f"<div><b>{esc(code.label if code else coding.code_id)}</b> "
            f"<small>by {esc(coding.reviewer)} · {esc(project.cite(coding))}</small>"
            f"<div style='border-left:4px solid {colour};padding:4px 8px;margin:4px 0;white-space:pre-wrap'>"
            f"<span style='color:#666'>…{esc(before)}</span>"
            f"<mark style='background:#fff3b0'>{esc(coding.quote)}</mark>"
            f"<span style='color:#666'>{esc(after)}…</span></div>"
            f"<small>{esc(code.definition) if code and code.definition else ''}</small></div>")


#: Keep and Remove look different at a glance: heading, icon, colour (text contrast 7:1 and more, WCAG AA).
KEEP_STYLE = {"text": "#1B5E20", "background": "#E8F5E9", "border": "#2E7D32", "icon": "✔"}
REMOVE_STYLE = {"text": "#8E0000", "background": "#FDECEA", "border": "#C62828", "icon": "✖"}


def _siblings(project: "Project") -> "weakref.WeakSet[Any]":
    """The second-review views open on ``project`` in this kernel: an action in one re-renders the others."""
    return project.__dict__.setdefault("_review_views", weakref.WeakSet())


def _touched(project: "Project", acting: Any) -> None:
    for view in list(_siblings(project)):
        if view is not acting:
            view.refresh()


def _read_only(message: w.HTML, *buttons: w.Button) -> None:
    """Disable what would write, and say why: the project is open without a reviewer."""
    for button in buttons:
        button.disabled = True
    message.value = status("Open read-only: to act, open the project with your reviewer initials.")


def _side(title: str, hint: str, style: dict[str, str], choice: w.SelectMultiple) -> w.VBox:
    heading = w.HTML(f"<div style='color:{style['text']};background:{style['background']};padding:2px 8px;"
                     f"font-weight:bold'>{style['icon']} {esc(title)} <small style='font-weight:normal'>"
                     f"{esc(hint)}</small></div>")
    choice.layout = full_width()
    return w.VBox([heading, choice], layout=w.Layout(width="49%", border=f"2px solid {style['border']}"))


def side_html(project: "Project", view: SideBySide, side: Side) -> str:
    """One column of a disagreement: the reviewer, their codes as chips in display colours, and
    the text around both sides' spans with this side's spans marked in their code's colour and
    the other side's outlined (dashed), so the difference shows at a glance."""
    colours, patterns = display_colours(project), display_patterns(project)

    def label(code_id: str) -> str:
        code = project.codes.get(code_id)
        return code.label if code else code_id

    chips = " ".join(code_chip(label(m.code_id) + ("" if m.coding_id else " (proposed)"),
                               colours.get(m.code_id, ""), patterns.get(m.code_id, ""))
                     for m in side.marks) or "<i>no code here</i>"
    body = []
    for piece in view.pieces(side):
        text = esc(piece.text)
        if piece.own:  # in the colour of its first code, underlined in each code's colour
            for i, code_id in enumerate(piece.own):
                colour = safe_colour(colours.get(code_id, ""))
                text = (f"<span style='border-bottom:3px solid {colour};padding-bottom:{2 * i}px"
                        + (f";background:{tint(colour, 0.25)}" if i == len(piece.own) - 1 else "")
                        + f"'>{text}</span>")
        if piece.other:
            text = f"<span style='outline:1px dashed #595959;outline-offset:1px'>{text}</span>"
        body.append(text)
    head = "…" if view.start > 0 else ""
    tail = "…" if view.end < len(project.text(view.source_id) or "") else ""
    note = f"<div><small>{esc(side.note)}</small></div>" if side.note else ""
    other = view.right if side is view.left else view.left
    key = (f"<small>underlined: {esc(side.reviewer)}'s span; dashed outline: {esc(other.reviewer)}'s</small>"
           if other.marks else "")
    return (f"<div><b>{esc(side.reviewer)}</b> <small>{esc(side.role)}</small><div>{chips}</div>"
            f"{note}<div style='white-space:pre-wrap;line-height:2.1;border:1px solid #ccc;padding:4px 8px;"
            f"margin:4px 0'>{head}{''.join(body)}{tail}</div>{key}</div>")


class CheckView(w.VBox):
    """Step through another reviewer's codings: agree, disagree with a reason, or propose."""

    def __init__(self, project: "Project", of: str | None = None) -> None:
        self.project = project
        others = [r for r in project.reviewers if r != project.reviewer]
        if not others:
            raise SynthesisError("there is nobody else's coding to check yet")
        of = known_reviewer(of, others) if of else None  # names ignore case
        self.of = w.Dropdown(options=others, value=of or others[0], description="Check")
        self.session = CheckSession(project, of=self.of.value)
        self.progress = w.IntProgress(min=0, max=1, description="Checked")
        self.summary = w.Label()
        self.coding = w.HTML()
        self.verdict = w.HTML()
        self.reason = w.Textarea(placeholder="Why? (needed to disagree; kept in the audit trail)", rows=2,
                                 layout=full_width())
        self.code = w.Dropdown(description="Code", layout=w.Layout(width="60%"))
        self.text = TextSpanWidget(layout=full_width())
        self.agree_button = _button("Agree", "The code fits this span", "check", "success")
        self.disagree_button = _button("Disagree", "The code does not fit (say why)", "times", "danger")
        self.propose_button = _button("Propose", "Propose the code chosen below and/or the span selected in the text",
                                      "lightbulb-o", "warning")
        self.prev_button = _button("Previous", "Previous coding", "arrow-left")
        self.next_button = _button("Next", "Next coding", "arrow-right")
        self.unchecked_button = _button("Next unchecked", "Next coding without your verdict", "forward")
        self.undo_button = _button("Undo", "Undo your last verdict (nothing else)", "undo")
        self.status = w.HTML()
        super().__init__([
            w.HBox([self.of, self.progress, self.summary], layout=w.Layout(flex_flow="row wrap")),
            self.coding, self.verdict,
            w.HBox([self.agree_button, self.disagree_button, self.propose_button]),
            self.reason,
            w.HTML("<small>To propose another code or span: choose the code and/or select the span in the "
                   "source below, then press Propose.</small>"),
            self.code, self.text,
            w.HBox([self.prev_button, self.next_button, self.unchecked_button, self.undo_button],
                   layout=w.Layout(flex_flow="row wrap")),
            self.status,  # on a line of its own: a long message never squeezes the buttons
        ])
        self.add_class("qs-check-view")
        self.of.observe(self._on_of, names="value")
        self.agree_button.on_click(lambda _: self._act(self._mark, "agree"))
        self.disagree_button.on_click(lambda _: self._act(self._mark, "disagree"))
        self.propose_button.on_click(lambda _: self._act(self._mark, "propose"))
        self.prev_button.on_click(lambda _: self._act(self.session.go, -1))
        self.next_button.on_click(lambda _: self._act(self.session.go, 1))
        self.unchecked_button.on_click(lambda _: self._act(self.session.next_unchecked))
        self.undo_button.on_click(lambda _: self._act(self._undo))
        if project.reviewer is None:
            _read_only(self.status, self.agree_button, self.disagree_button, self.propose_button, self.undo_button)
        self.refresh()
        watch(project).subscribe(self._on_live)
        _siblings(project).add(self)

    def _undo(self) -> str:
        """Undo the last verdict, and go back to the coding it was about."""
        done = in_force(self.project, CHECK_ACTIONS)  # one look at the events: the verdict, then undo it
        if not done:
            return undo_last(self.project, CHECK_ACTIONS)  # (says there is nothing to undo)
        said = undo_event(self.project, done[-1])
        self.session.show(str(done[-1].data.get("coding_id", "")))
        return said

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        s = self.session.summary()
        lines = [f"{self.project.reviewer or 'Read-only'}: checking {self.of.value}'s codings",
                 f"{s['checked']} of {plural(s['codings'], 'coding')} checked: {s['agree']} agree, "
                 f"{s['disagree']} disagree, {s['propose']} propose"]
        return mimebundle(self, "Check view: " + "; ".join(lines) + ". " + RUN_AGAIN, card("Check view", lines),
                          **kwargs)

    def _on_live(self, change: Any) -> None:
        """Colleagues' events arrived (see :mod:`synthesis.live`): say who changed what, re-render."""
        self.status.value = status(change.summary, error=bool(change.error))
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
            said = func(*args)
            self.status.value = status(said) if isinstance(said, str) else ""
        except SynthesisError as exc:
            self.status.value = status(str(exc), error=True)
        self.refresh()
        _touched(self.project, self)

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
            colour = safe_colour(display_colours(self.project).get(coding.code_id, ""))
            self.text.legend = {coding.coding_id: {"label": self.project.codes[coding.code_id].label,
                                                   "colour": colour, "ink": text_colour(colour),
                                                   "pattern": display_patterns(self.project).get(coding.code_id, ""),
                                                   "reviewer": coding.reviewer}}
            self.text.runs = [[a, b, [coding.coding_id] if coding.start <= a < coding.end else []]
                              for a, b in zip(cuts, cuts[1:])]
            self.text.selection = []
            self.text.marks = [list(mark) for mark in marks(text)]  # Markdown bold, as the coding view draws it


class QueueView(w.VBox):
    """Every disagreement with both sides side by side; resolve by discussion or adjudication."""

    def __init__(self, project: "Project") -> None:
        self.project = project
        self.items: list[Disagreement] = []
        self.show_resolved = w.Checkbox(description="Show resolved", value=False)
        self.list = w.Select(rows=8, layout=full_width())
        self.left = w.HTML(layout=w.Layout(width="50%"))
        self.right = w.HTML(layout=w.Layout(width="50%"))
        for side in (self.left, self.right):  # the two columns of a disagreement
            side.add_class("qs-side")
        self.method = w.ToggleButtons(options=[("By discussion", "discussion"), ("Adjudication", "adjudication")],
                                      value="discussion",
                                      tooltips=["A consensus the team reached", "A third reviewer decides"])
        self.keep = w.SelectMultiple(rows=4)
        self.remove = w.SelectMultiple(rows=4)
        self.preview = w.HTML()
        self.consensus_code = w.Dropdown(description="Consensus", layout=w.Layout(width="60%"),
                                         tooltip="Optionally apply this code to the span as the agreed coding")
        self.note = w.Textarea(placeholder="Why (kept in the audit trail)", rows=2, layout=full_width())
        self.resolve_button = _button("Resolve", "Record this resolution", "gavel", "primary")
        self.coders = w.SelectMultiple(description="Double coders", rows=3, style={"description_width": "initial"},
                                       tooltip="The reviewers asked to code the same sources independently")
        self.coders_button = _button("Set double coders", "Only these reviewers' codings are compared", "users")
        self.undo_button = _button("Undo resolution", "Undo your last resolution (and the agreed coding it added)",
                                   "undo")
        self.status = w.HTML()
        self.counts = w.HTML()
        super().__init__([
            w.HBox([self.counts, self.show_resolved]), w.HBox([self.coders, self.coders_button]), self.list,
            w.HBox([self.left, self.right]),
            self.method,
            w.HBox([_side("Keep", "these codings stand", KEEP_STYLE, self.keep),
                    _side("Remove", "these codings are taken out", REMOVE_STYLE, self.remove)],
                   layout=w.Layout(justify_content="space-between")),
            self.consensus_code, self.note, self.preview,
            w.HBox([self.resolve_button, self.undo_button], layout=w.Layout(flex_flow="row wrap")),
            self.status,
        ])
        self.add_class("qs-queue-view")
        self.show_resolved.observe(lambda _: self.refresh(), names="value")
        self.list.observe(lambda _: self._render_item(), names="value")
        for choice in (self.keep, self.remove, self.consensus_code):
            choice.observe(lambda _: self._render_preview(), names="value")
        self.resolve_button.on_click(lambda _: self._resolve())
        self.undo_button.on_click(lambda _: self._undo())
        self.coders_button.on_click(lambda _: self._set_coders())
        if project.reviewer is None:
            _read_only(self.status, self.resolve_button, self.undo_button, self.coders_button)
        self.refresh()
        watch(project).subscribe(self._on_live)
        _siblings(project).add(self)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        pending = [d for d in self.items if not d.resolved]
        double = sum(d.kind == "double" for d in pending)
        coders = double_coders(self.project)
        lines = [f"{plural(len(pending), 'disagreement')} to resolve ({double} from double coding, "
                 f"{len(pending) - double} from checking)",
                 f"Double coders: {', '.join(coders) if coders else 'everyone who codes'}"]
        return mimebundle(self, "Disagreement queue: " + "; ".join(lines) + ". " + RUN_AGAIN,
                          card("Disagreement queue", lines), **kwargs)

    def _on_live(self, change: Any) -> None:
        """Colleagues' events arrived (see :mod:`synthesis.live`): say who changed what, re-render."""
        self.status.value = status(change.summary, error=bool(change.error))
        self.refresh()

    @property
    def item(self) -> Disagreement | None:
        index = self.list.value
        return self.items[index] if index is not None and 0 <= index < len(self.items) else None

    def refresh(self) -> None:
        self.items = disagreements(self.project, include_resolved=self.show_resolved.value)
        coders = double_coders(self.project)
        self.coders.options = self.project.reviewers
        self.coders.value = tuple(c for c in (coders or sorted({c.reviewer for c in self.project.codings.values()}))
                                  if c in self.project.reviewers)
        pending = sum(not d.resolved for d in self.items)
        self.counts.value = f"<b>{pending}</b> {'disagreement' if pending == 1 else 'disagreements'} to resolve"
        options = []
        for i, d in enumerate(self.items):
            code = self.project.codes.get(d.coding.code_id)
            how = (f"{d.other_reviewer} coded it otherwise" if d.kind == "double"
                   else f"{d.other_reviewer} did not agree on checking")
            label = (f"{'✓ resolved · ' if d.resolved else ''}{code.label if code else '?'} by {d.coding.reviewer}; "
                     f"{how} · {short_quote(d.coding.quote, 50)}")
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
            self._render_preview()
            return
        both = side_by_side(self.project, d)
        self.left.value = (side_html(self.project, both, both.left)
                           + f"<small>{esc(self.project.cite(d.coding))}</small>")
        if d.kind == "check":
            parts = [] if d.reason else ["<small><i>no reason given</i></small>"]
            if d.proposed_code:
                parts.append(f"proposes the code <b>{esc(self.project.codes[d.proposed_code].label)}</b>")
            if d.proposed_span:
                parts.append("proposes the span marked above")
            self.right.value = side_html(self.project, both, both.right) + "<br>".join(parts)
        else:
            self.right.value = (side_html(self.project, both, both.right)
                                + f"<b>{esc(d.other_reviewer)}</b> gave no matching code here"
                                + ("." if d.other_codings else ", and no code at all."))
        involved = (d.coding, *d.other_codings)
        options = [(f"{self.project.codes[c.code_id].label} by {c.reviewer}", c.coding_id) for c in involved]
        self.keep.options = options
        self.remove.options = options
        self._render_preview()

    def _render_preview(self) -> None:
        """What resolving will keep, remove and add, shown before it happens."""
        d = self.item
        if d is None:
            self.preview.value = ""
            return
        label = dict(self.keep.options)
        names = {cid: name for name, cid in label.items()}
        lines = []
        for title, style, chosen in (("Keep", KEEP_STYLE, self.keep.value),
                                     ("Remove", REMOVE_STYLE, self.remove.value)):
            if chosen:
                lines.append(f"<span style='color:{style['text']}'>{style['icon']} {title}: "
                             f"{esc('; '.join(names[c] for c in chosen if c in names))}</span>")
        if self.consensus_code.value:
            code = self.project.codes.get(self.consensus_code.value)
            lines.append(f"+ Add the agreed coding <b>{esc(code.label if code else '')}</b> on this span")
        both = set(self.keep.value) & set(self.remove.value)
        if both:
            lines.append(status("a coding cannot be both kept and removed", error=True))
        self.preview.value = ("<div><b>Resolving will</b><br>" + "<br>".join(lines) + "</div>") if lines else (
            "<small>Choose what to keep, remove or add; what resolving will do shows here.</small>")

    def _set_coders(self) -> None:
        try:
            chosen = set_double_coders(self.project, self.coders.value)
            self.status.value = status(f"Comparing the codings of {', '.join(chosen)}")
        except SynthesisError as exc:
            self.status.value = status(str(exc), error=True)
        self.refresh()
        _touched(self.project, self)

    def _undo(self) -> None:
        try:
            self.status.value = status(undo_last(self.project, QUEUE_ACTIONS))
        except SynthesisError as exc:
            self.status.value = status(str(exc), error=True)
        self.refresh()
        _touched(self.project, self)

    def _resolve(self) -> None:
        d = self.item
        try:
            if d is None:
                raise SynthesisError("choose a disagreement first")
            if not self.note.value.strip():  # checked before anything is written
                raise SynthesisError("say why (the note goes into the audit trail)")
            if self.method.value == "adjudication" and self.project.reviewer in (d.coding.reviewer, d.other_reviewer):
                raise SynthesisError("adjudication is by a third reviewer, not one of the two who disagree")
            if set(self.keep.value) & set(self.remove.value):
                raise SynthesisError("a coding cannot be both kept and removed")
            if not (self.keep.value or self.remove.value or self.consensus_code.value):
                raise SynthesisError("say which codings to keep or remove, or choose an agreed code to add")
            added = ()
            if self.consensus_code.value:
                span = d.proposed_span or (d.coding.start, d.coding.end)
                added = tuple(self.project.apply_code(d.coding.source_id, *span, self.consensus_code.value))
            r = resolve(self.project, d, method=self.method.value, keep=tuple(self.keep.value),
                        remove=tuple(self.remove.value), add=added, note=self.note.value)
            self.note.value = ""
            self.consensus_code.value = ""
            left = sum(not x.resolved for x in disagreements(self.project))
            done = summarise(len(r.keep), len(r.remove), len(r.add))
            self.status.value = status(f"{done[:1].upper()}{done[1:]}; {plural(left, 'disagreement')} left")
        except SynthesisError as exc:
            self.status.value = status(str(exc), error=True)
        self.refresh()
        _touched(self.project, self)
