"""In-year forecasts of every unit under the focus: the one data function behind the page, the API and
``povmis forecast``. The arithmetic is core/figures/forecasts.py; here are the frames it reads.

The year's changes so far come through :func:`in_year_changes` alone: the monthly decisions taken in
the year (registry.list_in_force), and for the households without one, the year's own review as far
as it was classified.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.utils import timezone

from povmis.bulk import fetch_frame
from povmis.core.figures import rates as core_rates
from povmis.core.figures.forecasts import forecast, judge_forecasts, numerator_changes
from povmis.core.figures.targets import load_targets
from povmis.core.foresight.forecast_backtest import elapsed_share
from povmis.monitoring import data
from povmis.monitoring.focus import Focus
from povmis.registry import list_in_force
from povmis.registry.models import ClassificationRun, Household, HouseholdResult, ReviewCycle
from povmis.units.models import AdminUnit

RATES = ("poverty_rate", "multidimensional_poverty_rate", "em_poverty_rate")
UNIT_KEYS = ["unit_path", "depth", "code", "name", "level"]
CHANGE_SCHEMA: dict[str, pl.DataType] = {
    "household_id": pl.String(),
    "unit_path": pl.String(),
    "ethnic_minority": pl.Boolean(),
    "old_class": pl.String(),
    "new_class": pl.String(),
    "run": pl.Int64(),
}


def in_year_changes(focus: Focus, year: int, as_of: dt.date) -> pl.DataFrame:
    """Households under the focus whose class changed in ``year`` by ``as_of``: household_id, unit_path
    (of its commune), ethnic_minority, old_class, new_class and decided_on.

    The monthly decisions first (a recognition moves the household from the class it had on the list in
    force to the one decided, on the decision's date); then, for every other household, the year's own
    review as far as it was classified by ``as_of``, against the previous review.
    """
    decided = _decided_changes(focus, year, as_of)
    reviewed = _reviewed_changes(focus, year, as_of)
    return pl.concat([decided, reviewed.join(decided.select("household_id"), on="household_id", how="anti")]).sort(
        "household_id"
    )


def _decided_changes(focus: Focus, year: int, as_of: dt.date) -> pl.DataFrame:
    """The year's recognitions by ``as_of`` that changed a household's class (refusals change nothing)."""
    decided = list_in_force.decisions(focus.path, until=as_of).filter(
        pl.col("decided_on") >= dt.date(year, 1, 1),
        pl.col("decided_class").is_not_null(),
        pl.col("previous_class").ne_missing(pl.col("decided_class")),
    )
    # The latest decision of each household in the year is where it stands.
    decided = decided.sort("decided_on").unique("household_id", keep="last")
    codes = decided["household_id"].to_list()
    minority = pl.DataFrame(
        list(Household.objects.filter(code__in=codes).values_list("code", "ethnic_minority")),  # the year's decisions
        schema={"household_id": pl.String, "ethnic_minority": pl.Boolean},
        orient="row",
    )
    return decided.join(minority, on="household_id", how="left").select(
        "household_id", "unit_path", "ethnic_minority",
        pl.col("previous_class").alias("old_class"), pl.col("decided_class").alias("new_class"), "decided_on",
    )  # fmt: skip


def _reviewed_changes(focus: Focus, year: int, as_of: dt.date) -> pl.DataFrame:
    runs = dict(ClassificationRun.objects.filter(cycle__year=year, ran_at__date__lte=as_of).values_list("pk", "ran_at"))
    previous = ReviewCycle.objects.filter(year__lt=year).order_by("-year").values_list("pk", flat=True).first()
    if not runs:
        return pl.DataFrame(schema=CHANGE_SCHEMA).drop("run").with_columns(decided_on=pl.lit(None, pl.Date))
    r, h, u = HouseholdResult._meta.db_table, Household._meta.db_table, AdminUnit._meta.db_table
    marks = ", ".join(["%s"] * len(runs))
    frame = fetch_frame(
        f"SELECT h.code, c.path, h.ethnic_minority, p.household_class, r.household_class, r.run_id "  # noqa: S608  # table names from model metadata, values as parameters
        f"FROM {r} r JOIN {h} h ON h.id = r.household_id JOIN {u} c ON c.id = h.commune_id "
        f"LEFT JOIN {r} p ON p.household_id = r.household_id AND p.cycle_id = %s "
        f"WHERE r.run_id IN ({marks}) AND c.path LIKE %s ESCAPE '\\'",
        [previous, *runs, data.like_prefix(focus.path)],
        CHANGE_SCHEMA,
    )
    dates = pl.DataFrame({"run": list(runs), "decided_on": [timezone.localtime(ran).date() for ran in runs.values()]})
    unknown = pl.col("old_class").replace("", None), pl.col("new_class").replace("", None)
    return (
        frame.with_columns(*unknown)
        .filter(pl.col("old_class").ne_missing(pl.col("new_class")))
        .join(dates.cast({"run": pl.Int64}), on="run", how="left")
        .drop("run")
        .sort("household_id")
    )


def unit_forecasts(focus: Focus, year: int, as_of: dt.date) -> dict[str, Any]:
    """Every unit under the focus (and the focus): its rates forecast for the end of ``year`` as of
    ``as_of``, and the targets of ``year``'s programme it will miss."""
    counts = data.counts(focus, descendants=True).filter(pl.col("year") < year)
    table = core_rates.rates(counts, [*UNIT_KEYS, "year"])
    units = table.select(UNIT_KEYS).unique().sort("unit_path")
    history = pl.concat(
        table.select("code", "year", pl.lit(rate).alias("rate"), pl.col(part).alias("part"),
                     pl.col(whole).alias("whole"))
        for rate, (part, whole) in core_rates.RATES.items() if rate in RATES
    )  # fmt: skip
    moves = numerator_changes(in_year_changes(focus, year, as_of), units)
    projected = forecast(history, moves, year, elapsed_share(year, as_of))
    judged = (
        judge_forecasts(units.select("code", "level"), projected, load_targets(in_year=year))
        .join(units.select("code", "name", "depth"), on="code")
        .sort("depth", "code", "target")
        .select("code", "name", "level", "target", "rate", "kind", "value", "target_year", "needed",
                "reduction", "projected", "low", "high", "met", "source")
    )  # fmt: skip
    return {
        "year": year,
        "as_of": as_of.isoformat(),
        "elapsed": elapsed_share(year, as_of),
        "units": _units(units, projected),
        "targets": _rows(judged),
        # A null verdict (a target not judged within a year) is not a warning.
        "warnings": _rows(judged.filter(pl.col("met").not_()).drop("met")),
    }


def _units(units: pl.DataFrame, projected: pl.DataFrame) -> list[dict[str, Any]]:
    figures = ["start_year", "start_rate", "entered", "left", "so_far", "trend", "projected", "low", "high"]
    by_unit: dict[str, dict[str, Any]] = {}
    for row in projected.iter_rows(named=True):
        by_unit.setdefault(row["code"], {})[row["rate"]] = {name: row[name] for name in figures}
    return [
        {"code": code, "name": name, "level": level, "rates": by_unit.get(code, {})}
        for code, name, level in units.select("code", "name", "level").iter_rows()
    ]


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return list(frame.iter_rows(named=True))
