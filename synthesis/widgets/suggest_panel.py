"""Suggested codes in the coding view: a "Suggestions" tab and dashed outlines in the text.

:class:`SuggestPanel` sits in a :class:`~synthesis.widgets.coding_view.CodingView`. Once the
reviewer turns suggestions on (the model trains in seconds, or is read from the project's
``.synthesis/suggest/`` folder), the uncoded sentences of the current source that have
suggestions are outlined with a dashed line in the text (never filled like a coding) and
listed in the tab, up to three codes each with the model's confidence. Keys in the text:
``s`` accepts the first suggestion of the current sentence (the one the selection is in, else
the first listed), ``x`` rejects it, ``S`` accepts the first suggestion of every sentence of
the source. The tab also says which codes need more coded sentences before they are suggested.

Accepting or rejecting a suggestion moves the model towards that decision at once
(:func:`synthesis.suggest.learn`), so the next suggestions reflect it; undoing the decision
takes the model back too, and redoing it moves the model forward again. *Find similar* lists
sentences like the clicked coding (not yet coded with its code, each with a button to apply it)
or like the selected text; *Check codings* lists codings unlike the rest of their code and
sentences very like a code nobody applied there (:func:`synthesis.suggest.check`). Each listed passage opens in the text with *Show*.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..coding.wording import plural
from ..errors import ActionError
from .markup import esc

if TYPE_CHECKING:
    from ..suggest import Model, Suggestion
    from .coding_view import CodingView

KEYS = "s accept the first suggestion · x reject it · S accept for the whole source"
#: How many passages Find similar and Check codings list.
LISTED = 10


def _by_sentence(found: list["Suggestion"]) -> dict[tuple[int, int], list["Suggestion"]]:
    """Suggestions grouped by their sentence, in the order listed (best first within each)."""
    groups: dict[tuple[int, int], list["Suggestion"]] = {}
    for s in found:
        groups.setdefault((s.start, s.end), []).append(s)
    return groups


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n] + "…"


class SuggestPanel(w.VBox):
    """The suggestions of the current source, with accept and reject, for a coding view."""

    def __init__(self, view: "CodingView") -> None:
        self.view = view
        self.model: "Model | None" = None
        self.found: list["Suggestion"] = []
        self._key: object = None
        self._scroll = False
        # (still in force?, the model before that decision, the model after it): undoing a decision
        # takes the model back, and redoing it takes the model forward again
        self._learned: list[tuple[Callable[[], bool], "Model", "Model"]] = []
        self._unlearned: list[tuple[Callable[[], bool], "Model", "Model"]] = []
        self.turn_on = w.Button(description="Suggest codes", icon="magic", button_style="info",
                                layout=w.Layout(width="auto"),
                                tooltip="Learn from the codings so far (on this computer) and suggest codes "
                                        "for the uncoded sentences of this source")
        self.accept_all_button = w.Button(description="Accept all here", icon="check-double",
                                          layout=w.Layout(width="auto"),
                                          tooltip="Accept the first suggestion of every sentence of this source ( S )")
        self.similar_button = w.Button(description="Find similar", icon="search", layout=w.Layout(width="auto"),
                                       tooltip="Sentences like the coding you clicked, or like the selected text")
        self.check_button = w.Button(description="Check codings", icon="balance-scale",
                                     layout=w.Layout(width="auto"),
                                     tooltip="Codings unlike the rest of their code, and sentences very like a "
                                             "code nobody applied there")
        self.info = w.HTML()
        self.rows = w.VBox()
        self.more = w.HTML()
        self.found_title = w.HTML()
        self.found_rows = w.VBox()
        self.found_rows.add_class("qs-suggest-found-rows")
        self.turn_on.on_click(lambda _: self.view._act(self.start))
        self.accept_all_button.on_click(lambda _: self.view._act(self.accept_all))
        self.similar_button.on_click(lambda _: self.view._act(self.find_similar))
        self.check_button.on_click(lambda _: self.view._act(self.check))
        super().__init__([w.HBox([self.turn_on, self.accept_all_button, self.similar_button, self.check_button],
                                 layout=w.Layout(flex_flow="row wrap")),
                          self.info, self.rows, self.more, self.found_title, self.found_rows])

    def attach(self) -> None:
        """Add the panel to its view as the last tab."""
        tabs = self.view.tabs
        tabs.children = (*tabs.children, self)
        tabs.set_title(len(tabs.children) - 1, "Suggestions")

    # ----------------------------------------------------------------- actions
    def start(self) -> str:
        """Train (or read) the model and show suggestions."""
        from ..suggest import train

        self.model = train(self.view.project)
        self._learned, self._unlearned = [], []
        self._key = None
        self._scroll = True  # show the first suggested sentence once they are found
        n = len(self.model.suggestable)
        return f"suggestions on: the model knows {plural(n, 'code')} well enough to suggest"

    def current(self) -> "Suggestion | None":
        """The first suggestion of the sentence the selection is in, else the first listed."""
        if not self.found:
            return None
        at = self.view.session.selection
        if at:
            for s in self.found:
                if s.start <= at[0] < s.end:
                    return s
        return self.found[0]

    def accept(self, suggestion: "Suggestion | None" = None) -> Any:
        from ..suggest import accept

        chosen = suggestion or self.current()
        if chosen is None:
            return "no suggestion here to accept"
        self._key = None
        made = accept(self.view.project, chosen)
        self._learn([chosen], 1.0, lambda: all(c.coding_id in self.view.project.codings for c in made))
        return made

    def reject(self, suggestion: "Suggestion | None" = None) -> str:
        from ..suggest import reject, rejections

        chosen = suggestion or self.current()
        if chosen is None:
            return "no suggestion here to reject"
        reject(self.view.project, chosen)
        self._key = None
        key = (chosen.source_id, chosen.start, chosen.end, chosen.code_id)
        self._learn([chosen], 0.0, lambda: key in rejections(self.view.project))
        return f"rejected the suggestion '{chosen.label}'; it will not be made for that sentence again"

    def accept_all(self) -> str:
        from ..suggest import accept_all

        if not self.found:
            return "no suggestions on this source"
        firsts = [s for s in self.found if s.rank == 1]
        done = accept_all(self.view.project, self.found)
        self._key = None
        self._learn(firsts, 1.0, lambda: all(c.coding_id in self.view.project.codings for c in done))
        return f"accepted {plural(len(done), 'suggestion')} on this source (Undo takes them all back)"

    def _learn(self, chosen: list["Suggestion"], value: float, in_force: Callable[[], bool]) -> None:
        """Move the model towards a decision now, remembering the model before it for Undo."""
        from ..suggest import learn

        if self.model is None or not chosen:
            return
        before = self.model
        self.model = learn(self.view.project, before, chosen, value)
        self._learned.append((in_force, before, self.model))
        self._unlearned = []  # a new decision: what was undone can no longer be redone

    def _forget_undone(self) -> None:
        """Take the model back past decisions that were undone (the latest first, as Undo goes),
        and forward again past those that were redone (the earliest first, as Redo goes)."""
        while self._learned and not self._learned[-1][0]():
            entry = self._learned.pop()
            self.model = entry[1]
            self._unlearned.append(entry)
        while self._unlearned and self._unlearned[-1][0]():
            entry = self._unlearned.pop()
            self.model = entry[2]
            self._learned.append(entry)

    def find_similar(self) -> str:
        """List sentences like the clicked coding (not coded with its code), else like the selected text."""
        from ..suggest import similar

        view = self.view
        project = view.project
        coding = project.codings.get(view.chosen_coding or "")
        if coding is not None:
            label = project.codes[coding.code_id].label
            found = similar(project, coding=coding, top=LISTED)
            self._list(f"Sentences like the coding “{_short(coding.anchor.quote, 60)}”, not coded with "
                       f"‘{label}’", found, apply=coding.code_id)
            return f"{plural(len(found), 'sentence')} like the coding you chose"
        selection = view.session.selection
        if not selection or not view.session.text[selection[0]:selection[1]].strip():
            raise ActionError("click a coding or select some text first, then Find similar")
        quote = view.session.text[selection[0]:selection[1]]
        found = similar(project, text=quote, top=LISTED + 1)
        here = (found["source_id"] == view.session.source_id) & (found["start"] < selection[1]) & \
            (found["end"] > selection[0])
        found = found[~here].head(LISTED)
        self._list(f"Sentences like “{_short(quote.strip(), 60)}”", found)
        return f"{plural(len(found), 'sentence')} like the selected text"

    def check(self) -> str:
        """List codings unlike the rest of their code, and sentences very like a code."""
        from ..suggest import check

        if self.model is None:
            self.start()
        assert self.model is not None
        found = check(self.view.project, self.model, top=LISTED)
        self._list("Codings unlike the rest of their code, and sentences very like a code nobody applied "
                   "there: worth a second look", found)
        unlike = int((found["finding"] == "unlike its code").sum()) if len(found) else 0
        return (f"{plural(unlike, 'coding')} unlike the rest of their code, "
                f"{plural(len(found) - unlike, 'sentence')} very like a code")

    def _list(self, title: str, found: Any, *, apply: str | None = None) -> None:
        """Show a table of passages (``similar`` or ``check``), each with Show (and Apply)."""
        view = self.view
        self.found_title.value = f"<div class='qs-suggest-found'><b>{esc(title)}</b></div>"
        rows: list[w.Widget] = []
        for r in found.itertuples():
            what = f"{esc(r.finding)}: <b>{esc(r.code)}</b> · " if "finding" in found.columns else ""
            show = w.Button(description="Show", icon="eye", layout=w.Layout(width="auto", flex="0 0 auto"),
                            tooltip="Open this passage in the text")
            span = (str(r.source_id), int(r.start), int(r.end))
            show.on_click(lambda _, span=span: view.show_span(*span))
            buttons = [show]
            if apply is not None:
                label = view.project.codes[apply].label
                code = w.Button(description="Apply", icon="tag", layout=w.Layout(width="auto", flex="0 0 auto"),
                                tooltip=f"Code this sentence with '{label}'")
                code.on_click(lambda _, span=span: view._act(view.project.apply_code, *span, apply))
                buttons.append(code)
            text = w.HTML(f"{what}“{esc(_short(r.text.strip(), 160))}” <small>{esc(r.cite)} · "
                          f"{r.score:.2f}</small>", layout=w.Layout(flex="1 1 auto"))
            rows.append(w.HBox([*buttons, text], layout=w.Layout(align_items="center", margin="2px 0")))
        if not rows:
            rows.append(w.HTML("<i>Nothing found.</i>"))
        self.found_rows.children = rows

    def on_key(self, key: str) -> bool:
        """Handle a suggestion key; True if it was one."""
        if self.model is None or key not in ("s", "x", "S"):
            return False
        action = {"s": self.accept, "x": self.reject, "S": self.accept_all}[key]
        self.view._act(action)
        return True

    # ------------------------------------------------------------------ render
    def hints(self) -> list[list[Any]]:
        """``[start, end, words, current]`` for each suggested sentence, for the text widget."""
        first = self.current()
        here = (first.start, first.end) if first is not None else None
        return [[a, b, "Suggested: " + ", ".join(f"{s.label} ({s.confidence:.0%})" for s in group)
                 + ". Press s to accept the first, x to reject it.", (a, b) == here]
                for (a, b), group in _by_sentence(self.found).items()]

    def render(self) -> None:
        """Bring the list (and the text's outlines) up to date with the project and the place."""
        view = self.view
        if self.model is None:
            self.found = []
            self.accept_all_button.disabled = True
            self.info.value = ("<i>Suggestions are off. They are learned from this team's own codings, on this "
                               "computer; nothing is sent anywhere.</i>")
            self.rows.children = []
            self.more.value = ""
            return
        self._forget_undone()
        key = (view.project.version, view.session.source_id, view.session.selection, self.model.model_id)
        if key == self._key:
            return
        from ..suggest import needs_more, suggestions

        source = view.session.source_id
        self.found = suggestions(view.project, source, self.model) if source else []
        self._key = key
        self.accept_all_button.disabled = not self.found
        text = view.session.text
        first = self.current()
        sentences = len({(s.start, s.end) for s in self.found})
        self.info.value = (f"{plural(sentences, 'uncoded sentence')} with suggestions on this source "
                           f"(dashed outline in the text). Keys: {KEYS}." if self.found else
                           "No suggestions for the uncoded sentences of this source.")
        rows: list[w.Widget] = []
        for (start, end), group in _by_sentence(self.found).items():
            quote = text[start:end].strip()
            short = quote if len(quote) <= 120 else quote[:120] + "…"
            here = first is not None and (first.start, first.end) == (start, end)
            rows.append(w.HTML(f"<div class='qs-suggest-quote'>{'▶ ' if here else ''}“{esc(short)}”</div>",
                               layout=w.Layout(margin="6px 0 0 0")))
            for s in group:
                yes = w.Button(description="Accept", icon="check", layout=w.Layout(width="auto", flex="0 0 auto"),
                               tooltip=f"Code this sentence with '{s.label}'")
                no = w.Button(description="Reject", icon="times", layout=w.Layout(width="auto", flex="0 0 auto"),
                              tooltip=f"Do not suggest '{s.label}' for this sentence again")
                yes.on_click(lambda _, s=s: view._act(self.accept, s))
                no.on_click(lambda _, s=s: view._act(self.reject, s))
                label = w.HTML(f"<b>{esc(s.label)}</b> {s.confidence:.0%}", layout=w.Layout(flex="1 1 auto"))
                rows.append(w.HBox([yes, no, label], layout=w.Layout(align_items="center", margin="0 0 0 12px")))
        self.rows.children = rows
        if self._scroll and first is not None:
            self._scroll = False
            view.text.scroll_to(first.start, first.end)
        more = needs_more(view.project)
        codes = view.project.codes
        if more:
            listed = ", ".join(f"{esc(codes[c].label)} ({n} more)" for c, n in
                               sorted(more.items(), key=lambda x: (x[1], codes[x[0]].label.casefold()))[:12])
            self.more.value = (f"<small>{plural(len(more), 'code')} need more coded sentences before they are "
                               f"suggested: {listed}{'…' if len(more) > 12 else ''}.</small>")
        else:
            self.more.value = ""
