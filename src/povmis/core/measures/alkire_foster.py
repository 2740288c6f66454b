"""The Alkire-Foster adjusted headcount ratio M0 and its partial indices, over 0/1 deprivation columns.

Definitions follow Alkire & Foster (2011), "Counting and multidimensional poverty measurement",
Journal of Public Economics 95(7-8), and Alkire et al. (2015), *Multidimensional Poverty Measurement
and Analysis*, ch. 5:

* a person's deprivation score is the sum of the weights of the indicators they are deprived in;
* a person is poor when that score is at least the poverty cutoff k (within `TOLERANCE`);
* H is the share of the population that is poor, A the average score among the poor, M0 = H x A;
* the censored headcount ratio of an indicator counts only the poor who are deprived in it, and an
  indicator's contribution is w_j x censored headcount_j / M0;
* by subgroup, M0 is the population-weighted sum of the groups' M0, so a group's contribution is
  population share x M0 of the group / M0.

Weights must be positive and sum to 1 (they are not normalised silently: a set of weights that does
not sum to 1 is usually a typing mistake). With sampling weights every share is a weighted share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from povmis.core.measures.inputs import (
    TOLERANCE,
    check_deprivations,
    check_groups,
    require_columns,
    require_rows,
    sampling_weights,
)

# Decimal places kept in the JSON-ready dictionaries: far below any survey's precision, and enough
# to make the output identical across platforms whose float sums differ in the last place.
DIGITS = 12

_WEIGHT, _SCORE, _POOR = "__af_weight", "__af_score", "__af_poor"


@dataclass(frozen=True)
class IndicatorMeasures:
    """One indicator's weight, uncensored and censored headcount ratios and contribution to M0."""

    weight: float
    uncensored_headcount: float
    censored_headcount: float
    contribution: float


@dataclass(frozen=True)
class GroupMeasures:
    """One subgroup's share of the population, H, A, M0 and contribution to the total M0."""

    population_share: float
    headcount_ratio: float
    intensity: float
    adjusted_headcount_ratio: float
    contribution: float


