"""The in-year forecast backtested on past rounds: predicted end-of-year rates against the actual ones.

For each round t with two rounds before it, every commune's poverty rate at t is forecast from the
rounds before t and the changes of class between round t-1 and round t decided by ``as_of``. The
synthetic province has no dates of decision, so each change is given a day of the year from a hash of
its household: decisions spread evenly over the year, the simplest pattern, and stated as such.

Two baselines: the trend alone (the forecast with nothing decided yet) and the naive "same reduction
as last year" (rate t-1 minus the change from t-2 to t-1). Errors are absolute, in points.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from povmis.core.figures.forecasts import forecast

RATE = "poverty_rate"


@dataclass(frozen=True)
class ForecastBacktest:
    year: int
    as_of: dt.date
    units: int
    mae_in_year: float
    mae_trend: float
    mae_naive: float
    coverage: float  # share of units whose actual rate fell inside the 90% interval


def elapsed_share(year: int, as_of: dt.date) -> float:
    """The share of ``year`` passed at the end of ``as_of`` (0 before it starts, 1 after it ends).

    >>> elapsed_share(2025, dt.date(2025, 12, 31)), round(elapsed_share(2025, dt.date(2025, 7, 2)), 4)
    (1.0, 0.5014)
    """
    start, last = dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
    passed = min(max(as_of.toordinal() - start + 1, 0), last - start + 1)
    return passed / (last - start + 1)


def commune_history(rounds: pl.DataFrame) -> pl.DataFrame:
    """Poor and classified households per commune and round, in the layout ``forecast`` reads."""
    return (
        rounds.filter(pl.col("class").is_not_null())
        .group_by(pl.col("commune_code").alias("code"), "year")
        .agg(part=(pl.col("class") == "poor").sum().cast(pl.Int64), whole=pl.len().cast(pl.Int64))
        .with_columns(rate=pl.lit(RATE))
    )


def decided_changes(rounds: pl.DataFrame, year: int, as_of: dt.date) -> pl.DataFrame:
    """Households that entered or left poverty between rounds year-1 and year, decided by ``as_of``."""
    before = rounds.filter(pl.col("year") == year - 1).select("household_id", pl.col("class").alias("old"))
    after = rounds.filter(pl.col("year") == year).select("household_id", "commune_code", pl.col("class").alias("new"))
    days = dt.date(year + 1, 1, 1).toordinal() - dt.date(year, 1, 1).toordinal()
    cutoff = as_of.toordinal() - dt.date(year, 1, 1).toordinal()
    moves = before.join(after, on="household_id").with_columns(
        entered=(pl.col("old") != "poor") & (pl.col("new") == "poor"),
        left=(pl.col("old") == "poor") & (pl.col("new") != "poor"),
        day=(pl.concat_str("household_id", pl.lit(str(year))).hash(seed=0) % days).cast(pl.Int64),
    )
    return (
        moves.filter(pl.col("day") <= cutoff)
        .group_by(pl.col("commune_code").alias("code"))
        .agg(pl.col("entered").sum().cast(pl.Int64), pl.col("left").sum().cast(pl.Int64))
        .with_columns(rate=pl.lit(RATE))
    )


def backtest_year(rounds: pl.DataFrame, year: int, as_of: dt.date) -> ForecastBacktest:
    history = commune_history(rounds)
    past = history.filter(pl.col("year") < year)
    in_year = forecast(past, decided_changes(rounds, year, as_of), year, elapsed_share(year, as_of))
    trend = forecast(past, pl.DataFrame(schema=["code", "rate", "entered", "left"]), year, 0.0)
    rate = pl.col("part") / pl.col("whole")
    actual = history.filter(pl.col("year") == year).select("code", rate.alias("actual"))
    last = history.filter(pl.col("year") == year - 1).select("code", rate.alias("last"))
    before = history.filter(pl.col("year") == year - 2).select("code", rate.alias("before"))
    naive = last.join(before, on="code").select(
        "code", (2 * pl.col("last") - pl.col("before")).clip(0.0, 1.0).alias("naive")
    )
    scored = (
        in_year.select("code", "projected", "low", "high")
        .join(trend.select("code", pl.col("projected").alias("trend")), on="code")
        .join(naive, on="code")
        .join(actual, on="code")
    )
    error = {name: (pl.col(name) - pl.col("actual")).abs().mean() * 100 for name in ("projected", "trend", "naive")}
    inside = ((pl.col("low") <= pl.col("actual")) & (pl.col("actual") <= pl.col("high"))).mean()
    row = scored.select(**error, inside=inside).row(0, named=True)
    return ForecastBacktest(year, as_of, scored.height, row["projected"], row["trend"], row["naive"], row["inside"])


def backtest(rounds: pl.DataFrame, as_of: tuple[int, int]) -> list[ForecastBacktest]:
    """Every round with two before it, forecast on (month, day) ``as_of`` of its year."""
    years = sorted(rounds["year"].unique().to_list())
    return [backtest_year(rounds, year, dt.date(year, *as_of)) for year in years[2:]]
