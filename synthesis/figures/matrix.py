"""The 2x2 matrix (the seed review's Figure 3): elements placed on two author-defined continua.

The continua (e.g. tangible-intangible, relational-structural) cross in the middle;
each quadrant lists its elements, wrapped to the quadrant's width by their rendered
size, so no label overlaps another or leaves its quadrant. Which element sits where
is data (the codebook's ``matrix`` section), never code.

>>> import pandas as pd
>>> elements = pd.DataFrame({"element": ["Trust", "Co-location"],
...                          "x": ["intangible", "tangible"], "y": ["relational", "structural"]})
>>> fig = matrix_figure(elements, x=("tangible", "intangible"), y=("relational", "structural"))
>>> round(fig.get_figwidth() * 25.4)
85
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .diagram import Canvas, arrow, box, canvas, fit
from .style import BASE, INK, MUTED, OKABE_ITO
from .text import LINESPACING, wrap

TINTS = (OKABE_ITO["sky blue"], OKABE_ITO["bluish green"], OKABE_ITO["orange"], OKABE_ITO["reddish purple"])
BULLET = "\u2022"


def quadrant_name(x: str, y: str) -> str:
    """ "tangible", "relational" -> "Tangible / relational"."""
    return f"{x[:1].upper()}{x[1:]} / {y}"


@dataclass(frozen=True)
class _Item:
    text: str
    height: float


@dataclass(frozen=True)
class _Layout:
    scale: float
    size: float
    heading: float
    items: dict[tuple[int, int], list[_Item]]
    row: float
    height: float
    overflow: bool = False


def _check(elements: pd.DataFrame, x: Sequence[str], y: Sequence[str]) -> tuple[tuple[str, str], tuple[str, str]]:
    missing = {"element", "x", "y"} - set(elements.columns)
    if missing:
        raise ValueError(f"the elements frame needs columns element, x, y (missing {', '.join(sorted(missing))})")
    xs, ys = tuple(str(v) for v in x), tuple(str(v) for v in y)
    if len(xs) != 2 or len(ys) != 2:
        raise ValueError("each continuum needs the names of its two ends, e.g. x=('tangible', 'intangible')")
    for axis, ends, column in (("x", xs, elements["x"]), ("y", ys, elements["y"])):
        unknown = sorted(set(map(str, column)) - set(ends))
        if unknown:
            raise ValueError(f"element placed at {axis} = {unknown[0]!r}, which is not an end of {ends}")
    return xs, ys  # type: ignore[return-value]


def matrix_figure(elements: pd.DataFrame, x: Sequence[str], y: Sequence[str], *, ax: Axes | None = None,
                  width: str | float = "single", fontsize: float = BASE) -> Figure:
    """Draw the 2x2 matrix of ``elements`` (columns element, x, y) on continua ``x`` and ``y``.

    ``x`` names the left and right ends, ``y`` the top and bottom ends. Elements keep
    their row order within a quadrant. Returns the figure.
    """
    xs, ys = _check(elements, x, y)
    c = canvas(ax, width)
    cells = {(i, j): [str(e) for e, ex, ey in zip(elements["element"], elements["x"], elements["y"])
                      if str(ex) == xs[i] and str(ey) == ys[j]]
             for i in range(2) for j in range(2)}
    g = _geometry(c, fontsize)

    def layout(scale: float) -> _Layout:
        size = fontsize * scale
        inner = g["qw"] - 2 * g["pad"] - g["indent"]
        heading = c.measure.height("Ag", size, "bold")
        items = {key: [_Item("\n".join(lines), c.measure.height("\n".join(lines), size))
                       for lines in (wrap(e, inner, c.measure, size) for e in names)]
                 for key, names in cells.items()}
        content = max(sum(i.height for i in its) + g["gap_item"] * max(len(its) - 1, 0) for its in items.values())
        row = 2 * g["pad"] + heading + g["after_heading"] + content
        widest = max((c.measure.width(line, size) for its in items.values() for i in its
                      for line in i.text.split("\n")), default=0.0)
        return _Layout(scale, size, heading, items, row, 2 * g["edge"] + 2 * row + g["cross"], widest > inner)

    plan = fit(c, layout, lambda p: p.height, lambda p: not p.overflow)
    _draw(c, g, plan, xs, ys)
    return c.fig


def _geometry(c: Canvas, fontsize: float) -> dict[str, float]:
    edge = fontsize * 1.25 + 6          # room for an end label beyond each arrow head
    cross = 12.0                        # the gap the two continua run through
    qw = (c.width - 2 * edge - cross) / 2
    return {"edge": edge, "cross": cross, "qw": qw, "pad": 5.0, "indent": fontsize * 0.9,
            "gap_item": 3.2, "after_heading": 3.0}


def _draw(c: Canvas, g: dict[str, float], p: _Layout, xs: tuple[str, str], ys: tuple[str, str]) -> None:
    ax, height = c.ax, (p.height if c.fixed_height is None else c.fixed_height)
    grid_h = 2 * p.row + g["cross"]
    bottom = (height - grid_h) / 2
    left = g["edge"]
    for (i, j), items in p.items.items():
        x0 = left + i * (g["qw"] + g["cross"])
        y0 = bottom + (1 - j) * (p.row + g["cross"])
        tint = TINTS[2 * j + i]
        patch = box(ax, x0, y0, g["qw"], p.row, face=tint, edge=tint, lw=0.8, radius=3)
        patch.set_facecolor((*patch.get_facecolor()[:3], 0.16))
        patch.set_gid(f"quadrant-{i}-{j}")
        top = y0 + p.row - g["pad"]
        ax.text(x0 + g["pad"], top, quadrant_name(xs[i], ys[j]), fontsize=p.size, fontweight="bold",
                va="top", ha="left", color=INK, gid=f"heading-{i}-{j}")
        top -= p.heading + g["after_heading"]
        for k, item in enumerate(items):
            ax.text(x0 + g["pad"], top - 0.12 * p.size, BULLET, fontsize=p.size, va="top", ha="left", color=MUTED,
                    gid=f"bullet-{i}-{j}-{k}")
            ax.text(x0 + g["pad"] + g["indent"], top, item.text, fontsize=p.size, va="top", ha="left",
                    linespacing=LINESPACING, color=INK, gid=f"element-{i}-{j}-{k}")
            top -= item.height + g["gap_item"]
    # the two continua, crossing in the gap between the quadrants
    mid_x, mid_y = left + g["qw"] + g["cross"] / 2, bottom + p.row + g["cross"] / 2
    arrow(ax, [(left - 2, mid_y), (c.width - left + 2, mid_y)], both=True, colour=MUTED, lw=0.8, head=6)
    arrow(ax, [(mid_x, bottom - 2), (mid_x, bottom + grid_h + 2)], both=True, colour=MUTED, lw=0.8, head=6)
    end = p.size * 1.05
    style = {"fontsize": end, "fontweight": "bold", "color": MUTED, "va": "center", "ha": "center"}
    ax.text((left - 4) / 2, mid_y, xs[0].capitalize(), rotation=90, gid="end-x0", **style)
    ax.text(c.width - (left - 4) / 2, mid_y, xs[1].capitalize(), rotation=270, gid="end-x1", **style)
    ax.text(mid_x, bottom + grid_h + (height - bottom - grid_h) / 2 + 1, ys[0].capitalize(), gid="end-y0", **style)
    ax.text(mid_x, bottom / 2 - 1, ys[1].capitalize(), gid="end-y1", **style)
    c.finish(p.height)


def alt_text(elements: pd.DataFrame, x: Sequence[str], y: Sequence[str]) -> str:
    """A description of the matrix for readers who cannot see it."""
    xs, ys = _check(elements, x, y)
    parts = [f"A 2x2 matrix. The horizontal continuum runs from {xs[0]} (left) to {xs[1]} (right); "
             f"the vertical continuum from {ys[0]} (top) to {ys[1]} (bottom)."]
    for j in range(2):
        for i in range(2):
            names = [str(e) for e, ex, ey in zip(elements["element"], elements["x"], elements["y"])
                     if str(ex) == xs[i] and str(ey) == ys[j]]
            listed = "; ".join(names) if names else "no elements"
            parts.append(f"{quadrant_name(xs[i], ys[j])} ({len(names)}): {listed}.")
    return " ".join(parts)
