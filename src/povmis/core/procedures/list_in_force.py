"""The commune's list as in force on a date, and the month's report of the regular review.

A decision changes a household's class from the decision's date: the list in force on a day is the
periodic review's classes overridden by every decision dated on or before that day, the latest one
winning, unless the periodic list came in force after the decision: a later periodic list reviewed the
household again and supersedes it (:func:`decision_stands`, the one rule the support's history follows
too). Decisions are rows, not loops: one join over the whole province.

>>> import datetime as dt
>>> baseline = pl.DataFrame({"household_id": ["H1", "H2"], "class": ["poor", "not_poor"]})
>>> decisions = pl.DataFrame({
...     "household_id": ["H1", "H2"], "decided_on": [dt.date(2025, 3, 20), dt.date(2025, 5, 28)],
...     "decided_class": ["near_poor", "poor"], "previous_class": ["poor", "not_poor"]})
>>> classes_as_of(baseline, decisions, dt.date(2025, 4, 1)).sort("household_id").rows()
[('H1', 'near_poor'), ('H2', 'not_poor')]
"""

from __future__ import annotations

import datetime as dt

import polars as pl

POOR, NEAR_POOR = "poor", "near_poor"
ON_THE_LIST = (POOR, NEAR_POOR)

# The report's rows: what a decision did to the household's place on the list (domain.md §3.10).
AGRICULTURAL_AVERAGE = "agricultural_average"  # the status of Mẫu 01's third request (statuses/)
MOVES = ("new_poor", "new_near_poor", "escaped_poverty", "escaped_near_poverty", "average_living", "refused")


def decision_stands(decided_on: pl.Expr, since: pl.Expr) -> pl.Expr:
    """Whether a decision changes the periodic list in force ``since`` its day: taken on or after that day.

    A decision before the list came in force is superseded by it (the review looked at the household
    again); with no list (``since`` null) the decision alone places the household.
    """
    return decided_on.is_not_null() & (since.is_null() | (decided_on >= since))


def classes_as_of(
    baseline: pl.DataFrame, decisions: pl.DataFrame, day: dt.date, since: dt.date | None = None
) -> pl.DataFrame:
    """``household_id`` and ``class`` in force on ``day``: the baseline's (in force from ``since``), changed by
    the decisions taken from ``since`` up to the day."""
    listed = baseline.select("household_id", "class", since=pl.lit(since, dtype=pl.Date))
    latest = (
        decisions.filter(pl.col("decided_on") <= day, pl.col("decided_class").is_not_null())
        .join(listed.select("household_id", "since"), on="household_id", how="left")
        .filter(decision_stands(pl.col("decided_on"), pl.col("since")))
        .sort("decided_on")
        .group_by("household_id")
        .agg(pl.col("decided_class").last())
    )
    return (
        listed.select("household_id", "class")
        .join(latest, on="household_id", how="full", coalesce=True)
        .select("household_id", pl.coalesce("decided_class", "class").alias("class"))
    )


def move(previous: pl.Expr, decided: pl.Expr, status: pl.Expr | None = None) -> pl.Expr:
    """What one decision did to the list; a refusal (no decided class) is counted as refused, no change as null.

    A recognised status is no class: the agricultural average living standard is reported in its own
    column, a low-income worker moves nothing.
    """
    status = pl.lit(None, dtype=pl.String) if status is None else status
    return (
        pl.when(status == AGRICULTURAL_AVERAGE)
        .then(pl.lit("average_living"))
        .when(status.is_not_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(decided.is_null())
        .then(pl.lit("refused"))
        .when(decided == previous)
        .then(pl.lit(None, dtype=pl.String))
        .when(decided == POOR)
        .then(pl.lit("new_poor"))
        .when(previous == POOR)
        .then(pl.lit("escaped_poverty"))
        .when(decided == NEAR_POOR)
        .then(pl.lit("new_near_poor"))
        .when(previous == NEAR_POOR)
        .then(pl.lit("escaped_near_poverty"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


def monthly_report(decisions: pl.DataFrame, year: int, month: int) -> pl.DataFrame:
    """One row per commune with decisions in the month, the decisions counted by move, every move a column.

    ``decisions`` has ``commune_code``, ``commune_name``, ``decided_on``, ``previous_class`` and ``decided_class``.
    """
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    month_rows = decisions.filter(pl.col("decided_on") >= first, pl.col("decided_on") < following)
    status = pl.col("decided_status") if "decided_status" in month_rows.columns else None
    moved = month_rows.with_columns(move(pl.col("previous_class"), pl.col("decided_class"), status).alias("move"))
    counts = [(pl.col("move") == name).sum().cast(pl.Int64).alias(name) for name in MOVES]
    return moved.group_by("commune_code", "commune_name").agg(counts).sort("commune_code")