@dataclass(frozen=True)
class AlkireFosterResult:
    """H (`headcount_ratio`), A (`intensity`) and M0 (`adjusted_headcount_ratio`) at cutoff k."""

    k: float
    headcount_ratio: float
    intensity: float
    adjusted_headcount_ratio: float
    indicators: Mapping[str, IndicatorMeasures]
    groups: Mapping[str, GroupMeasures] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form documented in docs/measures.md: fractions, never percents."""
        result: dict[str, Any] = {
            "k": self.k,
            "H": round(self.headcount_ratio, DIGITS),
            "A": round(self.intensity, DIGITS),
            "M0": round(self.adjusted_headcount_ratio, DIGITS),
            "indicators": {
                name: {
                    "weight": m.weight,
                    "uncensored_headcount": round(m.uncensored_headcount, DIGITS),
                    "censored_headcount": round(m.censored_headcount, DIGITS),
                    "contribution": round(m.contribution, DIGITS),
                }
                for name, m in self.indicators.items()
            },
        }
        if self.groups is not None:
            result["groups"] = {
                name: {
                    "population_share": round(g.population_share, DIGITS),
                    "H": round(g.headcount_ratio, DIGITS),
                    "A": round(g.intensity, DIGITS),
                    "M0": round(g.adjusted_headcount_ratio, DIGITS),
                    "contribution": round(g.contribution, DIGITS),
                }
                for name, g in self.groups.items()
            }
        return result


def equal_weights(indicators: Sequence[str]) -> dict[str, float]:
    """Each indicator weighs the same, and the weights sum to 1.

    >>> equal_weights(["water", "school"])
    {'water': 0.5, 'school': 0.5}
    """
    if not indicators:
        raise ValueError("name at least one indicator")
    return dict.fromkeys(indicators, 1 / len(indicators))


def nested_weights(dimensions: Mapping[str, tuple[float, Sequence[str]]]) -> dict[str, float]:
    """Per-indicator weights from {dimension: (dimension weight, [indicators])}, split equally.

    This is the global MPI's scheme: each dimension weighs 1/3 and its indicators share that.

    >>> nested_weights({"health": (0.5, ["nutrition"]), "living": (0.5, ["water", "assets"])})
    {'nutrition': 0.5, 'water': 0.25, 'assets': 0.25}
    """
    weights: dict[str, float] = {}
    for dimension, (dimension_weight, indicators) in dimensions.items():
        if not indicators:
            raise ValueError(f"dimension {dimension!r} has no indicators")
        for indicator in indicators:
            if indicator in weights:
                raise ValueError(f"indicator {indicator!r} is listed in two dimensions")
            weights[indicator] = dimension_weight / len(indicators)
    return weights


def _check_parameters(weights: Mapping[str, float], k: float) -> None:
    if not weights:
        raise ValueError("name at least one indicator")
    if any(weight <= 0 for weight in weights.values()):
        raise ValueError("every indicator weight must be greater than 0")
    total = sum(weights.values())
    if abs(total - 1) > TOLERANCE:
        raise ValueError(f"the indicator weights sum to {total:g}; they must sum to 1")
    if not 0 < k <= 1:
        raise ValueError(f"the poverty cutoff k must be greater than 0 and at most 1, not {k:g}")


def _aggregates(indicators: Sequence[str]) -> list[pl.Expr]:
    weight, poor = pl.col(_WEIGHT), pl.col(_POOR)
    return [
        weight.sum().alias("population"),
        (weight * poor).sum().alias("poor"),
        (weight * poor * pl.col(_SCORE)).sum().alias("censored_score"),
        *[(weight * pl.col(c)).sum().alias(f"uncensored {i}") for i, c in enumerate(indicators)],
        *[(weight * poor * pl.col(c)).sum().alias(f"censored {i}") for i, c in enumerate(indicators)],
    ]


def _partial_indices(row: Mapping[str, float]) -> tuple[float, float, float]:
    headcount = row["poor"] / row["population"] if row["population"] else 0.0
    intensity = row["censored_score"] / row["poor"] if row["poor"] else 0.0
    # M0 is built as the product so that the identity M0 = H x A holds exactly in the output.
    return headcount, intensity, headcount * intensity


def alkire_foster(
    frame: pl.DataFrame,
    weights: Mapping[str, float],
    k: float,
    *,
    by: str | None = None,
    sampling_weight: str | None = None,
) -> AlkireFosterResult:
    """Alkire-Foster measures of a frame of 0/1 deprivation columns, optionally by subgroup.

    `weights` maps each indicator column to its weight (summing to 1); a person is poor when their
    weighted deprivation score is at least `k`. `sampling_weight` names a column of survey weights.

    >>> frame = pl.DataFrame({"water": [1, 0, 1, 0], "school": [1, 0, 0, 0]})
    >>> result = alkire_foster(frame, {"water": 0.5, "school": 0.5}, k=0.5)
    >>> result.headcount_ratio, result.intensity, result.adjusted_headcount_ratio
    (0.5, 0.75, 0.375)
    >>> result.indicators["school"].censored_headcount, result.indicators["school"].contribution
    (0.25, 0.3333333333333333)
    """
    _check_parameters(weights, k)
    indicators = list(weights)
    require_columns(frame, [*indicators, by, sampling_weight])
    require_rows(frame)
    check_deprivations(frame, indicators)
    check_groups(frame, by)
    score = pl.sum_horizontal(pl.col(c).cast(pl.Float64) * w for c, w in weights.items())
    prepared = frame.select(
        *([pl.col(by)] if by else []),
        *[pl.col(c).cast(pl.Float64) for c in indicators],
        sampling_weights(frame, sampling_weight).alias(_WEIGHT),
        score.alias(_SCORE),
        (score >= k - TOLERANCE).cast(pl.Float64).alias(_POOR),
    )
    totals = prepared.select(_aggregates(indicators)).row(0, named=True)
    headcount, intensity, m0 = _partial_indices(totals)
    population = totals["population"]
    measures = {
        c: IndicatorMeasures(
            weight=weights[c],
            uncensored_headcount=totals[f"uncensored {i}"] / population,
            censored_headcount=totals[f"censored {i}"] / population,
            contribution=weights[c] * totals[f"censored {i}"] / population / m0 if m0 else 0.0,
        )
        for i, c in enumerate(indicators)
    }
    groups = None
    if by is not None:
        rows = prepared.group_by(by).agg(_aggregates(indicators)).sort(by).iter_rows(named=True)
        groups = {str(row[by]): _group(row, population, m0) for row in rows}
    return AlkireFosterResult(k, headcount, intensity, m0, measures, groups)


def _group(row: Mapping[str, Any], population: float, total_m0: float) -> GroupMeasures:
    headcount, intensity, m0 = _partial_indices(row)
    share = row["population"] / population
    return GroupMeasures(share, headcount, intensity, m0, share * m0 / total_m0 if total_m0 else 0.0)
