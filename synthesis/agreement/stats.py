"""Agreement statistics: Krippendorff's alpha, Cohen's and Fleiss' kappa, percent agreement.

Reliability data are laid out as Krippendorff lays them out: one row per coder,
one column per unit, a missing value as ``None`` or ``NaN``. Every function
checks its input up front and raises :class:`ValueError` naming what is wrong.
A statistic that is undefined for the data (no variation at all, so expected
disagreement is zero) is returned as ``nan``, never guessed at.

The worked examples below are published ones, recomputed here:

>>> round(krippendorff_alpha(KRIPPENDORFF_2011, "nominal"), 3)
0.743
>>> verdict(0.743)
'tentative'
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any, Literal

import numpy as np

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")

#: Krippendorff (2004, p. 241): rely on alpha >= .800; draw only tentative conclusions from .667 to .800.
RELIABLE = 0.800
TENTATIVE = 0.667

_NAN = float("nan")

#: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": the worked example of 4 observers x
#: 12 units, values 1-5, with missing data; alpha is .743 (nominal), .815 (ordinal), .849 (interval), .797 (ratio).
KRIPPENDORFF_2011: tuple[tuple[int | None, ...], ...] = (
    (1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None),
    (1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3),
    (None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None),
    (1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None),
)


# ----------------------------------------------------------------- input checks
def _is_missing(value: Any) -> bool:
    """None, NaN or ``pandas.NA``."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN is the one value unequal to itself
    except TypeError:  # pandas.NA: its comparisons are NA, whose truth is undefined
        return True


