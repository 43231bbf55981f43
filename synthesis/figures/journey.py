"""The partnership-journey charts from the LGA (2020) workshops.

* :func:`stages_figure`: the share of local areas at each stage of the journey
  (starting, developing, maturing, embedding), from ``corpus/journey/stages.csv``.
* :func:`self_evaluation_figure`: the four-theme self-evaluation framework as a
  diverging Likert chart (strongly agree ... strongly disagree, with "cannot say" apart).

The published summary gives no per-theme counts for the self-evaluation, so the
example ships an empty template and a file of made-up counts. Data whose ``status``
says "illustrative" is always drawn with an "Illustrative data" title, a watermark and
a note, and :func:`self_evaluation_alt_text` says so too: invented numbers are never
presented as findings.

>>> stages = read_stages("corpus/journey/stages.csv")
>>> stages[["stage", "percent"]].to_dict("list")
{'stage': ['Starting', 'Developing', 'Maturing', 'Embedding'], 'percent': [20.0, 61.0, 19.0, 0.0]}
>>> answers = read_self_evaluation("corpus/journey/self-evaluation-illustrative.csv")
>>> is_illustrative(answers), sorted(set(answers["response"]))[:2]
(True, ['agree', 'cannot say'])
"""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from ..errors import InputError
from .counts import _figure, _wrap_labels, settle
from .style import BASE, INK, LIKERT, MUTED, OKABE_ITO, SMALL, WARN, new_figure, style, text_colour_on, width_inches
from .text import Measure, wrap

RESPONSES = ("strongly agree", "agree", "disagree", "strongly disagree", "cannot say")
"""Response options of the LGA (2020) self-evaluation framework, in its order."""
ILLUSTRATIVE_TITLE = "Illustrative data (made-up counts, not findings)"


# ------------------------------------------------------------------ reading
def _read_csv(path: str | os.PathLike[str]) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    rows = [(n, {(k or "").strip(): (v or "").strip() for k, v in row.items()}) for n, row in enumerate(reader, 2)]
    return header, [(n, r) for n, r in rows if any(r.values())]


def _count(value: str, path: str | os.PathLike[str], row: int, field: str, *, percent: bool = False) -> float | None:
    if value == "":
        return None
    try:
        number = float(value.rstrip("%"))
    except ValueError:
        raise InputError(path, f"'{value}' is not a {'percentage' if percent else 'count'}", line=row, field=field) from None
    if number < 0 or (percent and number > 100) or (not percent and number != int(number)):
        what = "a percentage from 0 to 100" if percent else "a whole number, 0 or more"
        raise InputError(path, f"'{value}' is not {what}", line=row, field=field)
    return number


