"""The figures of a unit and of the units under it, for one review: the one data function behind every
rendering (dashboard, drill-down, XLSX, PDF, API, command line). docs/figures.md defines each figure.

Reads only the counts written when the review was classified (:mod:`povmis.monitoring.summaries`) and
hands them to :mod:`povmis.core.figures`; nothing is rounded here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from povmis.core.figures import flows as core_flows
from povmis.core.figures import rates as core_rates
from povmis.core.procedures import list_in_force as in_force
from povmis.monitoring import data
from povmis.monitoring.focus import Focus
from povmis.registry import list_in_force
from povmis.registry.cycle_data import review_results
from povmis.registry.models import ReviewCycle
from povmis.units.models import AdminUnit

UNIT_KEYS = ["unit_path", "depth", "code", "name", "level"]
TOTALS = (*core_rates.COUNT_COLUMNS, *core_rates.GROUP_COLUMNS)


def _with_flows(table: pl.DataFrame, rows: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """The flow columns of each stock beside the counts: ``poor_escaped``, ``near_poor_moved_out``, ..."""
    for side, frame in core_flows.wide(rows, by).items():
        renamed = frame.rename({name: f"{side}_{name}" for name in core_flows.FLOWS[side]})
        table = table.join(renamed, on=by, how="left") if by else pl.concat([table, renamed], how="horizontal")
        table = table.with_columns(pl.col(f"{side}_{name}").fill_null(0) for name in core_flows.FLOWS[side])
    return table


def units_table(focus: Focus, year: int, *, descendants: bool = False) -> pl.DataFrame:
    """One row per unit under the focus (its children, or every unit below it): counts, rates, flows."""
    counts = data.counts(focus, descendants=descendants, children=not descendants, years=[year])
    below = counts.filter(pl.col("depth") > focus.depth)
    table = core_rates.rates(below, UNIT_KEYS)
    rows = data.flows(focus, year, children=True) if not descendants else _all_flows(focus, year)
    return _with_flows(table, rows.filter(pl.col("depth") > focus.depth), UNIT_KEYS).sort("unit_path")


def _all_flows(focus: Focus, year: int) -> pl.DataFrame:
    return data.read_flows(focus, year, list(range(focus.depth + 1, focus.depth + 4)))


def focus_table(focus: Focus, year: int) -> pl.DataFrame:
    """The focus's own row (everything an administrator sees is the sum of the top units)."""
    counts = data.counts(focus, years=[year])
    totals = core_rates.rates(counts.with_columns(pl.lit(year).alias("year")), ["year"])
    if totals.is_empty():
        totals = core_rates.rates(
            pl.DataFrame({"year": [year], "household_class": [None], "ethnic_minority": [None], "households": [0]},
                         schema={"year": pl.Int64, "household_class": pl.String, "ethnic_minority": pl.Boolean,
                                 "households": pl.Int64}),
            ["year"],
        )  # fmt: skip
    return _with_flows(totals.drop("year"), data.flows(focus, year), [])


def unit_figures(focus: Focus, year: int) -> dict[str, Any]:
    """The focus's figures as one document: counts, rates (fractions of the classified) and flows."""
    return document(focus_table(focus, year).row(0, named=True), focus.code or None, year)


def document(row: dict[str, Any], unit: str | None, year: int) -> dict[str, Any]:
    """A row of :func:`focus_table` or :func:`units_table` as nested figures (``flows.poor.escaped``)."""
    result: dict[str, Any] = {"unit": unit, "year": year}
    result.update({name: row[name] for name in TOTALS})
    result.update({name: row[name] for name in core_rates.RATES})
    result["flows"] = {
        side: {name: row[f"{side}_{name}"] for name in names} for side, names in core_flows.FLOWS.items()
    }
    return result


def households_as_of(focus: Focus, day: dt.date) -> tuple[int, pl.DataFrame]:
    """``(review year, households)``: each household of the focus on the list in force on ``day`` with its
    ``class``, ``ethnic_minority`` and ``unit_path``: the periodic review in force then, changed by every
    monthly decision taken by that day (registry.list_in_force). The one frame every "as of" figure,
    unit table and household list counts.
    """
    base_year = list_in_force.periodic_year(day)
    if base_year is None:
        raise LookupError(f"no classified review is in force on {day.isoformat()}")
    review = review_results(base_year, focus.path, verify=False).select(
        "household_id", pl.col("class").cast(pl.String), "ethnic_minority", "unit_path"
    )
    decided = list_in_force.decisions(focus.path, until=day)
    # The review's list supersedes the decisions taken before it came in force (registry.list_in_force).
    since = list_in_force.in_force_from(ReviewCycle.objects.get(year=base_year))
    classes = in_force.classes_as_of(review, decided, day, since)
    places = pl.concat([review.select("household_id", "unit_path"), decided.select("household_id", "unit_path")])
    frame = (
        classes.join(review.select("household_id", "ethnic_minority"), on="household_id", how="left")
        .join(places.unique("household_id", keep="first", maintain_order=True), on="household_id", how="left")
        .sort("household_id")
    )
    return base_year, frame


def figures_as_of(focus: Focus, day: dt.date) -> dict[str, Any]:
    """The focus's counts and rates on the list in force on ``day`` (:func:`households_as_of`). No flows: a
    day is a stock.

    The rates are the same functions as a review's (core.figures.rates), over the same households; a
    household moved by a decision counts in the class decided from the decision's date.
    """
    base_year, households = households_as_of(focus, day)
    counts = core_rates.rates(core_rates.household_counts(households.with_columns(area=pl.lit(focus.path)), ["area"]),
                              ["area"])  # fmt: skip
    return as_of_document(counts.row(0, named=True) if counts.height else None, focus.code or None, day, base_year)


def units_as_of(focus: Focus, day: dt.date) -> tuple[int, pl.DataFrame]:
    """``(review year, one row per unit directly under the focus)``: code, name, level, counts and rates on
    the list in force on ``day``, from the same households as :func:`figures_as_of`."""
    base_year, households = households_as_of(focus, day)
    depth = focus.depth + 1
    child = pl.col("unit_path").str.split("/").list.head(depth).list.join("/") + "/"
    grouped = households.filter(pl.col("unit_path").str.count_matches("/") >= depth).with_columns(unit_path=child)
    counts = core_rates.rates(core_rates.household_counts(grouped, ["unit_path"]), ["unit_path"])
    below = AdminUnit.objects.filter(path__in=counts["unit_path"].to_list())
    found = below.values_list("path", "code", "name", "level")
    units = pl.DataFrame(list(found), schema={"unit_path": pl.String, "code": pl.String, "name": pl.String,
                                              "level": pl.String}, orient="row")  # fmt: skip
    return base_year, units.join(counts, on="unit_path").sort("unit_path")


def as_of_document(row: dict[str, Any] | None, unit: str | None, day: dt.date, review: int) -> dict[str, Any]:
    """A row of counts and rates as the "as of" document (the command's ``--as-of --json``, the API)."""
    row = row or dict.fromkeys((*TOTALS, *core_rates.RATES), 0)
    result: dict[str, Any] = {"unit": unit, "as_of": day.isoformat(), "review": review}
    result.update({name: row[name] for name in TOTALS})
    result.update({name: row[name] for name in core_rates.RATES})
    return result
