"""The theme board: codes, descriptive themes and analytical themes side by side.

Select codes and press *Add to theme* to place them in the chosen descriptive
theme; select descriptive themes and add them to the chosen analytical theme.
Create, rename, merge and delete themes; counts (codings, quotations,
contributing studies, designs) update live. The theme page below lists every
supporting quotation with its citation and page, and lets reviewers choose
exemplars and say whether a quotation is a participant's words or the authors'.
A thin layer over :mod:`synthesis.themes`: every click is an event on disk.

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
>>> _ = p.apply_code("note", 0, 5, p.create_code("Trust"))
>>> board = ThemeBoard(p)
>>> board.new_name.value = "Relational trust"; board.create_descriptive.click()
>>> board.codes.value = (p.code("Trust").code_id,); board.descriptive.value = board.descriptive.options[0][1]
>>> board.add_codes.click()
>>> board.descriptive.options[0][0]
'Relational trust — 1 codes, 1 quotations, 0 studies'
>>> p.close()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..errors import ActionError, SynthesisError
from ..live import watch
from ..themes import api, query
from ..themes.tables import theme_page, theme_summary
from .markup import esc, status

if TYPE_CHECKING:
    from ..project import Project


def _button(description: str, tooltip: str, icon: str = "", style: str = "") -> w.Button:
    return w.Button(description=description, tooltip=tooltip, icon=icon, button_style=style,
                    layout=w.Layout(width="auto"))


class ThemeBoard(w.VBox):
    """Group codes into descriptive themes and descriptive themes into analytical themes."""

    def __init__(self, project: "Project") -> None:
        self.project = project
        self.free_only = w.Checkbox(description="Free codes only", value=False, indent=False)
        self.codes = w.SelectMultiple(rows=14, layout=w.Layout(width="100%"))
        self.descriptive = w.Select(rows=14, layout=w.Layout(width="100%"))
        self.analytical = w.Select(rows=14, layout=w.Layout(width="100%"))
        self.add_codes = _button("Add to theme →", "Put the selected codes in the chosen descriptive theme",
                                 "arrow-right", "primary")
        self.remove_codes = _button("Take out", "Take the selected codes out of the chosen descriptive theme", "minus")
        self.add_descriptive = _button("Add to analytical →", "Put the chosen descriptive theme in the chosen "
                                       "analytical theme", "arrow-right", "primary")
        self.remove_descriptive = _button("Take out", "Take the chosen descriptive theme out of the chosen "
                                          "analytical theme", "minus")
        self.new_name = w.Text(placeholder="Theme name", layout=w.Layout(width="40%"))
        self.new_description = w.Text(placeholder="Description", layout=w.Layout(width="60%"))
        self.new_question = w.Text(placeholder="Review question an analytical theme answers",
                                   layout=w.Layout(width="100%"))
        self.create_descriptive = _button("New descriptive theme", "Make a descriptive theme", "plus")
        self.create_analytical = _button("New analytical theme", "Make an analytical theme", "plus")
        self.rename_button = _button("Rename chosen", "Give the chosen theme (descriptive, else analytical) "
                                     "the name typed above", "pencil")
        self.delete_button = _button("Delete chosen", "Delete the chosen theme (undo brings it back)", "trash",
                                     "danger")
        self.merge_from = w.SelectMultiple(rows=4, description="Merge", layout=w.Layout(width="50%"))
        self.merge_button = _button("Merge into chosen", "Merge these themes into the chosen theme of the same level",
                                    "compress")
        self.undo_button = _button("Undo", "Undo your last action", "undo")
        self.status = w.HTML()
        self.page = w.HTML()
        self.quotes = w.Select(rows=6, layout=w.Layout(width="100%"))
        self.exemplar_button = _button("Exemplar on/off", "Show (or stop showing) this quotation as an exemplar",
                                       "star")
        self.kind = w.ToggleButtons(options=[("Participant's words", "participant"),
                                             ("Authors' interpretation", "author")], value=None)
        self.kind.style.button_width = "auto"
        column = lambda title, *items: w.VBox([w.HTML(f"<b>{title}</b>"), *items],  # noqa: E731
                                              layout=w.Layout(width="33%", padding="0 4px"))
        super().__init__([
            w.HBox([column("Codes", self.free_only, self.codes, w.HBox([self.add_codes, self.remove_codes])),
                    column("Descriptive themes", self.descriptive, w.HBox([self.add_descriptive,
                                                                           self.remove_descriptive])),
                    column("Analytical themes", self.analytical)]),
            w.HBox([self.new_name, self.new_description]), self.new_question,
            w.HBox([self.create_descriptive, self.create_analytical, self.rename_button, self.delete_button],
                   layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.merge_from, self.merge_button]),
            w.HBox([self.undo_button, self.status]),
            w.HTML("<h4 style='margin:6px 0'>Theme page</h4>"), self.page, self.quotes,
            w.HBox([self.exemplar_button, self.kind]),
        ])
        self._rendering = False
        self.free_only.observe(lambda _: self.refresh(), names="value")
        self.descriptive.observe(lambda _: self._on_choose("descriptive"), names="value")
        self.analytical.observe(lambda _: self._on_choose("analytical"), names="value")
        self.add_codes.on_click(lambda _: self._act(self._assign_codes, True))
        self.remove_codes.on_click(lambda _: self._act(self._assign_codes, False))
        self.add_descriptive.on_click(lambda _: self._act(self._assign_descriptive, True))
        self.remove_descriptive.on_click(lambda _: self._act(self._assign_descriptive, False))
        self.create_descriptive.on_click(lambda _: self._act(self._create, "descriptive"))
        self.create_analytical.on_click(lambda _: self._act(self._create, "analytical"))
        self.rename_button.on_click(lambda _: self._act(self._rename))
        self.delete_button.on_click(lambda _: self._act(self._delete))
        self.merge_button.on_click(lambda _: self._act(self._merge))
        self.undo_button.on_click(lambda _: self._act(self.project.undo))
        self.exemplar_button.on_click(lambda _: self._act(self._toggle_exemplar))
        self.kind.observe(self._on_kind, names="value")
        self.quotes.observe(lambda _: self._render_quote_state(), names="value")
        self.focus = "descriptive"
        self.refresh()
        watch(project).subscribe(self._on_live)

    def _on_live(self, change: Any) -> None:
        """Colleagues' events arrived (see :mod:`synthesis.live`): say who changed what, re-render."""
        self.status.value = status(change.summary, error=bool(change.error))
        self.refresh()

    # -------------------------------------------------------------- actions
    def _act(self, func: Any, *args: Any) -> None:
        try:
            message = func(*args)
            self.status.value = esc(message) if isinstance(message, str) else ""
        except SynthesisError as exc:
            self.status.value = status(str(exc), error=True)
        self.refresh()

    def _chosen(self) -> str:
        theme = self.descriptive.value if self.focus == "descriptive" else self.analytical.value
        theme = theme or self.descriptive.value or self.analytical.value
        if not theme:
            raise ActionError("choose a theme first")
        return theme

    def _assign_codes(self, add: bool) -> str:
        if not self.descriptive.value or not self.codes.value:
            raise ActionError("select codes and choose a descriptive theme")
        (api.assign if add else api.unassign)(self.project, self.descriptive.value, self.codes.value)
        return f"{len(self.codes.value)} code(s) {'added' if add else 'taken out'}"

    def _assign_descriptive(self, add: bool) -> str:
        if not self.descriptive.value or not self.analytical.value:
            raise ActionError("choose a descriptive theme and an analytical theme")
        (api.assign if add else api.unassign)(self.project, self.analytical.value, [self.descriptive.value])
        return "done"

    def _create(self, level: str) -> str:
        theme = api.create_theme(self.project, self.new_name.value, level, self.new_description.value,
                                 self.new_question.value if level == "analytical" else "")
        self.new_name.value = self.new_description.value = self.new_question.value = ""
        self.focus = level
        self.refresh()
        (self.descriptive if level == "descriptive" else self.analytical).value = theme.theme_id
        return f"made {level} theme '{theme.name}'"

    def _rename(self) -> str:
        theme = api.rename_theme(self.project, self._chosen(), self.new_name.value)
        self.new_name.value = ""
        return f"renamed to '{theme.name}'"

    def _delete(self) -> str:
        theme = query.find_theme(self.project, self._chosen())
        api.delete_theme(self.project, theme.theme_id)
        return f"deleted '{theme.name}' (Undo brings it back)"

    def _merge(self) -> str:
        if not self.merge_from.value:
            raise ActionError("select the themes to merge into the chosen one")
        target = api.merge_themes(self.project, self.merge_from.value, self._chosen())
        return f"merged into '{target.name}'"

    def _toggle_exemplar(self) -> str:
        coding = self._quote_coding()
        theme = self._chosen()
        if coding in query.find_theme(self.project, theme).exemplars:
            api.unset_exemplar(self.project, theme, coding)
            return "no longer an exemplar"
        api.set_exemplar(self.project, theme, coding)
        return "exemplar"

    def _quote_coding(self) -> str:
        if self.quotes.value is None:
            raise ActionError("choose a quotation on the theme page")
        return self.quotes.value

    def _on_kind(self, change: dict) -> None:
        if self._rendering or change["new"] is None:
            return
        self._act(lambda: api.set_quote_kind(self.project, self._quote_coding(), change["new"]) and "")

    def _on_choose(self, level: str) -> None:
        if self._rendering:
            return
        self.focus = level
        self._render_page()

    # ------------------------------------------------------------ rendering
    def refresh(self) -> None:
        self._rendering = True
        try:
            summary = theme_summary(self.project).set_index("theme_id") if query.themes(self.project) else None

            def label(theme: Any) -> str:
                if summary is None or theme.theme_id not in summary.index:
                    return theme.name
                row = summary.loc[theme.theme_id]
                designs = f", {row.n_qualitative} qual / {row.n_mixed_methods} mixed" if row.n_studies else ""
                return (f"{theme.name} — {row.n_codes} codes, {row.n_quotations} quotations, "
                        f"{row.n_studies} studies{designs}")

            placed = {m for t in query.themes(self.project, "descriptive") for m in t.members}
            counts = self.project.code_counts()
            codes = sorted(self.project.codes.values(), key=lambda c: c.label.casefold())
            if self.free_only.value:
                codes = [c for c in codes if c.code_id not in placed]
            keep = tuple(v for v in self.codes.value if v in {c.code_id for c in codes})
            self.codes.options = [(f"{c.label} ({counts.get(c.code_id, 0)}){'' if c.code_id in placed else ' · free'}",
                                   c.code_id) for c in codes]
            self.codes.value = keep
            for widget, level in ((self.descriptive, "descriptive"), (self.analytical, "analytical")):
                current = widget.value
                found = query.themes(self.project, level)
                widget.options = [(label(t), t.theme_id) for t in found]
                widget.value = current if current in {t.theme_id for t in found} else None
            everything = query.themes(self.project)
            self.merge_from.options = [(f"{t.name} ({t.level})", t.theme_id) for t in everything]
            self.undo_button.disabled = not self.project.can_undo()
        finally:
            self._rendering = False
        self._render_page()

    def _render_page(self) -> None:
        theme_id = self.descriptive.value if self.focus == "descriptive" else self.analytical.value
        theme_id = theme_id or self.descriptive.value or self.analytical.value
        self._rendering = True
        try:
            if not theme_id:
                self.page.value = "<i>Choose a theme to see its page.</i>"
                self.quotes.options = []
                return
            theme = query.find_theme(self.project, theme_id)
            page = theme_page(self.project, theme_id)
            inside = (", ".join(t.name for t in query.descriptive_of(self.project, theme_id))
                      if theme.level == "analytical"
                      else ", ".join(c.label for c in query.codes_of(self.project, theme_id)))
            studies = ", ".join(s.citation for s in query.contributing_studies(self.project, theme_id))
            rows = "".join(
                f"<li>{'★ ' if ex else ''}“{esc(q[:160])}{'…' if len(q) > 160 else ''}” "
                f"{esc(cite)} <small>{esc(kind)}</small></li>"
                for ex, q, cite, kind in zip(page["exemplar"], page["quote"], page["cite"], page["kind"]))
            question = f"<br><i>Answers: {esc(theme.question)}</i>" if theme.question else ""
            self.page.value = (f"<b>{esc(theme.name)}</b> ({esc(theme.level)}){question}<br>"
                               f"{esc(theme.description)}<br><small>Holds: {esc(inside) or '—'}"
                               f"<br>Contributing studies: {esc(studies) or '—'}</small>"
                               f"<ol style='max-height:260px;overflow:auto'>{rows}</ol>")
            options = []
            for ex, q, cite, ids in zip(page["exemplar"], page["quote"], page["cite"], page["coding_ids"]):
                first = ids[0] if isinstance(ids, (list, tuple)) else str(ids).split()[0]
                options.append((f"{'★ ' if ex else ''}{q[:70]} {cite}", first))
            current = self.quotes.value
            self.quotes.options = options
            self.quotes.value = current if current in {v for _, v in options} else None
        finally:
            self._rendering = False
        self._render_quote_state()

    def _render_quote_state(self) -> None:
        self._rendering = True
        try:
            coding = self.project.codings.get(self.quotes.value or "")
            kind = query.quote_kind(self.project, coding) if coding else ""
            self.kind.value = kind if kind in ("participant", "author") else None
        finally:
            self._rendering = False