def reliability_matrix(data: Any, level: str = "nominal") -> np.ndarray:
    """Coders x units reliability data as a float matrix, missing values as ``nan``.

    Non-numeric values (labels) are allowed for nominal data only; they are
    numbered in order of first appearance (nominal statistics ignore the numbers).

    >>> reliability_matrix([["a", "b", None], ["a", "a", "c"]])
    array([[ 0.,  1., nan],
           [ 0.,  0.,  2.]])
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level of measurement {level!r}: use one of {', '.join(LEVELS)}")
    if hasattr(data, "to_numpy"):  # a pandas DataFrame: coders as rows
        data = data.to_numpy()
    if isinstance(data, np.ndarray) and data.dtype.kind in "biuf":
        matrix = data.astype(float)
    else:
        rows = [list(row) for row in data]
        widths = {len(row) for row in rows}
        if len(widths) > 1:
            raise ValueError(f"reliability data must be rectangular (one value or None per coder and unit); "
                             f"rows have {sorted(widths)} values")
        values = [v for row in rows for v in row if not _is_missing(v)]
        numeric = all(isinstance(v, (int, float, np.integer, np.floating)) for v in values)
        if numeric:
            matrix = np.array([[_NAN if _is_missing(v) else float(v) for v in row] for row in rows], dtype=float)
        elif level != "nominal":
            raise ValueError(f"{level} data must be numbers; labels are allowed for nominal data only")
        else:
            codes: dict[Hashable, int] = {}
            matrix = np.array([[_NAN if _is_missing(v) else codes.setdefault(v, len(codes)) for v in row]
                               for row in rows], dtype=float)
    if matrix.ndim != 2:
        raise ValueError(f"reliability data must be coders x units (2 dimensions), not {matrix.ndim}")
    if matrix.shape[0] < 2:
        raise ValueError(f"agreement needs at least 2 coders (rows); got {matrix.shape[0]}")
    if np.isinf(matrix).any():
        raise ValueError("reliability data contain an infinite value")
    return matrix


def _pairable(matrix: np.ndarray) -> np.ndarray:
    """The columns (units) with values from two or more coders."""
    keep = (~np.isnan(matrix)).sum(axis=0) >= 2
    if not keep.any():
        raise ValueError("no pairable values: no unit has values from two or more coders")
    return matrix[:, keep]


# ------------------------------------------------------------------ the statistics
def krippendorff_alpha(data: Any, level: str = "nominal") -> float:
    """Krippendorff's alpha of coders x units reliability data (missing: None or NaN).

    ``level`` is the level of measurement: ``nominal``, ``ordinal``, ``interval``
    or ``ratio``. Units coded by fewer than two coders carry no pairable values
    and are ignored, as the coefficient prescribes. The arithmetic is done by the
    ``krippendorff`` package (Castro 2017); alpha is ``nan`` when the pairable
    values show no variation at all (alpha is undefined then).

    Raises ValueError for fewer than 2 coders, an unknown level, or data
    without pairable values.

    Krippendorff's own worked example (Krippendorff 2011, "Computing
    Krippendorff's Alpha-Reliability", Annenberg School for Communication
    Departmental Papers 43: 4 observers, 12 units, values 1-5, missing data)
    gives .743 (nominal), .815 (ordinal), .849 (interval) and .797 (ratio):

    >>> data = [[1,    2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    ...         [1,    2, 3, 3, 2, 2, 4, 1, 2, 5,    None, 3],
    ...         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5,    1,    None],
    ...         [1,    2, 3, 3, 2, 4, 4, 1, 2, 5,    1,    float("nan")]]
    >>> [round(krippendorff_alpha(data, level), 3) for level in ("nominal", "ordinal", "interval", "ratio")]
    [0.743, 0.815, 0.849, 0.797]
    >>> krippendorff_alpha([[1, 2, 3]])
    Traceback (most recent call last):
    ...
    ValueError: agreement needs at least 2 coders (rows); got 1
    """
    import krippendorff

    matrix = _pairable(reliability_matrix(data, level))
    if np.unique(matrix[~np.isnan(matrix)]).size < 2:
        return _NAN
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))


def percent_agreement(data: Any, how: Literal["all", "pairwise"] = "all") -> float:
    """Percentage agreement (0-100) over the pairable units of coders x units data.

    ``how="all"``: the share of units on which every coder who coded the unit
    gave the same value. ``how="pairwise"``: the share of agreeing pairs among
    all pairs of values within units, averaged over units. The two are the same
    for two coders. Percent agreement is not corrected for chance: report it
    next to kappa or alpha, never alone.

    >>> percent_agreement([[1, 1, 2, 2], [1, 1, 2, 1]])
    75.0
    >>> round(percent_agreement([[1, 1, 2], [1, 2, 2], [1, 2, None]], how="pairwise"), 2)
    77.78
    """
    if how not in ("all", "pairwise"):
        raise ValueError(f"how must be 'all' or 'pairwise', not {how!r}")
    matrix = _pairable(reliability_matrix(data, "nominal"))
    shares = []
    for column in matrix.T:
        values = column[~np.isnan(column)]
        if how == "all":
            shares.append(float(np.all(values == values[0])))
        else:
            _, counts = np.unique(values, return_counts=True)
            m = values.size
            shares.append(float((counts * (counts - 1)).sum() / (m * (m - 1))))
    return 100.0 * float(np.mean(shares))


def cohen_kappa_table(table: Any) -> float:
    """Cohen's kappa from a square confusion table (rows: coder A, columns: coder B).

    Computed with ``statsmodels.stats.inter_rater.cohens_kappa``; ``nan`` when
    both coders used one and the same category throughout (chance agreement 1).
    The 2 x 2 example of the Wikipedia article "Cohen's kappa" (50 grant
    proposals, two readers saying yes or no) gives 0.4:

    >>> round(cohen_kappa_table([[20, 5], [10, 15]]), 3)
    0.4
    """
    from statsmodels.stats.inter_rater import cohens_kappa

    matrix = np.asarray(table, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] < 1:
        raise ValueError(f"a confusion table must be square, not of shape {matrix.shape}")
    if (matrix < 0).any() or not np.isfinite(matrix).all():
        raise ValueError("a confusion table holds counts: finite and not negative")
    total = matrix.sum()
    if total <= 0:
        raise ValueError("the confusion table is empty")
    chance = float((matrix.sum(axis=0) * matrix.sum(axis=1)).sum() / total**2)
    if math.isclose(chance, 1.0):
        return _NAN
    return float(cohens_kappa(matrix, return_results=False))


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's (1960) kappa of two coders' nominal labels for the same units.

    ``a`` and ``b`` must have the same length and no missing values (drop units
    one coder did not code first, or use :func:`krippendorff_alpha`, which
    handles missing data). The Wikipedia "Cohen's kappa" example: of 50 grant
    proposals reader A says yes to 25 and reader B to 30; both say yes to 20 and
    both say no to 15, so p_o = 0.7, p_e = 0.5 and kappa = 0.4:

    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> round(cohen_kappa(a, b), 3)
    0.4

    Cohen, J. (1960). A coefficient of agreement for nominal scales.
    Educational and Psychological Measurement, 20(1), 37-46.
    """
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(f"the two coders must label the same units: {len(a)} labels against {len(b)}")
    if not a:
        raise ValueError("no units to compare")
    if any(_is_missing(v) for v in (*a, *b)):
        raise ValueError("Cohen's kappa takes no missing values; use krippendorff_alpha for data with gaps")
    categories = {v: i for i, v in enumerate(dict.fromkeys((*a, *b)))}
    table = np.zeros((len(categories), len(categories)))
    np.add.at(table, ([categories[v] for v in a], [categories[v] for v in b]), 1)
    return cohen_kappa_table(table)


