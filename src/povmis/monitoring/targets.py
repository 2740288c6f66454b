"""The targets page: the 2025 targets, where the current trend lands, and every unit off track."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from povmis.monitoring import charts, data, links, rates
from povmis.monitoring.focus import Focus
from povmis.monitoring.overview import focus_rates

UNIT_KEYS = ["code", "name", "level", "depth"]


def projection_figure(yearly: pl.DataFrame, judged: dict[str, Any], focus: Focus) -> charts.Figure:
    years = yearly["year"].to_list()
    traces = [
        charts.line(_("Poverty rate"), years, yearly["poor_rate"].to_list(),
                    [links.households(focus.code, y, **{"class": "poor"}) for y in years]),
        charts.line(_("Poor and near-poor rate"), years, yearly["poor_near_rate"].to_list(),
                    [links.households(focus.code, y, **{"class": ["poor", "near_poor"]}) for y in years]),
    ]  # fmt: skip
    if years and judged.get("poor_reduction") is not None:
        ends = [years[-1], rates.TARGET_YEAR]
        for column, projected, label in (
            ("poor_rate", judged["poor_projected"], _("Poverty rate, projected")),
            ("poor_near_rate", judged["poor_near_projected"], _("Poor and near-poor rate, projected")),
        ):
            traces.append(
                {"type": "scatter", "mode": "lines+markers", "name": label, "x": ends,
                 "y": [yearly[column][-1], projected], "line": {"dash": "dot"}}
            )  # fmt: skip
    shapes = [_target_line(rates.BELOW_RATE, _("target: below 3%"))]
    if judged.get("half_target") is not None:
        shapes.append(_target_line(judged["half_target"], _("target: poor and near-poor halved")))
    return {
        "data": traces,
        "layout": charts.layout(
            _("Rates and the trend to %(year)s (%%)") % {"year": rates.TARGET_YEAR},
            yaxis={"rangemode": "tozero"},
            shapes=[shape for shape, _note in shapes],
            annotations=[note for _shape, note in shapes],
        ),
    }


def _target_line(value: float, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    shape = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": value, "y1": value,
             "line": {"color": "#b3261e", "dash": "dash", "width": 1}}  # fmt: skip
    note = {
        "xref": "paper",
        "x": 1,
        "y": value,
        "text": text,
        "showarrow": False,
        "xanchor": "right",
        "yanchor": "bottom",
    }
    return shape, note


def judge(yearly: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    poor = rates.trends(yearly, by, "poor_rate")
    poor_near = rates.trends(yearly, by, "poor_near_rate")
    return rates.off_track(poor, poor_near, by)


def targets_page(focus: Focus) -> dict[str, Any]:
    counts = data.counts(focus, descendants=True)
    yearly = focus_rates(counts, focus)
    own = judge(yearly.with_columns(pl.lit(focus.code).alias("code")), ["code"])
    judged = own.row(0, named=True) if own.height else {}
    below = counts.filter(pl.col("depth") > focus.depth)
    units = judge(rates.rates(below, [*UNIT_KEYS, "year"]), UNIT_KEYS)
    warnings = units.filter(pl.col("warning")).sort("depth", "poor_projected", descending=[False, True])
    years: list[int] = yearly["year"].to_list()
    last_year = years[-1] if years else None
    return {
        "judged": judged,
        "below_rate": rates.BELOW_RATE,
        "target_year": rates.TARGET_YEAR,
        "figures": {"projection": projection_figure(yearly, judged, focus)},
        "units_judged": units.height,
        "warnings": [_warning(row, last_year) for row in warnings.iter_rows(named=True)],
    }


SHOWN = ("poor_rate", "poor_reduction", "poor_projected", "poor_near_projected", "half_target")


def _warning(row: dict[str, Any], last_year: int | None) -> dict[str, Any]:
    """A warning row, its numbers and reason already written out: a province lists hundreds of them."""
    reasons = []
    if row["below_met"] is False:
        reasons.append(_("stays at or above 3%"))
    if row["halve_met"] is False:
        reasons.append(_("poor and near-poor not halved"))
    return {
        **row,
        **{f"{key}_text": "–" if row[key] is None else f"{row[key]:.2f}" for key in SHOWN},
        "reason": "; ".join(reasons),
        "link": links.page("targets", row["code"]),
        "households": links.households(row["code"], last_year, **{"class": "poor"}) if last_year else "",
    }
