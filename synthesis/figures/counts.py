"""Coverage and counts: a theme x study heatmap, codings per theme, and per-code agreement.

Each function takes a tidy DataFrame (``theme, study, n``; ``theme, reviewer, n``;
``code, alpha, low, high``). Categorical columns keep their category order; other
columns keep their order of first appearance.

>>> import pandas as pd
>>> frame = pd.DataFrame({"theme": ["Trust", "Trust", "Time", "Time"],
...                       "study": ["A, 2020", "B, 2021", "A, 2020", "B, 2021"], "n": [3, 0, 1, 2]})
>>> fig = coverage_heatmap(frame)
>>> [t.get_text() for t in fig.axes[0].texts]
['3', '–', '1', '2']
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from .style import FAINT, INK, MM, MUTED, OKABE_ITO, SMALL, new_figure, style, text_colour_on, width_inches
from .text import Measure, wrap

CELL = 15.0        # points per heatmap row / column at least
BAR_ROW = 17.0     # points per theme in a bar chart
COUNTS = LinearSegmentedColormap.from_list("counts", ["#FFFFFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B"])
"""Single-hue blue ramp (white for none): readable in grey scale and under colour-vision deficiencies."""
THRESHOLDS = ((0.667, "0.667"), (0.8, "0.800"))
"""Krippendorff's conventional cut-offs: tentative conclusions above 0.667, reliable above 0.800."""


def _order(column: pd.Series) -> list[str]:
    if isinstance(column.dtype, pd.CategoricalDtype):
        present = set(column.astype(str))
        return [str(c) for c in column.cat.categories if str(c) in present]
    return list(dict.fromkeys(column.astype(str)))


def _need(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"the {what} frame needs columns {', '.join(columns)} (missing {', '.join(missing)})")
    if frame.empty:
        raise ValueError(f"the {what} frame is empty: nothing to draw")


def _figure(ax: Axes | None, width: str | float, height_pt: float) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    fig = new_figure(width, height_pt / 72 / MM)
    fig.set_layout_engine("constrained", h_pad=2 / 72, w_pad=2 / 72, hspace=0, wspace=0)
    with style():
        ax = fig.add_subplot()
    return fig, ax


def settle(fig: Figure) -> Figure:
    """Run the figure's layout now, so text positions are final before anyone measures them."""
    if fig.get_layout_engine() is not None:
        fig.draw_without_rendering()
    return fig


def _wrap_labels(labels: Sequence[str], width_pt: float, measure: Measure, size: float) -> list[str]:
    return ["\n".join(wrap(label, width_pt, measure, size)) for label in labels]


# ------------------------------------------------------------------ heatmap
def _groups(frame: pd.DataFrame, studies: list[str]) -> list[tuple[str, int, int]]:
    """(label, first column, last column) of each run of studies in one ``group``; [] with one group or none."""
    if "group" not in frame.columns:
        return []
    group_of = dict(zip(frame["study"].astype(str), frame["group"].astype(str)))
    runs: list[tuple[str, int, int]] = []
    for j, study in enumerate(studies):
        label = group_of.get(study, "")
        if runs and runs[-1][0] == label:
            runs[-1] = (label, runs[-1][1], j)
        else:
            runs.append((label, j, j))
    return runs if len(runs) > 1 else []