def fleiss_kappa(table_or_ratings: Any, *, form: Literal["table", "ratings"] = "table") -> float:
    """Fleiss' (1971) kappa for a fixed number of raters per subject.

    ``form="table"`` (default): subjects x categories counts, each row summing
    to the number of raters. ``form="ratings"``: coders x units labels, as for
    :func:`krippendorff_alpha`, with no missing values. Computed with
    ``statsmodels.stats.inter_rater.fleiss_kappa``; ``nan`` when every rating
    falls in one category.

    The worked example of the Wikipedia article "Fleiss' kappa" (14 raters,
    10 subjects, 5 categories) gives 0.210:

    >>> table = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0],
    ...          [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2],
    ...          [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
    >>> round(fleiss_kappa(table), 3)
    0.21

    Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
    Psychological Bulletin, 76(5), 378-382.
    """
    from statsmodels.stats.inter_rater import aggregate_raters
    from statsmodels.stats.inter_rater import fleiss_kappa as _fleiss

    if form == "ratings":
        matrix = reliability_matrix(table_or_ratings, "nominal")
        if np.isnan(matrix).any():
            raise ValueError("Fleiss' kappa needs every coder's value for every unit (no missing values)")
        counts, _ = aggregate_raters(matrix.T)
        counts = counts.astype(float)
    elif form == "table":
        counts = np.asarray(table_or_ratings, dtype=float)
        if counts.ndim != 2 or counts.shape[0] < 1:
            raise ValueError(f"a Fleiss table is subjects x categories, not of shape {counts.shape}")
        if (counts < 0).any() or not np.isfinite(counts).all():
            raise ValueError("a Fleiss table holds counts: finite and not negative")
    else:
        raise ValueError(f"form must be 'table' or 'ratings', not {form!r}")
    raters = counts.sum(axis=1)
    if not np.allclose(raters, raters[0]):
        raise ValueError("Fleiss' kappa needs the same number of ratings for every subject")
    if raters[0] < 2:
        raise ValueError("Fleiss' kappa needs at least 2 ratings per subject")
    if np.count_nonzero(counts.sum(axis=0)) < 2:
        return _NAN
    return float(_fleiss(counts, method="fleiss"))


def verdict(alpha: float) -> str:
    """Krippendorff's (2004) reading of alpha: reliable, tentative or unreliable.

    >>> [verdict(a) for a in (0.85, 0.8, 0.7, 0.667, 0.5, float("nan"))]
    ['reliable', 'reliable', 'tentative', 'tentative', 'unreliable', 'undefined']

    "Rely only on variables with reliabilities above alpha = .800. Consider
    variables with reliabilities between alpha = .667 and alpha = .800 only for
    drawing tentative conclusions" (Krippendorff, K. 2004. Content Analysis:
    An Introduction to Its Methodology, 2nd ed., Sage, p. 241).
    """
    if alpha is None or math.isnan(alpha):
        return "undefined"
    if alpha >= RELIABLE:
        return "reliable"
    if alpha >= TENTATIVE:
        return "tentative"
    return "unreliable"


