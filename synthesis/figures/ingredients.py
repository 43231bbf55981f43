"""The ingredients figure (the seed review's Figure 2): analytical themes as parts of one whole.

A ring of numbered segments, one per analytical theme, around the review question;
each theme's name (and, optionally, its descriptive themes) sits beside the ring with
the same number and colour. With room at the sides (double column) the labels sit
around the ring, joined to their segments; otherwise they are listed beneath it.
Labels are wrapped by rendered size and spread so that none overlaps another, for any
number of themes from 2 to 12.

>>> import pandas as pd
>>> themes = pd.DataFrame({"theme": ["Trust", "Time", "Shared goals"], "descriptive": ["", "", ""]})
>>> fig = ingredients_figure(themes, question="What makes partnership work?")
>>> len(fig.axes)
1
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Wedge

from .diagram import Canvas, canvas, fit
from .style import BASE, INK, MUTED, SMALL, THEME_COLOURS, text_colour_on
from .text import LINESPACING, wrap

MIN_THEMES, MAX_THEMES = 2, 12
MARGIN = 4.0
GAP = 5.0          # between stacked labels
HOLE = 0.6         # inner radius / outer radius


@dataclass(frozen=True)
class Theme:
    name: str
    descriptive: tuple[str, ...]


@dataclass
class _Label:
    index: int
    side: int              # +1 right of the ring, -1 left, 0 beneath it
    name: str              # wrapped
    detail: str            # wrapped descriptive themes ("" if none)
    name_h: float
    text_h: float
    height: float
    width: float
    y: float = 0.0         # centre


@dataclass
class _Plan:
    mode: str
    scale: float
    radius: float
    size: float
    labels: list[_Label]
    question: str
    question_size: float
    question_above: bool
    top_pad: float
    height: float
    text_x: tuple[float, float]   # left/right column text anchors ("around") or legend x ("below")
    ring_y: float
    overflow: bool = False


def themes_from_frame(themes: pd.DataFrame) -> list[Theme]:
    """Themes in order of first appearance, with their descriptive themes (tidy rows)."""
    if "theme" not in themes.columns:
        raise ValueError("the themes frame needs a 'theme' column (and optionally 'descriptive')")
    found: dict[str, list[str]] = {}
    for row in themes.itertuples(index=False):
        name = " ".join(str(row.theme).split())
        if not name or name == "nan":
            raise ValueError("a theme has no name")
        details = found.setdefault(name, [])
        d = getattr(row, "descriptive", "")
        if isinstance(d, str) and d.strip() and d.strip() not in details:
            details.append(d.strip())
    return [Theme(n, tuple(d)) for n, d in found.items()]


def ingredients_figure(themes: pd.DataFrame, question: str, *, ax: Axes | None = None,
                       width: str | float = "double", descriptive: bool = True,
                       labels: str = "auto", colours: Sequence[str] = THEME_COLOURS) -> Figure:
    """Draw the analytical themes in ``themes`` (columns theme[, descriptive]) around ``question``.

    ``labels`` is "around" (beside the ring), "below" (a numbered list beneath it) or
    "auto" (around when there is room). ``descriptive=False`` leaves out descriptive themes.
    """
    items = themes_from_frame(themes)
    if not MIN_THEMES <= len(items) <= MAX_THEMES:
        raise ValueError(f"the ingredients figure shows {MIN_THEMES} to {MAX_THEMES} themes, not {len(items)}")
    if labels not in ("auto", "around", "below"):
        raise ValueError("labels must be 'auto', 'around' or 'below'")
    c = canvas(ax, width)
    mode = labels
    if mode == "auto":
        mode = "around" if _around_column(c.width, _radius(c.width, "around")) >= 110 else "below"

    plan = fit(c, lambda s: _layout(c, items, question, mode, s, descriptive), lambda p: p.height,
               lambda p: not p.overflow)
    _draw(c, items, plan, colours)
    return c.fig


# ------------------------------------------------------------------ layout
def _radius(width: float, mode: str) -> float:
    return min(max(width * 0.17, 55.0), 100.0) if mode == "around" else min(width * 0.26, 90.0)


def _around_column(width: float, radius: float) -> float:
    return width / 2 - radius - 16 - MARGIN


def _angles(n: int) -> list[float]:
    """Mid-angle (degrees, counter-clockwise from east) of each segment; the first starts at 12 o'clock."""
    step = 360 / n
    return [90 - (i + 0.5) * step for i in range(n)]


