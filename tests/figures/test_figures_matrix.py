"""The 2x2 matrix: layout read from the codebook; labels wrap, stay in their quadrant, never overlap."""

from __future__ import annotations

import pandas as pd
import pytest
from figure_helpers import ROOT, assert_inside_figure, assert_no_overlaps, boxes, texts

from synthesis.errors import InputError
from synthesis.figures import matrix_figure, read_matrix
from synthesis.figures.matrix import alt_text
from synthesis.figures.style import new_figure

X, Y = ("tangible", "intangible"), ("relational", "structural")


def quadrant_boxes(fig):
    renderer = fig.canvas.get_renderer()
    patches = [p for p in fig.axes[0].patches if (p.get_gid() or "").startswith("quadrant-")]
    return {p.get_gid().removeprefix("quadrant-"): p.get_window_extent(renderer) for p in patches}


def check_layout(fig, names):
    elements = texts(fig, "element-")
    assert sorted(" ".join(t.get_text().split()) for t in elements) == sorted(names)
    quadrants = quadrant_boxes(fig)
    for text, box in zip(elements, boxes(fig, elements)):
        i, j, _ = text.get_gid().removeprefix("element-").split("-")
        q = quadrants[f"{i}-{j}"]
        assert q.x0 <= box.x0 and box.x1 <= q.x1 and q.y0 <= box.y0 and box.y1 <= q.y1, text.get_text()
    assert_no_overlaps(fig, texts(fig))
    assert_inside_figure(fig, texts(fig))


def test_the_seventeen_elements_read_from_the_codebook():
    spec = read_matrix(ROOT / "codebooks" / "send-codebook.yaml")
    assert (spec.x, spec.y) == (X, Y)
    assert len(spec.elements) == 17
    placed = dict(zip(spec.elements["element"], zip(spec.elements["x"], spec.elements["y"])))
    assert placed["Trust"] == ("intangible", "relational")
    assert placed["Co-location"] == ("tangible", "structural")
    assert placed["Flexible hierarchies"] == ("intangible", "structural")


@pytest.mark.parametrize("width", ["single", "double"])
def test_example_matrix_labels_stay_in_their_quadrant(width):
    spec = read_matrix(ROOT / "codebooks" / "send-codebook.yaml")
    fig = matrix_figure(spec.elements, spec.x, spec.y, width=width)
    assert round(fig.get_figwidth() * 25.4) == (85 if width == "single" else 175)
    check_layout(fig, list(spec.elements["element"]))
    ends = {t.get_text() for t in texts(fig, "end-")}
    assert ends == {"Tangible", "Intangible", "Relational", "Structural"}


def test_long_labels_wrap_and_a_given_axes_shrinks_the_text():
    long = "A very long element name that would never fit on one line of a quadrant in a journal column"
    rows = [{"element": f"{long} ({k})", "x": X[k % 2], "y": Y[(k // 2) % 2]} for k in range(12)]
    fig = new_figure("single", 70)
    ax = fig.add_axes((0, 0, 1, 1))
    assert matrix_figure(pd.DataFrame(rows), X, Y, ax=ax) is fig
    assert all("\n" in t.get_text() for t in texts(fig, "element-"))
    check_layout(fig, [r["element"] for r in rows])
    assert max(t.get_fontsize() for t in texts(fig, "element-")) < 7


def test_an_empty_quadrant_is_drawn_empty():
    frame = pd.DataFrame({"element": ["Trust"], "x": ["intangible"], "y": ["relational"]})
    fig = matrix_figure(frame, X, Y)
    check_layout(fig, ["Trust"])
    assert "Tangible / structural (0): no elements." in alt_text(frame, X, Y)


def test_an_element_off_the_axes_is_an_error():
    frame = pd.DataFrame({"element": ["Trust"], "x": ["soft"], "y": ["relational"]})
    with pytest.raises(ValueError, match="'soft'"):
        matrix_figure(frame, X, Y)
    with pytest.raises(ValueError, match="two ends"):
        matrix_figure(frame, ("tangible",), Y)


def test_matrix_section_errors_name_file_line_and_field(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text("matrix:\n  axes:\n    x: [tangible, intangible]\n    y: [relational, structural]\n"
                    "  quadrants:\n    tangible/relational: [Trust]\n    soft/relational: [Reciprocity]\n")
    with pytest.raises(InputError) as error:
        read_matrix(path)
    assert "line 7" in str(error.value) and "matrix.quadrants.soft/relational" in str(error.value)
    path.write_text("matrix:\n  axes:\n    x: [tangible, intangible]\n    y: [relational, structural]\n"
                    "  quadrants:\n    tangible/relational: [Trust]\n    intangible/relational: [trust]\n")
    with pytest.raises(InputError, match="in two quadrants"):
        read_matrix(path)
    path.write_text("matrix:\n  axes:\n    x: [tangible]\n")
    with pytest.raises(InputError, match="line 3.*matrix.axes.x"):
        read_matrix(path)
