"""The statistics: published worked examples, validation, properties, independent cross-checks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthesis.agreement import stats
from synthesis.agreement.stats import (KRIPPENDORFF_2011, bootstrap_alpha, cohen_kappa, cohen_kappa_table,
                                       fleiss_kappa, krippendorff_alpha, percent_agreement, verdict)

# Fleiss (1971), Table 1: 30 patients, 6 psychiatrists, 5 diagnoses (1 depression, 2 personality disorder,
# 3 schizophrenia, 4 neurosis, 5 other); kappa = .430. As in R irr's `diagnoses` and statsmodels' tests.
DIAGNOSES = np.array([
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5]])

# Wikipedia, "Krippendorff's alpha", A computational example: 3 coders, 15 units; nominal alpha = 0.691.
WIKIPEDIA_ALPHA = [
    [None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3],
    [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None],
    [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4],
]


# ---------------------------------------------------------------- published examples
@pytest.mark.parametrize("level, expected", [("nominal", 0.743), ("ordinal", 0.815),
                                             ("interval", 0.849), ("ratio", 0.797)])
def test_krippendorff_2011_worked_example(level, expected):
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level), 3) == expected


def test_wikipedia_alpha_example():
    assert round(krippendorff_alpha(WIKIPEDIA_ALPHA, "nominal"), 3) == 0.691


def test_fleiss_1971_diagnoses():
    assert round(fleiss_kappa(DIAGNOSES.T, form="ratings"), 3) == 0.430


def test_cohen_kappa_examples():
    assert cohen_kappa_table([[20, 5], [10, 15]]) == pytest.approx(0.4)
    # SAS PROC FREQ printout reproduced in statsmodels' tests: simple kappa 0.4842
    assert cohen_kappa_table([[0, 4, 1], [0, 8, 0], [0, 1, 5]]) == pytest.approx(0.4842, abs=5e-5)


def test_percent_agreement_by_hand():
    assert percent_agreement([[1, 2, 3, 4], [1, 2, 3, 3]]) == 75.0
    # units with one value are not pairable and are ignored
    assert percent_agreement([[1, 2, None, 4], [1, 3, 5, None]]) == 50.0
    assert percent_agreement([["a", "b"], ["a", "b"], ["a", "c"]]) == 50.0
    assert percent_agreement([["a", "b"], ["a", "b"], ["a", "c"]], how="pairwise") == pytest.approx(100 * (1 + 1 / 3) / 2)


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize("call, message", [
    (lambda: krippendorff_alpha([[1, 2, 3]]), "at least 2 coders"),
    (lambda: krippendorff_alpha([[1, 2], [1, 2]], "cardinal"), "unknown level"),
    (lambda: krippendorff_alpha([[1, None], [None, 2]]), "no pairable values"),
    (lambda: krippendorff_alpha([[1, 2], [1]]), "rectangular"),
    (lambda: krippendorff_alpha([["a", "b"], ["a", "a"]], "interval"), "must be numbers"),
    (lambda: krippendorff_alpha([[1, float("inf")], [1, 2]]), "infinite"),
    (lambda: cohen_kappa([1, 2], [1]), "same units"),
    (lambda: cohen_kappa([], []), "no units"),
    (lambda: cohen_kappa([1, None], [1, 2]), "no missing values"),
    (lambda: cohen_kappa_table([[1, 2, 3]]), "square"),
    (lambda: fleiss_kappa([[1, 1], [2, 1]]), "same number of ratings"),
    (lambda: fleiss_kappa([[1, 0], [0, 1]]), "at least 2 ratings"),
    (lambda: fleiss_kappa([[1, None], [1, 2]], form="ratings"), "no missing values"),
    (lambda: fleiss_kappa([[2, 0]], form="counts"), "form must be"),
    (lambda: percent_agreement([[1], [None]]), "no pairable values"),
    (lambda: bootstrap_alpha(KRIPPENDORFF_2011, n=0), "at least one replicate"),
    (lambda: bootstrap_alpha(KRIPPENDORFF_2011, confidence=1.5), "confidence"),
])
def test_bad_input_is_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_undefined_statistics_are_nan():
    same = [[1, 1, 1], [1, 1, 1]]
    assert math.isnan(krippendorff_alpha(same))
    assert math.isnan(cohen_kappa(*same))
    assert math.isnan(fleiss_kappa(same, form="ratings"))
    assert percent_agreement(same) == 100.0
    assert all(math.isnan(x) for x in bootstrap_alpha(same))
    assert verdict(float("nan")) == "undefined"


def test_thresholds():
    assert (stats.RELIABLE, stats.TENTATIVE) == (0.800, 0.667)
    assert [verdict(a) for a in (1.0, 0.8, 0.7999, 0.667, 0.6669, -0.2)] == [
        "reliable", "reliable", "tentative", "tentative", "unreliable", "unreliable"]


def test_arrays_frames_and_missing_markers_work_like_lists():
    import pandas as pd

    expected = krippendorff_alpha(KRIPPENDORFF_2011, "interval")
    array = np.array([[np.nan if v is None else v for v in row] for row in KRIPPENDORFF_2011], dtype=float)
    assert krippendorff_alpha(array, "interval") == pytest.approx(expected)
    frame = pd.DataFrame(KRIPPENDORFF_2011, dtype="Int64")  # missing values as pandas.NA
    assert krippendorff_alpha(frame, "interval") == pytest.approx(expected)
    labels = pd.DataFrame([["a", "b", None], ["a", "a", pd.NA]])
    assert percent_agreement(labels) == 50.0


# ---------------------------------------------------------------- bootstrap
def test_bootstrap_is_deterministic_and_brackets_alpha():
    rng = np.random.default_rng(5)
    truth = rng.integers(0, 3, 200)
    data = np.stack([np.where(rng.random(200) < 0.8, truth, rng.integers(0, 3, 200)) for _ in range(3)])
    alpha = krippendorff_alpha(data)
    low, high = bootstrap_alpha(data, seed=7)
    assert (low, high) == bootstrap_alpha(data, seed=7)
    assert bootstrap_alpha(data, seed=8) != (low, high)
    assert low < alpha < high
    assert 0.05 < high - low < 0.3


def test_multinomial_bootstrap_matches_resampling_units():
    """Drawing profile counts is the same distribution as resampling units with the package."""
    import krippendorff

    rng = np.random.default_rng(11)
    truth = rng.integers(1, 5, 60)
    data = np.stack([np.where(rng.random(60) < 0.7, truth, rng.integers(1, 5, 60)) for _ in range(3)]).astype(float)
    data[rng.random(data.shape) < 0.1] = np.nan
    naive = []
    for _ in range(3000):
        idx = rng.integers(0, 60, 60)
        sample = data[:, idx]
        try:
            naive.append(krippendorff.alpha(reliability_data=sample, level_of_measurement="ordinal"))
        except ValueError:
            continue
    ours = bootstrap_alpha(data, "ordinal", n=3000, seed=3)
    expected = np.nanpercentile(naive, [2.5, 97.5])
    assert ours == pytest.approx(tuple(expected), abs=0.03)


# ---------------------------------------------------------------- fast path = package
@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), level=st.sampled_from(stats.LEVELS))
def test_profile_alpha_equals_the_package(seed, level):
    import krippendorff

    rng = np.random.default_rng(seed)
    m, u, v = rng.integers(2, 6), rng.integers(2, 40), rng.integers(2, 7)
    data = rng.integers(0, v, (m, u)).astype(float)
    data[rng.random((m, u)) < rng.random() * 0.5] = np.nan
    try:
        matrix = stats._pairable(data)
    except ValueError:
        return
    if np.unique(matrix[~np.isnan(matrix)]).size < 2:
        return
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement=level)
    profiles, counts, domain = stats.value_profiles(data)
    assert stats.profile_alpha(profiles, counts, domain, level)[0] == pytest.approx(expected, abs=1e-9)


# ---------------------------------------------------------------- properties
@st.composite
def reliability_data(draw, missing: bool = True):
    m = draw(st.integers(2, 5))
    u = draw(st.integers(2, 25))
    value = st.integers(0, 3)
    cell = st.one_of(st.none(), value) if missing else value
    data = [[draw(cell) for _ in range(u)] for _ in range(m)]
    pairable = [j for j in range(u) if sum(row[j] is not None for row in data) >= 2]
    values = {row[j] for row in data for j in pairable if row[j] is not None}
    if len(values) < 2:  # alpha undefined: make it defined
        data[0][0], data[1][0] = 0, 0
        data[0][1], data[1][1] = 1, 1
    return data


@settings(max_examples=100, deadline=None)
@given(data=reliability_data(), level=st.sampled_from(stats.LEVELS))
def test_perfect_agreement_gives_one(data, level):
    truth = [next((row[j] for row in data if row[j] is not None), 0) for j in range(len(data[0]))]
    truth[0], truth[1] = 0, 1  # two pairable units with different values keep alpha defined
    perfect = [[None if row[j] is None and j > 1 else truth[j] for j in range(len(row))] for row in data]
    assert krippendorff_alpha(perfect, level) == pytest.approx(1.0)
    assert percent_agreement(perfect) == 100.0
    assert bootstrap_alpha(perfect, level, n=50) == pytest.approx((1.0, 1.0))
    assert cohen_kappa(perfect[0][:2] * 3, perfect[1][:2] * 3) == pytest.approx(1.0)


@settings(max_examples=100, deadline=None)
@given(data=reliability_data(), order=st.randoms(use_true_random=False), level=st.sampled_from(stats.LEVELS))
def test_reordering_coders_changes_nothing(data, order, level):
    shuffled = list(data)
    order.shuffle(shuffled)
    assert krippendorff_alpha(shuffled, level) == pytest.approx(krippendorff_alpha(data, level), nan_ok=True)
    assert percent_agreement(shuffled) == pytest.approx(percent_agreement(data))
    assert bootstrap_alpha(shuffled, level, n=100) == pytest.approx(bootstrap_alpha(data, level, n=100), nan_ok=True)


@settings(max_examples=100, deadline=None)
@given(data=reliability_data(missing=False), names=st.permutations(["no", "yes", "maybe", "later"]))
def test_relabelling_categories_changes_nothing(data, names):
    relabelled = [[names[v] for v in row] for row in data]
    assert krippendorff_alpha(relabelled) == pytest.approx(krippendorff_alpha(data), nan_ok=True)
    assert fleiss_kappa(relabelled, form="ratings") == pytest.approx(fleiss_kappa(data, form="ratings"), nan_ok=True)
    assert cohen_kappa(relabelled[0], relabelled[1]) == pytest.approx(cohen_kappa(data[0], data[1]), nan_ok=True)
    assert percent_agreement(relabelled) == pytest.approx(percent_agreement(data))
    assert cohen_kappa(data[1], data[0]) == pytest.approx(cohen_kappa(data[0], data[1]), nan_ok=True)


# ---------------------------------------------------------------- independent implementations
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_against_nltk(seed):
    from nltk.metrics.agreement import AnnotationTask

    rng = np.random.default_rng(seed)
    m, u = int(rng.integers(2, 5)), int(rng.integers(5, 40))
    data = rng.integers(0, int(rng.integers(2, 5)), (m, u))
    missing = rng.random((m, u)) < 0.15
    triples = [(f"c{c}", f"u{j}", int(data[c, j])) for c in range(m) for j in range(u) if not missing[c, j]]
    gappy = np.where(missing, np.nan, data)
    try:
        ours = krippendorff_alpha(gappy)
    except ValueError:
        return
    if not math.isnan(ours):
        assert ours == pytest.approx(AnnotationTask(triples).alpha(), abs=1e-9)
    full = AnnotationTask([(f"c{c}", f"u{j}", int(data[c, j])) for c in range(m) for j in range(u)])
    if m == 2 and not math.isnan(cohen_kappa(data[0], data[1])):
        assert cohen_kappa(data[0], data[1]) == pytest.approx(full.kappa(), abs=1e-9)
    assert percent_agreement(data, how="pairwise") == pytest.approx(100 * full.avg_Ao())


def _fleiss_by_formula(table: np.ndarray) -> float:
    """Fleiss (1971), equations (2)-(5), written out independently."""
    n = table.sum(axis=1)[0]
    p_j = table.sum(axis=0) / table.sum()
    p_i = ((table**2).sum(axis=1) - n) / (n * (n - 1))
    p_bar, p_e = p_i.mean(), (p_j**2).sum()
    return (p_bar - p_e) / (1 - p_e)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_fleiss_against_formula(seed):
    rng = np.random.default_rng(seed)
    raters, subjects, k = int(rng.integers(2, 8)), int(rng.integers(2, 30)), int(rng.integers(2, 5))
    table = np.stack([np.bincount(rng.integers(0, k, raters), minlength=k) for _ in range(subjects)])
    if np.count_nonzero(table.sum(axis=0)) < 2:
        return
    assert fleiss_kappa(table) == pytest.approx(_fleiss_by_formula(table.astype(float)), abs=1e-9)
