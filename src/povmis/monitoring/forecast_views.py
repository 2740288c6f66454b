"""The forecast page: where each unit's rates will stand at the end of the year, and who will miss a target.

A GET page, scoped like every dashboard page: a unit outside the caller's area is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from povmis.monitoring import charts, data, links
from povmis.monitoring.focus import Focus, focus_of
from povmis.monitoring.forecasts import unit_forecasts
from povmis.monitoring.overview import focus_rates

RATE_LABELS = {"poverty_rate": "poor_rate", "multidimensional_poverty_rate": "poor_near_rate"}


@login_required
@require_GET
def forecast(request: HttpRequest) -> HttpResponse:
    focus = focus_of(request.user, request.GET.get("unit"))
    today = timezone.localdate()
    year_text = request.GET.get("year", "")
    if year_text and not year_text.isdigit():
        raise Http404("no such year")
    year = int(year_text) if year_text else today.year
    if not 1 <= year <= 9998:  # the calendar's years that have a year after them
        raise Http404("no such year")
    document = unit_forecasts(focus, year, _as_of(request.GET.get("as_of", ""), min(today, dt.date(year, 12, 31))))
    own = next((unit for unit in document["units"] if unit["code"] == focus.code), None)
    context: dict[str, Any] = {
        "focus": focus,
        "year": year,
        "years": sorted({*data.years(), *(y + 1 for y in data.years())}),
        "forecast": document,
        "units": [_unit_row(unit) for unit in document["units"] if unit["rates"].get("poverty_rate")],
        "warnings": [_in_points(row, "needed", "reduction") for row in document["warnings"]],
        "figure": _figure(focus, document, own) if own else None,
        "plotly_url": links.plotly_url(),
    }
    return render(request, "monitoring/forecast.html", context)


def _as_of(text: str, default: dt.date) -> dt.date:
    """The day of the forecast: ``as_of`` (YYYY-MM-DD) if given, else today or the year's last day."""
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise Http404("no such day") from error


def _in_points(row: dict[str, Any], *names: str) -> dict[str, Any]:
    """The fractions ``names`` of a row in percent or points, for the page (nothing rounded here)."""
    return {**row, **{name: None if row[name] is None else row[name] * 100 for name in names}}


def _unit_row(unit: dict[str, Any]) -> dict[str, Any]:
    rate = _in_points(unit["rates"]["poverty_rate"], "start_rate", "projected", "low", "high")
    return {**unit, "rate": rate}


def _figure(focus: Focus, document: dict[str, Any], own: dict[str, Any]) -> charts.Figure:
    """The focus's past rates, the forecast with its interval, and each target as a line to the year's end."""
    yearly = focus_rates(data.counts(focus), focus)
    years = yearly["year"].to_list()
    traces: list[dict[str, Any]] = []
    names = {"poverty_rate": _("Poverty rate"), "multidimensional_poverty_rate": _("Poor and near-poor rate")}
    for rate, column in RATE_LABELS.items():
        figures = own["rates"].get(rate)
        if not figures:
            continue
        past = [y for y in years if y < document["year"]]
        traces.append(charts.line(names[rate], past, yearly.filter(yearly["year"] < document["year"])[column].to_list(),
                                  [links.households(focus.code, y) for y in past]))  # fmt: skip
        projected = figures["projected"] * 100
        interval = {} if figures["low"] is None else {
            "error_y": {"type": "data", "symmetric": False, "array": [figures["high"] * 100 - projected],
                        "arrayminus": [projected - figures["low"] * 100]}
        }  # fmt: skip
        name = _("%(rate)s, forecast") % {"rate": names[rate]}
        traces.append({"type": "scatter", "mode": "markers", "name": name, "x": [document["year"]], "y": [projected],
                       "hovertemplate": "%{x}: %{y:.2f}%", **interval})  # fmt: skip
    traces.extend(_target_lines(document, own))
    return {"data": traces, "layout": charts.layout(
        _("Rates, the forecast for %(year)s and the targets (%%)") % {"year": document["year"]},
        xaxis={"dtick": 1, "tickformat": "d"}, yaxis={"rangemode": "tozero"})}  # fmt: skip


def _target_lines(document: dict[str, Any], own: dict[str, Any]) -> list[dict[str, Any]]:
    """A dotted line from the last review to where each target needs the rate at the year's end."""
    lines = []
    for row in document["targets"]:
        if row["code"] != own["code"] or row["needed"] is None:
            continue
        start = own["rates"][row["rate"]]
        x = [start["start_year"], document["year"]]
        y = [start["start_rate"] * 100, (start["start_rate"] - row["needed"]) * 100]
        lines.append({"type": "scatter", "mode": "lines", "name": _("Target: %(id)s") % {"id": row["target"]},
                      "x": x, "y": y, "line": {"dash": "dot"}, "hovertemplate": "%{x}: %{y:.2f}%"})  # fmt: skip
    return lines
