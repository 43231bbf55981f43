"""``SearchView``: search the corpus, read the hits in context, code them, open one in the coding view.

A thin view over :mod:`synthesis.query`: the search, the coding of hits and the
undo are the core's; this only collects the choices and shows the results. Every
piece of data shown as HTML goes through :func:`~synthesis.widgets.markup.esc`.

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust grew. We trusted them.", title="Note", source_id="note")
>>> _ = p.create_code("Trust")
>>> view = SearchView(p)
>>> view.query.value, view.mode.value = "trust*", "wildcard"
>>> view.search_button.click()
>>> len(view.hits), view.results.options[0][1]
(2, 0)
>>> view.select_all.click(); view.code.label = "Trust"; view.spread.value = "sentence"
>>> view.code_button.click()
>>> sorted(c.quote for c in p.codings.values())
['Trust grew.', 'We trusted them.']
>>> view.undo_button.click(); len(p.codings)
0
>>> p.close()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..coding.wording import plural
from ..errors import SynthesisError
from ..query.hits import code_hits
from ..query.search import search
from .layout import full_width
from .markup import esc, status
from .snapshot import RUN_AGAIN, card, mimebundle

if TYPE_CHECKING:
    import pandas as pd

    from ..project import Project
    from .coding_view import CodingView

MODE_LABELS = [("Words", "words"), ("Phrase", "phrase"), ("Word family (lemma)", "lemma"),
               ("Wildcard (* ?)", "wildcard"), ("Regular expression", "regex")]
SPREAD_LABELS = [("The match", "match"), ("Its sentence", "sentence"), ("Its paragraph", "paragraph")]
SHOWN = 500  # hits listed at most (all are kept, and "Select all" takes all)
WIDTH = 32   # characters of context shown on each side in the list
#: What a view opened without a reviewer says it can do.
READ_ONLY = ("Open read-only: the chosen hit is shown below in its context. To open hits in the coding view and "
             "code them, open the project with your reviewer initials.")


def _button(description: str, tooltip: str, icon: str = "", style: str = "") -> w.Button:
    return w.Button(description=description, tooltip=tooltip, icon=icon, button_style=style,
                    layout=w.Layout(width="auto"))


class SearchView(w.VBox):
    """Search, list the hits in keyword-in-context form, code them, and open one where it is."""

    def __init__(self, project: "Project", coding_view: "CodingView | None" = None) -> None:
        self.project = project
        self.coding_view = coding_view
        self.hits: "pd.DataFrame | None" = None
        self._all = False
        self._rendering = False

        self.query = w.Text(placeholder="A word, a phrase, trust* or a pattern", description="Search",
                            layout=w.Layout(width="360px"))
        self.mode = w.Dropdown(options=MODE_LABELS, value="words", description="Match",
                               layout=w.Layout(width="260px"))
        self.search_button = _button("Search", "Search the sources in scope", "search", "primary")
        self.studies = w.SelectMultiple(description="Studies", rows=4, layout=w.Layout(width="360px"),
                                        tooltip="Only these studies (none chosen: every study)")
        self.within = w.Dropdown(description="Coded with", layout=w.Layout(width="360px"),
                                 tooltip="Only text coded with this code")
        self.summary = w.HTML()
        self.results = w.SelectMultiple(rows=14, layout=full_width(),
                                        tooltip="Click a hit to open it; Ctrl/Shift-click to choose several")
        self.results.add_class("qs-search-results")
        self.preview = w.HTML()
        self.select_all = _button("Select all", "Choose every hit (also those not listed)", "check-square")
        self.clear = _button("Clear", "Choose no hit", "square")
        self.code = w.Dropdown(description="Code", layout=w.Layout(width="320px"))
        self.spread = w.ToggleButtons(options=SPREAD_LABELS, value="match",
                                      tooltips=["Code the words found", "Code the sentence around each hit",
                                                "Code the paragraph around each hit"])
        self.spread.style.button_width = "auto"
        self.code_button = _button("Code chosen hits", "Apply the code to each chosen hit (Undo takes all back)",
                                   "check", "success")
        self.undo_button = _button("Undo", "Undo your last action", "undo")
        self.open_button = _button("Open in coding view", "Open the chosen hit where it is, selected", "external-link")
        self.status = w.HTML()
        self.viewer = w.Box(layout=full_width())
        coding = [w.HBox([self.code, self.spread], layout=w.Layout(flex_flow="row wrap")),
                  w.HBox([self.code_button, self.undo_button])]
        super().__init__([
            w.HTML("<style>.qs-search-results select { font-family: monospace; font-size: 12px; }</style>",
                   layout=w.Layout(display="none")),
            w.HBox([self.query, self.mode, self.search_button], layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.studies, self.within], layout=w.Layout(flex_flow="row wrap")),
            self.summary, self.results,
            w.HBox([self.select_all, self.clear, *([self.open_button] if project.reviewer else [])]),
            self.preview,
            *(coding if project.reviewer else []),
            self.status, self.viewer,
        ])
        if not project.reviewer:  # reading only: each hit is read in its context here
            self.status.value = status(READ_ONLY)
        self.add_class("qs-search-view")
        self.search_button.on_click(lambda _: self._act(self.run))
        self.select_all.on_click(lambda _: self._choose_all(True))
        self.clear.on_click(lambda _: self._choose_all(False))
        self.results.observe(self._on_choose, names="value")
        self.code_button.on_click(lambda _: self._act(self.code_chosen))
        self.undo_button.on_click(lambda _: self._act(self._undo))
        self.open_button.on_click(lambda _: self._act(self._open_chosen))
        self.refresh()

    # ------------------------------------------------------------------ snapshot
    def snapshot_lines(self) -> list[str]:
        """The view in a few lines of text: what was searched, what was found, who may code it."""
        p = self.project
        lines = [f"{plural(len(p.sources), 'source')} from {plural(len(p.studies), 'study', 'studies')} to search"]
        if self.hits is not None:
            found = self.hits.attrs.get("query", {}).get("query", self.query.value)
            lines.append(f"{plural(len(self.hits), 'hit')} for “{found}” in "
                         f"{plural(self.hits['source_id'].nunique(), 'source')}")
        lines.append(f"{p.reviewer} codes the hits" if p.reviewer else READ_ONLY)
        return lines

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        lines = self.snapshot_lines()
        text = "; ".join(line.rstrip(".") for line in lines)
        return mimebundle(self, f"Search view: {text}. {RUN_AGAIN}", card("Search view", lines), **kwargs)

    # ------------------------------------------------------------------ actions
    def _act(self, func: Any) -> None:
        try:
            message = func()
        except SynthesisError as exc:
            self.status.value = status(str(exc), error=True)
            return
        self.status.value = status(message or "")

    def run(self) -> str:
        """Search with the choices made; list the hits."""
        self.refresh()  # codes made meanwhile (in the coding view) can be chosen
        studies = list(self.studies.value) or None
        within = self.within.value or None
        self.hits = search(self.project, self.query.value, mode=self.mode.value, studies=studies,
                           within_code=within, context=WIDTH)
        self._all = False
        self._render_results()
        return ""

    def chosen(self) -> list[int]:
        """Row numbers (in :attr:`hits`) of the chosen hits."""
        if self.hits is None:
            return []
        if self._all:
            return list(range(len(self.hits)))
        return sorted(self.results.value)

    def code_chosen(self) -> str:
        """Apply the chosen code to the chosen hits, spread as chosen; one step for Undo."""
        rows = self.chosen()
        if self.hits is None or not rows:
            return "choose the hits to code first (click them, or Select all)"
        if not self.code.value:
            return "choose a code first"
        made = code_hits(self.project, self.hits.iloc[rows], self.code.value, spread=self.spread.value)
        self._refresh_coding_view()
        label = self.project.codes[made[0].code_id].label
        return f"coded {plural(len(made), 'span')} with {label} (Undo takes them all back)"

    def _undo(self) -> str:
        event = self.project.undo()
        self._refresh_coding_view()
        return "undone" if event else "nothing to undo"

    def open_hit(self, row: int) -> "CodingView":
        """Open hit ``row`` in the coding view, at its place, with the hit selected."""
        if self.hits is None or not 0 <= row < len(self.hits):
            raise IndexError(f"no hit {row}")
        hit = self.hits.iloc[row]
        if self.coding_view is None:
            from .coding_view import CodingView

            self.coding_view = CodingView(self.project)
            self.viewer.children = [self.coding_view]
        self.coding_view.show_span(str(hit["source_id"]), int(hit["start"]), int(hit["end"]))
        return self.coding_view

    def _open_chosen(self) -> str:
        rows = self.chosen()
        if not rows:
            return "choose a hit to open"
        if self.project.reviewer is None:
            raise SynthesisError(READ_ONLY)
        self.open_hit(rows[0])
        return ""

    def _refresh_coding_view(self) -> None:
        if self.coding_view is not None:
            self.coding_view.refresh()

    # ------------------------------------------------------------------ choosing
    def _choose_all(self, on: bool) -> None:
        self._all = on and self.hits is not None and len(self.hits) > 0
        self._rendering = True
        try:
            self.results.value = tuple(v for _, v in self.results.options) if self._all else ()
        finally:
            self._rendering = False
        self._render_preview()

    def _on_choose(self, change: dict) -> None:
        if self._rendering:
            return
        if self._all and len(change["new"]) != len(self.results.options):
            self._all = False
        self._render_preview()
        old = change["old"] if isinstance(change["old"], tuple) else ()
        added = set(change["new"]) - set(old)
        if len(added) == 1 and len(change["new"]) == 1 and self.coding_view is not None:
            self._act(lambda: self.open_hit(next(iter(added))) and "")  # a click opens the hit

    # ------------------------------------------------------------------ rendering
    def refresh(self) -> None:
        """Offer the project's current studies and codes."""
        chosen_studies = self.studies.value
        self.studies.options = [(f"{s.citation or s.study_id}", s.study_id)
                                for s in sorted(self.project.studies.values(), key=lambda s: s.citation.casefold())]
        self.studies.value = tuple(v for v in chosen_studies if v in self.project.studies)
        codes = sorted(self.project.codes.values(), key=lambda c: c.label.casefold())
        keep = self.within.value
        self.within.options = [("(anywhere)", "")] + [(c.label, c.code_id) for c in codes]
        self.within.value = keep if keep in [v for _, v in self.within.options] else ""
        chosen = self.code.value
        self.code.options = [("(choose a code)", "")] + [(c.label, c.code_id) for c in codes]
        self.code.value = chosen if chosen in [v for _, v in self.code.options] else ""

    def _render_results(self) -> None:
        hits = self.hits
        assert hits is not None
        shown = hits.head(SHOWN)
        self._rendering = True
        try:
            self.results.value = ()
            # the citation first, padded, so that every match lines up and no citation is cut off at the right
            cited = max((len(c) for c in shown["cite"]), default=0)
            self.results.options = [
                (f"{row.cite.ljust(cited)}  {row.left[-WIDTH:].rjust(WIDTH)} [{row.match}] {row.right[:WIDTH]}", i)
                for i, row in enumerate(shown.itertuples(index=False))]
        finally:
            self._rendering = False
        sources = hits["source_id"].nunique()
        more = f"; the first {SHOWN} are listed" if len(hits) > SHOWN else ""
        self.summary.value = f"<b>{esc(plural(len(hits), 'hit'))}</b> in {esc(plural(sources, 'source'))}{esc(more)}"
        self._render_preview()

    def _render_preview(self) -> None:
        rows = self.chosen()
        if self.hits is None or not rows:
            self.preview.value = ""
            return
        hit = self.hits.iloc[rows[0]]
        also = f" (and {len(rows) - 1} more chosen)" if len(rows) > 1 else ""
        self.preview.value = (f"<div>…{esc(hit['left'])}<b>{esc(hit['match'])}</b>{esc(hit['right'])}… "
                              f"<small>{esc(hit['cite'])}, sentence {int(hit['sentence']) + 1}"
                              f"{esc(also)}</small></div>")
