"""PRISMA counts: arithmetic checked, clear errors, or discrepancies marked on the figure."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from figure_helpers import ROOT, assert_inside_figure, assert_no_overlaps, boxes, texts

from synthesis.errors import InputError
from synthesis.figures import prisma_figure, read_prisma
from synthesis.figures.prisma import DAGGER, cite
from synthesis.figures.prisma_draw import alt_text
from synthesis.figures.style import WARN

SEED = ROOT / "corpus" / "prisma.csv"
SINGLE = ("field,databases,note\nidentified,500,\nduplicates_removed,50,\nscreened,450,\nscreening_excluded,400,\n"
          "sought,50,\nnot_retrieved,5,\nassessed,45,\nexcluded,30,\nexcluded: wrong population,20,\n"
          "excluded: not UK,10,\nincluded,15,\n")
SPLIT = ("field,databases,other_sources\nidentified,500,40\nduplicates_removed,50,\nscreened,450,\n"
         "screening_excluded,400,\nsought,50,30\nnot_retrieved,5,2\nassessed,45,28\nexcluded,30,20\nincluded,,\n")


def read(text: str, **kwargs):
    return read_prisma(io.StringIO(text), file="counts.csv", **kwargs)


def check_boxes(fig):
    """Every text inside the figure, no two overlapping, and each box's text inside its box."""
    assert_no_overlaps(fig, texts(fig))
    assert_inside_figure(fig, texts(fig))
    renderer = fig.canvas.get_renderer()
    rectangles = [p.get_window_extent(renderer) for p in fig.axes[0].patches]
    for text, box in zip(texts(fig, "box-"), boxes(fig, texts(fig, "box-"))):
        assert any(r.x0 <= box.x0 and box.x1 <= r.x1 and r.y0 <= box.y0 and box.y1 <= r.y1 for r in rectangles), \
            text.get_text()


def test_the_seed_review_counts_add_up():
    flow = read_prisma(SEED, strict=True)
    assert flow.discrepancies == []
    assert flow.value("identified", "databases") == 8906
    assert flow.value("screened", "databases") == 7473
    # not stated in the review, so calculated (and marked) from what it states
    assert (flow.value("duplicates_removed", "databases"), flow.is_derived("duplicates_removed", "databases")) == (1433, True)
    assert flow.value("screening_excluded", "databases") == 5349
    assert flow.value("sought", "all_sources") == 2124 + 211
    assert flow.value("assessed", "all_sources") == 2124 + 211 - 32
    # 2,124 + 211 - 32 - 2,166 = 137: the reported number included
    assert flow.value("assessed", "all_sources") - flow.value("excluded", "all_sources") == 137
    assert not flow.is_derived("included", "all_sources")
    assert dict(flow.parts[("included", "all_sources")]) == {"qualitative": 59, "mixed methods": 37, "quantitative": 41}


@pytest.mark.parametrize("width", ["single", "double"])
def test_the_seed_figure(width):
    flow = read_prisma(SEED, strict=False)
    fig = prisma_figure(flow, width=width)
    check_boxes(fig)
    shown = " ".join(t.get_text().replace("\n", " ").replace("\u00a0", " ") for t in texts(fig))
    for said in ("n = 8,906", "n = 7,473", "n = 2,124", "n = 211", "n = 32", "n = 2,166", "n = 137",
                 f"n = 1,433{DAGGER}", f"n = 2,303{DAGGER}", "Qualitative (n = 59)", "Quantitative (n = 41)",
                 "Tyldesley-Marshall et al. (2025), sections 3.3 and 4.1"):
        assert said in shown, said
    assert not texts(fig, "flag-")
    assert "Records identified from other sources: not reported" in alt_text(flow)


def test_a_count_that_does_not_add_up_is_an_error_naming_file_row_and_field():
    bad = SEED.read_text(encoding="utf-8").replace("included,,,137,", "included,,,140,")
    with pytest.raises(InputError) as error:
        read_prisma(io.StringIO(bad), strict=True, file="corpus/prisma.csv")
    message = str(error.value)
    assert message.startswith("corpus/prisma.csv, row 10, field 'all_sources': studies included (140)")
    assert "= 137" in message
    with pytest.raises(InputError, match="row 4, field 'databases': records screened \\(460\\)"):
        read(SINGLE.replace("screened,450", "screened,460"), strict=True)
    with pytest.raises(InputError, match="row 3, field 'databases'.*not the sum of its breakdown"):
        read("field,databases\nidentified,10\nincluded,5\nincluded: qualitative,3\nincluded: quantitative,1\n",
             strict=True)


