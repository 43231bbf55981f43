"""Helpers of the figure tests: texts of a figure and their rendered boxes."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.text import Text

ROOT = Path(__file__).resolve().parents[2]
"""The repository root: the example review (opened read-only, never written)."""


def texts(fig: Figure, prefix: str = "") -> list[Text]:
    """Every drawn, non-empty text of ``fig`` (tick labels included); by gid prefix if given."""
    fig.draw_without_rendering()
    ticks = [t for ax in fig.axes for axis in (ax.xaxis, ax.yaxis) for t in axis.get_major_ticks()
             + axis.get_minor_ticks()]
    drawn = {id(label) for ax in fig.axes if ax.axison for axis in (ax.xaxis, ax.yaxis) if axis.get_visible()
             for tick in axis._update_ticks() for label in (tick.label1, tick.label2) if label.get_visible()}
    tick_labels = {id(label) for tick in ticks for label in (tick.label1, tick.label2)}
    found = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
             and (id(t) not in tick_labels or id(t) in drawn)]
    if prefix:
        found = [t for t in found if (t.get_gid() or "").startswith(prefix)]
    return found


def boxes(fig: Figure, items: list) -> list:
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in items]


def assert_no_overlaps(fig: Figure, items: list[Text], pad: float = 0.0) -> None:
    """No two texts' rendered bounding boxes overlap."""
    found = boxes(fig, items)
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            a, b = found[i], found[j]
            overlap = (min(a.x1, b.x1) - max(a.x0, b.x0) > -pad) and (min(a.y1, b.y1) - max(a.y0, b.y0) > -pad)
            assert not overlap, f"{items[i].get_text()!r} overlaps {items[j].get_text()!r}"


def assert_inside_figure(fig: Figure, items: list[Text], tolerance: float = 0.5) -> None:
    """Every text lies within the figure."""
    frame = fig.bbox
    for t, b in zip(items, boxes(fig, items)):
        assert (b.x0 >= frame.x0 - tolerance and b.y0 >= frame.y0 - tolerance
                and b.x1 <= frame.x1 + tolerance and b.y1 <= frame.y1 + tolerance), f"{t.get_text()!r} leaves the figure"
