"""The disbursement rate on a date, per line and summed along any dimensions, with and without the
capital carried over from earlier years (programme.md §4: the figure pages, exports and API share).

``allocated_vnd`` and ``disbursed_vnd`` count the plan year's own capital (capital year = plan year);
the ``_with_carryover`` figures add the lines carried into that plan year from earlier capital years.
Payments count up to and including the date; rates are fractions, None where nothing is allocated.

>>> import datetime as dt
>>> plans = pl.DataFrame({"programme": ["p", "p"], "project": ["2", "2"], "sub_project": ["", ""],
...     "type": ["recurrent"] * 2, "source": ["central"] * 2, "capital_year": [2025, 2024],
...     "plan_year": [2025, 2025], "unit": ["66"] * 2, "amount_vnd": [800, 200],
...     "decision": ["1/QĐ", "2/QĐ"], "decided_on": [dt.date(2025, 1, 5)] * 2}, schema=PLAN_SCHEMA)
>>> payments = plans.select(LINE_KEY).with_columns(paid_on=pl.lit(dt.date(2025, 3, 1)),
...     amount_vnd=pl.Series([200, 200]), voucher=pl.Series(["a", "b"]))
>>> summary = disbursement(plans, payments, dt.date(2025, 8, 5), by=["project"])
>>> summary.row(0, named=True)["rate"], summary.row(0, named=True)["rate_with_carryover"]
(0.25, 0.4)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl

from povmis.core.programmes.lines import DIMENSIONS, LINE_KEY, PLAN_SCHEMA, allocations
from povmis.core.programmes.succession import with_successors

AMOUNTS = ("allocated_vnd", "disbursed_vnd", "allocated_with_carryover_vnd", "disbursed_with_carryover_vnd")


class DimensionError(ValueError):
    """A --by dimension that is not one of the plan lines' keys."""


def check_dimensions(by: Sequence[str]) -> list[str]:
    stray = [dimension for dimension in by if dimension not in DIMENSIONS]
    if stray:
        raise DimensionError(f"unknown dimension {', '.join(stray)}; choose among {', '.join(DIMENSIONS)}")
    return list(dict.fromkeys(by))


def line_disbursement(
    plans: pl.DataFrame, payments: pl.DataFrame, on: dt.date, plan_year: int | None = None
) -> pl.DataFrame:
    """Every line of the plan year with its allocation on ``on`` and what was paid against it by then."""
    year = plan_year or on.year
    lines = allocations(plans.filter(pl.col("plan_year") == year), on)
    paid = (
        payments.filter((pl.col("plan_year") == year) & (pl.col("paid_on") <= on))
        .group_by(LINE_KEY)
        .agg(pl.col("amount_vnd").sum().alias("disbursed_vnd"))
    )
    own = pl.col("capital_year") == pl.col("plan_year")
    return (
        lines.join(paid, on=list(LINE_KEY), how="left", nulls_equal=True)
        .with_columns(pl.col("disbursed_vnd").fill_null(0).cast(pl.Int64))
        .with_columns(
            allocated_with_carryover_vnd=pl.col("allocated_vnd"),
            disbursed_with_carryover_vnd=pl.col("disbursed_vnd"),
            allocated_vnd=pl.when(own).then(pl.col("allocated_vnd")).otherwise(0),
            disbursed_vnd=pl.when(own).then(pl.col("disbursed_vnd")).otherwise(0),
        )
    )


def disbursement(
    plans: pl.DataFrame, payments: pl.DataFrame, on: dt.date, by: Sequence[str] = (), plan_year: int | None = None
) -> pl.DataFrame:
    """The amounts and rates summed along ``by`` (none: one row for everything), sorted by ``by``."""
    dimensions = check_dimensions(by)
    lines = line_disbursement(plans, payments, on, plan_year)
    sums = [pl.col(amount).sum().cast(pl.Int64) for amount in AMOUNTS]
    grouped = lines.group_by(dimensions).agg(sums).sort(dimensions) if dimensions else lines.select(sums)
    return with_rates(grouped)


def with_rates(frame: pl.DataFrame) -> pl.DataFrame:
    def rate(paid: str, allocated: str) -> pl.Expr:
        return pl.when(pl.col(allocated) > 0).then(pl.col(paid) / pl.col(allocated)).otherwise(None)

    return frame.with_columns(
        rate=rate("disbursed_vnd", "allocated_vnd"),
        rate_with_carryover=rate("disbursed_with_carryover_vnd", "allocated_with_carryover_vnd"),
    )


def disbursement_report(
    plans: pl.DataFrame,
    payments: pl.DataFrame,
    on: dt.date,
    by: Sequence[str] = (),
    plan_year: int | None = None,
    successors: pl.DataFrame | None = None,
) -> dict[str, Any]:
    """The groups and the total as one document (programme.md §4), for the CLI's --json and the API.

    By unit, each group also lists the ``successors`` of a unit that had ceased by ``on``
    (``succession.with_successors``): their own rows hold the capital transferred to them.
    """
    groups = disbursement(plans, payments, on, by, plan_year)
    if "unit" in by and successors is not None:
        groups = with_successors(groups, successors, on)
    total = disbursement(plans, payments, on, (), plan_year).row(0, named=True)
    return {"on": on.isoformat(), "groups": groups.to_dicts(), "total": total}


def empty_plans() -> pl.DataFrame:
    return pl.DataFrame(schema=PLAN_SCHEMA)