def read_stages(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Tidy (stage, percent, areas_taking_part, source, note) in journey order; shares must add up to 100 (±1)."""
    header, rows = _read_csv(path)
    for needed in ("stage", "percent"):
        if needed not in header:
            raise InputError(path, f"has no '{needed}' column", line=1, field=needed)
    records = []
    for n, row in rows:
        if not row.get("stage"):
            raise InputError(path, "a stage needs a name", line=n, field="stage")
        percent = _count(row.get("percent", ""), path, n, "percent", percent=True)
        if percent is None:
            raise InputError(path, "the share of local areas is missing", line=n, field="percent")
        base = _count(row.get("areas_taking_part", ""), path, n, "areas_taking_part")
        records.append({"stage": row["stage"], "percent": percent,
                        "areas_taking_part": int(base) if base is not None else pd.NA,
                        "source": row.get("source", ""), "note": row.get("note", "")})
    if not records:
        raise InputError(path, "has no stages")
    total = sum(r["percent"] for r in records)
    if abs(total - 100) > 1:
        raise InputError(path, f"the shares add up to {total:g}%, not 100%", line=rows[-1][0], field="percent")
    frame = pd.DataFrame(records, columns=["stage", "percent", "areas_taking_part", "source", "note"])
    frame["areas_taking_part"] = frame["areas_taking_part"].astype("Int64")
    return frame


def read_self_evaluation(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Tidy (theme, response, n, status, source) from a self-evaluation sheet (one row per theme).

    Blank counts (the template) are read as missing; ``status`` comes from the sheet's
    ``status`` column ("" when it has none).
    """
    header, rows = _read_csv(path)
    columns = {r: r.replace(" ", "_") for r in RESPONSES}
    missing = [c for c in ["theme", *columns.values()] if c not in header]
    if missing:
        raise InputError(path, f"has no '{missing[0]}' column", line=1, field=missing[0])
    records = []
    for n, row in rows:
        if not row.get("theme"):
            raise InputError(path, "a theme needs a name", line=n, field="theme")
        for response, column in columns.items():
            count = _count(row.get(column, ""), path, n, column)
            records.append({"theme": row["theme"], "response": response,
                            "n": float("nan") if count is None else int(count), "status": row.get("status", ""),
                            "source": row.get("source", "")})
    frame = pd.DataFrame(records, columns=["theme", "response", "n", "status", "source"])
    frame["response"] = pd.Categorical(frame["response"], categories=list(RESPONSES), ordered=True)
    return frame


def is_illustrative(frame: pd.DataFrame) -> bool:
    """Whether any row's ``status`` says the data is illustrative (made up)."""
    return "status" in frame.columns and bool(frame["status"].astype(str).str.contains("illustrative", case=False).any())


# ------------------------------------------------------------------ stages
def stages_figure(stages: pd.DataFrame, *, ax: Axes | None = None, width: str | float = "single",
                  title: str | None = None, note: str | None = None) -> Figure:
    """Bar chart of the share of local areas at each stage (columns stage, percent), in row order."""
    for needed in ("stage", "percent"):
        if needed not in stages.columns:
            raise ValueError(f"the stages frame needs a '{needed}' column")
    own = ax is None
    with style():
        fig, ax = _figure(ax, width, 150)
        xs = range(len(stages))
        values = [float(v) for v in stages["percent"]]
        ax.bar(xs, values, width=0.62, color=OKABE_ITO["blue"], edgecolor="none")
        top = max(values + [1.0])
        for x, v in zip(xs, values):
            ax.text(x, v + top * 0.025, f"{v:g}%", ha="center", va="bottom", fontsize=BASE, color=INK,
                    fontweight="bold")
        ax.set_xticks(list(xs), [str(s) for s in stages["stage"]], fontsize=BASE)
        ax.set_ylim(0, top * 1.18)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="x", length=0)
        ax.set_xlabel("Stage of the partnership journey  \u2192", fontsize=SMALL + 0.5, color=MUTED)
        ax.set_ylabel("Share of local areas", fontsize=SMALL + 0.5, color=MUTED)
        _title_and_note(fig, ax, own, title, note, width)
    return settle(fig)


def notes_of(frame: pd.DataFrame) -> str:
    """The distinct ``source`` and ``note`` texts of a frame, as one caption line."""
    def distinct(column: str) -> list[str]:
        if column not in frame.columns:
            return []
        return list(dict.fromkeys(str(v).strip() for v in frame[column] if str(v).strip() and str(v) != "nan"))

    parts = distinct("note")
    sources = distinct("source")
    if sources:
        parts.append("Source: " + "; ".join(sources))
    return " ".join(p if p.endswith(".") else p + "." for p in parts)


def stages_caption(stages: pd.DataFrame) -> str:
    """The figure's caption for the paper, kept out of the image: what it shows, its notes and source.

    >>> stages_caption(read_stages("corpus/journey/stages.csv"))[:80]
    'Share of local areas at each stage of the partnership journey. 99 local areas to'
    """
    notes = notes_of(stages)
    return "Share of local areas at each stage of the partnership journey." + (f" {notes}" if notes else "")


