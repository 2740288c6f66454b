"""Capital plan lines: what was allocated to each line by a date, and the period it may be spent in.

A line is one programme x project x sub-project x type x source x capital year x plan year x spending
unit. Its allocation is the sum of the decisions on it (the first allocation and every amendment,
which may add or withdraw), each counted from the day it was decided. A carry-over is a line of its
own whose capital year is earlier than its plan year.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from povmis.core.programmes.definition import Deadline

PAYMENT_KEY = ("programme", "project", "sub_project", "type", "source", "capital_year", "unit")
LINE_KEY = (*PAYMENT_KEY[:6], "plan_year", "unit")
DIMENSIONS = ("programme", "project", "sub_project", "type", "source", "capital_year", "plan_year", "unit")
PLAN_SCHEMA: dict[str, pl.DataType] = {
    "programme": pl.String(),
    "project": pl.String(),
    "sub_project": pl.String(),
    "type": pl.String(),
    "source": pl.String(),
    "capital_year": pl.Int32(),
    "plan_year": pl.Int32(),
    "unit": pl.String(),
    "amount_vnd": pl.Int64(),
    "decision": pl.String(),
    "decided_on": pl.Date(),
}
PAYMENT_SCHEMA: dict[str, pl.DataType] = {
    **{key: PLAN_SCHEMA[key] for key in LINE_KEY},
    "paid_on": pl.Date(),
    "amount_vnd": pl.Int64(),
    "voucher": pl.String(),
}


def allocations(plans: pl.DataFrame, on: dt.date | None = None) -> pl.DataFrame:
    """One row per line: ``allocated_vnd`` by the decisions taken up to ``on`` (all of them if None)."""
    decided = plans if on is None else plans.filter(pl.col("decided_on") <= on)
    lines = plans.select(LINE_KEY).unique()
    sums = decided.group_by(LINE_KEY).agg(pl.col("amount_vnd").sum().alias("allocated_vnd"))
    return lines.join(sums, on=list(LINE_KEY), how="left", nulls_equal=True).with_columns(
        pl.col("allocated_vnd").fill_null(0).cast(pl.Int64)
    )


def with_periods(lines: pl.DataFrame, deadline: Deadline) -> pl.DataFrame:
    """Add the first and last day a line may be paid on.

    A year's own capital runs from 1 January of its year to the spending deadline (31 January of the
    next year). A carry-over starts the day after the earlier line's deadline, so two lines of one
    key never overlap and a payment belongs to exactly one of them.
    """
    deadline_of = pl.date(pl.col("plan_year") + deadline.years_after, deadline.month, deadline.day)
    previous_deadline = pl.date(pl.col("plan_year") - 1 + deadline.years_after, deadline.month, deadline.day)
    own = pl.col("capital_year") == pl.col("plan_year")
    return lines.with_columns(
        pl.when(own)
        .then(pl.date(pl.col("plan_year"), 1, 1))
        .otherwise(pl.max_horizontal(previous_deadline + pl.duration(days=1), pl.date(pl.col("plan_year"), 1, 1)))
        .alias("period_from"),
        deadline_of.alias("period_to"),
        (~own).alias("carried_over"),
    )


def capital(plans: pl.DataFrame, by: tuple[str, ...] = ("capital_year", "source")) -> pl.DataFrame:
    """Each year's own capital (capital year = plan year: a carry-over is not counted again), summed along ``by``.

    >>> plans = pl.DataFrame({"programme": ["p"] * 3, "project": ["2"] * 3, "sub_project": [""] * 3,
    ...     "type": ["recurrent"] * 3, "source": ["central"] * 3, "capital_year": [2024, 2024, 2025],
    ...     "plan_year": [2024, 2025, 2025], "unit": ["66"] * 3, "amount_vnd": [900, 300, 500],
    ...     "decision": ["a", "b", "c"], "decided_on": [dt.date(2024, 1, 5)] * 3}, schema=PLAN_SCHEMA)
    >>> capital(plans, ("capital_year",)).rows()
    [(2024, 900), (2025, 500)]
    """
    own = plans.filter(pl.col("capital_year") == pl.col("plan_year"))
    return own.group_by(by).agg(pl.col("amount_vnd").sum().cast(pl.Int64).alias("allocated_vnd")).sort(by)
