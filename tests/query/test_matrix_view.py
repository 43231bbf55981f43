"""The matrix and co-occurrence views driven without a browser, on the example review."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthesis.project import Project
from synthesis.widgets import CooccurrenceView, MatrixView
from synthesis.widgets import matrix_view
from synthesis.widgets.matrix_view import EVERYONE

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def example() -> Project:
    return Project.open(REPO)  # read-only


def test_choose_and_click_a_cell(example):
    view = MatrixView(example)
    assert len(view._buttons) == len(example.codes) and len(view._buttons[0]) == 7
    view.whose.value = EVERYONE
    i = view.found.row_labels.index("Mutual respect")
    j = view.found.col_labels.index("Care Learning, n.d.")
    assert view.button(i, j).description == "6"
    view.button(i, j).click()
    assert "Mutual respect \u00d7 Care Learning, n.d.</b>: 3 quotations" in view.quotations.value
    assert "AG, NT" in view.quotations.value
    assert (view.row_pick.value, view.col_pick.value) == (i, j)
    empty = view.found.col_labels.index("Isos Partnership, n.d.")
    assert view.button(i, empty).description == "\u2013"
    view.button(i, empty).click()
    assert "no quotations" in view.quotations.value


def test_rows_columns_and_measure(example):
    view = MatrixView(example)
    view.rows.value = "analytical"
    view.cols.value = "design"
    view.measure.value = "studies"
    assert view.found.col_labels == ("grey literature", "qualitative")
    assert [[b.description for b in row] for row in view._buttons][4] == ["4", "2"]
    view.row_pick.value, view.col_pick.value = 4, 1
    view.show.click()
    assert "Working across professional and organisational boundaries \u00d7 qualitative" in view.quotations.value
    view.whose.value = "NT"
    assert "Analytical themes by design: studies (NT&#x27;s codings)" in view.status.value
    view.measure.value = "text"  # cells give the number of passages; clicking lists them
    assert view._buttons[4][1].description.isdigit()


def test_large_matrices_become_a_table(example, monkeypatch):
    monkeypatch.setattr(matrix_view, "MAX_BUTTONS", 10)
    view = MatrixView(example)
    assert view.grid.children == () and "<table>" in view.table.value
    view.select("Mutual respect", "Green and Dicks, 2012")
    assert "Mutual respect \u00d7 Green and Dicks, 2012" in view.quotations.value


def test_data_is_escaped(tmp_path):
    with Project.init(tmp_path / "r", reviewer="AG") as p:
        p.add_text("<script>alert(1)</script> trust", title="<b>T</b>", source_id="s")
        p.apply_code("s", 0, 25, p.create_code("<img src=x onerror=alert(1)>"))
        p.apply_code("s", 0, 31, p.create_code("Trust"))
        view = MatrixView(p, cols="sources")
        view.button(0, 0).click()
        html = view.quotations.value + "".join(getattr(c, "value", "") for c in view.grid.children[0].children)
        assert "<script>" not in html and "<img" not in html and "&lt;img src=x" in html
        co = CooccurrenceView(p)
        co.pairs.value = 0
        assert "<script>" not in co.quotations.value and "&lt;script&gt;" in co.quotations.value


def test_cooccurrence_view(example):
    view = CooccurrenceView(example)
    view.whose.value = EVERYONE
    first = view.pairs.options[0][0]
    assert first == "Agreeing goals and responsibilities \u2194 Regular, open communication: 2 (c 0.50, Jaccard 0.53)"
    view.pairs.value = 0
    assert "2 quotations" in view.quotations.value
    view.sort.value = "jaccard"
    assert view.table["jaccard"].is_monotonic_decreasing
    view.by.value = "source"
    assert view.found.by == "source" and view.quotations.value == ""
    label = [text for text, _ in view.pairs.options if text.startswith("Relationship building over time \u2194 "
                                                                         "Trust and reciprocity")]
    assert label and label[0].endswith(": 2 (c 0.50, Jaccard 0.50)")
    view.pairs.value = [i for text, i in view.pairs.options if text == label[0]][0]
    assert "McKean et al., 2017" in view.quotations.value and "LGA, 2020" in view.quotations.value
