"""A synthetic capital plan, payments and outputs for the poverty programme 2021-2025, seeded.

Calibrated so that the figures the province published come out of the ordinary computation
(daklak.md, programme.md §2-3): the own capital of 2021-2024 sums to exactly VND 1,263,511 million;
the 2025 own capital is 23.91% disbursed on 5 August 2025 and 26% on 6 October 2025, with the 2024
recurrent capital that was not spent carried into 2025; 450 poverty-reduction models and jobs for
more than 100,000 workers. Houses and trainees are support deliveries, not generated here.

Amounts are whole millions of VND (as plans are decided), written in VND. Shares are apportioned by
largest remainder, so every total is exact.

>>> plan = synthetic_plan(load_programme("ntp-spr-2021-2025"), ["643", "652"], seed=1)
>>> own = plan.plans.filter(pl.col("capital_year") == pl.col("plan_year"))
>>> own.filter(pl.col("plan_year") <= 2024)["amount_vnd"].sum()
1263511000000
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import polars as pl

from povmis.core.programmes.definition import Programme, load_programme
from povmis.core.programmes.lines import PAYMENT_SCHEMA, PLAN_SCHEMA

MILLION = 1_000_000
BUDGET_2021_2024_MILLION = 1_263_511  # the province's report (daklak.md)
YEAR_SHARES = {2021: 0.12, 2022: 0.26, 2023: 0.30, 2024: 0.32}
OWN_2025_MILLION = 390_000  # 2021-2025 "more than 1,650 bn allocated" (programme.md §2)
# 2025's own capital paid by these dates, as published (sustainable poverty reduction, Đắk Lắk).
PUBLISHED_2025 = ((dt.date(2025, 8, 5), 2391), (dt.date(2025, 10, 6), 2600))  # in 1/10,000
PAID_BY_DEADLINE = 0.82  # the share of a year's own capital paid by its deadline, 2021-2024
CARRIED_SHARE = 0.60  # of a recurrent line's unspent capital, the share carried into the next year
# Some projects run ahead of the average, some behind: the laggards the warnings must catch.
PACE = {"1": 2.1, "2": 1.2, "3": 0.7, "4": 0.35, "5": 1.3, "6": 0.9, "7": 1.0}
MODELS = 450
JOBS = 100_850
SOURCES = (("central", 0.8), ("provincial", 0.2))
LAK_DISTRICT = "656"
# Lắk district's report, 2021-2024 (daklak.md): shares at the end of 2024, in percent.
LAK_SHARES = (("1", "commune_road_access", 90.0), ("1", "clean_water", 75.0), ("6", "information_coverage", 95.0),
              ("7", "cadres_trained", 100.0))  # fmt: skip


@dataclass(frozen=True)
class SyntheticPlan:
    plans: pl.DataFrame  # PLAN_SCHEMA
    payments: pl.DataFrame  # PAYMENT_SCHEMA without plan_year (the payment file's layout)
    outputs: pl.DataFrame  # programme, project, indicator, unit, period, value, reference


def synthetic_plan(programme: Programme, districts: list[str], seed: int = 1) -> SyntheticPlan:
    draw = random.Random(seed)  # noqa: S311 - a synthetic plan, not a secret
    keys = _line_keys(programme, districts, draw)
    plans, payments = [], []
    carried: pl.DataFrame | None = None
    for year in (*YEAR_SHARES, 2025):
        total = round(BUDGET_2021_2024_MILLION * YEAR_SHARES[year]) if year in YEAR_SHARES else OWN_2025_MILLION
        if year == max(YEAR_SHARES):
            total = BUDGET_2021_2024_MILLION - sum(
                round(BUDGET_2021_2024_MILLION * s) for y, s in YEAR_SHARES.items() if y < year
            )
        own = keys.with_columns(
            capital_year=pl.lit(year, pl.Int32), plan_year=pl.lit(year, pl.Int32),
            amount=apportion(total, keys["weight"].to_list()),
            decision=pl.lit(f"{10 + year % 100}/QĐ-UBND"), decided_on=pl.lit(dt.date(year, 1, 15)),
        )  # fmt: skip
        lines = pl.concat([own, carried], how="diagonal_relaxed") if carried is not None else own
        plans.append(lines)
        if year < 2025:
            paid = _pay_year(own, year, draw, PAID_BY_DEADLINE)
            payments.append(paid)
            if carried is not None:
                payments.append(_pay_year(carried, year, draw, 0.9, start=dt.date(year, 2, 3)))
            carried = _carry(own, paid, year)
        else:
            payments.append(_pay_2025(own, draw))
            if carried is not None:
                payments.append(
                    _pay_year(carried, year, draw, 0.5, start=dt.date(year, 2, 3), end=dt.date(2025, 10, 6))
                )
    return SyntheticPlan(_plan_frame(programme, pl.concat(plans, how="diagonal_relaxed")),
                         _payment_frame(programme, pl.concat(payments, how="diagonal_relaxed")),
                         synthetic_outputs(programme, districts, draw))  # fmt: skip


def apportion(total: int, weights: list[float]) -> pl.Series:
    """``total`` split in whole parts proportional to ``weights``, summing to exactly ``total``.

    >>> apportion(10, [1, 1, 1]).to_list()
    [4, 3, 3]
    """
    frame = pl.DataFrame({"w": weights}).with_row_index("i").with_columns(share=pl.col("w") * total / sum(weights))
    frame = frame.with_columns(
        whole=pl.col("share").floor().cast(pl.Int64), rest=pl.col("share") - pl.col("share").floor()
    )
    left = total - int(frame["whole"].sum())
    ranked = frame.with_columns(rank=pl.col("rest").rank("ordinal", descending=True) - 1)
    return ranked.select(pl.col("whole") + (pl.col("rank") < left).cast(pl.Int64)).to_series().alias("amount")


def _line_keys(programme: Programme, districts: list[str], draw: random.Random) -> pl.DataFrame:
    rows = []
    for project in programme.projects:
        subs = [sub.id for sub in project.sub_projects or ()] or [""]
        kind = "investment" if project.id == "1" else "recurrent"
        for sub in subs:
            for source, share in SOURCES:
                for unit in districts:
                    rows.append((project.id, sub, kind, source, unit, share * draw.uniform(0.5, 1.5) / len(subs)))
    return pl.DataFrame(
        rows, orient="row",
        schema={"project": pl.String, "sub_project": pl.String, "type": pl.String, "source": pl.String,
                "unit": pl.String, "weight": pl.Float64},
    )  # fmt: skip


def _pay_year(
    lines: pl.DataFrame, year: int, draw: random.Random, share: float,
    start: dt.date | None = None, end: dt.date | None = None,
) -> pl.DataFrame:  # fmt: skip
    """Three payments a line, dated through the year, paying about ``share`` of it (faster projects more)."""
    first = start or dt.date(year, 3, 1)
    last = end or dt.date(year + 1, 1, 20)
    rows = []
    for line in lines.iter_rows(named=True):
        pace = min(share * PACE[line["project"]] ** 0.25, 0.99)
        to_pay = int(line["amount"] * pace)
        for part in apportion(to_pay, [draw.random() + 0.2 for _ in range(3)]).to_list():
            if part > 0:
                day = first + dt.timedelta(days=draw.randrange((last - first).days + 1))
                rows.append({**line, "paid_on": day, "paid": part})
    return _payments(rows, lines)


def _pay_2025(lines: pl.DataFrame, draw: random.Random) -> pl.DataFrame:
    """2025's own capital: paid so that the published rates come out exactly on the published dates."""
    rows = []
    previous_on, previous_total = dt.date(2025, 2, 1), 0
    weights = [line["amount"] * PACE[line["project"]] for line in lines.iter_rows(named=True)]
    for on, rate in PUBLISHED_2025:
        step = OWN_2025_MILLION * rate // 10_000 - previous_total
        for line, part in zip(lines.iter_rows(named=True), apportion(step, weights).to_list(), strict=True):
            if part > 0:
                day = previous_on + dt.timedelta(days=draw.randrange((on - previous_on).days + 1))
                rows.append({**line, "paid_on": day, "paid": part})
        previous_on, previous_total = on + dt.timedelta(days=1), previous_total + step
    return _payments(rows, lines)


