"""Agreement figures of binary codings (applied / not applied) from pattern counts.

With ``m`` coders and values 0/1, a unit's *pattern* is the number whose bit
``c`` is set when coder ``c`` gave 1. Every statistic of the report depends on
the units only through how many units (or characters) show each pattern, so
the report tallies patterns once (``numpy.bincount``) and derives everything
from the ``2**m`` counts; ``tests/agreement`` check each figure against
:mod:`synthesis.agreement.stats` on the expanded coders x units data.

>>> counts = pattern_counts([[1, 1, 0, 0, 1], [1, 0, 0, 0, 1]])
>>> counts.tolist()
[2.0, 1.0, 0.0, 2.0]
>>> f = figures(counts, 2, n_boot=0)
>>> (f.n_units, f.percent, f.positive_agreement, round(f.kappa, 3), round(f.alpha, 3))
(5, 80.0, 0.8, 0.615, 0.64)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .stats import bootstrap_profiles, profile_alpha, verdict

_NAN = float("nan")
_DOMAIN = np.array([0.0, 1.0])


@dataclass(frozen=True)
class Figures:
    """Agreement on one set of units: overall, one code, or one source.

    ``percent``: share of units on which all coders agree (0-100).
    ``positive_agreement``: proportion of specific positive agreement
    (Cicchetti and Feinstein 1990), 2a / (2a + b + c) for two coders, and for
    m coders the share of agreeing pairs among the pairs of values that
    include a 1; it ignores the units no coder applied the code to, so the
    unit choice cannot change it. ``kappa`` (Cohen's) is given for two coders
    only; ``alpha`` is Krippendorff's alpha for nominal data,
    ``alpha_low``/``alpha_high`` its bootstrap interval (None when not
    computed). ``nan`` marks a statistic that is undefined for these units
    (for instance, no one applied the code).
    """

    n_units: int
    percent: float
    positive_agreement: float
    kappa: float | None
    fleiss_kappa: float
    alpha: float
    alpha_low: float | None = None
    alpha_high: float | None = None

    @property
    def reliability(self) -> str:
        """``reliable``, ``tentative``, ``unreliable`` or ``undefined`` (Krippendorff 2004)."""
        return verdict(self.alpha)

    def as_dict(self) -> dict[str, Any]:
        """The figures as JSON-ready values (``nan`` becomes None)."""
        ci = None if self.alpha_low is None else [_clean(self.alpha_low), _clean(self.alpha_high)]
        return {"n_units": self.n_units, "percent": _clean(self.percent),
                "positive_agreement": _clean(self.positive_agreement), "kappa": _clean(self.kappa),
                "fleiss_kappa": _clean(self.fleiss_kappa), "alpha": _clean(self.alpha), "alpha_ci": ci,
                "reliability": self.reliability}


def _clean(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def pattern_ids(applied: np.ndarray) -> np.ndarray:
    """Pattern number of each unit from coders x ... booleans (coder ``c`` is bit ``c``)."""
    applied = np.asarray(applied)
    if applied.shape[0] > 16:
        raise ValueError(f"at most 16 coders can be compared at once, not {applied.shape[0]}")
    out = np.zeros(applied.shape[1:], dtype=np.int64)
    for c in range(applied.shape[0]):
        out |= applied[c].astype(np.int64) << c
    return out


def pattern_counts(data: Any, weights: Any = None) -> np.ndarray:
    """Counts (``2**m``) of each pattern in coders x units 0/1 data (optionally weighted)."""
    matrix = np.asarray(data)
    if matrix.ndim != 2 or matrix.shape[0] < 2:
        raise ValueError("pattern counts need coders x units data with at least 2 coders")
    if not np.isin(matrix, (0, 1)).all():
        raise ValueError("pattern counts take binary data (0/1) without missing values")
    ids = pattern_ids(matrix.astype(bool))
    return np.bincount(ids, weights=weights, minlength=2 ** matrix.shape[0]).astype(float)


def ones(n_coders: int) -> np.ndarray:
    """How many coders gave 1 in each pattern."""
    ids = np.arange(2**n_coders)
    return np.array([bin(i).count("1") for i in ids])


def figures(counts: np.ndarray, n_coders: int, *, n_boot: int = 1000, seed: int = 0,
            confidence: float = 0.95) -> Figures:
    """All figures of units tallied by pattern (``counts[p]`` units show pattern ``p``).

    Percent agreement is the share of units on which all coders agree;
    Cohen's kappa needs exactly two coders; Fleiss' kappa and alpha take any
    number. ``n_boot=0`` skips the bootstrap interval.
    """
    counts = np.asarray(counts, dtype=float)
    m = n_coders
    if counts.shape != (2**m,):
        raise ValueError(f"expected {2**m} pattern counts for {m} coders, got {counts.shape}")
    n = float(counts.sum())
    kappa: float | None = _NAN if m == 2 else None
    if n <= 0:
        gap = None if n_boot == 0 else _NAN
        return Figures(0, _NAN, _NAN, kappa, _NAN, _NAN, gap, gap)
    percent = 100.0 * float(counts[0] + counts[-1]) / n
    if m == 2:
        kappa = _kappa(counts.reshape(2, 2).T)  # rows: coder 0 (bit 0), columns: coder 1 (bit 1)
    j = ones(m)
    by_ones = np.bincount(j, weights=counts, minlength=m + 1)
    profiles = np.stack([m - np.arange(m + 1), np.arange(m + 1)], axis=1).astype(float)
    alpha = float(profile_alpha(profiles, by_ones, _DOMAIN)[0])
    low = high = None
    if n_boot:
        low, high = bootstrap_profiles(profiles, by_ones, _DOMAIN, "nominal", n=n_boot, seed=seed,
                                       confidence=confidence)
    return Figures(int(round(n)), percent, _positive(by_ones, m), kappa, _fleiss(by_ones, m), alpha, low, high)


def _kappa(table: np.ndarray) -> float:
    total = table.sum()
    observed = np.trace(table) / total
    chance = float((table.sum(axis=0) * table.sum(axis=1)).sum() / total**2)
    return _NAN if math.isclose(chance, 1.0) else float((observed - chance) / (1 - chance))


def _positive(by_ones: np.ndarray, m: int) -> float:
    """Agreeing pairs of 1s over all pairs of values that include a 1 (``nan`` if no 1)."""
    j = np.arange(m + 1)
    pairs = float((by_ones * j * (m - 1)).sum())
    return _NAN if pairs == 0 else float((by_ones * j * (j - 1)).sum()) / pairs


def _fleiss(by_ones: np.ndarray, m: int) -> float:
    """Fleiss' kappa with ``by_ones[j]`` units on which ``j`` of ``m`` coders gave 1."""
    j = np.arange(m + 1)
    n = by_ones.sum()
    agreement = ((m - j) ** 2 + j**2 - m) / (m * (m - 1))
    observed = float((by_ones * agreement).sum() / n)
    p1 = float((by_ones * j).sum() / (n * m))
    chance = p1**2 + (1 - p1) ** 2
    return _NAN if math.isclose(chance, 1.0) else (observed - chance) / (1 - chance)