def coverage_heatmap(frame: pd.DataFrame, *, ax: Axes | None = None, width: str | float = "single",
                     label_width: float = 0.36, xlabel: str = "", key: str = "Coded passages") -> Figure:
    """Theme x study heatmap of ``frame`` (columns theme, study, n), counts written in the cells.

    A colour key (titled ``key``) sits beside the cells. With a ``group`` column (e.g. studies
    and grey literature) each group's columns are labelled above the cells and set apart by
    a rule; studies keep their order, so a group should be one run of columns.
    """
    _need(frame, ["theme", "study", "n"], "coverage")
    themes, studies = _order(frame["theme"]), _order(frame["study"])
    groups = _groups(frame, studies)
    table = (frame.assign(theme=frame["theme"].astype(str), study=frame["study"].astype(str))
             .pivot_table(index="theme", columns="study", values="n", aggfunc="sum", fill_value=0)
             .reindex(index=themes, columns=studies, fill_value=0))
    values = table.to_numpy(dtype=float)
    with style():
        probe = new_figure(width, 50)
        m = Measure(probe)
        size = SMALL + 0.5
        fig_w = width_inches(width) * 72 if ax is None else ax.figure.get_figwidth() * 72
        rows = _wrap_labels(themes, fig_w * label_width, m, size)
        cols = list(studies)
        row_h = [max(CELL, m.height(r, size) + 4) for r in rows]
        col_label = max(m.width(c, size) * math.sin(math.radians(45)) + m.height(c, size) for c in cols)
        fig, ax = _figure(ax, width, max(row_h) * len(row_h) + col_label + 16 + (10 if xlabel else 0)
                          + (2.2 * m.height("Ag", size) + 6 if groups else 0))
        vmax = max(values.max(), 1)
        image = ax.imshow(values, cmap=COUNTS, vmin=0, vmax=vmax, aspect="auto", interpolation="nearest")
        for i in range(len(themes)):
            for j in range(len(studies)):
                v = values[i, j]
                text = "\u2013" if v == 0 else f"{int(v)}"
                colour = MUTED if v == 0 else text_colour_on(_hex(COUNTS(v / vmax)))
                ax.text(j, i, text, ha="center", va="center", fontsize=size, color=colour)
        ax.set_xticks(range(len(studies)), cols, rotation=45, ha="right", rotation_mode="anchor", fontsize=size)
        ax.set_yticks(range(len(themes)), rows, fontsize=size)
        ax.set_xticks(np.arange(-0.5, len(studies)), minor=True)
        ax.set_yticks(np.arange(-0.5, len(themes)), minor=True)
        ax.grid(which="minor", color="white", linewidth=1.2)
        ax.tick_params(which="both", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if xlabel:
            ax.set_xlabel(xlabel, fontsize=size)
        for k, (label, first, last) in enumerate(groups):
            if k:  # a rule between groups, over the white grid
                ax.plot([first - 0.5, first - 0.5], [-0.5, len(themes) - 0.5], color=INK, linewidth=1.4,
                        scalex=False, scaley=False, gid=f"group-rule-{k}")
            ax.plot([first - 0.42, last + 0.42], [-0.62, -0.62], color=INK, linewidth=0.8, clip_on=False,
                    solid_capstyle="butt", scalex=False, scaley=False)
            text = "\n".join(wrap(label, max(CELL, (last - first + 1) * fig_w * 0.6 / max(len(studies), 1)), m, size))
            ax.text((first + last) / 2, -0.72, text, ha="center", va="bottom", fontsize=size, color=INK,
                    fontweight="bold", clip_on=False, gid=f"group-{k}")
        _colour_key(fig, ax, image, int(vmax), key, size)
    return settle(fig)


def _colour_key(fig: Figure, ax: Axes, image: object, vmax: int, title: str, size: float) -> None:
    """A colour key beside the heatmap: one step per count when there are few, else a ramp."""
    if vmax <= 12:
        bounds = np.arange(-0.5, vmax + 1.0)
        bar = fig.colorbar(image, ax=ax, boundaries=bounds, values=np.arange(0, vmax + 1), fraction=0.05,
                           pad=0.03, aspect=25)
        step = 1 if vmax <= 6 else 2
        bar.set_ticks(list(range(0, vmax + 1, step)))
    else:
        bar = fig.colorbar(image, ax=ax, fraction=0.05, pad=0.03, aspect=25)
    bar.ax.tick_params(labelsize=size, length=2, width=0.5, colors=INK)
    bar.outline.set_linewidth(0.5)
    bar.set_label(title, fontsize=size, color=INK)
    bar.ax.set_gid("colour-key")


def _hex(rgba: tuple[float, ...]) -> str:
    return "#" + "".join(f"{round(c * 255):02X}" for c in rgba[:3])


# ------------------------------------------------------------------ bars
def codings_per_theme(frame: pd.DataFrame, *, ax: Axes | None = None, width: str | float = "single",
                      label_width: float = 0.42, colours: Sequence[str] | None = None) -> Figure:
    """Codings under each theme (columns theme, n, and optionally reviewer: one bar per reviewer)."""
    _need(frame, ["theme", "n"], "codings per theme")
    frame = frame if "reviewer" in frame.columns else frame.assign(reviewer="")
    themes, reviewers = _order(frame["theme"]), _order(frame["reviewer"])
    colours = list(colours or (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish green"],
                               OKABE_ITO["reddish purple"], OKABE_ITO["sky blue"], OKABE_ITO["vermillion"]))
    counts = (frame.assign(theme=frame["theme"].astype(str), reviewer=frame["reviewer"].astype(str))
              .groupby(["theme", "reviewer"])["n"].sum())
    with style():
        m = Measure(new_figure(width, 50))
        size = SMALL + 0.5
        fig_w = width_inches(width) * 72 if ax is None else ax.figure.get_figwidth() * 72
        labels = _wrap_labels(themes, fig_w * label_width, m, size)
        rows = [max(BAR_ROW * (0.6 + 0.4 * len(reviewers)), m.height(lab, size) + 6) for lab in labels]
        fig, ax = _figure(ax, width, max(rows) * len(rows) + 48)
        bar = 0.8 / len(reviewers)
        top = max(counts.max(), 1)
        for k, reviewer in enumerate(reviewers):
            ys = [i - 0.4 + bar * (k + 0.5) for i in range(len(themes))]
            xs = [int(counts.get((t, reviewer), 0)) for t in themes]
            ax.barh(ys, xs, height=bar * 0.92, color=colours[k % len(colours)], label=reviewer or None,
                    edgecolor="none")
            for x, y in zip(xs, ys):
                ax.text(x + top * 0.015, y, f"{x}", va="center", ha="left", fontsize=SMALL, color=INK)
        ax.set_yticks(range(len(themes)), labels, fontsize=size)
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.12)
        ax.set_xlabel("Codings", fontsize=size)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        if any(reviewers):
            ax.legend(title="Reviewer", loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(reviewers),
                      fontsize=SMALL, title_fontsize=SMALL, handlelength=1.0, handleheight=0.8,
                      borderaxespad=0.2, alignment="right", columnspacing=1.0)
    return settle(fig)