def _payments(rows: list[dict[str, object]], lines: pl.DataFrame) -> pl.DataFrame:
    if not rows:
        return lines.head(0).with_columns(paid_on=pl.lit(None, pl.Date), paid=pl.lit(0, pl.Int64))
    return pl.DataFrame(rows, infer_schema_length=None)


def _carry(own: pl.DataFrame, paid: pl.DataFrame, year: int) -> pl.DataFrame:
    """The part of each recurrent line not spent by its deadline, carried into the next plan year."""
    spent = paid.group_by("project", "sub_project", "type", "source", "unit").agg(pl.col("paid").sum())
    return (
        own.filter(pl.col("type") == "recurrent")
        .join(spent, on=["project", "sub_project", "type", "source", "unit"], how="left")
        .with_columns(amount=((pl.col("amount") - pl.col("paid").fill_null(0)) * CARRIED_SHARE).floor().cast(pl.Int64))
        .filter(pl.col("amount") > 0)
        .with_columns(
            capital_year=pl.lit(year, pl.Int32), plan_year=pl.lit(year + 1, pl.Int32),
            decision=pl.lit(f"{40 + year % 100}/QĐ-UBND"), decided_on=pl.lit(dt.date(year + 1, 2, 1)),
        )
        .drop("paid")
    )  # fmt: skip


