"""Matrix heatmaps and code co-occurrence networks, from tidy data.

* :func:`matrix_heatmap` takes ``row, column, value`` (a matrix query's
  :meth:`~synthesis.query.matrix.Matrix.long`, or any such table) and draws a grid of
  cells shaded by value, the value written in each cell while the grid is small
  enough to read, with a colour key;
* :func:`cooccurrence_heatmap` takes the pairs of a co-occurrence query
  (``code_a, code_b`` and a value column) and draws the symmetric code x code grid;
* :func:`cooccurrence_network` draws the same pairs as a network: codes on a circle
  in alphabetical order (a deterministic layout), lines as thick as the codes are
  close, each line's value written on it, and a key of line widths.

Colour is never the only cue: numbers are written on cells and lines.

>>> import pandas as pd
>>> frame = pd.DataFrame({"row": ["Trust", "Trust", "Time", "Time"], "column": ["A", "B", "A", "B"],
...                       "value": [3, 0, 1, 2]})
>>> fig = matrix_heatmap(frame, value_label="Codings")
>>> [t.get_text() for t in fig.axes[0].texts]
['3', '–', '1', '2']
>>> pairs = pd.DataFrame({"code_a": ["Trust", "Trust"], "code_b": ["Time", "Money"], "n": [2, 1]})
>>> fig = cooccurrence_network(pairs)
>>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_gid() == "node")
['Money', 'Time', 'Trust']
>>> print(network_alt_text(pairs))
Network of code co-occurrence: 3 codes on a circle, joined by 2 lines whose thickness shows the number of meetings. Trust – Time: 2; Trust – Money: 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .counts import CELL, COUNTS, _figure, _hex, _need, _order, _wrap_labels, settle
from .style import FAINT, INK, MM, MUTED, OKABE_ITO, SMALL, new_figure, style, text_colour_on, width_inches
from .text import Measure, wrap

MAX_WRITTEN = 900
"""Cells up to which each cell's value is written in it (beyond, the grid is too fine to read)."""
VALUE_WORDS = {"n": "number of meetings", "c": "c-coefficient", "jaccard": "Jaccard's coefficient"}


def _text(value: float) -> str:
    if value == 0:
        return "\u2013"
    return f"{int(value)}" if float(value).is_integer() else f"{value:.2f}".lstrip("0")