def _layout(c: Canvas, items: list[Theme], question: str, mode: str, scale: float, descriptive: bool) -> _Plan:
    m, size = c.measure, BASE * scale
    small = SMALL * scale
    radius = _radius(c.width, mode) * (1 if c.fixed_height is None else min(1.0, 0.5 + scale / 2))
    chip = size * 1.9
    if mode == "around":
        column = _around_column(c.width, radius) - chip - 3
    else:
        column = c.width - 2 * MARGIN - chip - 4
    labels = []
    angles = _angles(len(items))
    for i, (theme, angle) in enumerate(zip(items, angles)):
        name = "\n".join(wrap(theme.name, column, m, size))
        detail = ""
        if descriptive and theme.descriptive:
            detail = "\n".join(wrap("; ".join(theme.descriptive), column, m, small))
        name_h = m.height(name, size)
        text_h = name_h + (m.height(detail, small) + 1.5 if detail else 0)
        width = max(m.width(name, size), m.width(detail, small) if detail else 0)
        reach = max(0.0, chip - m.height("Ag", size))  # the chip reaches above the first line
        height = max(text_h + reach, chip)
        cos = math.cos(math.radians(angle))
        side = 0 if mode == "below" else (1 if cos > 1e-9 or (abs(cos) <= 1e-9 and math.sin(math.radians(angle)) > 0) else -1)
        labels.append(_Label(i, side, name, detail, name_h, text_h, height, width))
    overflow = any(lab.width > column + 0.5 for lab in labels)

    question_size, qtext, above = _fit_question(c, question, radius * HOLE, size)
    top_pad = 0.0
    if above:
        top_pad = m.height(qtext, size, "bold") + 6
    if mode == "around":
        for side in (1, -1):
            group = [lab for lab in labels if lab.side == side]
            ideal = [(radius + 10) * math.sin(math.radians(angles[lab.index])) for lab in group]
            for lab, y in zip(group, _spread(ideal, [lab.height for lab in group], GAP)):
                lab.y = y
        tops = [lab.y + lab.height / 2 for lab in labels] + [radius + 2]
        bottoms = [lab.y - lab.height / 2 for lab in labels] + [-radius - 2]
        height = max(tops) - min(bottoms) + 2 * MARGIN + top_pad
        ring_y = MARGIN - min(bottoms)
        for lab in labels:
            lab.y += ring_y
        left_x = c.width / 2 - radius - 16
        text_x = (left_x - chip - 3, c.width / 2 + radius + 16 + chip + 3)
    else:
        stack = sum(lab.height for lab in labels) + GAP * (len(labels) - 1)
        height = MARGIN + 2 * radius + 10 + stack + MARGIN + top_pad
        y = MARGIN + stack
        for lab in labels:
            lab.y = y - lab.height / 2
            y -= lab.height + GAP
        ring_y = MARGIN + stack + 10 + radius
        text_x = (MARGIN + chip + 4, MARGIN + chip + 4)
    if c.fixed_height is not None:
        shift = (c.fixed_height - height) / 2  # centre the diagram vertically in the given axes
        for lab in labels:
            lab.y += shift
        ring_y += shift
    return _Plan(mode, scale, radius, size, labels, qtext, question_size, above, top_pad, height, text_x, ring_y,
                 overflow)


def _fit_question(c: Canvas, question: str, hole: float, size: float) -> tuple[float, str, bool]:
    """The largest size at which ``question`` fits inside the ring's hole, or (size, text, True) to set it above.

    Every line's box must lie inside the hole (lines near the middle may be wider).
    """
    text = " ".join(str(question).split())
    limit = hole * 0.93
    fontsize = size * 1.2
    while fontsize >= 5.0:
        for width in range(int(2 * limit), int(limit * 0.8), -3):
            lines = wrap(text, width, c.measure, fontsize, "bold")
            block = "\n".join(lines)
            height = c.measure.height(block, fontsize, "bold")
            step = height / len(lines)
            top = height / 2
            inside = all(
                math.hypot(c.measure.width(line, fontsize, "bold") / 2,
                           max(abs(top - k * step), abs(top - (k + 1) * step))) <= limit
                for k, line in enumerate(lines))
            if inside:
                return fontsize, block, False
        fontsize -= 0.25
    lines = wrap(text, c.width - 2 * MARGIN, c.measure, size, "bold")
    return size, "\n".join(lines), True


def _spread(ideal: Sequence[float], heights: Sequence[float], gap: float) -> list[float]:
    """Centres closest to ``ideal`` (least squares) keeping order (top first) with no overlaps.

    Pool-adjacent-violators on y_i + (the separations above it), which must not increase.
    """
    order = sorted(range(len(ideal)), key=lambda i: -ideal[i])
    sep = [0.0]
    for a, b in zip(order, order[1:]):
        sep.append(sep[-1] + (heights[a] + heights[b]) / 2 + gap)
    target = [ideal[i] + s for i, s in zip(order, sep)]
    blocks: list[list[float]] = []  # [mean, count]
    for t in target:
        blocks.append([t, 1])
        while len(blocks) > 1 and blocks[-2][0] < blocks[-1][0]:
            mean2, n2 = blocks.pop()
            mean1, n1 = blocks.pop()
            blocks.append([(mean1 * n1 + mean2 * n2) / (n1 + n2), n1 + n2])
    fitted = [mean for mean, n in blocks for _ in range(int(n))]
    result = [0.0] * len(ideal)
    for i, u, s in zip(order, fitted, sep):
        result[i] = u - s
    return result


