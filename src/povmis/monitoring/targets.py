"""The targets page: each unit judged against its own targets (targets/*.yaml), and the units off track."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from povmis.core.figures import trends as core_trends
from povmis.core.figures.targets import BELOW, REDUCTION, judge
from povmis.monitoring import charts, data, links, rates
from povmis.monitoring.focus import Focus
from povmis.monitoring.overview import focus_rates

UNIT_KEYS = ["code", "name", "level", "depth"]
LEVELS = ("province", "district", "commune")


def judged_units(yearly: pl.DataFrame, units: pl.DataFrame) -> pl.DataFrame:
    """Every unit of ``units`` (code, level, ...) against its targets, from ``yearly`` core rates by code."""
    targets = rates.current_targets()
    year = rates.target_year()
    wanted = sorted({target.rate for target in targets})
    trends = pl.concat(
        [core_trends.trends(yearly, ["code"], rate, year).with_columns(pl.lit(rate).alias("rate")) for rate in wanted]
    )
    return judge(units, trends, targets)


def projection_figure(yearly: pl.DataFrame, focus: Focus) -> charts.Figure:
    years = yearly["year"].to_list()
    traces = [
        charts.line(_("Poverty rate"), years, yearly["poor_rate"].to_list(),
                    [links.households(focus.code, y, **{"class": "poor"}) for y in years]),
        charts.line(_("Poor and near-poor rate"), years, yearly["poor_near_rate"].to_list(),
                    [links.households(focus.code, y, **{"class": ["poor", "near_poor"]}) for y in years]),
    ]  # fmt: skip
    trend = rates.trends(yearly.with_columns(pl.lit("").alias("_all")), ["_all"], "poor_rate")
    if years and trend.height and trend["projected"][0] is not None:
        traces.append(
            {"type": "scatter", "mode": "lines+markers", "name": _("Poverty rate, projected"),
             "x": [years[-1], rates.target_year()], "y": [trend["last_rate"][0], trend["projected"][0]],
             "line": {"dash": "dot"}, "hovertemplate": "%{x}: %{y:.2f}%"}
        )  # fmt: skip
    return {
        "data": traces,
        "layout": charts.layout(
            _("Rates and the trend to %(year)s (%%)") % {"year": rates.target_year()},
            xaxis={"dtick": 1, "tickformat": "d"},
            yaxis={"rangemode": "tozero"},
        ),
    }


def _text(kind: str, value: float | None) -> str:
    """A target's value or a unit's figure as printed: points a year, a rate in percent, or a share."""
    if value is None:
        return "–"
    if kind == REDUCTION:
        return _("%(points).2f points a year") % {"points": value * 100}
    if kind == BELOW:
        return f"{value * 100:.2f}%"
    return f"{value * 100:.0f}% " + _("of the start")


def _row(row: dict[str, Any], last_year: int | None) -> dict[str, Any]:
    return {
        **row,
        "value_text": _text(row["kind"], row["value"]),
        "actual_text": _text(row["kind"], row["actual"]),
        "link": links.page("targets", row["code"]),
        "households": links.households(row["code"], last_year, **{"class": "poor"}) if last_year else "",
    }


def targets_page(focus: Focus, level: str = "", target: str = "") -> dict[str, Any]:
    """The focus's own targets, and the units under it off track (filtered by ``level`` and ``target``)."""
    counts = data.counts(focus, descendants=True)
    yearly = focus_rates(counts, focus)
    years: list[int] = yearly["year"].to_list()
    last_year = years[-1] if years else None
    own_level = focus.unit.level if focus.unit else "province"
    own = judged_units(yearly.with_columns(pl.lit(focus.code).alias("code")),
                       pl.DataFrame({"code": [focus.code], "level": [own_level]}))  # fmt: skip
    below = counts.filter(pl.col("depth") > focus.depth)
    unit_rates = rates.rates(below, [*UNIT_KEYS, "year"])
    units = unit_rates.select(UNIT_KEYS).unique().sort("code")
    judged = judged_units(unit_rates, units)
    off = judged.filter(pl.col("met") == False)  # noqa: E712  # a null verdict (one review) is not off track
    if level:
        off = off.filter(pl.col("level") == level)
    if target:
        off = off.filter(pl.col("target") == target)
    return {
        "own": [_row(row, last_year) for row in own.iter_rows(named=True)],
        "judged": bool(years),
        "target_year": rates.target_year(),
        "figures": {"projection": projection_figure(yearly, focus)},
        "units_judged": units.height,
        "levels": [name for name in LEVELS if name in set(units["level"].to_list())],
        "targets": sorted(set(judged["target"].to_list())),
        "level": level,
        "target": target,
        "warnings": [_row(row, last_year) for row in off.sort("depth", "code", "target").iter_rows(named=True)],
    }
