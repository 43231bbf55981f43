"""The ingredients figure: 2 to 9 themes around the question, no label overlapping another."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from figure_helpers import assert_inside_figure, assert_no_overlaps, boxes, texts
from hypothesis import given, settings
from hypothesis import strategies as st

from synthesis.figures import ingredients_figure
from synthesis.figures.ingredients import _spread, alt_text
from synthesis.figures.style import new_figure

NAMES = [
    "Participation and legitimacy to participate in partnership working",
    "Personalisation, and consultation with CYP and their families in designing and delivering services",
    "Respectful communication, and feeling that involvement is valued",
    "Preparation to be an effective member of a partnership",
    "Working across professional and organisational boundaries",
    "Trust", "Shared values and a common purpose across services", "Co-location",
    "Flexible hierarchies that give staff the autonomy to act",
]
QUESTION = "What are the key ingredients for effective partnership in SEND services?"


def frame(n: int, descriptive: bool = True) -> pd.DataFrame:
    rows = []
    for i, name in enumerate(NAMES[:n]):
        ds = [f"Descriptive theme {i + 1}a", f"A longer descriptive theme {i + 1}b"] if descriptive and i % 2 else [""]
        rows += [{"theme": name, "descriptive": d} for d in ds]
    return pd.DataFrame(rows)


def check(fig, n):
    labels = texts(fig, "label-")
    assert len(labels) == n
    assert [t.get_gid() for t in texts(fig, "number-")] == [f"number-{i}" for i in range(1, n + 1)]
    assert_no_overlaps(fig, texts(fig))
    assert_inside_figure(fig, texts(fig))


@pytest.mark.parametrize("n", range(2, 10))
@pytest.mark.parametrize("width", ["single", "double"])
def test_two_to_nine_themes_without_overlaps(n, width):
    fig = ingredients_figure(frame(n), QUESTION, width=width)
    check(fig, n)
    shown = {" ".join(t.get_text().split()) for t in texts(fig, "label-")}
    assert shown == set(NAMES[:n])


@pytest.mark.parametrize("n", [2, 5, 9])
def test_the_question_sits_inside_the_ring(n):
    fig = ingredients_figure(frame(n), QUESTION, width="double")
    (question,) = texts(fig, "question")
    box = boxes(fig, [question])[0]
    ring = next(p for p in fig.axes[0].patches if p.get_gid() == "segment-1")
    renderer = fig.canvas.get_renderer()
    centre = fig.axes[0].transData.transform(ring.center)
    hole = fig.axes[0].transData.transform((ring.center[0] + ring.r - ring.width, ring.center[1]))[0] - centre[0]
    for x, y in ((box.x0, box.y0), (box.x0, box.y1), (box.x1, box.y0), (box.x1, box.y1)):
        assert math.hypot(x - centre[0], y - centre[1]) <= hole + 0.5
    assert renderer is not None


def test_descriptive_themes_are_shown_or_left_out():
    fig = ingredients_figure(frame(4), QUESTION, width="double")
    assert [t.get_text().replace("\n", " ") for t in texts(fig, "descriptive-")] == [
        "Descriptive theme 2a; A longer descriptive theme 2b", "Descriptive theme 4a; A longer descriptive theme 4b"]
    assert not texts(ingredients_figure(frame(4), QUESTION, descriptive=False), "descriptive-")


@pytest.mark.parametrize("labels", ["around", "below"])
def test_both_label_layouts(labels):
    check(ingredients_figure(frame(7), QUESTION, width="double", labels=labels), 7)


def test_a_question_too_long_for_the_ring_goes_above_it():
    fig = ingredients_figure(frame(3), " ".join([QUESTION] * 4), width="single")
    (question,) = texts(fig, "question")
    assert question.get_va() == "top"
    check(fig, 3)


def test_drawn_into_a_given_axes():
    fig = new_figure("double", 80)
    ax = fig.add_axes((0.05, 0.05, 0.9, 0.9))
    assert ingredients_figure(frame(6), QUESTION, ax=ax) is fig
    check(fig, 6)


def test_theme_counts_outside_the_range_are_refused():
    with pytest.raises(ValueError, match="2 to 12"):
        ingredients_figure(frame(1), QUESTION)
    many = pd.DataFrame({"theme": [f"Theme {i}" for i in range(13)]})
    with pytest.raises(ValueError, match="not 13"):
        ingredients_figure(many, QUESTION)
    with pytest.raises(ValueError, match="'theme' column"):
        ingredients_figure(pd.DataFrame({"name": ["a", "b"]}), QUESTION)


def test_alt_text_names_every_theme_in_order():
    text = alt_text(frame(3), QUESTION)
    assert text.index("1. Participation") < text.index("2. Personalisation") < text.index("3. Respectful")
    assert QUESTION in text and "descriptive themes: Descriptive theme 2a" in text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(-200, 200), st.floats(1, 60)), min_size=1, max_size=9))
def test_spread_keeps_order_and_never_overlaps(items):
    ideal = [y for y, _ in items]
    heights = [h for _, h in items]
    placed = _spread(ideal, heights, 5.0)
    order = sorted(range(len(ideal)), key=lambda i: -ideal[i])
    for a, b in zip(order, order[1:]):
        assert placed[a] - placed[b] >= (heights[a] + heights[b]) / 2 + 5.0 - 1e-6


@pytest.mark.parametrize("n", [3, 5, 8])
def test_each_leader_line_reaches_its_segment(n):
    fig = ingredients_figure(frame(n), QUESTION, width="double")
    ax = fig.axes[0]
    segments = {p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("segment-")}
    leaders = [line for line in ax.lines if (line.get_gid() or "").startswith("leader-")]
    assert leaders
    for line in leaders:
        k = line.get_gid().split("-")[1]
        wedge = segments[f"segment-{k}"]
        x, y = line.get_xdata()[0], line.get_ydata()[0]
        assert wedge.get_path().contains_point((x, y), transform=wedge.get_transform().frozen()
                                               .__sub__(ax.transData)), line.get_gid()