# ------------------------------------------------------------------ agreement
def agreement_chart(frame: pd.DataFrame, *, ax: Axes | None = None, width: str | float = "single",
                    xlabel: str = "Krippendorff\u2019s \u03b1 (95% CI)", label_width: float = 0.4) -> Figure:
    """Per-code agreement (columns code, alpha, low, high): a point and its interval per code.

    Codes are sorted from highest to lowest agreement; a code whose alpha is missing
    (not estimable) is listed at the bottom with a note. Dashed lines mark 0.667 and 0.800.
    (A bootstrap interval need not contain its point estimate; only low <= high is checked.)
    """
    _need(frame, ["code", "alpha", "low", "high"], "agreement")
    data = frame[["code", "alpha", "low", "high"]].copy()
    for column in ("alpha", "low", "high"):
        data[column] = pd.to_numeric(data[column], errors="coerce")
    bad = data.dropna(subset=["alpha", "low", "high"])
    wrong = bad[bad["low"] > bad["high"] + 1e-12]
    if len(wrong):
        raise ValueError(f"code '{wrong.iloc[0]['code']}': low is above high")
    data = data.sort_values(["alpha", "code"], ascending=[False, True], na_position="last", kind="mergesort")
    codes = [str(c) for c in data["code"]]
    with style():
        m = Measure(new_figure(width, 50))
        size = SMALL + 0.5
        fig_w = width_inches(width) * 72 if ax is None else ax.figure.get_figwidth() * 72
        labels = _wrap_labels(codes, fig_w * label_width, m, size)
        rows = [max(11.0, m.height(lab, size) + 3) for lab in labels]
        fig, ax = _figure(ax, width, max(rows) * len(rows) + 40)
        lows = [v for v in data["low"].tolist() if not math.isnan(v)] + [0.0]
        left = math.floor(min(lows) * 10) / 10 if min(lows) < 0 else 0.0
        for cut, text in THRESHOLDS:
            ax.axvline(cut, color=FAINT, linestyle=(0, (3, 2)), linewidth=0.6, zorder=0)
        for i, row in enumerate(data.itertuples(index=False)):
            if math.isnan(row.alpha):
                ax.text(left + 0.02, i, "not estimable", va="center", ha="left", fontsize=SMALL, color=MUTED,
                        style="italic")
                continue
            if not (math.isnan(row.low) or math.isnan(row.high)):
                ax.plot([row.low, row.high], [i, i], color=OKABE_ITO["blue"], linewidth=1.0, solid_capstyle="butt")
            ax.plot([row.alpha], [i], marker="o", markersize=3.2, color=OKABE_ITO["blue"], linestyle="none")
        ax.set_yticks(range(len(codes)), labels, fontsize=size)
        ax.set_ylim(len(codes) - 0.5, -0.5)
        ax.set_xlim(left, 1.04)  # room for a marker at 1
        step = 0.2 if left > -0.5 else 0.5
        ax.set_xticks([round(k * step, 1) for k in range(math.ceil(left / step - 1e-9), round(1 / step) + 1)])
        ax.spines["bottom"].set_bounds(left, 1.0)
        ax.set_xlabel(xlabel, fontsize=size)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        for (cut, text), side in zip(THRESHOLDS, ("right", "left")):
            ax.annotate(text, xy=(cut, 1.0), xycoords=("data", "axes fraction"), xytext=(-2 if side == "right" else 2, 2),
                        textcoords="offset points", ha=side, va="bottom", fontsize=SMALL, color=MUTED)
    return settle(fig)