def stages_alt_text(stages: pd.DataFrame) -> str:
    parts = ", ".join(f"{s} {float(p):g}%" for s, p in zip(stages["stage"], stages["percent"]))
    notes = notes_of(stages)
    return (f"Bar chart of the share of local areas at each stage of the partnership journey: {parts}."
            + (f" {notes}" if notes else ""))


# ------------------------------------------------------------------ Likert
def self_evaluation_figure(answers: pd.DataFrame, *, ax: Axes | None = None, width: str | float = "single",
                           title: str | None = None, note: str | None = None) -> Figure:
    """Diverging Likert chart of ``answers`` (columns theme, response, n[, status]).

    Agreement extends right of zero and disagreement left; "cannot say" is a separate
    bar at the right. Shares are of all answers to a theme. Illustrative data (see
    :func:`is_illustrative`) is titled, watermarked and noted as such whatever ``title`` says.
    """
    for needed in ("theme", "response", "n"):
        if needed not in answers.columns:
            raise ValueError(f"the self-evaluation frame needs a '{needed}' column")
    data = answers.assign(response=answers["response"].astype(str).str.strip().str.lower())
    unknown = sorted(set(data["response"]) - set(RESPONSES))
    if unknown:
        raise ValueError(f"unknown response {unknown[0]!r}: use {', '.join(RESPONSES)}")
    if data["n"].isna().all():
        raise ValueError("no counts to draw: the self-evaluation sheet is an empty template")
    themes = list(dict.fromkeys(data["theme"].astype(str)))
    table = data.pivot_table(index="theme", columns="response", values="n", aggfunc="sum").reindex(
        index=themes, columns=list(RESPONSES)).fillna(0)
    totals = table.sum(axis=1)
    if (totals <= 0).any():
        raise ValueError(f"theme '{totals[totals <= 0].index[0]}' has no answers")
    shares = table.div(totals, axis=0) * 100
    illustrative = is_illustrative(answers)
    if illustrative:
        title = ILLUSTRATIVE_TITLE + (f": {title}" if title else "")
        status = "; ".join(dict.fromkeys(s for s in answers["status"].astype(str) if "illustrative" in s.lower()))
        note = f"{status}. {note or ''}".strip()
    own = ax is None
    with style():
        m = Measure(new_figure(width, 50))
        fig_w = width_inches(width) * 72 if own else ax.figure.get_figwidth() * 72  # type: ignore[union-attr]
        labels = _wrap_labels(themes, fig_w * 0.3, m, SMALL + 0.5)
        fig, ax = _figure(ax, width, 30 * len(themes) + 95)
        left_edge = -100.0
        cs_x = 125.0
        for i, theme in enumerate(themes):
            row = shares.loc[theme]
            segments = [("disagree", -row["disagree"], row["disagree"]),
                        ("strongly disagree", -row["disagree"] - row["strongly disagree"], row["strongly disagree"]),
                        ("agree", 0.0, row["agree"]),
                        ("strongly agree", row["agree"], row["strongly agree"]),
                        ("cannot say", cs_x, row["cannot say"])]
            for response, start, length in segments:
                if length <= 0:
                    continue
                colour = LIKERT[response]
                ax.barh(i, length, left=start, height=0.62, color=colour, edgecolor="white", linewidth=0.5)
                if length >= 9:
                    ax.text(start + length / 2, i, f"{length:.0f}", ha="center", va="center", fontsize=SMALL - 0.5,
                            color=text_colour_on(colour))
        ax.axvline(0, color=INK, linewidth=0.6)
        ax.set_yticks(range(len(themes)), labels, fontsize=SMALL + 0.5)
        ax.set_ylim(len(themes) - 0.5, -0.5)
        right = cs_x + max(30.0, float(shares["cannot say"].max()) + 5)
        ax.set_xlim(left_edge - 2, right)
        ticks = [-100, -50, 0, 50, 100]
        ax.set_xticks(ticks, [f"{abs(t)}" for t in ticks], fontsize=SMALL)
        ax.spines["bottom"].set_bounds(-100, 100)
        ax.text(cs_x, len(themes) - 0.5, "Cannot say", ha="left", va="top", fontsize=SMALL, color=MUTED,
                transform=ax.transData, gid="cannot-say")
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("Share of answers (%): disagree \u2190  \u2192 agree", fontsize=SMALL + 0.5, color=MUTED)
        handles = [Patch(facecolor=LIKERT[r], label=r.capitalize()) for r in RESPONSES]
        legend = dict(handles=handles, ncol=3 if fig_w < 300 else 5, fontsize=SMALL, handlelength=1.0,
                      handleheight=0.8, columnspacing=0.8, frameon=False)
        # above the axes, starting at the figure's left edge (the theme labels' side)
        anchor = blended_transform_factory(fig.transFigure if own else ax.transAxes, ax.transAxes)
        ax.legend(loc="lower left", bbox_to_anchor=(0.005 if own else 0, 1.01), bbox_transform=anchor,
                  borderaxespad=0.2, **legend)
        if illustrative:  # sized to the plotting area (about 60% of the width), clipped to it
            angle = math.radians(18)
            w, h = m.size("ILLUSTRATIVE", 10, "bold")
            size = min(26.0, 10 * 0.55 * fig_w / (w * math.cos(angle) + h * math.sin(angle)))
            ax.text(0.5, 0.5, "ILLUSTRATIVE", transform=ax.transAxes, ha="center", va="center", rotation=18,
                    fontsize=size, fontweight="bold", color=WARN, alpha=0.12, zorder=0, gid="watermark",
                    clip_on=True)
        _title_and_note(fig, ax, own, title, note, width, warn=illustrative)
    return settle(fig)