def matrix_heatmap(frame: pd.DataFrame, *, ax: Axes | None = None, width: str | float = "double",
                   value_label: str = "Codings", label_width: float = 0.3, mask_diagonal: bool = False,
                   write_values: bool | None = None) -> Figure:
    """A heatmap of ``frame`` (columns row, column, value), with a colour key.

    ``mask_diagonal`` greys out cells whose row and column are the same (a code with
    itself); ``write_values`` writes each value in its cell (default: when there are at
    most :data:`MAX_WRITTEN` cells).
    """
    _need(frame, ["row", "column", "value"], "matrix")
    rows, cols = _order(frame["row"]), _order(frame["column"])
    table = (frame.assign(row=frame["row"].astype(str), column=frame["column"].astype(str))
             .pivot_table(index="row", columns="column", values="value", aggfunc="sum", fill_value=0, observed=True)
             .reindex(index=rows, columns=cols, fill_value=0))
    values = table.to_numpy(dtype=float)
    masked = np.zeros_like(values, dtype=bool)
    if mask_diagonal:
        masked = np.array([[r == c for c in cols] for r in rows], dtype=bool)
    shown = np.where(masked, 0.0, values)
    write = (values.size <= MAX_WRITTEN) if write_values is None else write_values
    with style():
        m = Measure(new_figure(width, 50))
        size = SMALL + 0.5 if values.size <= MAX_WRITTEN else max(2.0, SMALL - len(rows) / 100)
        fig_w = width_inches(width) * 72 if ax is None else ax.figure.get_figwidth() * 72
        row_labels = _wrap_labels(rows, fig_w * label_width, m, size)
        row_h = [max(CELL if write else size + 1, m.height(r, size) + 4) for r in row_labels]
        col_label = max(m.width(c, size) * math.sin(math.radians(45)) + m.height(c, size) for c in cols)
        fig, ax = _figure(ax, width, max(row_h) * len(row_h) + col_label + 28)
        vmax = max(float(shown.max()), 1.0 if float(shown.max()) > 1 or not shown.any() else float(shown.max()))
        image = ax.imshow(np.ma.masked_array(shown, masked), cmap=COUNTS.with_extremes(bad=FAINT), vmin=0, vmax=vmax, aspect="auto",
                          interpolation="nearest")
        if write:
            cell_w = fig_w * (1 - label_width) * 0.85 / max(len(cols), 1)
            widest = max((m.width(_text(v), size) for v in values.ravel()), default=0.0)
            cell_size = size if widest <= cell_w - 2 else max(3.0, size * (cell_w - 2) / widest)
            for i in range(len(rows)):
                for j in range(len(cols)):
                    if masked[i, j]:
                        continue
                    v = values[i, j]
                    colour = MUTED if v == 0 else text_colour_on(_hex(COUNTS(v / vmax)))
                    ax.text(j, i, _text(v), ha="center", va="center", fontsize=cell_size, color=colour)
        ax.set_xticks(range(len(cols)), cols, rotation=45, ha="right", rotation_mode="anchor", fontsize=size)
        ax.set_yticks(range(len(rows)), row_labels, fontsize=size)
        if values.size <= MAX_WRITTEN:
            ax.set_xticks(np.arange(-0.5, len(cols)), minor=True)
            ax.set_yticks(np.arange(-0.5, len(rows)), minor=True)
            ax.grid(which="minor", color="white", linewidth=1.2)
        ax.tick_params(which="both", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        key = fig.colorbar(image, ax=ax, shrink=min(1.0, 120 / max(1, max(row_h) * len(row_h))), aspect=12,
                           pad=0.02)
        key.set_label(value_label, fontsize=size)
        key.ax.tick_params(labelsize=SMALL, length=2)
        key.outline.set_linewidth(0.4)
    return settle(fig)


def _symmetric(pairs: pd.DataFrame, value: str) -> pd.DataFrame:
    _need(pairs, ["code_a", "code_b", value], "co-occurrence")
    codes = sorted(set(pairs["code_a"].astype(str)) | set(pairs["code_b"].astype(str)), key=str.casefold)
    grid = pd.DataFrame(0.0, index=codes, columns=codes)
    for a, b, v in zip(pairs["code_a"].astype(str), pairs["code_b"].astype(str), pairs[value]):
        grid.loc[a, b] = grid.loc[b, a] = float(v)
    long = grid.stack().reset_index()
    long.columns = ["row", "column", "value"]
    long["row"] = pd.Categorical(long["row"], categories=codes)
    long["column"] = pd.Categorical(long["column"], categories=codes)
    return long


def cooccurrence_heatmap(pairs: pd.DataFrame, value: str = "n", *, ax: Axes | None = None,
                         width: str | float = "double") -> Figure:
    """The symmetric code x code grid of a co-occurrence query's pairs (``value``: a column
    such as ``n``, ``c`` or ``jaccard``); a code's cell with itself is grey."""
    return matrix_heatmap(_symmetric(pairs, value), ax=ax, width=width, mask_diagonal=True,
                          value_label=VALUE_WORDS.get(value, value).capitalize())


def cooccurrence_network(pairs: pd.DataFrame, value: str = "n", *, ax: Axes | None = None,
                         width: str | float = "double", codes: Sequence[str] | None = None,
                         label_width: float = 80.0) -> Figure:
    """Codes (on a circle, alphabetical, clockwise from the top) joined by lines as thick as
    ``value`` is large, the value written on each line; ``codes`` adds codes that meet none.
    Labels are wrapped to ``label_width`` points."""
    _need(pairs, ["code_a", "code_b", value], "co-occurrence")
    names = sorted(set(pairs["code_a"].astype(str)) | set(pairs["code_b"].astype(str)) | set(codes or ()),
                   key=str.casefold)
    k = len(names)
    angle = {n: math.pi / 2 - 2 * math.pi * i / k for i, n in enumerate(names)}
    where = {n: (math.cos(a), math.sin(a)) for n, a in angle.items()}
    top = float(pairs[value].max()) or 1.0
    with style():
        size = SMALL if k <= 40 else max(2.5, SMALL - k / 40)
        m = Measure(new_figure(width, 50))
        labels = {n: "\n".join(wrap(n, label_width, m, size)) for n in names}
        extent = max((m.width(t, size) for t in labels.values()), default=0.0) + 6
        if ax is None:
            side = width_inches(width) * 72
            fig = new_figure(width, side / 72 / MM * 0.8)
            ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        fig = ax.figure
        box = ax.get_position()
        w_pt = fig.get_figwidth() * 72 * box.width
        h_pt = fig.get_figheight() * 72 * box.height
        radius = max(10.0, min(w_pt / 2 - extent, h_pt / 2 - 24))  # points
        ordered = sorted(zip(pairs["code_a"].astype(str), pairs["code_b"].astype(str), pairs[value]),
                         key=lambda t: (float(t[2]), t[0].casefold(), t[1].casefold()))
        for a, b, v in ordered:  # strongest drawn last, on top
            (x1, y1), (x2, y2) = where[a], where[b]
            lw = 0.4 + 3.6 * float(v) / top
            ax.plot([x1, x2], [y1, y2], color=OKABE_ITO["blue"], linewidth=lw, alpha=0.35 + 0.5 * float(v) / top,
                    solid_capstyle="round", zorder=1)
            if k <= 40:
                ax.text((x1 + x2) / 2, (y1 + y2) / 2, _text(float(v)), fontsize=SMALL - 1, color=INK, ha="center",
                        va="center", zorder=3, gid="edge",
                        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
        xs, ys = zip(*(where[n] for n in names)) if names else ((), ())
        ax.scatter(xs, ys, s=14, color=OKABE_ITO["orange"], edgecolors=INK, linewidths=0.4, zorder=2)
        gap = 5 / radius
        for n in names:
            c, s_ = math.cos(angle[n]), math.sin(angle[n])
            ha = "center" if abs(c) < 0.05 else ("left" if c > 0 else "right")
            va = "bottom" if s_ > 0.8 else ("top" if s_ < -0.8 else "center")
            ax.text((1 + gap) * c, (1 + gap) * s_, labels[n], fontsize=size, color=INK, ha=ha, va=va,
                    gid="node", linespacing=1.1)
        ax.set_xlim(-w_pt / 2 / radius, w_pt / 2 / radius)
        ax.set_ylim(-h_pt / 2 / radius, h_pt / 2 / radius)
        ax.set_aspect("equal", adjustable="datalim")
        ax.axis("off")
        samples = sorted({top, top / 2, min(float(pairs[value].min()), top)}, reverse=True)
        handles = [Line2D([], [], color=OKABE_ITO["blue"], linewidth=0.4 + 3.6 * s / top, label=_text(s))
                   for s in samples if s > 0]
        ax.legend(handles=handles, title=VALUE_WORDS.get(value, value).capitalize(), loc="lower right",
                  fontsize=SMALL, title_fontsize=SMALL, handlelength=2.0, frameon=False)
    return fig


def matrix_alt_text(frame: pd.DataFrame, value_label: str = "codings") -> str:
    """Alt text of :func:`matrix_heatmap`: its size, totals per row, and the empty cells."""
    rows, cols = _order(frame["row"]), _order(frame["column"])
    totals = frame.assign(row=frame["row"].astype(str)).groupby("row", observed=True)["value"].sum()
    biggest = frame.sort_values("value", ascending=False, kind="stable").head(5)
    parts = [f"Heatmap of {value_label}: {len(rows)} rows by {len(cols)} columns ({', '.join(cols[:12])}"
             f"{', ...' if len(cols) > 12 else ''}); darker cells hold more, and a colour key shows the scale."]
    parts.append("Totals per row: " + "; ".join(f"{r} {_text(float(totals.get(r, 0)))}" for r in rows[:40])
                 + ("; ..." if len(rows) > 40 else "") + ".")
    parts.append("Largest cells: " + "; ".join(f"{r.row} in {r.column} {_text(float(r.value))}"
                                               for r in biggest.itertuples()) + ".")
    empty = int((frame["value"] == 0).sum())
    if empty:
        parts.append(f"{empty} of {len(frame)} cells are empty.")
    return " ".join(parts)


def network_alt_text(pairs: pd.DataFrame, value: str = "n") -> str:
    """Alt text of :func:`cooccurrence_network`: the codes and every line with its value."""
    names = set(pairs["code_a"].astype(str)) | set(pairs["code_b"].astype(str))
    ordered = pairs.sort_values(value, ascending=False, kind="stable")
    shown = [f"{r.code_a} \u2013 {r.code_b}: {_text(float(getattr(r, value)))}" for r in ordered.head(40).itertuples()]
    more = f"; and {len(pairs) - 40} more" if len(pairs) > 40 else ""
    return (f"Network of code co-occurrence: {len(names)} codes on a circle, joined by {len(pairs)} lines whose "
            f"thickness shows the {VALUE_WORDS.get(value, value)}. " + "; ".join(shown) + more + ".")
