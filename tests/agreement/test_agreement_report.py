"""The agreement report: hand-computed figures, the fast path against the package, the outputs."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from conftest import make_tiny
from hypothesis import given, settings
from hypothesis import strategies as st

from synthesis.agreement import (agreement, build_units, cohen_kappa, fleiss_kappa, krippendorff_alpha,
                                 percent_agreement)
from synthesis.agreement.patterns import figures, pattern_counts
from synthesis.agreement.report import report_from_units
from synthesis.project import Project


def test_figures_by_hand(tiny):
    report = agreement(tiny, n_boot=0)
    trust = report.codes["Trust"]["all"]
    # 7 segments; both 2, AG only 2, NT only 1, neither 2
    assert trust.n_units == 7
    assert trust.percent == pytest.approx(400 / 7)
    assert trust.positive_agreement == pytest.approx(4 / 7)
    assert trust.kappa == pytest.approx(4 / 25)
    assert trust.alpha == pytest.approx(20 / 98)
    applied = report.codes["Trust"]["applied"]
    assert (applied.n_units, applied.percent) == (5, pytest.approx(40.0))
    assert applied.positive_agreement == pytest.approx(trust.positive_agreement)
    money = report.codes["Money"]
    assert money["all"].alpha == 1.0 and money["all"].reliability == "reliable"
    assert money["applied"].n_units == 1 and math.isnan(money["applied"].alpha)
    assert money["applied"].reliability == "undefined"
    staff = report.codes["Staff"]["all"]
    assert (staff.percent, staff.kappa, staff.alpha) == (pytest.approx(600 / 7), 0.0, pytest.approx(0.0))
    overall = report.overall
    assert overall["all"].n_units == 21 and overall["all"].percent == pytest.approx(1700 / 21)
    assert overall["all"].alpha == pytest.approx(1 - 41 * 8 / (2 * 32 * 10))
    assert overall["applied"].n_units == 7 and overall["applied"].percent == pytest.approx(300 / 7)
    assert report.per_source["s1"]["all"].percent == pytest.approx(1000 / 12)
    assert report.per_source["s2"]["all"].percent == pytest.approx(700 / 9)
    assert report.sources == ("s1", "s2") and dict(report.excluded_sources) == {"s3": ("NT",)}


@pytest.mark.parametrize("unit", ["segment", "character"])
def test_fast_figures_equal_the_package_on_the_reliability_data(tiny, unit):
    table = build_units(tiny, unit=unit)
    report = report_from_units(table, n_boot=0)
    for label in table.labels:
        for variant in ("all", "applied"):
            data = table.reliability_data(label, variant)
            got = report.codes[label][variant]
            assert got.n_units == data.shape[1]
            assert got.percent == pytest.approx(percent_agreement(data))
            assert got.kappa == pytest.approx(cohen_kappa(data[0], data[1]), nan_ok=True)
            assert got.fleiss_kappa == pytest.approx(fleiss_kappa(data, form="ratings"), nan_ok=True)
            expected = krippendorff_alpha(data) if len(np.unique(data)) > 1 else float("nan")
            assert got.alpha == pytest.approx(expected, nan_ok=True)


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), m=st.integers(2, 5))
def test_pattern_figures_equal_the_package(seed, m):
    rng = np.random.default_rng(seed)
    u = int(rng.integers(2, 60))
    data = (rng.random((m, u)) < rng.random()).astype(int)
    got = figures(pattern_counts(data), m, n_boot=0)
    assert got.percent == pytest.approx(percent_agreement(data))
    assert got.fleiss_kappa == pytest.approx(fleiss_kappa(data, form="ratings"), nan_ok=True)
    if len(np.unique(data)) > 1:
        assert got.alpha == pytest.approx(krippendorff_alpha(data))
    if m == 2:
        assert got.kappa == pytest.approx(cohen_kappa(data[0], data[1]), nan_ok=True)
    else:
        assert got.kappa is None
    ones = data.sum(axis=0)
    pairs = (ones * (m - 1)).sum()
    assert got.positive_agreement == pytest.approx((ones * (ones - 1)).sum() / pairs if pairs else float("nan"),
                                                   nan_ok=True)
    weights = rng.integers(1, 5, u)
    assert figures(pattern_counts(data, weights), m, n_boot=0).alpha == pytest.approx(
        figures(pattern_counts(np.repeat(data, weights, axis=1)), m, n_boot=0).alpha, nan_ok=True)


def test_reordering_coders_changes_no_figure(tiny):
    one = agreement(tiny, coders="AG,NT").table()
    other = agreement(tiny, coders="NT,AG").table()
    pd.testing.assert_frame_equal(one, other)


def test_three_coders(tmp_path):
    root = make_tiny(tmp_path / "t")
    with Project.open(root, reviewer="XY") as p:
        p.apply_code("s1", 0, 11, "Trust")
        p.apply_code("s2", 0, 4, "Trust")
    report = agreement(Project.open(root), n_boot=200)
    assert report.coders == ("AG", "NT", "XY")
    assert report.sources == ("s1", "s2")
    overall = report.overall["all"]
    assert overall.kappa is None and not math.isnan(overall.fleiss_kappa)
    assert overall.alpha_low <= overall.alpha <= overall.alpha_high
    assert "Cohen's kappa" not in " ".join(report.notes)
    table = build_units(Project.open(root))
    data = table.reliability_data("Trust")
    assert report.codes["Trust"]["all"].alpha == pytest.approx(krippendorff_alpha(data))


def test_outputs(tiny, tmp_path):
    report = agreement(tiny, n_boot=100)
    table = report.table()
    assert list(table.columns) == ["scope", "name", "variant", "n_units", "percent", "positive_agreement", "kappa",
                                   "fleiss_kappa", "alpha", "alpha_low", "alpha_high", "reliability"]
    assert len(table) == 2 * (1 + 3 + 2)
    assert set(table.variant) == {"all", "applied"}
    report.to_csv(tmp_path / "a.csv")
    back = pd.read_csv(tmp_path / "a.csv")
    assert back.shape == table.shape and back.alpha.iloc[0] == pytest.approx(table.alpha.iloc[0])
    data = json.loads(report.to_json())
    assert data == report.to_dict()
    assert set(data) == {"unit", "coders", "counted_sources", "excluded_sources", "notes", "overall", "codes",
                         "sources"}
    overall = data["overall"]
    for key in ("percent", "kappa", "alpha", "n_units", "fleiss_kappa", "positive_agreement", "alpha_ci",
                "reliability", "applied_only"):
        assert key in overall
    assert data["codes"]["Money"]["applied_only"]["alpha"] is None  # nan -> null
    assert data["excluded_sources"] == {"s3": ["NT"]}
    text = report.to_markdown()
    assert text.startswith("# Agreement: AG vs NT (segment units)")
    for phrase in ("Sources counted", "Unit choice 'all'", "Unit choice 'applied'", "## Per code", "## Per source",
                   "Krippendorff 2004", "percentile bootstrap"):
        assert phrase in text
    assert all(note in text for note in report.notes)


def test_character_report_has_no_interval(tiny):
    report = agreement(tiny, unit="character")
    assert report.unit == "character" and report.overall["all"].n_units == 3 * 68
    assert report.overall["all"].alpha_low is None
    assert any("neighbouring characters" in note for note in report.notes)


def test_report_notes_independent_codebooks(tmp_path):
    root = tmp_path / "p"
    with Project.init(root, reviewer="NT") as p:
        p.add_text("One. Two.", title="t", source_id="t")
        p.apply_code("t", 0, 4, p.create_code("A"))
    with Project.open(root, reviewer="AG") as p:
        p.apply_code("t", 0, 4, p.create_code("B"))
    report = agreement(Project.open(root), n_boot=0)
    assert any("map the codes first" in note for note in report.notes)
