"""In-year forecasts: where each unit's rates will stand at the end of the year, with an interval.

The end-of-year rate is the last review's rate, minus the reduction already decided this year (the
households that left or entered the rate's numerator so far, over the last review's denominator), minus
the unit's own average annual reduction of past years for the part of the year still to come. The
interval widens with the year-to-year spread of that reduction and narrows as the year passes:
``z * spread * sqrt(1 - elapsed)``; a unit with too few reviews for a spread of its own takes the
spread of every unit's yearly reductions of that rate together. All figures are fractions, unrounded.

>>> import polars as pl
>>> history = pl.DataFrame({"code": ["a"] * 3, "rate": ["poverty_rate"] * 3, "year": [2022, 2023, 2024],
...                         "part": [30, 20, 14], "whole": [100, 100, 100]})
>>> so_far = pl.DataFrame({"code": ["a"], "rate": ["poverty_rate"], "entered": [1], "left": [5]})
>>> row = forecast(history, so_far, 2025, elapsed=0.5).row(0, named=True)
>>> round(row["start_rate"], 4), round(row["so_far"], 4), round(row["trend"], 4), round(row["projected"], 4)
(0.14, 0.04, 0.08, 0.06)
>>> round(row["low"], 4), round(row["high"], 4)
(0.0271, 0.0929)
"""

from __future__ import annotations

import polars as pl

from povmis.core.figures.targets import BELOW, REDUCTION, Target, applicable

# The interval is a 90% one: 1.645 standard deviations either side, under a normal approximation.
Z_90 = 1.6449
MAX_DEPTH = 4  # province / district / commune / village


def forecast(history: pl.DataFrame, so_far: pl.DataFrame, year: int, elapsed: float) -> pl.DataFrame:
    """Per unit and rate of ``history`` (code, rate, year, part, whole: past reviews' numerators and
    denominators) with ``so_far`` (code, rate, entered, left: ``year``'s changes of the numerator) and
    ``elapsed`` (the share of ``year`` passed, 0 to 1): the start, the reductions and the projection.

    A year after the last review's next (no review for the year between) takes the trend for the whole
    years between as well.
    """
    if not 0.0 <= elapsed <= 1.0:
        raise ValueError(f"elapsed must be between 0 and 1, not {elapsed}")
    rated = history.filter(pl.col("whole") > 0).with_columns(value=pl.col("part") / pl.col("whole")).sort("year")
    previous = pl.col("value").shift(1).over("code", "rate")
    years_apart = pl.col("year") - pl.col("year").shift(1).over("code", "rate")
    yearly = rated.with_columns(step=(previous - pl.col("value")) / years_apart)
    per_unit = yearly.group_by("code", "rate").agg(
        pl.col("year").last().alias("start_year"),
        pl.col("value").last().alias("start_rate"),
        pl.col("whole").last().alias("start_whole"),
        pl.col("step").drop_nulls().mean().alias("trend"),
        pl.col("step").drop_nulls().std().alias("spread"),
    )
    pooled = yearly.group_by("rate").agg(pl.col("step").drop_nulls().std().alias("pooled"))
    per_unit = per_unit.join(pooled, on="rate", how="left").with_columns(pl.col("spread").fill_null(pl.col("pooled")))
    return _project(per_unit.drop("pooled"), so_far, year, elapsed).sort("rate", "code")


def _project(per_unit: pl.DataFrame, so_far: pl.DataFrame, year: int, elapsed: float) -> pl.DataFrame:
    joined = per_unit.join(
        so_far.select(pl.col("code", "rate").cast(pl.String), pl.col("entered", "left").cast(pl.Int64)),
        on=["code", "rate"],
        how="left",
    ).with_columns(
        pl.col("entered", "left").fill_null(0),
        pl.col("trend").fill_null(0.0),
    )
    so_far_reduction = (pl.col("left") - pl.col("entered")) / pl.col("start_whole")
    remaining = (year - pl.col("start_year") - elapsed).clip(lower_bound=0.0)  # years of trend still to come
    half = Z_90 * pl.col("spread") * remaining.sqrt()
    projected = (pl.col("start_rate") - pl.col("so_far") - pl.col("trend") * remaining).clip(0.0, 1.0)
    return (
        joined.with_columns(so_far=so_far_reduction)
        .with_columns(projected=projected)
        .with_columns(
            low=(pl.col("projected") - half).clip(0.0, 1.0),
            high=(pl.col("projected") + half).clip(0.0, 1.0),
            elapsed=pl.lit(elapsed),
        )
        .select("code", "rate", "start_year", "start_rate", "entered", "left", "so_far", "trend", "projected",
                "low", "high", "elapsed")
    )  # fmt: skip


