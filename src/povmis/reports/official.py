"""The data behind the exports: a review's official tables, and the rates of every review for the summary."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from povmis.core.standard import load_standard
from povmis.registry.bulk import fetch_frame
from povmis.registry.models import ReviewCycle
from povmis.reports import data
from povmis.reports.tables import (
    ReportTable,
    deprivations,
    ethnic_groups,
    near_poor_movement,
    poor_movement,
    rate,
    summary,
)


def previous_review(year: int) -> int | None:
    earlier = ReviewCycle.objects.filter(year__lt=year, runs__isnull=False).order_by("-year")
    return earlier.values_list("year", flat=True).first()


def review_tables(year: int, area: str) -> list[ReportTable]:
    """Every official table of the ``year`` review, counting only households inside ``area``."""
    cycle = ReviewCycle.objects.get(year=year)
    current = data.results_frame(year, area)
    before = previous_review(year)
    previous = data.results_frame(before, area) if before is not None else current.clear()
    return [
        summary(current),
        poor_movement(current, previous),
        near_poor_movement(current, previous),
        deprivations(current, load_standard(cycle.standard_id)),
        ethnic_groups(current),
    ]


def summary_table(year: int, area: str) -> ReportTable:
    """Biểu 01 alone (the PDF needs only it, not the previous review's frame)."""
    return summary(data.results_frame(year, area))


def yearly_rates(area: str) -> pl.DataFrame:
    """One row per classified review: households, poor, near-poor and ethnic-minority poor, with rates.

    ``poor_change`` is the change of the poverty rate since the previous review, in percentage points.
    """
    sql = (
        "SELECT y.year, r.household_class, h.ethnic_minority, COUNT(*) "  # noqa: S608
        f"FROM {data.R} r JOIN {data.Y} y ON y.id = r.cycle_id JOIN {data.H} h ON h.id = r.household_id "
        f"JOIN {data.U} c ON c.id = h.commune_id "
        "WHERE c.path LIKE %s ESCAPE '\\' GROUP BY 1, 2, 3"
    )
    schema: dict[str, pl.DataType] = {"year": pl.Int64(), "class": pl.String(), "em": pl.Boolean(), "n": pl.Int64()}
    counts = fetch_frame(sql, [data.like_prefix(area)], schema)
    poor, near, em = pl.col("class") == "poor", pl.col("class") == "near_poor", pl.col("em").fill_null(value=False)
    return (
        counts.group_by("year")
        .agg(
            households=pl.col("n").sum(),
            poor=pl.col("n").filter(poor).sum(),
            near_poor=pl.col("n").filter(near).sum(),
            em_households=pl.col("n").filter(em).sum(),
            em_poor=pl.col("n").filter(em & poor).sum(),
        )
        .sort("year")
        .with_columns(pl.col(pl.UInt32, pl.Int32).cast(pl.Int64))
        .with_columns(
            poor_rate=rate("poor", "households"),
            near_poor_rate=rate("near_poor", "households"),
            em_poor_rate=rate("em_poor", "em_households"),
        )
        .with_columns(poor_change=(pl.col("poor_rate") - pl.col("poor_rate").shift(1)).round(2))
    )


@dataclass(frozen=True)
class Target:
    """A poverty-reduction target: a yearly fall of the rate in percentage points, and where it is set."""

    vi: str
    en: str
    column: str
    fall_per_year: float
    source: str


# Đắk Lắk's plan for 2021-2025 and the national programme's (Decision 90/QĐ-TTg): domain.md §5.1, §7.3.
TARGETS = (
    Target("Giảm tỷ lệ hộ nghèo", "Poverty rate falls", "poor_rate", 1.5, "kế hoạch tỉnh / provincial plan"),
    Target(
        "Giảm tỷ lệ hộ nghèo DTTS", "Ethnic-minority poverty rate falls", "em_poor_rate", 3.0,
        "kế hoạch tỉnh / provincial plan",
    ),
    Target("Giảm tỷ lệ hộ nghèo", "Poverty rate falls", "poor_rate", 1.0, "QĐ 90/QĐ-TTg"),
)  # fmt: skip
END_2025_TARGET = 3.0  # % of households poor at the end of 2025 (provincial target, spec/daklak.md)


def target_progress(rates: pl.DataFrame) -> list[tuple[Target, float | None, bool | None]]:
    """Each target with the average yearly fall achieved over the reviews so far, and whether it is met."""
    progress: list[tuple[Target, float | None, bool | None]] = []
    for target in TARGETS:
        known = rates.filter(pl.col(target.column).is_not_null())
        if known.height < 2:
            progress.append((target, None, None))
            continue
        first, last = known.row(0, named=True), known.row(-1, named=True)
        fall = round((first[target.column] - last[target.column]) / (last["year"] - first["year"]), 2)
        progress.append((target, fall, fall >= target.fall_per_year))
    return progress


def worst_units(table: ReportTable, count: int = 10) -> pl.DataFrame:
    """The communes with the highest poverty rate in a summary table (Biểu 01)."""
    communes = table.rows.filter(pl.col("level") == "commune")
    return communes.sort("poor_rate", "poor", descending=True, nulls_last=True).head(count)
