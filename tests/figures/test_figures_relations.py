"""Matrix heatmaps and co-occurrence figures: drawn from tidy data, deterministic, with alt text
and a colour key."""

from __future__ import annotations

import pandas as pd
import pytest
from figure_helpers import ROOT

from synthesis.figures.relations import (
    cooccurrence_heatmap, cooccurrence_network, matrix_alt_text, matrix_heatmap, network_alt_text,
)
from synthesis.figures.style import new_figure, save
from synthesis.project import Project
from synthesis.query.cooccurrence import cooccurrence
from synthesis.query.matrix import matrix


@pytest.fixture(scope="module")
def example() -> Project:
    return Project.open(ROOT)  # read-only


def test_matrix_heatmap_of_the_example(example, tmp_path):
    long = matrix(example, "themes", "design").long()
    fig = matrix_heatmap(long, value_label="Codings")
    heat, key = fig.axes
    assert key.get_ylabel() == "Codings"                                      # the colour key
    assert [t.get_text() for t in heat.texts][8:10] == ["16", "13"]           # written in the cells
    assert [t.get_text() for t in heat.get_xticklabels()] == ["grey literature", "qualitative"]
    first = save(fig, tmp_path / "a", ["svg", "png"], alt_text=matrix_alt_text(long))
    second = save(matrix_heatmap(long, value_label="Codings"), tmp_path / "b", ["svg", "png"])
    assert first[0].read_bytes() == second[0].read_bytes()                    # same data, same bytes
    assert first[1].read_bytes() == second[1].read_bytes()
    alt = first[2].read_text()
    assert alt.startswith("Heatmap of codings: 17 rows by 2 columns (grey literature, qualitative)")
    assert "Working across professional and organisational boundaries 29" in alt


def test_cooccurrence_heatmap_is_symmetric_with_a_grey_diagonal(example):
    pairs = cooccurrence(example).pairs()
    fig = cooccurrence_heatmap(pairs, "c")
    values = fig.axes[0].images[0].get_array()
    assert values.mask.diagonal().all() and (values.data == values.data.T).all()
    assert fig.axes[1].get_ylabel() == "C-coefficient"


def test_network(example, tmp_path):
    pairs = cooccurrence(example).pairs()
    fig = cooccurrence_network(pairs)
    names = sorted({*pairs.code_a, *pairs.code_b}, key=str.casefold)
    nodes = [t.get_text().replace("\n", " ") for t in fig.axes[0].texts if t.get_gid() == "node"]
    assert nodes == names
    assert sorted(t.get_text() for t in fig.axes[0].texts if t.get_gid() == "edge") == sorted(
        str(n) for n in pairs["n"])
    legend = fig.axes[0].get_legend()
    assert legend.get_title().get_text() == "Number of meetings"
    a = save(fig, tmp_path / "a", ["svg"])[0].read_bytes()
    b = save(cooccurrence_network(pairs), tmp_path / "b", ["svg"])[0].read_bytes()
    assert a == b
    alt = network_alt_text(pairs)
    assert f"{len(names)} codes on a circle, joined by {len(pairs)} lines" in alt
    assert "Agreeing goals and responsibilities \u2013 Regular, open communication: 2" in alt


def test_drawing_into_a_given_axes():
    frame = pd.DataFrame({"row": ["A", "B"], "column": ["x", "x"], "value": [1, 2]})
    fig = new_figure("single", 60)
    ax = fig.add_subplot()
    assert matrix_heatmap(frame, ax=ax) is fig
    pairs = pd.DataFrame({"code_a": ["A"], "code_b": ["B"], "n": [3]})
    fig2 = new_figure("single", 80)
    assert cooccurrence_network(pairs, ax=fig2.add_subplot()) is fig2


def test_bad_frames():
    with pytest.raises(ValueError, match="needs columns row, column, value"):
        matrix_heatmap(pd.DataFrame({"row": ["A"]}))
    with pytest.raises(ValueError, match="empty"):
        cooccurrence_network(pd.DataFrame({"code_a": [], "code_b": [], "n": []}))