def test_without_strict_the_discrepancy_is_kept_and_marked():
    bad = SEED.read_text(encoding="utf-8").replace("included,,,137,", "included,,,140,")
    flow = read_prisma(io.StringIO(bad), strict=False, file="corpus/prisma.csv")
    assert {(d.field, d.reported, d.expected, d.row) for d in flow.discrepancies} == {("included", 140, 137, 10)}
    fig = prisma_figure(flow)
    check_boxes(fig)
    assert [t.get_gid() for t in texts(fig, "flag-")] == ["flag-included-all_sources"]
    notes = [t for t in texts(fig, "note-") if t.get_color() == WARN]
    assert notes and all("do not add up" in t.get_text() for t in notes)
    assert "prisma.csv, row 10" in notes[0].get_text().replace("\n", " ")
    box = next(p for p in fig.axes[0].patches if p.get_edgecolor()[:3] != (0.0, 0.0, 0.0)
               and p.get_linestyle() == "--")
    assert box is not None
    assert "Discrepancy, shown as reported" in alt_text(flow)


def test_a_dataframe_is_checked_too():
    frame = pd.read_csv(io.StringIO(SINGLE))
    with pytest.raises(InputError):
        prisma_figure(frame.assign(databases=frame["databases"].where(frame["field"] != "included", 99)),
                      strict=True)
    fig = prisma_figure(frame.assign(databases=frame["databases"].where(frame["field"] != "included", 99)))
    assert texts(fig, "flag-")


def test_one_route_with_reasons_for_exclusion():
    flow = read(SINGLE, strict=True)
    assert not flow.other and flow.value("included", "all_sources") == 15
    fig = prisma_figure(flow, width="single")
    check_boxes(fig)
    shown = " ".join(t.get_text().replace("\n", " ").replace("\u00a0", " ") for t in texts(fig))
    assert "Wrong population (n = 20)" in shown and "other methods" not in shown


def test_two_routes_each_with_their_own_boxes():
    flow = read(SPLIT, strict=True)
    assert flow.value("included", "all_sources") == (45 - 30) + (28 - 20)
    assert flow.is_derived("included", "all_sources")
    fig = prisma_figure(flow)
    check_boxes(fig)
    assert {t.get_gid() for t in texts(fig, "box-assessed")} == {"box-assessed-databases", "box-assessed-other_sources"}


@pytest.mark.parametrize("text, match", [
    ("field,databases\nidentified,lots\n", "row 2, field 'databases': 'lots' is not a count"),
    ("field,databases\nidentified,-3\n", "row 2, field 'databases'"),
    ("field,databases\nidentified,1.5\n", "row 2, field 'databases'"),
    ("field,databases\nrecords found,10\n", "row 2, field 'field': unknown count 'records found'"),
    ("field,databases,other_sources\nidentified,10,\nscreened,,10\n", "row 3, field 'other_sources'"),
    ("field,databases\nidentified,10\nidentified,11\n", "given twice"),
    ("field,databases,extra\nidentified,10,1\n", "row 1, field 'extra'"),
    ("count,databases\nidentified,10\n", "no 'field' column"),
    ("field,databases,other_sources\nidentified,10,5\nsought,,9\n", "more than the records identified"),
])
def test_bad_counts_files(text, match):
    with pytest.raises(InputError, match=match):
        read(text, strict=True)


def test_sources_are_cited_once_per_work():
    assert cite(["A (2020), section 3.3", "A (2020), sections 3.3 and 4.1", "B (2019)"]) == \
        "A (2020), sections 3.3 and 4.1; B (2019)"


def test_the_seed_keeps_the_merge_and_says_why():
    from synthesis.figures.prisma_draw import merge_reason

    flow = read_prisma(SEED, strict=False)
    why = merge_reason(flow)
    assert why is not None and "reports not retrieved for both routes together" in why
    fig = prisma_figure(flow)
    notes = " ".join(t.get_text().replace("\n", " ") for t in texts(fig, "note-"))
    assert "join the database column" in notes and "not per route" in notes
    assert why in alt_text(flow)
    assert not texts(fig, "box-assessed-other_sources")  # merged: one column from retrieval on


def test_per_route_counts_keep_the_other_methods_column_down_to_reports_excluded():
    from synthesis.figures.prisma_draw import merge_reason

    flow = read(SPLIT, strict=True)
    assert merge_reason(flow) is None
    fig = prisma_figure(flow)
    gids = {t.get_gid() for t in texts(fig, "box-")}
    for name in ("identified", "sought", "not_retrieved", "assessed", "excluded"):
        assert f"box-{name}-other_sources" in gids and f"box-{name}-databases" in gids
    assert "box-included-all_sources" in gids and not any(g.endswith("-all_sources") and "included" not in g
                                                          for g in gids)
    notes = " ".join(t.get_text() for t in texts(fig, "note-"))
    assert "join the database column" not in notes
    # the other-methods column's excluded box sits beside its assessed box, right of the database column
    x = {g: t.get_window_extent(fig.canvas.get_renderer()).x0 for t in texts(fig, "box-") for g in [t.get_gid()]}
    assert x["box-assessed-databases"] < x["box-excluded-databases"] < x["box-assessed-other_sources"] \
        < x["box-excluded-other_sources"]
