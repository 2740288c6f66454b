"""Outputs against their targets, by unit and period, with what they cost and the households behind them.

An output is counted from one of two places, never both: the support deliveries where the output is
a household's support (a house is the housing policy's delivery to that household, a trainee the
vocational-training policy's delivery to a member), and the output records otherwise (roads, water
works, models, jobs). A count indicator sums its records in the period; a percent indicator takes
each unit's latest value in the period and, above the units, their mean.

The cost of an output delivered to households is what the deliveries paid; of any other, what was
paid in the period against the lines of its project.

>>> import datetime as dt
>>> framework = load_indicators("ntp-spr-2021-2025")
>>> records = pl.DataFrame({"programme": ["ntp-spr-2021-2025"], "project": ["2"], "indicator": ["models"],
...     "area": ["66/643/"], "period": [dt.date(2024, 12, 31)], "value": [12.0]}, schema=OUTPUT_SCHEMA)
>>> table = output_table(framework, records, empty_deliveries(), empty_payments(),
...     dt.date(2024, 1, 1), dt.date(2024, 12, 31))
>>> table.filter(pl.col("indicator") == "models").select("value", "target").row(0)
(12.0, None)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from povmis.core.programmes.indicators import (  # noqa: F401 -- named by the doctests' examples
    Framework,
    ProgrammeIndicator,
    load_indicators,
)
from povmis.core.programmes.lines import PAYMENT_SCHEMA

PERCENT = "percent"
OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "programme": pl.String(),
    "project": pl.String(),
    "indicator": pl.String(),
    "area": pl.String(),  # the unit path the value belongs to ("66/643/24121/")
    "period": pl.Date(),
    "value": pl.Float64(),
}
DELIVERY_SCHEMA: dict[str, pl.DataType] = {
    "policy": pl.String(),
    "area": pl.String(),  # the household's commune path
    "household": pl.String(),
    "member": pl.String(),
    "delivered_on": pl.Date(),
    "amount_vnd": pl.Int64(),
}
TABLE_SCHEMA: dict[str, pl.DataType] = {
    "area": pl.String(),
    "indicator": pl.String(),
    "value": pl.Float64(),
    "households": pl.Int64(),
    "cost_vnd": pl.Int64(),
}


def empty_deliveries() -> pl.DataFrame:
    return pl.DataFrame(schema=DELIVERY_SCHEMA)


def empty_payments() -> pl.DataFrame:
    return pl.DataFrame(schema={**PAYMENT_SCHEMA, "area": pl.String()})


def output_table(
    framework: Framework,
    records: pl.DataFrame,
    deliveries: pl.DataFrame,
    payments: pl.DataFrame,
    start: dt.date,
    end: dt.date,
    *,
    depth: int | None = None,
    projects: Sequence[str] | None = None,
) -> pl.DataFrame:
    """One row per output indicator (and per area at ``depth`` path parts when given), ``start``-``end``.

    Columns: ``indicator, project, unit, delivered`` (counted from deliveries), ``value, target``
    (the indicator's target for the end's year, None where unknown), ``achieved`` (value / target),
    ``households`` (behind a delivered output), ``cost_vnd`` and ``cost_per_output_vnd``.
    """
    wanted = [i for i in framework.indicators if i.level == "output" and (projects is None or i.project in projects)]
    parts = [_one(indicator, records, deliveries, payments, start, end, depth) for indicator in wanted]
    keys = ["area"] if depth is not None else []
    values = pl.concat(parts) if parts else pl.DataFrame(schema=TABLE_SCHEMA)
    if depth is None:
        values = values.drop("area")
    meta = pl.DataFrame(
        {
            "indicator": [i.code for i in wanted],
            "project": [i.project for i in wanted],
            "unit": [i.unit for i in wanted],
            "delivered": [i.delivered_by is not None for i in wanted],
            "target": [(i.targets or {}).get(end.year) for i in wanted],
            "order": list(range(len(wanted))),
        },
        schema={"indicator": pl.String, "project": pl.String, "unit": pl.String, "delivered": pl.Boolean,
                "target": pl.Float64, "order": pl.Int64},
    )  # fmt: skip
    counted = pl.col("unit") != PERCENT
    return (
        meta.join(values, on="indicator", how="left")
        .with_columns(
            pl.col("households").fill_null(0),
            pl.col("cost_vnd").fill_null(0),
            achieved=pl.when(pl.col("target") > 0).then(pl.col("value") / pl.col("target")),
            # Divided only where there is an output; cast after, so a zero output is a null, never NaN.
            cost_per_output_vnd=pl.when(counted & (pl.col("value") > 0))
            .then((pl.col("cost_vnd") / pl.col("value")).round(0))
            .cast(pl.Int64),
        )
        .sort("order", *keys)
        .drop("order")
        .select("indicator", "project", *keys, "unit", "delivered", "value", "target", "achieved", "households",
                "cost_vnd", "cost_per_output_vnd")
    )  # fmt: skip


def _one(
    indicator: ProgrammeIndicator,
    records: pl.DataFrame,
    deliveries: pl.DataFrame,
    payments: pl.DataFrame,
    start: dt.date,
    end: dt.date,
    depth: int | None,
) -> pl.DataFrame:
    area = _area(depth)
    if indicator.delivered_by is not None:
        who = "household" if indicator.counts == "households" else "member"
        given = deliveries.filter(
            (pl.col("policy") == indicator.delivered_by) & pl.col("delivered_on").is_between(start, end)
        ).with_columns(area)
        # A member's delivery names the member; one without a member code still counts its household once.
        counted = pl.when(pl.col("member") != "").then(pl.col("household") + "/" + pl.col("member"))
        output = pl.col(who).n_unique() if who == "household" else counted.otherwise(pl.col("household")).n_unique()
        grouped = given.group_by("area").agg(
            output.cast(pl.Float64).alias("value"),
            pl.col("household").n_unique().cast(pl.Int64).alias("households"),
            pl.col("amount_vnd").sum().cast(pl.Int64).alias("cost_vnd"),
        )
    else:
        grouped = (
            _recorded(indicator, records, start, end, area)
            .join(_paid(indicator, payments, start, end, area), on="area", how="full", coalesce=True)
            .with_columns(households=pl.lit(0, dtype=pl.Int64))
        )
    return (
        _totalled(grouped, indicator, depth)
        .with_columns(indicator=pl.lit(indicator.code))
        .select(list(TABLE_SCHEMA))
        .cast(TABLE_SCHEMA)  # type: ignore[arg-type]  # polars' stubs want a Mapping of its own key types
    )


def _recorded(
    indicator: ProgrammeIndicator, records: pl.DataFrame, start: dt.date, end: dt.date, area: pl.Expr
) -> pl.DataFrame:
    mine = records.filter(
        (pl.col("indicator") == indicator.code) & pl.col("period").is_between(start, end)
    ).with_columns(area.alias("group"), pl.col("area").alias("unit_area"))
    if indicator.unit == PERCENT:
        latest = mine.sort("period").group_by("unit_area").agg(pl.col("value").last(), pl.col("group").last())
        return latest.group_by(pl.col("group").alias("area")).agg(pl.col("value").mean())
    return mine.group_by(pl.col("group").alias("area")).agg(pl.col("value").sum())


def _paid(
    indicator: ProgrammeIndicator, payments: pl.DataFrame, start: dt.date, end: dt.date, area: pl.Expr
) -> pl.DataFrame:
    if indicator.unit == PERCENT:
        return pl.DataFrame(schema={"area": pl.String, "cost_vnd": pl.Int64})
    mine = payments.filter((pl.col("project") == indicator.project) & pl.col("paid_on").is_between(start, end))
    return mine.with_columns(area).group_by("area").agg(pl.col("amount_vnd").sum().cast(pl.Int64).alias("cost_vnd"))


def _totalled(grouped: pl.DataFrame, indicator: ProgrammeIndicator, depth: int | None) -> pl.DataFrame:
    if depth is not None:
        return grouped
    value = pl.col("value").mean() if indicator.unit == PERCENT else pl.col("value").sum()
    return grouped.select(
        pl.lit("").alias("area"),
        value.alias("value"),
        pl.col("households").sum().cast(pl.Int64),
        pl.col("cost_vnd").sum().cast(pl.Int64),
    )


def _area(depth: int | None) -> pl.Expr:
    """The unit path cut to its first ``depth`` parts ("66/643/24121/" at 2: "66/643/")."""
    if depth is None:
        return pl.lit("").alias("area")
    parts = pl.col("area").str.strip_chars_end("/").str.split("/").list.head(depth)
    return (parts.list.join("/") + "/").alias("area")
