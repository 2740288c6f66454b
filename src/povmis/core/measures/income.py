"""Income poverty (the Foster-Greer-Thorbecke family) and the Gini coefficient, optionally by subgroup.

FGT(alpha) is the population mean of ((z - y) / z) ** alpha over the poor, 0 for everyone else
(Foster, Greer & Thorbecke 1984; Haughton & Khandker, *Handbook on Poverty and Inequality*, World
Bank 2009, ch. 4). FGT(0) is the headcount ratio, FGT(1) the poverty gap index, FGT(2) the squared
poverty gap (severity).

Who is poor differs by convention: the Handbook counts those strictly *below* the line, which is
the default here; Viet Nam's standards count those *at or below* it (`at_or_below=True`).

The Gini coefficient is the Eurostat EU-SILC estimator as implemented by the R package laeken
(`giniCoeff` in R/gini.R): with incomes sorted ascending and cumulative weights W_i,

    G = (2 * sum(w_i * y_i * W_i) - sum(w_i**2 * y_i)) / (sum(w) * sum(w * y)) - 1

reported as a fraction (laeken reports 100 * G). With every weight 1 it reduces to the textbook
G = 2 * sum(i * y_(i)) / (n * sum(y)) - (n + 1) / n. Incomes that are all zero have G = 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from povmis.core.measures.alkire_foster import DIGITS
from povmis.core.measures.inputs import (
    check_groups,
    check_numbers,
    require_columns,
    require_rows,
    sampling_weights,
)

_INCOME, _WEIGHT = "__income", "__weight"
# Running sums of weights in income order: over everyone for the total, restarting in each group.
_CUMULATIVE, _GROUP_CUMULATIVE = "__cumulative_weight", "__group_cumulative_weight"


@dataclass(frozen=True)
class IncomeMeasures:
    """FGT(0), FGT(1), FGT(2) and the Gini coefficient of one population, all fractions."""

    fgt0: float
    fgt1: float
    fgt2: float
    gini: float

    def to_dict(self) -> dict[str, float]:
        return {name: round(getattr(self, name), DIGITS) for name in ("fgt0", "fgt1", "fgt2", "gini")}


@dataclass(frozen=True)
class IncomePovertyResult:
    """The measures of the whole population against `line`, and of each subgroup when asked."""

    line: float
    at_or_below: bool
    total: IncomeMeasures
    groups: Mapping[str, IncomeMeasures] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form documented in docs/measures.md."""
        result: dict[str, Any] = {"line": self.line, "at_or_below": self.at_or_below, **self.total.to_dict()}
        if self.groups is not None:
            result["groups"] = {name: measures.to_dict() for name, measures in self.groups.items()}
        return result


def _gini(cumulative: str = _CUMULATIVE) -> pl.Expr:
    income, weight = pl.col(_INCOME), pl.col(_WEIGHT)
    weighted_income = (weight * income).sum()
    value = (2 * (weight * income * pl.col(cumulative)).sum() - (weight**2 * income).sum()) / (
        weight.sum() * weighted_income
    ) - 1
    return pl.when(weighted_income == 0).then(0.0).otherwise(value).alias("gini")


def _aggregates(line: float, *, at_or_below: bool, cumulative: str = _CUMULATIVE) -> list[pl.Expr]:
    income, weight = pl.col(_INCOME), pl.col(_WEIGHT)
    poor = income <= line if at_or_below else income < line
    gap = pl.when(poor).then((line - income) / line).otherwise(0.0)
    population = weight.sum()
    return [
        ((weight * poor.cast(pl.Float64)).sum() / population).alias("fgt0"),
        ((weight * gap).sum() / population).alias("fgt1"),
        ((weight * gap**2).sum() / population).alias("fgt2"),
        _gini(cumulative),
    ]


def _prepared(frame: pl.DataFrame, income: str, by: str | None, sampling_weight: str | None) -> pl.DataFrame:
    require_columns(frame, [income, by, sampling_weight])
    require_rows(frame)
    check_numbers(frame, [income])
    check_groups(frame, by)
    weight = sampling_weights(frame, sampling_weight)
    # Sorting by income makes each running sum of weights the cumulative weight the Gini needs.
    sorted_frame = frame.select(
        *([pl.col(by)] if by else []),
        pl.col(income).cast(pl.Float64).alias(_INCOME),
        weight.alias(_WEIGHT),
    ).sort(_INCOME, maintain_order=True)
    cumulative = pl.col(_WEIGHT).cum_sum()
    return sorted_frame.with_columns(
        cumulative.alias(_CUMULATIVE), *([cumulative.over(by).alias(_GROUP_CUMULATIVE)] if by else [])
    )


def gini(frame: pl.DataFrame, income: str, *, sampling_weight: str | None = None) -> float:
    """The Gini coefficient of an income column, as a fraction.

    >>> round(gini(pl.DataFrame({"income": [100, 110, 150, 160]}), "income"), 12)
    0.105769230769
    """
    prepared = _prepared(frame, income, None, sampling_weight)
    return float(prepared.select(_gini()).item())


def income_poverty(
    frame: pl.DataFrame,
    income: str,
    line: float,
    *,
    at_or_below: bool = False,
    by: str | None = None,
    sampling_weight: str | None = None,
) -> IncomePovertyResult:
    """FGT(0), FGT(1), FGT(2) against `line` and the Gini coefficient, optionally by subgroup.

    >>> frame = pl.DataFrame({"income": [100, 110, 150, 160]})
    >>> result = income_poverty(frame, "income", line=125)
    >>> result.total.fgt0, round(result.total.fgt1, 12), round(result.total.fgt2, 12)
    (0.5, 0.08, 0.0136)
    >>> income_poverty(frame, "income", line=110, at_or_below=True).total.fgt0
    0.5
    """
    if not line > 0:
        raise ValueError(f"the poverty line must be greater than 0, not {line:g}")
    prepared = _prepared(frame, income, by, sampling_weight)
    aggregates = _aggregates(line, at_or_below=at_or_below)
    total = IncomeMeasures(**prepared.select(aggregates).row(0, named=True))
    groups = None
    if by is not None:
        by_group = _aggregates(line, at_or_below=at_or_below, cumulative=_GROUP_CUMULATIVE)
        rows = prepared.group_by(by).agg(by_group).sort(by).iter_rows(named=True)
        groups = {str(row.pop(by)): IncomeMeasures(**row) for row in rows}
    return IncomePovertyResult(line, at_or_below, total, groups)
