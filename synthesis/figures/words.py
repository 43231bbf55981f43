"""Word frequencies as a horizontal bar chart: the most frequent words or lemmas, most frequent on top.

Takes the tidy table :func:`synthesis.query.word_frequencies` returns (a ``lemma`` or
``word`` column and ``count``; with a group column, one panel per group is not drawn:
pass one group's rows).

>>> import pandas as pd
>>> frame = pd.DataFrame({"lemma": ["partner", "trust", "time"], "count": [12, 7, 7]})
>>> fig = word_frequency_chart(frame)
>>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
['partner', 'time', 'trust']
>>> word_frequency_alt_text(frame)
'Horizontal bar chart of the 3 most frequent lemmas, most frequent first: partner 12; time 7; trust 7.'
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .counts import BAR_ROW, _figure, settle
from .style import INK, OKABE_ITO, SMALL, style


def _term_column(frame: pd.DataFrame) -> str:
    term = "lemma" if "lemma" in frame.columns else "word"
    missing = [c for c in (term, "count") if c not in frame.columns]
    if missing:
        raise ValueError(f"the word-frequency frame needs columns lemma (or word) and count "
                         f"(missing {', '.join(missing)})")
    if frame.empty:
        raise ValueError("the word-frequency frame is empty: nothing to draw")
    groups = [c for c in ("source_id", "study_id", "code", "theme") if c in frame.columns]
    if groups and frame[groups[0]].nunique() > 1:
        raise ValueError(f"the frame has several {groups[0]} groups: draw one at a time "
                         f"(frame[frame.{groups[0]} == ...])")
    return term


def _ordered(frame: pd.DataFrame, term: str) -> pd.DataFrame:
    data = frame[[term, "count"]].copy()
    data[term] = data[term].astype(str)
    data["count"] = pd.to_numeric(data["count"], errors="raise").astype(int)
    return data.sort_values(["count", term], ascending=[False, True], kind="mergesort")


def word_frequency_chart(frame: pd.DataFrame, *, ax: Axes | None = None, width: str | float = "single",
                         colour: str = OKABE_ITO["blue"], xlabel: str | None = None) -> Figure:
    """One bar per word (columns lemma or word, count), most frequent on top, each labelled with its count."""
    term = _term_column(frame)
    data = _ordered(frame, term)
    terms, counts = list(data[term]), list(data["count"])
    with style():
        fig, ax = _figure(ax, width, BAR_ROW * 0.8 * len(terms) + 40)
        ax.barh(range(len(terms)), counts, height=0.75, color=colour, edgecolor="none")
        top = max(max(counts), 1)
        for y, x in enumerate(counts):
            ax.text(x + top * 0.015, y, f"{x}", va="center", ha="left", fontsize=SMALL, color=INK)
        ax.set_yticks(range(len(terms)), terms, fontsize=SMALL + 0.5)
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.12)
        ax.set_xlabel(xlabel or f"Occurrences ({'lemmas' if term == 'lemma' else 'words'})", fontsize=SMALL + 0.5)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
    return settle(fig)


def word_frequency_alt_text(frame: pd.DataFrame) -> str:
    """The chart in words, for the alt-text file."""
    term = _term_column(frame)
    data = _ordered(frame, term)
    kind = "lemmas" if term == "lemma" else "words"
    listed = "; ".join(f"{t} {c}" for t, c in zip(data[term], data["count"]))
    return f"Horizontal bar chart of the {len(data)} most frequent {kind}, most frequent first: {listed}."
