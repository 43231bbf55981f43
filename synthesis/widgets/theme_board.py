"""The theme board: codes as cards, descriptive themes holding them, analytical themes
holding descriptive themes.

Drag a code card onto a descriptive theme to move it there (hold Ctrl to add it and keep
it where it is), onto *Unthemed codes* to take it out; drag a descriptive theme onto an
analytical theme the same way. With the keyboard: focus a card, press Space to pick it
up, the arrow keys to choose where it goes, Enter to drop it and Escape to cancel.
Every card shows its colour, its counts (codings, studies) and the themes it sits in.
Click a theme's name to choose it: create, rename, merge and delete themes, and the
theme page below lists every supporting quotation with its citation and page, and lets
reviewers choose exemplars and say whether a quotation is a participant's words or the
authors'. A thin layer over :mod:`synthesis.themes`: the board in the page only draws
what Python sends and sends back what the reviewer did; every change is an event on disk.

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
>>> _ = p.apply_code("note", 0, 5, p.create_code("Trust"))
>>> board = ThemeBoard(p)
>>> board.new_name.value = "Relational trust"; board.create_descriptive.click()
>>> theme = board.cards.board["descriptive"][0]
>>> board.cards.board["unthemed"] == [p.code("Trust").code_id]
True
>>> board.cards.act({"type": "move", "what": "code", "id": p.code("Trust").code_id, "to": theme["id"]})
>>> board.cards.board["descriptive"][0]["counts"]
'1 code · 1 quotation · 0 studies'
>>> board.cards.board["codes"][p.code("Trust").code_id]["themes"]
['Relational trust']
>>> p.close()
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import ipywidgets as w
import traitlets

from ..coding.session import CodingSession
from ..coding.wording import plural
from ..errors import ActionError, SynthesisError
from ..live import watch
from ..palette import safe_colour, text_colour
from ..themes import api, query
from ..themes.tables import theme_page, theme_summary
from .esm import module
from .layout import full_width
from .markup import esc, status
from .snapshot import RUN_AGAIN, card, mimebundle

if TYPE_CHECKING:
    from ..project import Project

HERE = Path(__file__).parent


def _button(description: str, tooltip: str, icon: str = "", style: str = "") -> w.Button:
    return w.Button(description=description, tooltip=tooltip, icon=icon, button_style=style,
                    layout=w.Layout(width="auto"))


class BoardWidget(anywidget.AnyWidget):
    """Cards and theme boxes drawn from :attr:`board`; what the reviewer does comes back
    as an action (a dict) to the callbacks of :meth:`on_action`.

    Actions: ``{"type": "move", "what": "code" | "theme", "id", "from", "to", "copy"}``
    (``from``/``to`` a theme id, or ``""`` for no theme) and ``{"type": "choose", "theme"}``.

    >>> b = BoardWidget()
    >>> seen = []
    >>> b.on_action(seen.append)
    >>> b._handle(b, {"type": "choose", "theme": "T1"}, [])
    >>> seen
    [{'type': 'choose', 'theme': 'T1'}]
    >>> b._handle(b, {"type": "move", "what": "code", "id": "C1", "to": 3}, [])
    Traceback (most recent call last):
    ...
    synthesis.errors.ActionError: the board sent a move with a bad 'to'
    """

    _esm = module("theme_board.js")  # with the shared drag module (widgets/drag.js) inlined
    _css = HERE / "theme_board.css"

    #: ``{"codes": {code id: {"label", "colour", "ink", "codings", "studies", "themes"}},
    #: "descriptive": [{"id", "name", "codes", "counts", "parents"}], "analytical": [{"id", "name",
    #: "question", "members", "counts"}], "unthemed": [code ids], "loose": [descriptive theme ids
    #: in no analytical theme]}``
    board = traitlets.Dict().tag(sync=True)
    #: the chosen theme's id, or ``""``
    chosen = traitlets.Unicode("").tag(sync=True)
    #: the last thing the board did, in words, for screen readers (aria-live)
    message = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._actions: list[Callable[[dict], None]] = []
        self.on_msg(self._handle)

    def on_action(self, callback: Callable[[dict], None]) -> None:
        """Call ``callback(action)`` for every action the reviewer takes on the board."""
        self._actions.append(callback)

    def act(self, content: dict) -> None:
        """Take ``content`` as if the board in the page had sent it."""
        self._handle(self, content, [])

    def _handle(self, _widget: Any, content: dict, _buffers: list) -> None:
        kind = content.get("type")
        if kind == "choose":
            action = {"type": "choose", "theme": str(content.get("theme") or "")}
        elif kind == "move":
            for field in ("id", "from", "to"):
                if not isinstance(content.get(field, ""), str):
                    raise ActionError(f"the board sent a move with a bad {field!r}")
            if content.get("what") not in ("code", "theme"):
                raise ActionError("the board sent a move of something that is neither a code nor a theme")
            action = {"type": "move", "what": content["what"], "id": content["id"],
                      "from": content.get("from", ""), "to": content.get("to", ""),
                      "copy": bool(content.get("copy"))}
        else:
            return
        for callback in self._actions:
            callback(action)


class ThemeBoard(w.VBox):
    """Group codes into descriptive themes and descriptive themes into analytical themes."""

    def __init__(self, project: "Project") -> None:
        self.project = project
        self.cards = BoardWidget(layout=full_width())
        self.new_name = w.Text(placeholder="Theme name", description="Name",
                               layout=w.Layout(width="40%"))
        self.new_description = w.Text(placeholder="Description", description="Description",
                                      layout=w.Layout(width="60%"))
        self.new_question = w.Text(placeholder="Review question an analytical theme answers",
                                   description="Question", layout=full_width())
        self.create_descriptive = _button("New descriptive theme", "Make a descriptive theme", "plus")
        self.create_analytical = _button("New analytical theme", "Make an analytical theme", "plus")
        self.rename_button = _button("Rename chosen", "Give the chosen theme the name typed above", "pencil")
        self.delete_button = _button("Delete chosen", "Delete the chosen theme (undo brings it back)", "trash",
                                     "danger")
        # as wide as the row leaves it: theme names are long
        self.merge_from = w.SelectMultiple(rows=4, description="Merge", layout=w.Layout(flex="1 1 auto", width="auto"))
        self.merge_button = _button("Merge into chosen", "Merge these themes into the chosen theme of the same level",
                                    "compress")
        self.undo_button = _button("Undo", "Undo your last action", "undo")
        self.status = w.HTML()
        self.page = w.HTML()
        self.quotes = w.Select(rows=6, description="Quotation", layout=full_width())
        self.exemplar_button = _button("Exemplar on/off", "Show (or stop showing) this quotation as an exemplar",
                                       "star")
        self.kind = w.ToggleButtons(options=[("Participant's words", "participant"),
                                             ("Authors' interpretation", "author")], value=None)
        self.kind.style.button_width = "auto"
        super().__init__([
            self.cards,
            w.HBox([self.new_name, self.new_description]), self.new_question,
            w.HBox([self.create_descriptive, self.create_analytical, self.rename_button, self.delete_button],
                   layout=w.Layout(flex_flow="row wrap")),
            w.HBox([self.merge_from, self.merge_button], layout=w.Layout(align_items="flex-start")),
            w.HBox([self.undo_button]),
            self.status,  # on a line of its own: a long message never squeezes the buttons
            w.HTML("<h4 style='margin:6px 0'>Theme page</h4>"), self.page, self.quotes,
            w.HBox([self.exemplar_button, self.kind]),
        ])
        self.add_class("qs-theme-view")
        self._rendering = False
        self.cards.on_action(self._on_action)
        self.create_descriptive.on_click(lambda _: self._act(self._create, "descriptive"))
        self.create_analytical.on_click(lambda _: self._act(self._create, "analytical"))
        self.rename_button.on_click(lambda _: self._act(self._rename))
        self.delete_button.on_click(lambda _: self._act(self._delete))
        self.merge_button.on_click(lambda _: self._act(self._merge))
        self.undo_button.on_click(lambda _: self._act(self.project.undo))
        self.exemplar_button.on_click(lambda _: self._act(self._toggle_exemplar))
        self.kind.observe(self._on_kind, names="value")
        self.quotes.observe(lambda _: self._render_quote_state(), names="value")
        self.refresh()
        watch(project).subscribe(self._on_live)

    @property
    def chosen(self) -> str:
        """The id of the theme chosen on the board (``""`` if none)."""
        return self.cards.chosen

    def choose(self, theme_id: str) -> None:
        """Choose a theme (as clicking its name does) and show its page."""
        self.cards.chosen = theme_id
        self._render_page()

    def _on_live(self, change: Any) -> None:
        """Colleagues' events arrived (see :mod:`synthesis.live`): say who changed what, re-render."""
        self.status.value = status(change.summary, error=bool(change.error))
        self.refresh()

    # -------------------------------------------------------------- actions
    def _act(self, func: Any, *args: Any) -> None:
        try:
            message = func(*args)
            message = message if isinstance(message, str) else ""
            self.status.value = esc(message)
        except SynthesisError as exc:
            message = f"Error: {exc}"
            self.status.value = status(str(exc), error=True)
        self.cards.message = message
        self.refresh()

    def _on_action(self, action: dict) -> None:
        if action["type"] == "choose":
            self.choose(action["theme"])
        else:
            self._act(self._move, action)

    def _name_of(self, what: str, member: str) -> str:
        if what == "code":
            code = self.project.codes.get(member)
            return code.label if code else member
        return query.find_theme(self.project, member).name

    def _move(self, action: dict) -> str:
        what, member, source, target = action["what"], action["id"], action["from"], action["to"]
        name = self._name_of(what, member)
        if source == target:
            return f"'{name}' stays where it was"
        if not target:
            theme = api.unassign(self.project, source, [member])
            return f"took '{name}' out of '{theme.name}'"
        if not source or action["copy"]:
            theme = api.assign(self.project, target, [member])
            return f"added '{name}' to '{theme.name}'"
        was = query.find_theme(self.project, source).name
        theme = api.move(self.project, [member], source, target)
        return f"moved '{name}' from '{was}' to '{theme.name}'"

    def _chosen(self) -> str:
        if not self.chosen:
            raise ActionError("choose a theme first (click its name on the board)")
        return self.chosen

    def _create(self, level: str) -> str:
        theme = api.create_theme(self.project, self.new_name.value, level, self.new_description.value,
                                 self.new_question.value if level == "analytical" else "")
        self.new_name.value = self.new_description.value = self.new_question.value = ""
        self.cards.chosen = theme.theme_id
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

    # ------------------------------------------------------------ rendering
    def _colours(self) -> dict[str, str]:
        """The coding view's display colours (distinct, never shared by overlapping codes)."""
        try:
            return CodingSession(self.project, remember=False).colours()
        except ActionError:  # opened without a reviewer: the codes' own colours
            return {c.code_id: safe_colour(c.colour) for c in self.project.codes.values()}

    def board_data(self) -> dict[str, Any]:
        """What the board draws: see :attr:`BoardWidget.board`."""
        p = self.project
        descriptive, analytical = query.themes(p, "descriptive"), query.themes(p, "analytical")
        summary = {row["theme_id"]: row for row in theme_summary(p).to_dict("records")} if descriptive or analytical else {}
        counts, colours = p.code_counts(), self._colours()
        studies: dict[str, set[str]] = {}
        for coding in p.codings.values():
            study = p.study_of(coding.source_id)
            studies.setdefault(coding.code_id, set()).add(study.study_id if study else coding.source_id)
        themes_of: dict[str, list[str]] = {}
        for theme in descriptive:
            for member in theme.members:
                themes_of.setdefault(member, []).append(theme.name)
        parents: dict[str, list[str]] = {}
        for theme in analytical:
            for member in theme.members:
                parents.setdefault(member, []).append(theme.name)

        def line(theme_id: str, what: str) -> str:
            row = summary[theme_id]
            n = int(row["n_codes"] if what == "code" else row["n_members"])
            return (f"{plural(n, what)} · {plural(int(row['n_quotations']), 'quotation')} · "
                    f"{plural(int(row['n_studies']), 'study', 'studies')}")

        codes = sorted(p.codes.values(), key=lambda c: c.label.casefold())
        cards = {}
        for code in codes:
            colour = safe_colour(colours.get(code.code_id, code.colour))
            cards[code.code_id] = {"label": code.label, "colour": colour, "ink": text_colour(colour),
                                   "codings": counts.get(code.code_id, 0),
                                   "studies": len(studies.get(code.code_id, ())),
                                   "themes": themes_of.get(code.code_id, [])}
        return {
            "codes": cards,
            "descriptive": [{"id": t.theme_id, "name": t.name, "counts": line(t.theme_id, "code"),
                             "codes": [m for m in t.members if m in cards],
                             "parents": parents.get(t.theme_id, [])} for t in descriptive],
            "analytical": [{"id": t.theme_id, "name": t.name, "question": t.question,
                            "counts": line(t.theme_id, "theme"),
                            "members": [m for m in t.members if m in {d.theme_id for d in descriptive}]}
                           for t in analytical],
            "unthemed": [c.code_id for c in codes if c.code_id not in themes_of],
            "loose": [t.theme_id for t in descriptive if t.theme_id not in parents],
        }

    def refresh(self) -> None:
        self._rendering = True
        try:
            data = self.board_data()
            ids = {t["id"] for t in data["descriptive"]} | {t["id"] for t in data["analytical"]}
            if self.cards.chosen not in ids:
                self.cards.chosen = ""
            self.cards.board = data
            everything = query.themes(self.project)
            keep = tuple(v for v in self.merge_from.value if v in ids)
            self.merge_from.options = [(f"{t.name} ({t.level})", t.theme_id) for t in everything]
            self.merge_from.value = keep
            self.undo_button.disabled = not self.project.can_undo()
        finally:
            self._rendering = False
        self._render_page()

    def _render_page(self) -> None:
        theme_id = self.chosen
        self._rendering = True
        try:
            if not theme_id:
                self.page.value = "<i>Click a theme's name on the board to see its page.</i>"
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

    # ------------------------------------------------------------- snapshot
    def snapshot_lines(self) -> list[str]:
        """The board as plain lines: analytical themes, their descriptive themes and codes."""
        data = self.cards.board
        codes, by_id = data.get("codes", {}), {t["id"]: t for t in data.get("descriptive", [])}

        def descriptive(theme: dict, indent: str) -> list[str]:
            labels = ", ".join(codes[c]["label"] for c in theme["codes"]) or "no codes"
            return [f"{indent}{theme['name']} ({theme['counts']}): {labels}"]

        lines = []
        for theme in data.get("analytical", []):
            lines.append(f"{theme['name']} ({theme['counts']})")
            for member in theme["members"]:
                lines += descriptive(by_id[member], "  · ")
        for member in data.get("loose", []):
            lines += descriptive(by_id[member], "")
        unthemed = data.get("unthemed", [])
        lines.append(f"Unthemed codes ({len(unthemed)}): " + (", ".join(codes[c]["label"] for c in unthemed) or "none"))
        return lines

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        lines = self.snapshot_lines()
        title = "Theme board"
        return mimebundle(self, "\n".join([title, *lines, RUN_AGAIN]), card(title, lines), **kwargs)