# ------------------------------------------------------------------ drawing
def _draw(c: Canvas, items: list[Theme], p: _Plan, colours: Sequence[str]) -> None:
    ax = c.ax
    cx, cy = c.width / 2, p.ring_y
    n = len(items)
    step = 360 / n
    chip = p.size * 1.9
    for i in range(n):
        colour = colours[i % len(colours)]
        ax.add_patch(Wedge((cx, cy), p.radius, 90 - (i + 1) * step, 90 - i * step, width=p.radius * (1 - HOLE),
                           facecolor=colour, edgecolor="white", linewidth=1.6, gid=f"segment-{i + 1}"))
        mid = math.radians(90 - (i + 0.5) * step)
        r_mid = p.radius * (1 + HOLE) / 2
        ax.text(cx + r_mid * math.cos(mid), cy + r_mid * math.sin(mid), str(i + 1), ha="center", va="center",
                fontsize=p.size * 1.2, fontweight="bold", color=text_colour_on(colour), gid=f"number-{i + 1}")
    ax.add_patch(Circle((cx, cy), p.radius * HOLE - 0.8, facecolor="#F4F4F4", edgecolor="none"))
    if p.question_above:
        top = p.height if c.fixed_height is None else c.fixed_height
        ax.text(c.width / 2, top - MARGIN, p.question, ha="center", va="top", fontsize=p.question_size,
                fontweight="bold", color=INK, linespacing=LINESPACING, gid="question")
    else:
        ax.text(cx, cy, p.question, ha="center", va="center", fontsize=p.question_size, fontweight="bold",
                color=INK, linespacing=LINESPACING, gid="question")
    line = c.measure.height("Ag", p.size)
    for lab in p.labels:
        colour = colours[lab.index % len(colours)]
        text_top = lab.y + lab.text_h / 2
        chip_y = text_top - line / 2
        if lab.side > 0:
            chip_x, x, ha = p.text_x[1] - chip / 2 - 3, p.text_x[1], "left"
        elif lab.side < 0:
            chip_x, x, ha = p.text_x[0] + chip / 2 + 3, p.text_x[0], "right"
        else:
            chip_x, x, ha = MARGIN + chip / 2, p.text_x[0], "left"
        ax.add_patch(Circle((chip_x, chip_y), chip / 2, facecolor=colour, edgecolor="none", gid=f"chip-{lab.index + 1}"))
        ax.text(chip_x, chip_y, str(lab.index + 1), ha="center", va="center", fontsize=p.size * 0.95,
                fontweight="bold", color=text_colour_on(colour), gid=f"chip-number-{lab.index + 1}")
        ax.text(x, text_top, lab.name, ha=ha, va="top", fontsize=p.size, color=INK, linespacing=LINESPACING,
                gid=f"label-{lab.index + 1}")
        if lab.detail:
            ax.text(x, text_top - lab.name_h - 1.5, lab.detail, ha=ha, va="top", fontsize=SMALL * p.scale,
                    color=MUTED, linespacing=LINESPACING, gid=f"descriptive-{lab.index + 1}")
        if lab.side != 0:
            mid = math.radians(90 - (lab.index + 0.5) * step)
            reach = p.radius - 2.5  # into the segment, past its white outline, so the line visibly meets it
            start = (cx + reach * math.cos(mid), cy + reach * math.sin(mid))
            end = (chip_x - lab.side * (chip / 2 + 1.5), chip_y)
            knee = (cx + lab.side * (p.radius + 9), end[1])
            points = [start, knee, end] if (knee[0] - start[0]) * lab.side > 0 else [start, end]
            xs, ys = zip(*points)
            ax.plot(xs, ys, color=MUTED, linewidth=0.5, solid_capstyle="butt", gid=f"leader-{lab.index + 1}")
    c.finish(p.height)


def alt_text(themes: pd.DataFrame, question: str) -> str:
    """A description of the ingredients figure for readers who cannot see it."""
    items = themes_from_frame(themes)
    parts = [f"A ring divided into {len(items)} equal segments around the central question "
             f"\u201c{' '.join(question.split())}\u201d. Each segment is one analytical theme:"]
    for i, theme in enumerate(items, 1):
        detail = f" (descriptive themes: {'; '.join(theme.descriptive)})" if theme.descriptive else ""
        parts.append(f"{i}. {theme.name}{detail}.")
    return " ".join(parts)
