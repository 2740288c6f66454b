"""The data behind the exports: a review's official tables and the summary's rates and targets.

Counts, rates, flows and target verdicts come from the dashboard's own data functions
(:mod:`povmis.monitoring.figures`, :mod:`povmis.monitoring.targets`), so a workbook, the PDF and the
pages cannot disagree; only persons and deprivation shares are added from the results read model.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from povmis.core.standard import load_standard
from povmis.monitoring import data as monitoring_data
from povmis.monitoring.figures import focus_table, units_table
from povmis.monitoring.focus import focus_in
from povmis.monitoring.targets import judged_units
from povmis.registry.models import ReviewCycle
from povmis.reports import data
from povmis.reports.tables import (
    TOTAL_LABEL,
    ReportTable,
    deprivations,
    ethnic_groups,
    near_poor_movement,
    persons,
    poor_movement,
    summary,
)


def figures_by_unit(year: int, area: str) -> pl.DataFrame:
    """The area's total, then every unit under it in path order: the dashboard's counts, rates and flows."""
    focus = focus_in(area)
    total = focus_table(focus, year).with_columns(
        pl.lit("").alias("path"), pl.lit("total").alias("level"), pl.lit("").alias("code"),
        pl.lit(TOTAL_LABEL).alias("unit"),
    )  # fmt: skip
    below = units_table(focus, year, descendants=True).rename({"unit_path": "path", "name": "unit"})
    return pl.concat([total, below.drop("depth")], how="diagonal_relaxed").sort("path")


def review_tables(year: int, area: str) -> list[ReportTable]:
    """Every official table of the ``year`` review, counting only households inside ``area``."""
    cycle = ReviewCycle.objects.get(year=year)
    figures = figures_by_unit(year, area)
    current = data.results_frame(year, area)
    return [
        summary(figures, persons(current)),
        poor_movement(figures),
        near_poor_movement(figures),
        deprivations(current, load_standard(cycle.standard_id)),
        ethnic_groups(current),
    ]


def summary_table(year: int, area: str) -> ReportTable:
    """Biểu 01 alone (the PDF lists the worst-off communes from it)."""
    return summary(figures_by_unit(year, area), persons(data.results_frame(year, area)))


def yearly_rates(area: str) -> pl.DataFrame:
    """One row per classified review: the area's counts and rates (fractions), and the poverty rate's
    change since the previous review (a fraction too)."""
    focus = focus_in(area)
    rows = [focus_table(focus, year).with_columns(pl.lit(year).alias("year")) for year in monitoring_data.years()]
    if not rows:
        return pl.DataFrame(schema={"year": pl.Int64, "poverty_rate": pl.Float64, "poor_change": pl.Float64})
    frame = pl.concat(rows, how="diagonal_relaxed").sort("year")
    return frame.with_columns(poor_change=pl.col("poverty_rate") - pl.col("poverty_rate").shift(1))


def target_progress(rates: pl.DataFrame, area: str = "") -> list[dict[str, Any]]:
    """The area's own targets (targets/*.yaml), each with the figure reached or projected and the verdict:
    the same judgement as the targets page."""
    focus = focus_in(area)
    level = focus.unit.level if focus.unit else "province"
    yearly = rates.with_columns(pl.lit(focus.code).alias("code"))
    return list(judged_units(yearly, pl.DataFrame({"code": [focus.code], "level": [level]})).iter_rows(named=True))


def worst_units(table: ReportTable, count: int = 10) -> pl.DataFrame:
    """The communes with the highest poverty rate in a summary table (Biểu 01)."""
    communes = table.rows.filter(pl.col("level") == "commune")
    return communes.sort("poor_rate", "poor", descending=True, nulls_last=True).head(count)
