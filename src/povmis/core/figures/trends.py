"""The average annual reduction of a rate and where the trend lands in a target year (docs/figures.md §2).

Computed from the unrounded rates (fractions), never from printed ones: a reduction is
``(first - last) / years`` and the projection ``last - reduction * (year - last_year)``, not below 0.

>>> import polars as pl
>>> yearly = pl.DataFrame({"u": ["a"] * 3, "year": [2021, 2023, 2024], "rate": [0.1279, 0.1, 0.0638]})
>>> row = trends(yearly, ["u"], "rate", 2025).row(0, named=True)
>>> round(row["reduction"], 6), round(row["projected"], 6)
(0.021367, 0.042433)
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl


def trends(yearly: pl.DataFrame, by: Sequence[str], column: str, target_year: int) -> pl.DataFrame:
    """Per group: first and last year and rate, the reduction per year and the ``target_year`` projection.

    A group with a single review has no trend: reduction and projected are null.
    """
    ends = (
        yearly.filter(pl.col(column).is_not_null())
        .sort("year")
        .group_by(*by, maintain_order=True)
        .agg(
            pl.col("year").first().cast(pl.Int64).alias("first_year"),
            pl.col(column).first().cast(pl.Float64).alias("first_rate"),
            pl.col("year").last().cast(pl.Int64).alias("last_year"),
            pl.col(column).last().cast(pl.Float64).alias("last_rate"),
        )
    )
    span = pl.col("last_year") - pl.col("first_year")
    reduction = pl.when(span > 0).then((pl.col("first_rate") - pl.col("last_rate")) / span)
    return ends.with_columns(reduction=reduction).with_columns(
        projected=(pl.col("last_rate") - pl.col("reduction") * (target_year - pl.col("last_year"))).clip(
            lower_bound=0.0
        )
    )


def average_annual_reduction(first_rate: float, last_rate: float, years: int) -> float:
    """Points (of a fraction) a year between two rates ``years`` apart, unrounded.

    >>> round(average_annual_reduction(0.1279, 0.0638, 3), 6)
    0.021367
    """
    if years <= 0:
        raise ValueError("the two rates must be at least a year apart")
    return (first_rate - last_rate) / years