def as_trends(forecasts: pl.DataFrame) -> pl.DataFrame:
    """The forecast in the layout :func:`povmis.core.figures.targets.judge` reads: the year's reduction
    is the start rate minus the projected one."""
    return forecasts.select(
        "code",
        "rate",
        pl.col("start_rate").alias("first_rate"),
        pl.col("projected").alias("last_rate"),
        (pl.col("start_rate") - pl.col("projected")).alias("reduction"),
        "projected",
    )


def numerator_changes(changes: pl.DataFrame, units: pl.DataFrame) -> pl.DataFrame:
    """This year's changes of class (household_id, unit_path of its commune, ethnic_minority, old_class,
    new_class) as counts that entered and left each rate's numerator, for every unit of ``units`` (code,
    unit_path) whose path the commune's starts with."""
    poor = {"poverty_rate": ["poor"], "multidimensional_poverty_rate": ["poor", "near_poor"]}
    frames = [
        changes.select(
            "unit_path",
            pl.lit(rate).alias("rate"),
            (~pl.col("old_class").is_in(classes).fill_null(value=False) & pl.col("new_class").is_in(classes)).alias(
                "entered"
            ),
            (pl.col("old_class").is_in(classes) & ~pl.col("new_class").is_in(classes).fill_null(value=False)).alias(
                "left"
            ),
        )
        for rate, classes in poor.items()
    ]
    minority = changes.filter(pl.col("ethnic_minority").fill_null(value=False))
    frames.append(
        minority.select(
            "unit_path",
            pl.lit("em_poverty_rate").alias("rate"),
            ((pl.col("old_class") != "poor").fill_null(value=True) & (pl.col("new_class") == "poor")).alias("entered"),
            ((pl.col("old_class") == "poor") & (pl.col("new_class") != "poor").fill_null(value=True)).alias("left"),
        )
    )
    moves = pl.concat(frames).filter(pl.col("entered") | pl.col("left"))
    # Every unit counts the changes of the communes under it (the scoping's prefix rule): each change is
    # repeated for each of its commune path's prefixes, "66/", "66/643/", "66/643/24121/".
    prefixes = pl.concat(
        moves.with_columns(pl.col("unit_path").str.extract(rf"^((?:[^/]+/){{{depth}}})")).drop_nulls("unit_path")
        for depth in range(1, MAX_DEPTH + 1)
    )
    return (
        units.select("code", "unit_path")
        .join(prefixes, on="unit_path", how="inner")
        .group_by("code", "rate")
        .agg(pl.col("entered").sum().cast(pl.Int64), pl.col("left").sum().cast(pl.Int64))
    )


def judge_forecasts(units: pl.DataFrame, forecasts: pl.DataFrame, targets: list[Target]) -> pl.DataFrame:
    """Each unit (code, level) with each of its own targets (core/figures/targets.py ``applicable``) on a
    rate it is forecast for: the reduction the year needs, the one forecast, and ``met``.

    A reduction target needs its value this year (no more than the rate itself: a unit with no poor
    household left meets it). A "below" target needs the rest of the way to the
    value spread evenly over the years left to the target year (this one included), or the forecast
    already below it. A "halve" target is not judged within a year (``met`` null).
    """
    rated = set(forecasts["rate"].unique().to_list())
    rows = [
        (code, t.id, t.rate, t.kind, t.value, t.year, t.source)
        for code, level in units.select("code", "level").iter_rows()
        for t in applicable(targets, code, level)
        if t.rate in rated
    ]
    schema = {"code": pl.String, "target": pl.String, "rate": pl.String, "kind": pl.String,
              "value": pl.Float64, "target_year": pl.Int64, "source": pl.String}  # fmt: skip
    pairs = pl.DataFrame(rows, schema=schema, orient="row")
    kind, value = pl.col("kind"), pl.col("value")
    years_left = pl.max_horizontal(pl.col("target_year") - pl.col("start_year"), pl.lit(1))
    needed = (
        pl.when(kind == REDUCTION).then(pl.min_horizontal(value, pl.col("start_rate")))
        .when(kind == BELOW).then(((pl.col("start_rate") - value) / years_left).clip(lower_bound=0.0))
    )  # fmt: skip
    reduction = pl.col("start_rate") - pl.col("projected")
    met = (
        pl.when(kind == BELOW)
        .then((pl.col("projected") < value) | (reduction >= needed))
        .otherwise(reduction >= needed)
    )
    return (
        pairs.join(forecasts, on=["code", "rate"], how="inner")
        .with_columns(needed=needed, reduction=reduction)
        .with_columns(met=pl.when(pl.col("needed").is_not_null()).then(met))
        .join(units, on="code", how="left")
    )
