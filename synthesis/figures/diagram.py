"""A canvas for diagrams laid out in points, and the boxes and arrows they are drawn with.

A diagram (the ingredients ring, the 2x2 matrix, the PRISMA flow) is drawn on axes
whose data units are points at final size, so a 7 pt label is 7 units tall. With
``ax=None`` the figure is made at a journal width and given the height its content
needs; with an ``ax`` the diagram fills it, shrinking its text if it must.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path as MPath

from .style import INK, new_figure
from .text import Measure

SCALES = (1.0, 0.93, 0.86, 0.8, 0.74, 0.68, 0.62)
"""Text scales tried, largest first, when a diagram must fit a given axes."""

L = TypeVar("L")


@dataclass
class Canvas:
    """Where a diagram is drawn: its figure and axes, width in points, fixed height (or None)."""

    fig: Figure
    ax: Axes
    width: float
    fixed_height: float | None
    measure: Measure

    def finish(self, height: float) -> None:
        """Give a new figure its height, and set the axes so one data unit is one point."""
        if self.fixed_height is None:
            self.fig.set_size_inches(self.width / 72, height / 72)
        top = height if self.fixed_height is None else self.fixed_height
        self.ax.set_xlim(0, self.width)
        self.ax.set_ylim(0, top)
        self.ax.set_axis_off()


def canvas(ax: Axes | None, width: str | float) -> Canvas:
    """A canvas on ``ax``, or on a new figure ``width`` wide ("single", "double" or mm)."""
    if ax is None:
        fig = new_figure(width, 60)
        ax = fig.add_axes((0, 0, 1, 1))
        size = (fig.get_figwidth() * 72, None)
    else:
        fig = ax.figure  # type: ignore[assignment]
        box = ax.get_position()
        size = (box.width * fig.get_figwidth() * 72, box.height * fig.get_figheight() * 72)
    ax.set_axis_off()
    return Canvas(fig, ax, size[0], size[1], Measure(fig))


def fit(canvas: Canvas, layout: Callable[[float], L], height: Callable[[L], float],
        ok: Callable[[L], bool] = lambda _: True) -> L:
    """The layout at the largest text scale that is ``ok`` and fits the canvas's height (if fixed)."""
    result = layout(SCALES[0])
    for scale in SCALES[1:]:
        if ok(result) and (canvas.fixed_height is None or height(result) <= canvas.fixed_height):
            break
        result = layout(scale)
    return result


def box(ax: Axes, x: float, y: float, w: float, h: float, *, face: str = "white", edge: str = INK,
        lw: float = 0.6, radius: float = 2.0, linestyle: str = "-", zorder: float = 1) -> FancyBboxPatch:
    """A rounded rectangle with its lower-left corner at (x, y), in points."""
    patch = FancyBboxPatch((x, y), w, h, boxstyle=f"round,pad=0,rounding_size={radius}",
                           facecolor=face, edgecolor=edge, linewidth=lw, linestyle=linestyle, zorder=zorder)
    ax.add_patch(patch)
    return patch


def arrow(ax: Axes, points: Sequence[tuple[float, float]], *, both: bool = False, colour: str = INK,
          lw: float = 0.6, head: float = 5.0, zorder: float = 2) -> FancyArrowPatch:
    """An arrow along a polyline through ``points`` (head at the last point; ``both`` for two heads)."""
    codes = [MPath.MOVETO] + [MPath.LINETO] * (len(points) - 1)
    style = "<|-|>" if both else "-|>"
    patch = FancyArrowPatch(path=MPath(points, codes), arrowstyle=f"{style},head_length=0.6,head_width=0.3",
                            mutation_scale=head, color=colour, linewidth=lw, shrinkA=0, shrinkB=0,
                            zorder=zorder, joinstyle="miter", capstyle="butt")
    ax.add_patch(patch)
    return patch
