"""The matrix view: choose rows, columns, what a cell counts and whose codings; click a cell
to read its quotations.

A thin layer over :mod:`synthesis.query.matrix`: the grid is rebuilt from the query
each time a choice changes, and every label and quotation is escaped
(:mod:`synthesis.widgets.markup`). Large matrices (more cells than
:data:`MAX_BUTTONS`) are shown as a table, and a cell is chosen with the row and
column lists instead.

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust grew. Money was short.", title="Note", source_id="note")
>>> _ = p.apply_code("note", 0, 11, p.create_code("Trust"))
>>> view = MatrixView(p)
>>> view.cols.value = "sources"
>>> view.button(0, 0).description
'1'
>>> view.button(0, 0).click()
>>> "Trust grew." in view.quotations.value
True
>>> p.close()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..errors import SynthesisError
from ..query.matrix import ATTRIBUTES, Matrix, matrix
from .markup import esc, status

if TYPE_CHECKING:
    import pandas as pd

    from ..project import Project

MAX_BUTTONS = 1500
"""Cells up to which the matrix is a grid of buttons to click."""
ROW_CHOICES = [("Codes", "codes"), ("Themes (both levels)", "themes"), ("Descriptive themes", "descriptive"),
               ("Analytical themes", "analytical")]
MEASURE_CHOICES = [("Codings", "codings"), ("Quotations (distinct passages)", "quotations"),
                   ("Sources", "sources"), ("Studies", "studies"), ("The text", "text")]
CONSENSUS, EVERYONE = "\u0000consensus", "\u0000everyone"


def whose_choices(project: "Project") -> list[tuple[str, str]]:
    """"Agreed codings", "Everyone's codings" and one choice per reviewer."""
    return [("Agreed codings (after second review)", CONSENSUS), ("Everyone's codings", EVERYONE),
            *((f"{r}'s codings", r) for r in project.reviewers)]


def whose(value: str) -> dict[str, Any]:
    """The pool keywords of a "whose codings" choice."""
    if value == CONSENSUS:
        return {"reviewer": None, "consensus": True}
    if value == EVERYONE:
        return {"reviewer": None, "consensus": False}
    return {"reviewer": value, "consensus": True}


def quotation_list(frame: "pd.DataFrame", heading: str) -> str:
    """Quotations as escaped HTML: the text in quotation marks, its citation, and its codes."""
    if frame.empty:
        return f"<p><b>{esc(heading)}</b>: no quotations.</p>"
    items = []
    for row in frame.to_dict("records"):
        extra = " \u2014 ".join(esc(row[k]) for k in ("codes", "code", "reviewers") if row.get(k))
        items.append(f"<li>\u201c{esc(' '.join(str(row['text']).split()))}\u201d {esc(row['cite'])}"
                     + (f" <span style='color:#555'>({extra})</span>" if extra else "") + "</li>")
    n = len(frame)
    return (f"<p><b>{esc(heading)}</b>: {n} quotation{'s' if n != 1 else ''}</p>"
            f"<ol style='margin-top:0'>{''.join(items)}</ol>")


class MatrixView(w.VBox):
    """Codes or themes by studies, sources, reviewers or a study attribute, with drill-down."""

    def __init__(self, project: "Project", rows: str = "codes", cols: str = "studies",
                 measure: str = "codings") -> None:
        self.project = project
        self.rows = w.Dropdown(description="Rows", options=ROW_CHOICES, value=rows)
        self.cols = w.Dropdown(description="Columns",
                               options=[("Studies", "studies"), ("Sources", "sources"), ("Reviewers", "reviewers"),
                                        *((f"Study {a.replace('_', ' ')}", a) for a in ATTRIBUTES)], value=cols)
        self.measure = w.Dropdown(description="Cells", options=MEASURE_CHOICES, value=measure)
        self.whose = w.Dropdown(description="Whose", options=whose_choices(project), value=CONSENSUS)
        self.row_pick = w.Dropdown(description="Row")
        self.col_pick = w.Dropdown(description="Column")
        self.show = w.Button(description="Show quotations", tooltip="List the quotations of the chosen cell")
        self.grid = w.Box()
        self.table = w.HTML()
        self.status = w.HTML()
        self.quotations = w.HTML()
        self.found: Matrix | None = None
        self._buttons: list[list[w.Button]] = []
        for control in (self.rows, self.cols, self.measure, self.whose):
            control.observe(lambda _change: self.refresh(), names="value")
        self.show.on_click(lambda _b: self.select(self.row_pick.value, self.col_pick.value))
        super().__init__([
            w.HBox([self.rows, self.cols]), w.HBox([self.measure, self.whose]), self.status, self.grid, self.table,
            w.HBox([self.row_pick, self.col_pick, self.show]), self.quotations,
        ])
        self.refresh()

    def refresh(self) -> None:
        """Run the query again with the current choices and redraw the matrix."""
        self.quotations.value = ""
        try:
            self.found = matrix(self.project, self.rows.value, self.cols.value, self.measure.value,
                                **whose(self.whose.value))
        except SynthesisError as exc:
            self.found = None
            self.status.value = status(str(exc), error=True)
            self.grid.children, self.table.value = (), ""
            return
        found = self.found
        self.row_pick.options = [(label, i) for i, label in enumerate(found.row_labels)]
        self.col_pick.options = [(label, j) for j, label in enumerate(found.col_labels)]
        cells = len(found.row_labels) * len(found.col_labels)
        self.status.value = status(f"{found.describe()}: {len(found.row_labels)} rows by {len(found.col_labels)} "
                                   f"columns" + ("; click a cell to read its quotations" if cells <= MAX_BUTTONS
                                                 else "; choose a row and a column to read a cell's quotations"))
        if cells <= MAX_BUTTONS:
            self._draw_grid(found)
            self.table.value = ""
        else:
            self.grid.children, self._buttons = (), []
            self.table.value = self._html_table(found)

    def _draw_grid(self, found: Matrix) -> None:
        counts = found.values("quotations" if found.measure == "text" else found.measure)
        header = [w.HTML(f"<b>{esc(found.row_name)}</b>")] + [
            w.HTML(f"<div title='{esc(c)}' style='font-size:11px;line-height:1.1;overflow:hidden;"
                   f"max-height:3.4em'>{esc(c)}</div>") for c in found.col_labels]
        items: list[w.Widget] = list(header)
        self._buttons = []
        for i, label in enumerate(found.row_labels):
            items.append(w.HTML(f"<div title='{esc(label)}' style='font-size:12px'>{esc(label)}</div>"))
            row = []
            for j, column in enumerate(found.col_labels):
                n = int(counts[i, j])
                button = w.Button(description=str(n) if n else "\u2013", tooltip=f"{label} \u00d7 {column}",
                                  layout=w.Layout(width="auto", height="26px"),
                                  button_style="info" if n else "")
                button.on_click(lambda _b, i=i, j=j: self.select(i, j))
                row.append(button)
                items.append(button)
            self._buttons.append(row)
        columns = f"minmax(10em, 2.5fr) repeat({len(found.col_labels)}, minmax(3.5em, 1fr))"
        self.grid.children = [w.GridBox(items, layout=w.Layout(grid_template_columns=columns, grid_gap="2px",
                                                               width="100%"))]

    @staticmethod
    def _html_table(found: Matrix) -> str:
        table = found.table()
        head = "".join(f"<th>{esc(c)}</th>" for c in table.columns)
        body = "".join(f"<tr><th style='text-align:left'>{esc(label)}</th>"
                       + "".join(f"<td>{esc(v)}</td>" for v in values) + "</tr>"
                       for label, values in zip(table.index, table.to_numpy().tolist()))
        return (f"<div style='max-height:420px;overflow:auto'><table><tr><th></th>{head}</tr>{body}</table></div>")

    def button(self, i: int, j: int) -> w.Button:
        """The button of cell (row ``i``, column ``j``) of the grid."""
        return self._buttons[i][j]

    def select(self, row: int | str | None, col: int | str | None) -> None:
        """List the quotations of one cell (by numbers or labels)."""
        if self.found is None or row is None or col is None:
            return
        try:
            frame = self.found.quotations(row, col)
            i, j = self.found.where(row, col)
        except SynthesisError as exc:
            self.quotations.value = status(str(exc), error=True)
            return
        self.row_pick.value, self.col_pick.value = i, j
        heading = f"{self.found.row_labels[i]} \u00d7 {self.found.col_labels[j]}"
        self.quotations.value = quotation_list(frame, heading)