# ------------------------------------------------- alpha from unit profiles (fast)
def value_profiles(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(profiles, counts, domain)`` of pairable units of a float reliability matrix.

    A unit's profile is how many coders gave it each value of ``domain``;
    alpha depends on the units only through their profiles, so units with the
    same profile are counted once (``counts``).
    """
    matrix = _pairable(matrix)
    domain = np.unique(matrix[~np.isnan(matrix)])
    per_unit = np.stack([(matrix == v).sum(axis=0) for v in domain], axis=1)
    profiles, counts = np.unique(per_unit, axis=0, return_counts=True)
    return profiles.astype(float), counts.astype(float), domain


def _deltas(domain: np.ndarray, level: str, n_v: np.ndarray | None = None) -> np.ndarray:
    """Squared distances between values (V x V; B x V x V for ordinal with B marginals)."""
    a, b = domain[:, None], domain[None, :]
    if level == "nominal":
        return (a != b).astype(float)
    if level == "interval":
        return (a - b) ** 2
    if level == "ratio":
        total = a + b
        return np.divide(a - b, total, out=np.zeros(np.broadcast(a, b).shape), where=total != 0) ** 2
    assert n_v is not None
    index = np.arange(domain.size)
    lo = np.minimum(index[:, None], index[None, :])
    hi = np.maximum(index[:, None], index[None, :])
    cum = np.concatenate([np.zeros((n_v.shape[0], 1)), np.cumsum(n_v, axis=1)], axis=1)
    between = cum[:, hi + 1] - cum[:, lo]
    return (between - (n_v[:, lo] + n_v[:, hi]) / 2) ** 2


def profile_alpha(profiles: np.ndarray, weights: np.ndarray, domain: np.ndarray,
                  level: str = "nominal") -> np.ndarray:
    """Alpha of units given as value ``profiles`` (K x V) and ``weights`` (K, or B x K).

    ``weights[b, k]`` is how many units of profile ``k`` replicate ``b`` holds,
    so one call computes the alpha of many bootstrap replicates. Returns one
    alpha per row of ``weights`` (``nan`` where alpha is undefined). The
    coincidence-matrix formula is Krippendorff's (2011): alpha = 1 - (n - 1)
    sum(o_ck d_ck) / sum(n_c n_k d_ck); it agrees with the ``krippendorff``
    package to rounding (tests/agreement and the benchmark check this).
    """
    weights = np.atleast_2d(np.asarray(weights, dtype=float))
    sizes = profiles.sum(axis=1)
    pairs = np.where(sizes >= 2, 1.0 / np.maximum(sizes - 1, 1), 0.0)
    n_v = weights @ (profiles * (sizes >= 2)[:, None])  # B x V pairable values
    n = n_v.sum(axis=1)
    if level == "ordinal":
        out = np.empty(weights.shape[0])
        step = max(1, 2**22 // max(1, domain.size**2))
        for s in range(0, weights.shape[0], step):
            deltas = _deltas(domain, level, n_v[s:s + step])
            observed = np.einsum("bk,kv,bvw,kw->b", weights[s:s + step] * pairs, profiles, deltas, profiles,
                                 optimize=True)
            expected = np.einsum("bv,bvw,bw->b", n_v[s:s + step], deltas, n_v[s:s + step])
            out[s:s + step] = _ratio(observed, expected, n[s:s + step])
        return out
    deltas = _deltas(domain, level)
    per_profile = np.einsum("kv,vw,kw->k", profiles, deltas, profiles) * pairs
    observed = weights @ per_profile
    expected = np.einsum("bv,vw,bw->b", n_v, deltas, n_v)
    return _ratio(observed, expected, n)


def _ratio(observed: np.ndarray, expected: np.ndarray, n: np.ndarray) -> np.ndarray:
    out = np.full(observed.shape, _NAN)
    ok = expected > 1e-12 * np.maximum(n, 1) ** 2
    out[ok] = 1.0 - (n[ok] - 1.0) * observed[ok] / expected[ok]
    return out


def bootstrap_profiles(profiles: np.ndarray, counts: np.ndarray, domain: np.ndarray, level: str = "nominal",
                       n: int = 1000, seed: int = 0, confidence: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of alpha from unit profiles and their counts.

    Drawing N units with replacement from N units and tallying their profiles
    is a multinomial draw over the profiles with probabilities ``counts / N``,
    so the replicates are drawn as such (the same distribution, without
    materialising the units).
    """
    if n < 1:
        raise ValueError("the bootstrap needs at least one replicate")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    total = int(round(counts.sum()))
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(total, counts / counts.sum(), size=n)
    alphas = profile_alpha(profiles, draws, domain, level)
    alphas = alphas[~np.isnan(alphas)]
    if alphas.size == 0:
        return (_NAN, _NAN)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(alphas, [tail, 100 - tail])
    return (float(low), float(high))


def bootstrap_alpha(data: Any, level: str = "nominal", n: int = 1000, seed: int = 0,
                    confidence: float = 0.95) -> tuple[float, float]:
    """A ``(low, high)`` bootstrap confidence interval of Krippendorff's alpha.

    Method: a nonparametric percentile bootstrap over units (Efron and
    Tibshirani 1993). The pairable units (units with values from two or more
    coders) are resampled with replacement, as many as there are, ``n`` times;
    alpha is computed for each replicate, replicates where alpha is undefined
    (no variation) are dropped, and the ``(1 - confidence) / 2`` and
    ``(1 + confidence) / 2`` percentiles are returned. Deterministic for a given
    ``seed`` (numpy ``default_rng``). This is not Hayes and Krippendorff's (2007)
    bootstrap, which resamples pairs of values; with few units either interval
    is rough.

    >>> low, high = bootstrap_alpha(KRIPPENDORFF_2011, "nominal", n=2000, seed=1)
    >>> low < krippendorff_alpha(KRIPPENDORFF_2011, "nominal") < high <= 1.0
    True
    >>> bootstrap_alpha(KRIPPENDORFF_2011, seed=1) == bootstrap_alpha(KRIPPENDORFF_2011, seed=1)
    True
    """
    matrix = reliability_matrix(data, level)
    profiles, counts, domain = value_profiles(matrix)
    return bootstrap_profiles(profiles, counts, domain, level, n=n, seed=seed, confidence=confidence)