def self_evaluation_alt_text(answers: pd.DataFrame) -> str:
    data = answers.assign(response=answers["response"].astype(str).str.lower())
    themes = list(dict.fromkeys(data["theme"].astype(str)))
    lead = ("ILLUSTRATIVE, MADE-UP DATA, NOT FINDINGS. " if is_illustrative(answers) else "")
    parts = [f"{lead}Diverging bar chart of self-evaluation answers for {len(themes)} themes: agreement "
             "extends right of zero, disagreement left, and 'cannot say' is shown apart on the right."]
    for theme in themes:
        rows = data[data["theme"].astype(str) == theme]
        counts = {r: int(n) for r, n in zip(rows["response"], rows["n"]) if pd.notna(n)}
        said = ", ".join(f"{r} {counts.get(r, 0)}" for r in RESPONSES)
        parts.append(f"{theme}: {said}.")
    if lead:
        status = "; ".join(dict.fromkeys(s for s in answers["status"].astype(str) if "illustrative" in s.lower()))
        parts.append(f"The counts are invented to show the chart ({status}).")
    return " ".join(parts)


# ------------------------------------------------------------------ shared
def _title_and_note(fig: Figure, ax: Axes, own: bool, title: str | None, note: str | None,
                    width: str | float, *, warn: bool = False) -> None:
    """A title above and a note beneath: on the figure when it is ours, else on the axes."""
    m = Measure(fig)
    room = (fig.get_figwidth() * 72 if own else ax.get_position().width * fig.get_figwidth() * 72) * 0.97
    colour = WARN if warn else INK
    if title:
        text = "\n".join(wrap(title, room, m, BASE + 0.5, "bold"))
        if own:
            fig.suptitle(text, x=0.01, ha="left", fontsize=BASE + 0.5, fontweight="bold", color=colour,
                         linespacing=1.2)
        else:
            ax.set_title(text, loc="left", fontsize=BASE + 0.5, fontweight="bold", color=colour)
    if note:
        text = "\n".join(wrap(note, room, m, SMALL))
        if own:
            fig.supxlabel(text, x=0.01, ha="left", fontsize=SMALL, color=WARN if warn else MUTED, linespacing=1.2)
        else:
            ax.set_xlabel(f"{ax.get_xlabel()}\n{text}", fontsize=SMALL)
