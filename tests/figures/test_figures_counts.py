"""Coverage heatmap, codings per theme and per-code agreement, from small tidy frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from figure_helpers import assert_inside_figure, assert_no_overlaps, texts

from synthesis.figures import agreement_chart, codings_per_theme, coverage_heatmap
from synthesis.figures.counts import agreement_alt_text, codings_alt_text, coverage_alt_text
from synthesis.figures.style import new_figure

THEMES = ["Participation and legitimacy to participate in partnership working", "Trust", "Time"]
STUDIES = ["Green and Dicks, 2012", "LGA, 2020"]


def coverage() -> pd.DataFrame:
    rows = [{"theme": t, "study": s, "n": (i + 2 * j) % 4} for i, t in enumerate(THEMES) for j, s in enumerate(STUDIES)]
    frame = pd.DataFrame(rows)
    frame["theme"] = pd.Categorical(frame["theme"], categories=THEMES[::-1], ordered=True)
    return frame


def labels(fig):
    ax = fig.axes[0]
    return [t for t in ax.get_yticklabels() + ax.get_xticklabels() if t.get_text()]


def test_heatmap_writes_each_count_in_order_of_the_categories():
    fig = coverage_heatmap(coverage())
    ax = fig.axes[0]
    assert [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()] == THEMES[::-1]
    assert [t.get_text() for t in ax.get_xticklabels()] == STUDIES
    cells = [t.get_text() for t in ax.texts]
    assert len(cells) == 6 and "\u2013" in cells  # an empty cell shows a dash, not a zero
    assert_no_overlaps(fig, labels(fig))
    assert_inside_figure(fig, texts(fig))
    assert "Trust 4;" in coverage_alt_text(coverage())


def test_codings_per_theme_one_bar_per_reviewer():
    frame = pd.DataFrame({"theme": [t for t in THEMES for _ in "AB"], "reviewer": ["AG", "NT"] * 3,
                          "n": [8, 7, 2, 3, 0, 1]})
    fig = codings_per_theme(frame)
    ax = fig.axes[0]
    assert len(ax.patches) == 6
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["AG", "NT"]
    assert_no_overlaps(fig, labels(fig))
    assert_inside_figure(fig, texts(fig))
    assert "Trust: AG 2, NT 3." in codings_alt_text(frame)
    single = codings_per_theme(frame.groupby("theme", sort=False, as_index=False)["n"].sum())
    assert single.axes[0].get_legend() is None


def test_agreement_chart_sorts_codes_and_marks_the_not_estimable():
    frame = pd.DataFrame({"code": ["Trust", "Time", "Co-location", "Shared values"],
                          "alpha": [0.55, 0.91, float("nan"), 0.72],
                          "low": [0.3, 0.8, float("nan"), -0.05], "high": [0.7, 1.0, float("nan"), 0.9]})
    fig = agreement_chart(frame)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Time", "Shared values", "Trust", "Co-location"]
    assert any(t.get_text() == "not estimable" for t in ax.texts)
    assert ax.get_xlim()[0] < 0  # room for an interval below zero
    assert {t.get_text() for t in ax.texts} >= {"0.667", "0.800"}
    assert_no_overlaps(fig, labels(fig))
    assert_inside_figure(fig, texts(fig))
    text = agreement_alt_text(frame)
    assert text.index("Time: alpha 0.91") < text.index("Trust: alpha 0.55") and "Co-location: not estimable" in text


def test_given_axes_are_used():
    fig = new_figure("double", 80)
    ax = fig.add_subplot(1, 2, 2)
    assert coverage_heatmap(coverage(), ax=ax) is fig
    assert len(ax.texts) == 6


@pytest.mark.parametrize("call, frame, match", [
    (coverage_heatmap, pd.DataFrame({"theme": ["a"], "n": [1]}), "missing study"),
    (coverage_heatmap, pd.DataFrame(columns=["theme", "study", "n"]), "empty"),
    (agreement_chart, pd.DataFrame({"code": ["a"], "alpha": [0.5], "low": [0.7], "high": [0.6]}), "low is above high"),
    (codings_per_theme, pd.DataFrame({"reviewer": ["a"], "n": [1]}), "missing theme"),
])
def test_bad_frames(call, frame, match):
    with pytest.raises(ValueError, match=match):
        call(frame)


def test_counts_are_integers_in_cells():
    frame = coverage()
    fig = coverage_heatmap(frame)
    numbers = [t.get_text() for t in fig.axes[0].texts if t.get_text() != "\u2013"]
    assert all(float(n).is_integer() and not math.isnan(float(n)) for n in numbers)


def test_heatmap_has_a_colour_key_and_sets_grey_literature_apart():
    frame = coverage().assign(group=lambda f: ["Studies" if s.startswith("Green") else "Grey literature"
                                               for s in f["study"]])
    fig = coverage_heatmap(frame)
    ax, key = fig.axes
    assert key.get_gid() == "colour-key" and key.get_ylabel() == "Coded passages"
    assert [t.get_text() for t in key.get_yticklabels()] == ["0", "1", "2", "3"]  # one step per count
    groups = texts(fig, "group-")
    assert [t.get_text() for t in groups] == ["Studies", "Grey literature"]
    assert [line.get_gid() for line in ax.lines if line.get_gid()] == ["group-rule-1"]
    assert_no_overlaps(fig, labels(fig) + groups)
    assert_inside_figure(fig, texts(fig))
    said = coverage_alt_text(frame)
    assert "colour key" in said and "Studies: Green and Dicks, 2012. Grey literature: LGA, 2020." in said
    plain = coverage_heatmap(coverage())  # without groups: a key, no group labels
    assert len(plain.axes) == 2 and not texts(plain, "group-")


def test_the_project_coverage_frame_groups_grey_literature_last():
    from synthesis import Project
    from synthesis.figures.data import analytical_themes, coverage_frame

    from figure_helpers import ROOT

    project = Project.open(ROOT)
    frame = coverage_frame(project, analytical_themes(project))
    order = list(dict.fromkeys(zip(frame["study"].astype(str), frame["group"])))
    kinds = [g for _, g in order]
    assert kinds == sorted(kinds, key=lambda g: g == "Grey literature") and set(kinds) == {"Studies", "Grey literature"}
    assert ("LGA, 2020", "Grey literature") in order and ("Green and Dicks, 2012", "Studies") in order


def test_a_group_of_studies_ending_in_a_citation_with_a_full_stop_has_one():
    frame = pd.DataFrame({"theme": ["Trust", "Trust"], "study": ["Green and Dicks, 2012", "Toogood, n.d."],
                          "n": [2, 1], "group": ["Studies", "Grey literature"]})
    frame["theme"] = pd.Categorical(frame["theme"])
    frame["study"] = pd.Categorical(frame["study"], categories=list(frame["study"]))
    said = coverage_alt_text(frame)
    assert "Grey literature: Toogood, n.d. Passages" in said and ".." not in said