def _plan_frame(programme: Programme, lines: pl.DataFrame) -> pl.DataFrame:
    return lines.select(
        pl.lit(programme.id).alias("programme"), "project", "sub_project", "type", "source", "capital_year",
        "plan_year", "unit", (pl.col("amount") * MILLION).alias("amount_vnd"), "decision", "decided_on",
    ).cast(PLAN_SCHEMA)  # type: ignore[arg-type]  # fmt: skip


def _payment_frame(programme: Programme, paid: pl.DataFrame) -> pl.DataFrame:
    ordered = paid.sort("paid_on", "project", "sub_project", "source", "unit", "capital_year")
    return ordered.select(
        pl.lit(programme.id).alias("programme"), "project", "sub_project", "type", "source", "capital_year",
        pl.col("plan_year").cast(pl.Int32), "unit", "paid_on", (pl.col("paid") * MILLION).alias("amount_vnd"),
        pl.format("KB-{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(6)).alias("voucher"),
    ).cast(PAYMENT_SCHEMA)  # type: ignore[arg-type]  # fmt: skip


def synthetic_outputs(programme: Programme, districts: list[str], draw: random.Random) -> pl.DataFrame:
    """450 models and jobs for 100,850 workers over 2021-2024, by district and year (31 December), and
    Lắk district's shares of communes with a road, households with clean water and with policy information."""
    cells = [(year, unit) for year in YEAR_SHARES for unit in districts]
    weights = [YEAR_SHARES[year] * draw.uniform(0.5, 1.5) for year, _ in cells]
    parts: list[tuple[str, str, str, dt.date, float, str]] = []
    for project, indicator, total in (("2", "models", MODELS), ("4", "jobs", JOBS)):
        values = apportion(total, weights).to_list()
        parts.extend(
            (project, indicator, unit, dt.date(year, 12, 31), float(value), f"DEMO-{indicator}-{unit}-{year}")
            for (year, unit), value in zip(cells, values, strict=True)
        )
    if LAK_DISTRICT in districts:
        end = dt.date(2024, 12, 31)
        parts.extend(
            (p, code, LAK_DISTRICT, end, value, f"DEMO-{code}-{LAK_DISTRICT}-2024") for p, code, value in LAK_SHARES
        )
    return pl.DataFrame(
        parts, orient="row",
        schema={"project": pl.String, "indicator": pl.String, "unit": pl.String, "period": pl.Date,
                "value": pl.Float64, "reference": pl.String},
    ).with_columns(programme=pl.lit(programme.id)).select("programme", pl.all().exclude("programme"))  # fmt: skip


__all__ = ["SyntheticPlan", "apportion", "load_programme", "synthetic_plan"]
