"""The rates page and the targets page: rates by year for the unit and each unit under it, and the trend."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from povmis.monitoring import charts, data, links, rates
from povmis.monitoring.focus import Focus

FOCUS_KEYS = ("year",)
UNIT_KEYS = ("code", "name", "level", "year")


def focus_rates(counts: pl.DataFrame, focus: Focus) -> pl.DataFrame:
    own = counts.filter(pl.col("depth").is_in(data.own_depths(focus)))
    return rates.rates(own, FOCUS_KEYS)


def child_rates(counts: pl.DataFrame, focus: Focus) -> pl.DataFrame:
    return rates.rates(counts.filter(pl.col("depth") == focus.depth + 1), UNIT_KEYS)


def reductions(yearly: pl.DataFrame) -> dict[str, float | None]:
    """Average annual reduction (points a year) of each rate between the first and the last review."""
    result: dict[str, float | None] = {}
    for column in rates.RATE_COLUMNS:
        trend = rates.trends(yearly.with_columns(pl.lit("").alias("_all")), ["_all"], column)
        result[column] = trend["reduction"][0] if trend.height else None
    return result


def rate_figure(yearly: pl.DataFrame, focus: Focus) -> charts.Figure:
    years = yearly["year"].to_list()
    series = (
        ("poor_rate", _("Poverty rate"), {"class": "poor"}),
        ("near_poor_rate", _("Near-poverty rate"), {"class": "near_poor"}),
        ("em_poor_rate", _("Poverty rate, ethnic minority"), {"class": "poor", "em": 1}),
        ("kinh_poor_rate", _("Poverty rate, Kinh and others"), {"class": "poor", "em": 0}),
    )
    traces = [
        charts.line(label, years, yearly[column].to_list(), [links.households(focus.code, y, **f) for y in years])
        for column, label, f in series
    ]
    return {
        "data": traces,
        # xgettext:no-python-format (the "%" is a percent sign: msgfmt must not ask the same in each language)
        "layout": charts.layout(_("Rates by year (% of households)"), yaxis={"rangemode": "tozero"}),
    }


def child_figure(children: pl.DataFrame) -> charts.Figure:
    traces = [
        charts.line(
            name,
            group["year"].to_list(),
            group["poor_rate"].to_list(),
            [links.households(code, y, **{"class": "poor"}) for y in group["year"]],
        )
        for (code, name), group in children.group_by("code", "name", maintain_order=True)
    ]
    return {"data": traces, "layout": charts.layout(_("Poverty rate by unit (%)"), yaxis={"rangemode": "tozero"})}


def child_rows(children: pl.DataFrame, years: list[int]) -> list[dict[str, Any]]:
    """One row per unit: its poverty rate each year (with the households behind it) and its reduction."""
    trend = rates.trends(children, ["code"], "poor_rate")
    reduction = dict(zip(trend["code"].to_list(), trend["reduction"].to_list(), strict=True))
    rows = []
    for (code, name), group in children.sort("year").group_by("code", "name", maintain_order=True):
        by_year = {row["year"]: row for row in group.iter_rows(named=True)}
        last = group.row(-1, named=True)
        rows.append(
            {
                "code": code,
                "name": name,
                "link": links.page("overview", code),
                "cells": [
                    {
                        "rate": by_year[y]["poor_rate"] if y in by_year else None,
                        "poor": by_year[y]["poor"] if y in by_year else None,
                        "link": links.households(code, y, **{"class": "poor"}),
                    }
                    for y in years
                ],
                "reduction": reduction.get(code),
                "em_rate": last["em_poor_rate"],
                "kinh_rate": last["kinh_poor_rate"],
                "near_rate": last["near_poor_rate"],
                "households": last["households"],
            }
        )
    return rows


def overview_page(focus: Focus) -> dict[str, Any]:
    counts = data.counts(focus, children=True)
    yearly = focus_rates(counts, focus)
    children = child_rates(counts, focus)
    years = yearly["year"].to_list()
    return {
        "years": years,
        "yearly": [{**row, "links": _year_links(focus, row["year"])} for row in yearly.iter_rows(named=True)],
        "reduction": reductions(yearly),
        "first_year": years[0] if years else None,
        "last_year": years[-1] if years else None,
        "figures": {
            "rates": rate_figure(yearly, focus),
            **({"units": child_figure(children)} if children.height else {}),
        },
        "children": child_rows(children, years),
    }


def _year_links(focus: Focus, year: int) -> dict[str, str]:
    code = focus.code
    return {
        "all": links.households(code, year),
        "poor": links.households(code, year, **{"class": "poor"}),
        "near_poor": links.households(code, year, **{"class": "near_poor"}),
        "em_poor": links.households(code, year, **{"class": "poor", "em": 1}),
        "kinh_poor": links.households(code, year, **{"class": "poor", "em": 0}),
    }
