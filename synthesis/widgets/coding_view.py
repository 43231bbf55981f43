"""The coding view: a thin ipywidgets layer over :class:`CodingSession`.

Every button calls the session (and so the project, which writes the action to
disk before returning), then the view re-renders from the project's state.
Tests drive it by setting widget values and clicking buttons, without a browser.

Keyboard, while the text has focus: ``]`` / ``[`` next / previous source,
``n`` next uncoded sentence, ``j`` / ``k`` select the next / previous sentence
(``J`` / ``K`` extend the selection), ``a`` apply the last code again,
``u`` or Ctrl+Z undo, Ctrl+Y redo, Escape clear the selection.

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
>>> view = CodingView(p)
>>> view.text.selection = [0, 5]
>>> view.search.value = "Trust"
>>> view.create_button.click()
>>> [c.quote for c in p.codings.values()]
['Trust']
>>> p.close()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..coding.session import CodingSession, source_names
from ..coding.wording import local_time, plural, short_quote
from ..errors import SynthesisError
from ..live import watch
from ..palette import safe_colour, text_colour
from .markup import esc, pattern_swatch, status
from .snapshot import RUN_AGAIN, card, mimebundle
from .code_tree import CodeTree
from .textspan import TextSpanWidget
from .suggest_panel import SuggestPanel

if TYPE_CHECKING:
    from ..project import Project

#: How many memos the Memos tab lists (newest first); the tab of the memos.
MEMOS_LISTED, MEMOS_TAB = 30, 2
#: The keys, each with what it does kept on one line (the line breaks only between keys).
KEYS = (("]", "next source"), ("[", "previous"), ("n", "next uncoded sentence"),
        ("j/k", "next/previous sentence (J/K extend)"), ("a", "apply last code"), ("u", "undo"), ("Esc", "clear"))
HELP = "Keys (click the text first): " + " · ".join(
    f"<span style='white-space:nowrap'>{key} {does}</span>" for key, does in KEYS)


def _row(button: w.Button, about: w.HTML) -> w.HBox:
    """A button beside what it is about; the button keeps its size, at the top of the row."""
    button.layout.flex = "0 0 auto"
    return w.HBox([button, about], layout=w.Layout(align_items="flex-start"))


def _button(description: str, tooltip: str, icon: str = "", style: str = "") -> w.Button:
    button = w.Button(description=description, tooltip=tooltip, icon=icon, button_style=style,
                      layout=w.Layout(width="auto", height="auto", max_width="100%"))
    button.add_class("qs-wrap")
    return button


class CodingView(w.VBox):
    """Code one source at a time: select a span, apply or create codes, write memos."""

    def __init__(self, project: "Project", **session_options: Any) -> None:
        self.session = CodingSession(project, **session_options)
        self.project = project
        self.clicked: int | None = None

        # navigation --------------------------------------------------------
        self.study = w.Dropdown(description="Study", layout=w.Layout(width="300px"))
        self.source = w.Dropdown(description="Source", layout=w.Layout(width="380px"))
        self.prev_button = _button("Previous", "Previous source ( [ )", "arrow-left")
        self.next_button = _button("Next", "Next source ( ] )", "arrow-right")
        self.uncoded_button = _button("Next uncoded", "Select the next sentence you have not coded ( n )", "forward")
        self.show = w.ToggleButtons(options=[("My codings", "mine"), ("Everybody's", "everyone")],
                                    value=self.session.show,
                                    tooltips=["Only your codings and your codes (blind double coding)",
                                              "Codings and codes of all reviewers"])
        self.snap = w.ToggleButtons(options=[("Words", "word"), ("Sentences", "sentence")],
                                    value=self.session.snap_mode if self.session.snap_mode != "none" else "word",
                                    tooltips=["Snap selections to whole words", "Snap selections to whole sentences"])
        self.show.style.button_width = "auto"
        self.snap.style.button_width = "auto"
        self.progress = w.IntProgress(min=0, max=1, value=0, description="Coded", layout=w.Layout(width="260px"))
        self.progress_label = w.Label()
        self.heading = w.HTML()

        # text and what sits on it ----------------------------------------------
        self.text = TextSpanWidget(layout=w.Layout(width="100%"))
        self.selected = w.HTML()
        self.at_point = w.VBox()
        self.stripes = w.HTML()
        self.coding_rows = w.Select(rows=8, layout=w.Layout(width="100%"),
                                    tooltip="Choose a coding to scroll the text to it and select it")
        self.coding_list = w.Accordion(children=[self.coding_rows], selected_index=None)
        self.stripe_reviewer = w.Dropdown(description="Stripes of", layout=w.Layout(width="auto"),
                                          tooltip="Whose codings have stripes beside the text")
        self.stripe_code = w.Dropdown(description="for", layout=w.Layout(width="auto", max_width="100%"),
                                      style={"description_width": "initial"},
                                      tooltip="Which code has stripes beside the text")
        self.stripe_reviewer.style.description_width = "initial"
        self.chosen_coding: str | None = None

        # palette -----------------------------------------------------------
        self.search = w.Text(placeholder="Find a code or type a new one", continuous_update=True,
                             description="Code", layout=w.Layout(width="100%"))
        self.matches = w.SelectMultiple(rows=9, layout=w.Layout(width="100%"), description="Codes",
                                        style={"description_width": "initial"},
                                        tooltip="Codes to apply (Ctrl/Shift for several)")
        # the list is narrow and cuts long labels: the chosen codes are named here in full
        self.chosen_codes = w.HTML(layout=w.Layout(width="100%"))
        self.chosen_codes.add_class("qs-chosen-codes")
        self.definition = w.Textarea(placeholder="Definition of a new code (optional)", rows=2,
                                     layout=w.Layout(width="100%"))
        self.apply_button = _button("Apply", "Apply the chosen code(s) to the selection", "check", "primary")
        self.create_button = _button("Create & apply", "Make a new code from the text typed above and apply it", "plus", "success")
        self.last_button = _button("Apply last", "Apply the code you used last ( a )", "repeat")
        self.recent = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.recent_heading = w.HTML("<b>Recently used</b>", layout=w.Layout(display="none"))  # shown once there are some
        palette = w.VBox([self.search, self.matches, self.chosen_codes, self.definition,
                          w.HBox([self.apply_button, self.create_button, self.last_button],
                                 layout=w.Layout(flex_flow="row wrap")),
                          self.recent_heading, self.recent])

        # codebook ----------------------------------------------------------
        self.codebook = w.Select(rows=10, layout=w.Layout(width="100%"))
        self.code_info = w.HTML()
        self.rename_text = w.Text(placeholder="New label", layout=w.Layout(width="60%"))
        self.rename_button = _button("Rename", "Rename the chosen code", "pencil")
        self.merge_from = w.SelectMultiple(rows=5, description="Merge", layout=w.Layout(width="100%"))
        self.merge_into = w.Dropdown(description="into", layout=w.Layout(width="100%"))
        self.merge_button = _button("Merge", "Move every coding of the codes above to the target code", "compress")
        self.clash_info = w.HTML()
        self.clash_button = _button("Merge codes of the same label", "Merge the codes that share a label into "
                                    "the oldest of them (undo takes it back)", "compress")
        self.clash_box = w.VBox([self.clash_info, self.clash_button], layout=w.Layout(display="none"))
        self.tree = w.VBox()
        self.tree_buttons: dict[str, list[w.Button]] = {}  # code id -> its buttons in the tree
        self._build_tree_tools()
        codebook = w.VBox([self.clash_box, self.tree_by, self.tree,
                           w.HTML("<b>All codes</b>"), self.codebook, self.code_info,
                           w.HBox([self.rename_text, self.rename_button]),
                           w.HBox([self.move_under, self.move_button], layout=w.Layout(flex_flow="row wrap")),
                           self.colour_picker,
                           self.merge_from, self.merge_into, self.merge_button, self.merge_confirm])

        # memos -------------------------------------------------------------
        self.memo_target = w.ToggleButtons(options=[("This source", "source"), ("Code", "code"), ("Coding", "coding")],
                                           value="source")
        self.memo_target.style.button_width = "auto"
        self.memo_about = w.HTML()
        self.memo_text = w.Textarea(rows=6, layout=w.Layout(width="100%"), placeholder="Write a memo")
        self.memo_button = _button("Save memo", "Save this memo (it is on disk at once)", "save")
        self.memo_list = w.HTML()
        # every memo in the project, newest first, each with a jump to what it is about
        self.memo_index_info = w.HTML()
        self.memo_index = w.VBox()
        memos = w.VBox([self.memo_target, self.memo_about, self.memo_text, self.memo_button, self.memo_list,
                        self.memo_index_info, self.memo_index])

        # retrieval ---------------------------------------------------------
        self.retrieve_code = w.Dropdown(description="Code", layout=w.Layout(width="100%"))
        self.quotes = w.HTML()
        self.quote_rows = w.VBox()
        retrieval = w.VBox([self.retrieve_code, self.quotes, self.quote_rows])

        # documents ---------------------------------------------------------
        self.documents_info = w.HTML()
        self.documents = w.VBox()
        documents = w.VBox([self.documents_info, self.documents])

        self.tabs = w.Tab(children=[palette, codebook, memos, retrieval, documents])
        for i, title in enumerate(["Code", "Codebook", "Memos", "Quotations", "Documents"]):
            self.tabs.set_title(i, title)
        self.tabs.layout = w.Layout(flex="0 1 38%", min_width="280px")

        self.undo_button = _button("Undo", "Undo your last action ( u )", "undo")
        self.redo_button = _button("Redo", "Redo what you undid", "repeat")
        self.status = w.HTML()

        stripe_filters = w.HBox([self.stripe_reviewer, self.stripe_code], layout=w.Layout(flex_flow="row wrap"))
        left = w.VBox([self.heading, stripe_filters, self.text, self.selected, self.at_point, self.coding_list],
                      layout=w.Layout(flex="1 1 62%", min_width="0", padding="0 8px 0 0"))
        super().__init__([
            w.HBox([self.study, self.source, self.prev_button, self.next_button, self.uncoded_button],
                   layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.show, self.snap, self.progress, self.progress_label], layout=w.Layout(flex_flow="row wrap")),
            w.HBox([left, self.tabs]),
            w.HBox([self.undo_button, self.redo_button, self.status]),
            w.HTML(f"<small>{HELP}</small>"),
        ])
        self.add_class("qs-coding-view")
        self.suggestions = SuggestPanel(self)  # the "Suggestions" tab, and outlines in the text
        self.suggestions.attach()
        self._wire()
        self.refresh()
        watch(project).subscribe(self._on_live)

    # ------------------------------------------------------------- snapshot
    def summary(self) -> list[str]:
        """The view in a few lines of text: who codes what, and how far they are."""
        s, p = self.session, self.project
        progress = s.progress()
        here = s.codings()
        labels = sorted({p.codes[c.code_id].label for c in here if c.code_id in p.codes}, key=str.casefold)
        lines = [f"{p.reviewer} is coding {s.citation() or 'no source yet'}",
                 f"{progress.segments_coded} of {plural(progress.segments_total, 'sentence')} and "
                 f"{progress.sources_coded} of {plural(progress.sources_total, 'source')} coded; "
                 f"{plural(len(p.codes), 'code')} in the codebook",
                 f"{plural(len(here), 'coding')} on this source" + (f": {', '.join(labels)}" if labels else "")]
        return lines

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        lines = self.summary()
        return mimebundle(self, "Coding view: " + "; ".join(lines) + ". " + RUN_AGAIN,
                          card("Coding view", lines), **kwargs)

    # ------------------------------------------------------------------ wiring
    def _wire(self) -> None:
        self.study.observe(self._on_study, names="value")
        self.source.observe(self._on_source, names="value")
        self.prev_button.on_click(lambda _: self._act(self.session.previous_source))
        self.next_button.on_click(lambda _: self._act(self.session.next_source))
        self.uncoded_button.on_click(lambda _: self._act(self._next_uncoded))
        self.show.observe(lambda ch: self._act(self.session.set_show, ch["new"]), names="value")
        self.snap.observe(lambda ch: self._act(self.session.set_snap, ch["new"]), names="value")
        self.text.observe(self._on_select, names="selection")
        self.text.on_click(self._on_click)
        self.text.on_key(self._on_key)
        self.text.on_stripe(self._on_stripe)
        self.coding_rows.observe(self._on_coding_row, names="value")
        self.stripe_reviewer.observe(self._on_stripe_filter, names="value")
        self.stripe_code.observe(self._on_stripe_filter, names="value")
        self.search.observe(lambda _: self._render_palette(), names="value")
        self.matches.observe(lambda _: self._render_chosen_codes(), names="value")
        self.apply_button.on_click(lambda _: self._act(self._apply_chosen))
        self.create_button.on_click(lambda _: self._act(self._create))
        self.last_button.on_click(lambda _: self._act(self.session.apply_last))
        self.codebook.observe(lambda _: self._render_code_info(), names="value")
        self.rename_button.on_click(lambda _: self._act(self._rename))
        self.merge_button.on_click(lambda _: self._act(self._ask_merge))
        self.merge_yes.on_click(lambda _: self._act(self._merge))
        self.merge_no.on_click(lambda _: self._act(self._cancel_merge))
        self.tree_by.observe(lambda _: self._render_tree(self.project.code_counts()), names="value")
        self.move_button.on_click(lambda _: self._act(self._move_code))
        self.colour_picker.observe(self._colour_picked, names="value")
        self.clash_button.on_click(lambda _: self._act(self._merge_clashes))
        self.memo_target.observe(lambda _: self._render_memos(), names="value")
        self.memo_button.on_click(lambda _: self._act(self._save_memo))
        self.retrieve_code.observe(lambda _: self._render_quotes(), names="value")
        self.undo_button.on_click(lambda _: self._act(self.session.undo))
        self.redo_button.on_click(lambda _: self._act(self.session.redo))

    def _act(self, func: Any, *args: Any) -> None:
        """Run an action; show what happened or the error; re-render."""
        if not self.code_tree.question:  # what the tree said last is about an earlier action now,
            self.code_tree.say()  # unless it is the question still waiting for an answer
        try:
            result = func(*args)
        except SynthesisError as exc:
            self._say(str(exc), error=True)
            self.refresh()
            return
        if isinstance(result, str):
            self._say(result)
        elif isinstance(result, list) and result and hasattr(result[0], "coding_id"):
            labels = ", ".join(self.project.codes[c.code_id].label for c in result)
            self._say(f"coded with {labels}")
        else:
            self._say("")
        self.refresh()

    def _on_live(self, change: Any) -> None:
        """Colleagues' events arrived (see :mod:`synthesis.live`): say who changed what, re-render."""
        self.status.value = status(change.summary, error=bool(change.error))
        self.refresh()

    def _say(self, message: str, *, error: bool = False) -> None:
        """Show ``message`` (plain text: it often quotes a label) in the status line."""
        self.status.value = status(message, error=error)

    # ----------------------------------------------------------------- actions
    def _next_uncoded(self) -> str:
        found = self.session.next_uncoded()
        if not found:
            return "every sentence of every source has a coding of yours"
        return f"next sentence you have not coded, in {source_names(self.project).get(found, found)}"

    def _chosen_codes(self) -> list[str]:
        chosen = list(self.matches.value)
        if not chosen and len(self.matches.options) == 1:
            chosen = [self.matches.options[0][1]]
        return chosen

    def _render_chosen_codes(self) -> None:
        """Name in full, with colour and definition, the codes Apply would apply."""
        chosen = [self.project.codes[c] for c in self._chosen_codes() if c in self.project.codes]
        if not chosen:
            self.chosen_codes.value = ""
            return
        rows = []
        for code in chosen:
            said = code.definition if len(code.definition) <= 240 else code.definition[:239].rstrip() + "…"
            definition = f" <small>{esc(said)}</small>" if said else ""
            rows.append(f"<div>{self._swatch(code)} <b>{esc(code.label)}</b>{definition}</div>")
        self.chosen_codes.value = (f"<div style='overflow-wrap: anywhere; line-height: 1.35'>"
                                   f"<small>Apply adds:</small>{''.join(rows)}</div>")

    def _apply_chosen(self) -> Any:
        chosen = self._chosen_codes()
        if not chosen:
            raise SynthesisError("choose a code in the list (or type a new one and press Create & apply)")
        return self.session.apply(chosen)

    def _create(self) -> Any:
        made = self.session.create_and_apply(self.search.value, self.definition.value)
        self.search.value = ""
        self.definition.value = ""
        return made

    def _rename(self) -> str:
        if not self.codebook.value:
            raise SynthesisError("choose a code to rename")
        code = self.project.rename_code(self.codebook.value, self.rename_text.value)
        self.rename_text.value = ""
        return f"renamed to {code.label}"

    def _merge_clashes(self) -> str:
        """Merge each set of codes that share a label (two reviewers made it at once) into the oldest."""
        merged = []
        for first, *others in self.project.duplicate_labels():
            self.project.merge_codes([c.code_id for c in others], first.code_id)
            merged.append(first.label)
        return f"merged the codes labelled {', '.join(merged)}" if merged else "no two codes share a label"

    # ------------------------------------------------ code tree: nest, colour, merge
    def _build_tree_tools(self) -> None:
        """The code tree's own controls: by theme or by parent code, Move under, colour, merge confirmation."""
        self.tree_by = w.ToggleButtons(options=[("Codes by theme", "themes"), ("Codes by parent code", "codes")],
                                       value="themes", tooltips=["Codes under their themes",
                                                                 "Codes under the codes they belong to"])
        self.tree_by.style.button_width = "auto"
        self.move_under = w.Dropdown(description="Move under", layout=w.Layout(width="auto", max_width="100%"),
                                     style={"description_width": "auto"})
        self.move_button = _button("Move", "Put the chosen code under the code named here "
                                   "(or at the top of the tree)", "level-down")
        # a colour picked (or typed, once the box is left) is the chosen code's at once, as in NVivo and MAXQDA
        self.colour_picker = w.ColorPicker(description="Colour", concise=False, value="#888888",
                                           tooltip="The chosen code's colour: pick one, or type one (#rrggbb) "
                                                   "and leave the box (Tab)",
                                           layout=w.Layout(width="auto", max_width="100%"),
                                           style={"description_width": "auto"})
        self.merge_question = w.HTML()
        self.merge_yes = _button("Merge now", "Merge the codes as described (undo takes it back)", "compress", "warning")
        self.merge_no = _button("Cancel", "Leave the codes as they are", "times")
        self.merge_confirm = w.VBox([self.merge_question, w.HBox([self.merge_yes, self.merge_no])],
                                    layout=w.Layout(display="none"))
        # by parent code: rows to drag onto each other (nest or merge, after a question)
        self.code_tree = CodeTree(self.project, self.session, layout=w.Layout(width="100%", display="none"))
        self.code_tree.on_choose(self._choose_code)
        self.code_tree.on_change(self._tree_changed)
        # by theme: folding branches of buttons. Both trees stay in the box and one is shown:
        # replacing the box's children while the page still draws the previous ones can leave
        # those on show
        self.theme_tree = w.VBox()
        self.tree.children = [self.theme_tree, self.code_tree]

    def _tree_changed(self, _message: str) -> None:
        """The dragged code tree changed the project (and says so beside the row it concerns, not
        in the status line beside Undo, which it clears): re-render, so Undo can take it back."""
        self._say("")
        self.refresh()

    def _render_tree_tools(self) -> None:
        """Choices that depend on the chosen code: where it may move to, its colour."""
        code = self.project.codes.get(self.codebook.value or "")
        inside = {code.code_id} if code else set()
        grew = True
        while code and grew:  # the chosen code and every code under it cannot be its parent
            more = {c.code_id for c in self.project.codes.values() if c.parent in inside}
            grew = not more <= inside
            inside |= more
        codes = sorted((c for c in self.project.codes.values() if c.code_id not in inside),
                       key=lambda c: c.label.casefold())
        was = self._rendering
        self._rendering = True
        self.move_under.options = [("(the top of the tree)", "")] + [(c.label, c.code_id) for c in codes]
        self.move_under.value = code.parent if code and code.parent in {c.code_id for c in codes} else ""
        if code:
            self.colour_picker.value = self._colour(code)
        self._rendering = was
        for widget in (self.move_under, self.move_button, self.colour_picker):
            widget.disabled = code is None

    def _move_code(self) -> str:
        if not self.codebook.value:
            raise SynthesisError("choose a code to move")
        code = self.project.nest_code(self.codebook.value, self.move_under.value or None)
        if code.parent:
            return f"'{code.label}' is now under '{self.project.codes[code.parent].label}'"
        return f"'{code.label}' is now at the top of the code tree"

    def _colour_picked(self, change: dict[str, Any]) -> None:
        """A colour the reviewer picked (not one a render put in) becomes the chosen code's."""
        code = self.project.codes.get(self.codebook.value or "")
        if self._rendering or code is None or change["new"] == self._colour(code):
            return
        self._act(self._set_colour)

    def _set_colour(self) -> str:
        if not self.codebook.value:
            raise SynthesisError("choose a code to colour")
        code = self.project.update_code(self.codebook.value, colour=self.colour_picker.value)
        return f"'{code.label}' is now shown in {code.colour}"

    def _ask_merge(self) -> None:
        """Say what a merge will do before it happens."""
        if not self.merge_into.value or not self.merge_from.value:
            raise SynthesisError("choose the codes to merge and the code to merge them into")
        codes, counts = self.project.codes, self.project.code_counts()
        merged = [codes[c] for c in self.merge_from.value if c in codes and c != self.merge_into.value]
        if not merged:
            raise SynthesisError("choose at least one code other than the one to merge into")
        target = codes[self.merge_into.value]
        moving = sum(counts.get(c.code_id, 0) for c in merged)
        children = [c for c in codes.values() if c.parent in {m.code_id for m in merged} and c.code_id != target.code_id]
        names = ", ".join(f"'{c.label}'" for c in merged)
        lines = [f"Merge {esc(names)} into '{esc(target.label)}'?",
                 f"{plural(moving, 'coding')} will move to '{esc(target.label)}' and {esc(names)} will be gone."]
        if children:
            lines.append(f"{plural(len(children), 'code')} under them "
                         f"({esc(', '.join(c.label for c in children))}) will sit under '{esc(target.label)}'.")
        self.merge_question.value = "<br>".join(lines)
        self.merge_confirm.layout.display = "flex"

    def _cancel_merge(self) -> str:
        self.merge_confirm.layout.display = "none"
        return "nothing merged"

    def _merge(self) -> str:
        self.merge_confirm.layout.display = "none"
        if not self.merge_into.value or not self.merge_from.value:
            raise SynthesisError("choose the codes to merge and the code to merge them into")
        target = self.project.merge_codes(self.merge_from.value, self.merge_into.value)
        return f"merged into {target.label}"

    def _memo_target(self) -> tuple[str, str]:
        kind = self.memo_target.value
        if kind == "source":
            return kind, self.session.source_id or ""
        if kind == "code":
            chosen = self._chosen_codes() or ([self.codebook.value] if self.codebook.value else [])
            if not chosen:
                raise SynthesisError("choose a code (in the Code or Codebook tab) to write a memo on")
            return kind, chosen[0]
        here = self.session.codings_at(self.clicked) if self.clicked is not None else []
        if not here:
            raise SynthesisError("click a highlight to write a memo on that coding")
        chosen = [c for c in here if c.coding_id == self.chosen_coding]
        return kind, (chosen or here)[0].coding_id

    def _save_memo(self) -> str:
        kind, target = self._memo_target()
        self.project.write_memo(kind, target, self.memo_text.value)
        self._memo_loaded = self.memo_text.value
        return "memo saved"

    # ------------------------------------------------------------------ events
    def _on_study(self, change: dict) -> None:
        if self._rendering or not change["new"]:
            return
        sources = self.session.sources_of(change["new"])
        if sources and self.session.source_id not in sources:
            self._act(self.session.go_to, sources[0])

    def _on_source(self, change: dict) -> None:
        if self._rendering or not change["new"] or change["new"] == self.session.source_id:
            return
        self._act(self.session.go_to, change["new"])

    def _on_select(self, change: dict) -> None:
        if self._rendering:
            return
        span = change["new"]
        self.clicked = None
        if len(span) == 2:
            self.session.select(int(span[0]), int(span[1]))
        else:
            self.session.selection = None
        self._refresh_text()

    def _on_coding_row(self, change: dict) -> None:
        if self._rendering or not change["new"]:
            return
        self.select_coding(change["new"])

    def _on_stripe_filter(self, _change: dict) -> None:
        if not self._rendering:
            self._refresh_text()

    def _on_stripe(self, coding_id: str) -> None:
        """A stripe was clicked: select its coding's span and show that coding."""
        coding = self.project.codings.get(coding_id)
        if coding is None or coding.source_id != self.session.source_id:
            return
        self.session.selection = (coding.start, coding.end)
        self.select_coding(coding_id)

    def select_coding(self, coding_id: str) -> None:
        """Show one coding: its codes at that place, a memo on it, its span selected and in view."""
        coding = self.project.codings[coding_id]
        if coding.source_id != self.session.source_id:
            self.session.go_to(coding.source_id)
            self.refresh()
        self.session.selection = (coding.start, coding.end)
        self.clicked = coding.start
        self.chosen_coding = coding_id
        self.memo_target.value = "coding"
        self._refresh_text()
        self.text.scroll_to(coding.start, coding.end)

    def show_span(self, source_id: str, start: int, end: int) -> None:
        """Open ``source_id`` with ``[start, end)`` selected and scrolled into view (a search hit)."""
        if source_id != self.session.source_id:
            self.session.go_to(source_id)
            self.refresh()
        self.session.selection = (start, end)
        self.clicked = None
        self.chosen_coding = None
        self._refresh_text()
        self.text.scroll_to(start, end)

    def _on_click(self, offset: int) -> None:
        self.clicked = offset
        self.chosen_coding = None
        self.memo_target.value = "coding"
        self._refresh_text()

    def _on_key(self, key: dict) -> None:
        k = key.get("key")
        actions = {
            "]": self.session.next_source, "[": self.session.previous_source,
            "n": self._next_uncoded, "a": self.session.apply_last, "u": self.session.undo,
            "j": lambda: self.session.step_sentence(1), "k": lambda: self.session.step_sentence(-1),
            "J": lambda: self.session.step_sentence(1, extend=True),
            "K": lambda: self.session.step_sentence(-1, extend=True),
        }
        if self.suggestions.on_key(k):
            return
        if k == "z" and key.get("ctrl"):
            self._act(self.session.redo if key.get("shift") else self.session.undo)
        elif k == "y" and key.get("ctrl"):
            self._act(self.session.redo)
        elif k == "Escape":
            self.session.selection = None
            self.clicked = None
            self._refresh_text()
        elif k in actions:
            self._act(actions[k])

    def _suggestion_hints(self) -> list[list[Any]]:
        """Bring the suggestions tab up to date; the suggested sentences for the text's outlines."""
        self.suggestions.render()
        return self.suggestions.hints()

    def _colour(self, code: Any) -> str:
        return _colour_of(code, self.session.colours())

    def _swatch(self, code: Any) -> str:
        """The code's colour as a small square."""
        return pattern_swatch(self._colour(code), self.session.patterns().get(getattr(code, "code_id", ""), ""))

    def _coding_memos(self) -> dict[str, str]:
        """The memos on each coding of this source, as the text a marker's tooltip shows
        (who wrote it, then the memo; long memos cut to 300 characters)."""
        found: dict[str, list[str]] = {}
        ids = {c.coding_id for c in self.session.codings()}
        for memo in self.project.memos.values():
            if memo.target_kind == "coding" and memo.target_id in ids:
                text = memo.text if len(memo.text) <= 300 else memo.text[:300] + "…"
                found.setdefault(memo.target_id, []).append(f"{memo.author}: {text}")
        return {cid: "\n".join(texts) for cid, texts in found.items()}

    def _chip(self, button: w.Button, code: Any) -> None:
        """Colour a code's button; beyond the palette, a swatch of the code's pattern on it too."""
        button.style.button_color = self._colour(code)
        button.style.text_color = text_colour(self._colour(code))
        pattern = self.session.patterns().get(code.code_id, "")
        if pattern:
            button.add_class(f"qs-pat-{pattern}")

    def _remove(self, coding_id: str) -> None:
        self._act(self.session.remove, coding_id)

    # ---------------------------------------------------------------- rendering
    _rendering = False
    _memo_for: tuple[str, str] | None = None
    _memo_loaded = ""  # the memo text last loaded or saved: anything else in the box is a draft
    _palette_key: tuple | None = None
    _codebook_key: tuple | None = None
    _quotes_key: tuple | None = None
    _codings_key: tuple | None = None
    _documents_key: tuple | None = None
    _memo_index_key: object = None

    def refresh(self) -> None:
        """Re-render everything from the project's state."""
        self._rendering = True
        try:
            self._render_navigation()
            self._render_text()
            self._render_palette()
            self._render_codebook()
            self._render_memos()
            self._render_memo_index()
            self._render_quotes()
            self._render_documents()
            self.undo_button.disabled = not self.project.can_undo()
            self.redo_button.disabled = not self.project.can_redo()
        finally:
            self._rendering = False

    def _render_navigation(self) -> None:
        s = self.session
        studies = s.studies()
        self.study.options = [(cite, sid) for sid, cite in studies] or [("(no studies)", "")]
        current = self.project.sources.get(s.source_id) if s.source_id else None
        self.study.value = current.study_id if current and current.study_id in dict(studies) else self.study.options[0][1]
        names = source_names(self.project)
        options = [(names[sid], sid) for sid in s.source_order()]
        self.source.options = options or [("(no sources)", "")]
        self.source.value = s.source_id or ""
        progress = s.progress()
        self.progress.max = max(progress.segments_total, 1)
        self.progress.value = progress.segments_coded
        self.progress_label.value = (f"{progress.segments_coded} of {plural(progress.segments_total, 'sentence')}, "
                                     f"{progress.sources_coded} of {plural(progress.sources_total, 'source')} coded by "
                                     f"{self.project.reviewer}")
        self.heading.value = f"<h3 style='margin:4px 0'>{esc(s.citation())}</h3>"
        self.show.value = s.show
        if s.snap_mode in ("word", "sentence"):
            self.snap.value = s.snap_mode

    def _render_text(self) -> None:
        s = self.session
        codes = self.project.codes
        legend = {}
        for c in s.codings():
            code = codes.get(c.code_id)
            if code:
                colour = self._colour(code)
                legend[c.coding_id] = {"label": code.label, "colour": colour, "reviewer": c.reviewer,
                                       "start": c.start, "end": c.end, "ink": text_colour(colour),
                                       "pattern": self.session.patterns().get(code.code_id, "")}
        for coding_id, memo in self._coding_memos().items():
            if coding_id in legend:
                legend[coding_id]["memo"] = memo
        stripes = self._render_stripe_filters(legend)
        with self.text.hold_sync():
            self.text.text = s.text
            self.text.paragraphs = [[start, kind] for start, kind in s.paragraphs()]
            self.text.marks = [[start, end, kind] for start, end, kind in s.marks()]
            self.text.legend = legend
            self.text.stripes = stripes
            self.text.runs = [[r.start, r.end, list(r.coding_ids)] for r in s.runs()]
            self.text.selection = list(s.selection) if s.selection else []
            self.text.hints = self._suggestion_hints()
        if s.selection:
            quote = s.selected_text
            short = quote if len(quote) < 240 else quote[:240] + "…"
            where = s.place(*s.selection)
            self.selected.value = f"<b>Selected</b>{' in ' + esc(where) if where else ''}: “{esc(short)}”"
        else:
            self.selected.value = "<i>Select text with the mouse (or press j) to code it.</i>"
        rows = []
        if self.clicked is not None:
            for c in s.codings_at(self.clicked):
                code = codes.get(c.code_id)
                label = code.label if code else c.code_id
                remove = _button("Remove", f"Remove the code '{label}' from this span", "trash", "danger")
                remove.on_click(lambda _, cid=c.coding_id: self._remove(cid))
                select = _button("Select span", "Select this span to add another code to it", "i-cursor")
                select.on_click(lambda _, a=c.start, b=c.end: self._select_span(a, b))
                rows.append(w.HBox([w.HTML(f"{self._swatch(code)} <b>{esc(label)}</b> by {esc(c.reviewer)} "
                                           f"· “{esc(c.quote[:80])}{'…' if len(c.quote) > 80 else ''}”"),
                                    select, remove]))
        self.at_point.children = rows
        self._render_coding_list()

    def _render_coding_list(self) -> None:
        """The codings of this source, each a row that jumps to its place in the text."""
        key = (self.project.version, self.session.source_id, self.session.show)
        if key == self._codings_key:
            return
        self._codings_key = key
        codes = self.project.codes
        found = self.session.codings()
        options = []
        for c in found:
            code = codes.get(c.code_id)
            flag = " (quote not found in changed text)" if c.status == "orphaned" else ""
            quote = c.quote if len(c.quote) <= 90 else c.quote[:90] + "…"
            options.append((f"{code.label if code else c.code_id} · {c.reviewer} · “{quote}”{flag}", c.coding_id))
        was = self._rendering
        self._rendering = True
        try:
            self.coding_rows.options = options
            self.coding_rows.value = self.chosen_coding if self.chosen_coding in dict(options).values() else None
        finally:
            self._rendering = was
        title = f"{plural(len(found), 'coding')} on this source"
        self.coding_list.set_title(0, title)
        self.stripes.value = title

    def _render_stripe_filters(self, legend: dict[str, dict]) -> list[str]:
        """Offer the reviewers and codes on this source; the ids of the codings to stripe."""
        was = self._rendering
        self._rendering = True
        try:
            reviewers = sorted({e["reviewer"] for e in legend.values()}, key=str.casefold)
            who = self.stripe_reviewer.value if self.stripe_reviewer.value in reviewers else ""
            self.stripe_reviewer.options = [("everyone shown", "")] + [(r, r) for r in reviewers]
            self.stripe_reviewer.value = who
            codes = {self.project.codings[cid].code_id: e["label"] for cid, e in legend.items()
                     if cid in self.project.codings}
            which = self.stripe_code.value if self.stripe_code.value in codes else ""
            self.stripe_code.options = [("every code", "")] + sorted(((label, cid) for cid, label in codes.items()),
                                                                    key=lambda t: t[0].casefold())
            self.stripe_code.value = which
        finally:
            self._rendering = was
        return [cid for cid, e in legend.items()
                if (not who or e["reviewer"] == who)
                and (not which or self.project.codings[cid].code_id == which)
                and self.project.codings[cid].status != "orphaned"]

    def _select_span(self, start: int, end: int) -> None:
        self.session.selection = (start, end)
        self.clicked = None
        self._refresh_text()

    def _refresh_text(self) -> None:
        """Re-render what a selection or a click changes: the text and what sits on it."""
        self._rendering = True
        try:
            self._render_text()
            self._render_memos()
        finally:
            self._rendering = False

    def _render_palette(self) -> None:
        key = (self.project.version, self.search.value, tuple(self.session.recent), self.session.show)
        if key == self._palette_key:
            return
        self._palette_key = key
        counts = self.project.code_counts()
        found = self.session.search_codes(self.search.value)
        keep = [v for v in self.matches.value if v in {c.code_id for c in found}]
        was = self._rendering
        self._rendering = True
        self.matches.options = [(f"{c.label} ({counts.get(c.code_id, 0)})", c.code_id) for c in found]
        self.matches.value = tuple(keep)
        self._rendering = was
        self._render_chosen_codes()
        typed = " ".join(self.search.value.split())
        exists = any(c.label.casefold() == typed.casefold() for c in self.project.codes.values())
        self.create_button.disabled = not typed or exists
        self.create_button.description = f"Create “{typed}” & apply" if typed and not exists else "Create & apply"
        self.create_button.tooltip = (f"Make the new code “{typed}” and apply it" if typed and not exists
                                      else "Make a new code from the text typed above and apply it")
        recent = self.session.recent_codes()
        self.last_button.disabled = not recent
        self.last_button.description = f"Apply last: {recent[0].label}" if recent else "Apply last"
        self.last_button.tooltip = (f"Apply '{recent[0].label}', the code you used last ( a )" if recent
                                    else "Apply the code you used last ( a )")
        buttons = []
        for code in recent:
            b = _button(code.label, f"Apply '{code.label}' to the selection")
            self._chip(b, code)
            b.on_click(lambda _, cid=code.code_id: self._act(self.session.apply, cid))
            buttons.append(b)
        self.recent.children = buttons
        self.recent_heading.layout.display = None if buttons else "none"

    def _render_codebook(self) -> None:
        if self._codebook_key == self.project.version:
            return
        self._codebook_key = self.project.version
        counts = self.project.code_counts()
        codes = sorted(self.project.codes.values(), key=lambda c: c.label.casefold())
        options = [(f"{c.label} — {plural(counts.get(c.code_id, 0), 'coding')}", c.code_id) for c in codes]
        current = self.codebook.value
        self.codebook.options = options
        self.codebook.value = current if current in self.project.codes else None
        self._render_tree(counts)
        self.merge_from.options = [(c.label, c.code_id) for c in codes]
        self.merge_into.options = [("", "")] + [(c.label, c.code_id) for c in codes]
        clashes = self.project.duplicate_labels()
        self.clash_box.layout.display = "flex" if clashes else "none"
        self.clash_info.value = "<br>".join(
            f"<b>{len(same)} codes are labelled {esc(same[0].label)}</b> "
            f"(made by {esc(', '.join(c.created_by for c in same))} at the same time): merge them, or rename one"
            for same in clashes)
        self._render_code_info()

    def _render_tree(self, counts: dict[str, int]) -> None:
        """Codes grouped by theme, each branch folding open with its counts; keeps what was open."""
        was_open = {box.get_title(0).split(" — ")[0]: box.selected_index for box in self._accordions()}
        self.tree_buttons = {}
        by_codes = self.tree_by.value == "codes"
        self.code_tree.layout.display = None if by_codes else "none"
        self.theme_tree.layout.display = "none" if by_codes else None
        if by_codes:
            self.code_tree.refresh()
            return

        def branch(group: Any, depth: int) -> w.Accordion:
            codes = group.all_codes()
            n = group.count(counts)  # the codings of every code in the branch, those under parent codes too
            title = f"{group.name} — {plural(len(codes), 'code')}, {plural(n, 'coding')}"
            rows: list[w.Widget] = [branch(g, depth + 1) for g in group.groups]
            for code in group.codes:
                b = _button(f"{code.label} ({counts.get(code.code_id, 0)})",
                            f"Choose '{code.label}' (definition, rename, merge, memo)")
                self._chip(b, code)
                b.on_click(lambda _, cid=code.code_id: self._choose_code(cid))
                self.tree_buttons.setdefault(code.code_id, []).append(b)
                rows.append(b)
            box = w.Accordion(children=[w.VBox(rows, layout=w.Layout(margin=f"0 0 0 {8 * depth}px"))],
                              selected_index=was_open.get(title.split(" — ")[0]))
            box.set_title(0, title)
            return box

        self.theme_tree.children = [branch(g, 0) for g in self.session.code_tree(self.tree_by.value)]

    def _accordions(self) -> list[w.Accordion]:
        found, todo = [], list(self.tree.children)
        while todo:
            item = todo.pop(0)
            if isinstance(item, w.Accordion):
                found.append(item)
                todo.extend(item.children)
            elif isinstance(item, w.Box):
                todo.extend(item.children)
        return found

    def _choose_code(self, code_id: str) -> None:
        self.codebook.value = code_id

    def _render_code_info(self) -> None:
        self._render_tree_tools()
        code = self.project.codes.get(self.codebook.value or "")
        self.code_tree.chosen = code.code_id if code else ""
        if code is None:
            self.code_info.value = "<i>Choose a code to see its definition, rename or merge it.</i>"
            return
        self.code_info.value = (f"{self._swatch(code)} <b>{esc(code.label)}</b> "
                                f"<small>made by {esc(code.created_by)}</small><br>"
                                f"{esc(code.definition) or '<i>no definition</i>'}")

    def _render_memos(self) -> None:
        try:
            kind, target = self._memo_target()
        except SynthesisError as exc:
            self.memo_about.value = f"<i>{esc(str(exc))}</i>"
            self.memo_list.value = ""
            return
        if kind == "source":
            about = source_names(self.project).get(target, target)
        elif kind == "code":
            about = self.project.codes[target].label if target in self.project.codes else target
        else:
            about = self._coding_words(self.project.codings[target], 60)
        self.memo_about.value = f"Memo on {esc(kind)} <b>{esc(about)}</b>"
        memos = self.project.memos_on(kind, target)
        mine = next((m for m in memos if m.author == self.project.reviewer), None)
        if self._memo_for != (kind, target):  # load the memo when its target changes, not on every render
            self._memo_for = (kind, target)
            if self.memo_text.value != self._memo_loaded:
                # the reviewer typed a draft before choosing what it is about: keep it
                if mine and mine.text != self.memo_text.value:
                    self.memo_about.value += " <i>(your draft is kept: saving replaces your memo below)</i>"
            else:
                self.memo_text.value = mine.text if mine else ""
            self._memo_loaded = mine.text if mine else ""
        self.memo_list.value = "".join(
            f"<p><b>{esc(m.author)}</b> <small>{esc(local_time(m.time))}</small><br>{esc(m.text)}</p>"
            for m in memos)

    def _memo_place(self, memo: Any) -> str:
        """What a memo is about, in words: "source Care Learning, n.d.", "code 'Trust'"."""
        p, kind, target = self.project, memo.target_kind, memo.target_id
        if kind == "source":
            return f"source {source_names(p).get(target, target)}"
        if kind == "code":
            code = p.codes.get(target)
            return f"code '{code.label if code else target}'"
        coding = p.codings.get(target)
        if coding is None:
            return "a coding that was removed"
        return f"{self._coding_words(coding, 40)} {p.cite(coding)}"

    def _coding_words(self, coding: Any, width: int) -> str:
        """A coding in words: its code and its quotation cut at ``width`` ("'Trust' on “Trust grew…”")."""
        code = self.project.codes.get(coding.code_id)
        return f"'{code.label if code else coding.code_id}' on {short_quote(coding.quote, width)}"

    def show_memo(self, memo_id: str) -> None:
        """Go to what memo ``memo_id`` is about: its source, its code in the codebook, or its coding
        in the text (selected and in view), with the memo open."""
        memo = self.project.memos[memo_id]
        kind, target = memo.target_kind, memo.target_id
        if kind == "source":
            self.session.go_to(target)
            self.refresh()
            self.memo_target.value = "source"
        elif kind == "code":
            self.codebook.value = target
            self.memo_target.value = "code"
        else:
            if target not in self.project.codings:
                raise SynthesisError("the coding this memo is about was removed")
            self.select_coding(target)
        self.tabs.selected_index = MEMOS_TAB
        self._render_memos()

    def _render_memo_index(self) -> None:
        """Every memo, newest first (the most recent :data:`MEMOS_LISTED`), each with Show."""
        key = self.project.version
        if key == self._memo_index_key:
            return
        self._memo_index_key = key
        memos = sorted(self.project.memos.values(), key=lambda m: (m.time, m.memo_id), reverse=True)
        rows = []
        for memo in memos[:MEMOS_LISTED]:
            show = _button("Show", "Go to what this memo is about", "eye")
            show.on_click(lambda _, mid=memo.memo_id: self._act(self.show_memo, mid))
            text = memo.text if len(memo.text) <= 160 else memo.text[:160].rsplit(" ", 1)[0] + "…"
            rows.append(_row(show, w.HTML(
                f"<small><b>{esc(memo.author)}</b> {esc(local_time(memo.time))} on {esc(self._memo_place(memo))}"
                f"</small><br>{esc(text)}")))
        more = f"; the {MEMOS_LISTED} newest are listed" if len(memos) > MEMOS_LISTED else ""
        rule = "<div style='border-top:1px solid #ccc;margin-top:8px;padding-top:4px'>"
        self.memo_index_info.value = rule + (f"<b>All memos</b> ({plural(len(memos), 'memo')}{esc(more)})</div>"
                                             if memos else "<i>No memos yet.</i></div>")
        self.memo_index.children = rows

    def _render_quotes(self) -> None:
        key = (self.project.version, self.retrieve_code.value)
        if key == self._quotes_key:
            return
        self._quotes_key = key
        codes = sorted(self.project.codes.values(), key=lambda c: c.label.casefold())
        current = self.retrieve_code.value
        self.retrieve_code.options = [("", "")] + [(c.label, c.code_id) for c in codes]
        self.retrieve_code.value = current if current in self.project.codes else ""
        if not self.retrieve_code.value:
            self.quotes.value = "<i>Choose a code to see every quotation coded with it.</i>"
            self.quote_rows.children = []
            return
        frame = self.session.quotations(self.retrieve_code.value)
        self.quotes.value = f"<p>{plural(len(frame), 'quotation')}</p>"
        rows = []
        for q, c, r, cid in zip(frame["quote"], frame["cite"], frame["reviewer"], frame["coding_id"]):
            show = _button("Show", "Open this quotation's source, scroll to it and select it", "crosshairs")
            show.on_click(lambda _, cid=cid: self.select_coding(cid))
            rows.append(_row(show, w.HTML(f"“{esc(q)}” {esc(c)} <small>({esc(r)})</small>")))
        self.quote_rows.children = rows

    def _render_documents(self) -> None:
        """Sources with their codings per reviewer and sentences coded; a click opens one."""
        key = (self.project.version, self.session.source_id)
        if key == self._documents_key:
            return
        self._documents_key = key
        rows = []
        me = self.project.reviewer
        names = source_names(self.project)
        for doc in self.session.documents():
            name = names.get(doc.source_id, doc.title)
            open_ = _button(name, f"Open {name}", style="info" if doc.source_id == self.session.source_id else "")
            open_.on_click(lambda _, sid=doc.source_id: self._act(self.session.go_to, sid))
            who = ", ".join(f"{esc(r)} {n}" for r, n in doc.codings.items()) or "none yet"
            # every reviewer's progress by sentence, yours first (also before you have coded any)
            reviewers = [me] if me else []
            reviewers += [r for r in doc.sentences_coded if r != me]
            progress = " · ".join(
                f"{esc(r)} coded {doc.sentences_coded.get(r, 0)} of {plural(doc.sentences, 'sentence')} "
                f"({round(100 * doc.sentences_coded.get(r, 0) / doc.sentences) if doc.sentences else 0}%)"
                for r in reviewers) or f"{plural(doc.sentences, 'sentence')}, none coded yet"
            rows.append(w.VBox([open_, w.HTML(
                f"<small>{plural(doc.total, 'coding')} ({who}) · {progress}</small>")],
                layout=w.Layout(margin="0 0 6px 0")))
        self.documents.children = rows
        total = self.session.progress()
        self.documents_info.value = (f"<b>{plural(len(rows), 'source')}</b>; {esc(me)} has coded "
                                     f"{total.segments_coded} of {plural(total.segments_total, 'sentence')}. "
                                     "Click a source to open it.")


def _colour_of(code: Any, colours: dict[str, str]) -> str:
    """The colour a code is shown in (grey for no code, or a colour that is not one)."""
    return safe_colour(colours.get(getattr(code, "code_id", ""), getattr(code, "colour", "")))
