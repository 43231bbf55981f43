"""Suggested codes in the coding view: a "Suggestions" tab and dashed outlines in the text.

:class:`SuggestPanel` sits in a :class:`~synthesis.widgets.coding_view.CodingView`. Once the
reviewer turns suggestions on (the model trains in seconds, or is read from the project's
``.synthesis/suggest/`` folder), the uncoded sentences of the current source that have
suggestions are outlined with a dashed line in the text (never filled like a coding) and
listed in the tab, up to three codes each with the model's confidence. Keys in the text:
``s`` accepts the first suggestion of the current sentence (the one the selection is in, else
the first listed), ``x`` rejects it, ``S`` accepts the first suggestion of every sentence of
the source. The tab also says which codes need more coded sentences before they are suggested.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..coding.wording import plural
from .markup import esc

if TYPE_CHECKING:
    from ..suggest import Model, Suggestion
    from .coding_view import CodingView

KEYS = "s accept the first suggestion · x reject it · S accept for the whole source"


def _by_sentence(found: list["Suggestion"]) -> dict[tuple[int, int], list["Suggestion"]]:
    """Suggestions grouped by their sentence, in the order listed (best first within each)."""
    groups: dict[tuple[int, int], list["Suggestion"]] = {}
    for s in found:
        groups.setdefault((s.start, s.end), []).append(s)
    return groups


class SuggestPanel(w.VBox):
    """The suggestions of the current source, with accept and reject, for a coding view."""

    def __init__(self, view: "CodingView") -> None:
        self.view = view
        self.model: "Model | None" = None
        self.found: list["Suggestion"] = []
        self._key: object = None
        self._scroll = False
        self.turn_on = w.Button(description="Suggest codes", icon="magic", button_style="info",
                                layout=w.Layout(width="auto"),
                                tooltip="Learn from the codings so far (on this computer) and suggest codes "
                                        "for the uncoded sentences of this source")
        self.accept_all_button = w.Button(description="Accept all here", icon="check-double",
                                          layout=w.Layout(width="auto"),
                                          tooltip="Accept the first suggestion of every sentence of this source ( S )")
        self.info = w.HTML()
        self.rows = w.VBox()
        self.more = w.HTML()
        self.turn_on.on_click(lambda _: self.view._act(self.start))
        self.accept_all_button.on_click(lambda _: self.view._act(self.accept_all))
        super().__init__([w.HBox([self.turn_on, self.accept_all_button], layout=w.Layout(flex_flow="row wrap")),
                          self.info, self.rows, self.more])

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
        return accept(self.view.project, chosen)

    def reject(self, suggestion: "Suggestion | None" = None) -> str:
        from ..suggest import reject

        chosen = suggestion or self.current()
        if chosen is None:
            return "no suggestion here to reject"
        reject(self.view.project, chosen)
        self._key = None
        return f"rejected the suggestion '{chosen.label}'; it will not be made for that sentence again"

    def accept_all(self) -> str:
        from ..suggest import accept_all

        if not self.found:
            return "no suggestions on this source"
        done = accept_all(self.view.project, self.found)
        self._key = None
        return f"accepted {plural(len(done), 'suggestion')} on this source (Undo takes them all back)"

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
        key = (view.project.version, view.session.source_id, view.session.selection)
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