# ------------------------------------------------------------------ alt text
def coverage_alt_text(frame: pd.DataFrame) -> str:
    themes, studies = _order(frame["theme"]), _order(frame["study"])
    totals = frame.assign(theme=frame["theme"].astype(str)).groupby("theme")["n"].sum()
    per_study = frame.assign(study=frame["study"].astype(str)).groupby("study")["n"].sum()
    parts = [f"Heatmap of coded passages: {len(themes)} themes (rows) by {len(studies)} studies (columns); "
             "darker cells hold more passages (see the colour key), and each cell shows its count."]
    groups = _groups(frame, studies)
    if groups:
        parts.append("The columns are grouped. " + " ".join(
            f"{label}: {'; '.join(studies[first:last + 1]).removesuffix('.')}." for label, first, last in groups))
    parts.append("Passages per theme: " + "; ".join(f"{t} {int(totals.get(t, 0))}" for t in themes) + ".")
    parts.append("Passages per study: " + "; ".join(f"{s} {int(per_study.get(s, 0))}" for s in studies) + ".")
    empty = frame[frame["n"] == 0]
    if len(empty):
        parts.append(f"{len(empty)} of {len(frame)} theme-study cells are empty.")
    return " ".join(parts)


def codings_alt_text(frame: pd.DataFrame) -> str:
    frame = frame if "reviewer" in frame.columns else frame.assign(reviewer="")
    themes, reviewers = _order(frame["theme"]), _order(frame["reviewer"])
    counts = frame.assign(theme=frame["theme"].astype(str), reviewer=frame["reviewer"].astype(str)).groupby(
        ["theme", "reviewer"])["n"].sum()
    who = f" by reviewer ({', '.join(reviewers)})" if any(reviewers) else ""
    lines = [f"Horizontal bar chart of codings per theme{who}."]
    for t in themes:
        said = ", ".join(f"{r} {int(counts.get((t, r), 0))}" if r else f"{int(counts.get((t, r), 0))}" for r in reviewers)
        lines.append(f"{t}: {said}.")
    return " ".join(lines)


def agreement_alt_text(frame: pd.DataFrame) -> str:
    data = frame.sort_values(["alpha", "code"], ascending=[False, True], na_position="last", kind="mergesort")
    parts = [f"Dot-and-interval chart of agreement between reviewers for {len(data)} codes, highest first, "
             "with reference lines at alpha 0.667 and 0.800."]
    for row in data.itertuples(index=False):
        if pd.isna(row.alpha):
            parts.append(f"{row.code}: not estimable.")
        else:
            parts.append(f"{row.code}: alpha {row.alpha:.2f} (95% CI {row.low:.2f} to {row.high:.2f}).")
    return " ".join(parts)
