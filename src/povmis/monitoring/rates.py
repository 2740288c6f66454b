"""Rates, the average annual reduction, and where the trend lands in 2025: pure Polars, no database.

Rates are percentages of classified households with two decimals, as the official tables print them
(domain.md §4.1), and the reduction is computed from those printed rates, as the province does:
(12.79 - 6.38) / 3 = 2.14 points a year (spec/daklak.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

POOR, NEAR_POOR = "poor", "near_poor"
TARGET_YEAR = 2025
BELOW_RATE = 3.0  # poverty rate at the end of 2025, provincial target (spec/daklak.md)
HALVED = 0.5  # poor + near-poor rate against the start of the period (domain.md §5.1, Lắk district)
RATE_COLUMNS = ("poor_rate", "near_poor_rate", "poor_near_rate", "em_poor_rate", "kinh_poor_rate")


def percent(part: str, whole: str) -> pl.Expr:
    return pl.when(pl.col(whole) > 0).then((pl.col(part) * 100 / pl.col(whole)).round(2)).alias(f"{part}_rate")


def rates(counts: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Households and rates per group of ``by`` from counts with household_class, ethnic_minority, households.

    Unclassified households (empty class) are left out of every denominator; households whose
    ethnicity is not recorded count in the totals but in neither the ethnic-minority nor the Kinh rate.
    """
    classified = counts.filter(pl.col("household_class") != "")
    poor, near = pl.col("household_class") == POOR, pl.col("household_class") == NEAR_POOR
    em, kinh = pl.col("ethnic_minority").fill_null(value=False), (~pl.col("ethnic_minority")).fill_null(value=False)
    n = pl.col("households")
    return (
        classified.group_by(*by)
        .agg(
            households=n.sum(),
            poor=n.filter(poor).sum(),
            near_poor=n.filter(near).sum(),
            poor_near=n.filter(poor | near).sum(),
            em=n.filter(em).sum(),
            em_poor=n.filter(em & poor).sum(),
            kinh=n.filter(kinh).sum(),
            kinh_poor=n.filter(kinh & poor).sum(),
        )
        .with_columns(pl.exclude(*by).cast(pl.Int64))
        .with_columns(
            percent("poor", "households"),
            percent("near_poor", "households"),
            percent("poor_near", "households"),
            percent("em_poor", "em"),
            percent("kinh_poor", "kinh"),
        )
        .sort(*by)
    )


def average_annual_reduction(first_rate: float, last_rate: float, years: int) -> float:
    """Points a year, two decimals rounded half up, from two printed rates ``years`` apart.

    >>> average_annual_reduction(12.79, 6.38, 3), average_annual_reduction(26.74, 13.71, 3)
    (2.14, 4.34)
    """
    if years <= 0:
        raise ValueError("the two rates must be at least a year apart")
    points = (Decimal(str(first_rate)) - Decimal(str(last_rate))) / years
    return float(points.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def projected_rate(last_rate: float, last_year: int, reduction: float, year: int = TARGET_YEAR) -> float:
    """Where the rate lands in ``year`` if it keeps falling by ``reduction`` points a year (never below 0).

    >>> projected_rate(6.38, 2024, 2.14)
    4.24
    """
    value = Decimal(str(last_rate)) - Decimal(str(reduction)) * (year - last_year)
    return float(max(value, Decimal(0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _half_up(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """numerator / denominator rounded half away from zero, in integers (as Decimal's ROUND_HALF_UP)."""
    magnitude = (2 * numerator.abs() + denominator) // (2 * denominator)
    return pl.when(numerator < 0).then(-magnitude).otherwise(magnitude)


def trends(yearly: pl.DataFrame, by: Sequence[str], column: str) -> pl.DataFrame:
    """Per group: the first and last year's rate, the average annual reduction and the 2025 projection.

    The same arithmetic as :func:`average_annual_reduction` and :func:`projected_rate`, done over every
    group at once in whole hundredths of a point, so it is exact. A group with a single review has no
    trend (reduction and projection null).
    """
    hundredths = (pl.col(column) * 100).round().cast(pl.Int64)
    ends = (
        yearly.filter(pl.col(column).is_not_null())
        .sort("year")
        .group_by(*by, maintain_order=True)
        .agg(
            pl.col("year").first().alias("first_year"),
            pl.col(column).first().alias("first_rate"),
            pl.col("year").last().alias("last_year"),
            pl.col(column).last().alias("last_rate"),
            hundredths.first().alias("_first"),
            hundredths.last().alias("_last"),
        )
        .with_columns(_span=pl.col("last_year") - pl.col("first_year"))
    )
    reduction = _half_up(pl.col("_first") - pl.col("_last"), pl.col("_span"))
    projected = (pl.col("_last") - reduction * (TARGET_YEAR - pl.col("last_year"))).clip(lower_bound=0)
    has_trend = pl.col("_span") > 0
    return ends.select(
        *by,
        pl.col("first_year").cast(pl.Int64),
        pl.col("first_rate").cast(pl.Float64),
        pl.col("last_year").cast(pl.Int64),
        pl.col("last_rate").cast(pl.Float64),
        pl.when(has_trend).then(reduction / 100).alias("reduction"),
        pl.when(has_trend).then(projected / 100).alias("projected"),
    )


def off_track(poor: pl.DataFrame, poor_near: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Each group with both targets: the poverty rate below 3% in 2025 and poor + near-poor halved.

    ``poor`` and ``poor_near`` are :func:`trends` of poor_rate and poor_near_rate. A group with no
    trend yet is judged on its last rate. ``warning`` is true when a target is missed by the projection.
    """
    below = poor.select(
        *by,
        pl.col("last_rate").alias("poor_rate"),
        pl.col("reduction").alias("poor_reduction"),
        pl.coalesce("projected", "last_rate").alias("poor_projected"),
    ).with_columns(below_met=pl.col("poor_projected") < BELOW_RATE)
    halve = (
        poor_near.select(
            *by,
            pl.col("first_year").alias("baseline_year"),
            pl.col("first_rate").alias("poor_near_baseline"),
            pl.coalesce("projected", "last_rate").alias("poor_near_projected"),
        )
        .with_columns(
            half_target=(pl.col("poor_near_baseline") * HALVED).round(2),
        )
        .with_columns(halve_met=pl.col("poor_near_projected") <= pl.col("half_target"))
    )
    return (
        below.join(halve, on=list(by), how="full", coalesce=True)
        .with_columns(warning=~(pl.col("below_met").fill_null(value=True) & pl.col("halve_met").fill_null(value=True)))
        .sort(*by)
    )
