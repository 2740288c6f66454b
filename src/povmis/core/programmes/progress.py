"""Disbursement against the expected path: who lags, how many weeks remain, and the year's curve.

A group (a project, a source, a spending unit...) lags when the share of its capital paid out, the
carry-over included (all the money it has to spend this year), is below the schedule's path by more
than the schedule's tolerance. The warning is raised from ``warn_weeks_before_deadline`` weeks before
the spending deadline, while there is still time to catch up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from povmis.core.programmes.disbursement import disbursement
from povmis.core.programmes.schedule import Schedule


def lags(
    plans: pl.DataFrame,
    payments: pl.DataFrame,
    on: dt.date,
    by: Sequence[str],
    schedule: Schedule,
    plan_year: int | None = None,
) -> pl.DataFrame:
    """The disbursement along ``by`` with ``expected_share``, ``gap``, ``lagging``, ``weeks_left``, ``warning``."""
    year = plan_year or on.year
    expected = schedule.expected_share(on, year)
    deadline = schedule.deadline(year)
    weeks_left = max((deadline - on).days // 7, 0)
    in_window = on <= deadline and weeks_left <= schedule.warn_weeks_before_deadline
    gap = pl.lit(expected) - pl.col("rate_with_carryover")
    lagging = (gap > schedule.tolerance).fill_null(value=False)
    return disbursement(plans, payments, on, by, year).with_columns(
        expected_share=pl.lit(expected),
        gap=gap,
        lagging=lagging,
        weeks_left=pl.lit(weeks_left, dtype=pl.Int32),
        warning=lagging & pl.lit(in_window),
    )


def curve(plans: pl.DataFrame, payments: pl.DataFrame, plan_year: int, dates: Sequence[dt.date]) -> pl.DataFrame:
    """The cumulative rates of one plan year at each date (carry-over included and not).

    Cumulative sums joined as of each date, so a year of weekly points costs two sorts, not a pass
    over the payments per point.
    """
    own = pl.col("capital_year") == pl.col("plan_year")
    points = pl.DataFrame({"date": list(dates)}, schema={"date": pl.Date()}).sort("date")
    allocated = _running(plans.filter(pl.col("plan_year") == plan_year), "decided_on", own, "allocated")
    paid = _running(payments.filter(pl.col("plan_year") == plan_year), "paid_on", own, "disbursed")
    joined = points.join_asof(allocated, left_on="date", right_on="day").join_asof(paid, left_on="date", right_on="day")
    filled = joined.drop("day", "day_right", strict=False).fill_null(0)

    def rate(part: str, whole: str) -> pl.Expr:
        return pl.when(pl.col(whole) > 0).then(pl.col(part) / pl.col(whole)).otherwise(None)

    return filled.select(
        "date",
        rate=rate("disbursed_own", "allocated_own"),
        rate_with_carryover=rate("disbursed_all", "allocated_all"),
    )


def year_curves(
    plans: pl.DataFrame, payments: pl.DataFrame, schedule: Schedule, plan_year: int, every_days: int = 7
) -> pl.DataFrame:
    """Weekly points from 1 January to the deadline: this year, last year on the same day, and the path."""
    start, end = dt.date(plan_year, 1, 1), schedule.deadline(plan_year)
    dates = [start + dt.timedelta(days=d) for d in range(0, (end - start).days + 1, every_days)]
    if dates[-1] != end:
        dates.append(end)
    this_year = curve(plans, payments, plan_year, dates)
    last_dates = [_a_year_earlier(day) for day in dates]
    last_year = curve(plans, payments, plan_year - 1, last_dates).select(
        last_year_rate_with_carryover="rate_with_carryover"
    )
    expected = pl.Series("expected_share", [schedule.expected_share(day, plan_year) for day in dates])
    return pl.concat([this_year, last_year], how="horizontal").with_columns(expected)


def _running(frame: pl.DataFrame, day: str, own: pl.Expr, name: str) -> pl.DataFrame:
    daily = frame.group_by(pl.col(day).alias("day")).agg(
        pl.col("amount_vnd").filter(own).sum().alias(f"{name}_own"),
        pl.col("amount_vnd").sum().alias(f"{name}_all"),
    )
    return daily.sort("day").with_columns(pl.col(f"{name}_own", f"{name}_all").cum_sum().cast(pl.Int64))


def _a_year_earlier(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else dt.date(day.year - 1, 2, 28)
