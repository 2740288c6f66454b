"""The fall-back risk pages: the list with its reasons, where high risk concentrates, and the workbook.

GET pages that read the stored scoring only (monitoring/risk.py): nothing is trained or scored here.
A unit outside the caller's area is a 404, as on every dashboard page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import polars as pl
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from povmis.monitoring import charts, links
from povmis.monitoring.focus import Focus, focus_of
from povmis.monitoring.models import RiskScoring
from povmis.monitoring.risk import RiskFilter, concentration, latest_scoring, risk_count, risk_list
from povmis.monitoring.risk_reasons import indicator_names, reasons
from povmis.monitoring.risk_rounds import latest_run
from povmis.spreadsheets import write_excel

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def risk_address(unit: str, *, high: bool = False) -> str:
    params = {key: value for key, value in (("unit", unit), ("high", "1" if high else "")) if value}
    return reverse("monitoring:risk") + (f"?{urlencode(params)}" if params else "")


def with_reasons(scoring: RiskScoring, rows: pl.DataFrame) -> pl.DataFrame:
    """``rows`` of :func:`risk_list` with their reasons in the reader's language."""
    return rows.with_columns(reasons(indicator_names(latest_run(scoring.year).standard_id)))


@login_required
@require_GET
def risk(request: HttpRequest) -> HttpResponse:
    focus = focus_of(request.user, request.GET.get("unit"))
    scoring = latest_scoring()
    high_only = request.GET.get("high") == "1"
    context: dict[str, Any] = {
        "focus": focus,
        "scoring": scoring,
        "high_only": high_only,
        "trail": [(unit, risk_address(unit.code)) for unit in focus.trail()],
        "plotly_url": links.plotly_url(),
    }
    if scoring is not None:
        context.update(_listed(request, scoring, focus, high_only))
        if focus.unit is None or focus.unit.level != "commune":  # a commune (of either map) has no unit below
            context.update(_concentration(scoring, focus))
    return render(request, "monitoring/risk.html", context)


def _listed(request: HttpRequest, scoring: RiskScoring, focus: Focus, high_only: bool) -> dict[str, Any]:
    wanted = RiskFilter(focus.path, high_only)
    page = Paginator(range(risk_count(scoring, wanted)), PAGE_SIZE).get_page(request.GET.get("page"))
    start = page.start_index() - 1 if page.paginator.count else 0
    rows = with_reasons(scoring, risk_list(scoring, wanted, PAGE_SIZE, start))
    query = urlencode(
        {key: value for key, value in (("unit", focus.code), ("high", "1" if high_only else "")) if value}
    )
    return {
        "page": page,
        "rows": rows.with_columns(percent=pl.col("risk") * 100).to_dicts(),
        "query": query,
        "export_url": reverse("monitoring:risk-export") + (f"?{query}" if query else ""),
    }


def _concentration(scoring: RiskScoring, focus: Focus) -> dict[str, Any]:
    table = concentration(scoring, focus.path).with_columns(share_percent=pl.col("share") * 100)
    units = [
        {**row, "link": risk_address(row["code"], high=True), "list": risk_address(row["code"])}
        for row in table.to_dicts()
    ]
    figure = {
        "data": [
            charts.bars(
                _("Households at high risk"),
                [unit["name"] for unit in units],
                [unit["high"] for unit in units],
                [unit["link"] for unit in units],
                hovertemplate="%{x}: %{y}<extra></extra>",
            )
        ],
        "layout": charts.layout(
            _("Households at high risk of being poor at the next review"), yaxis={"rangemode": "tozero"}
        ),
    }
    return {"units": units, "figure": figure if units else None}


@login_required
@require_GET
def risk_export(request: HttpRequest) -> HttpResponse:
    """The page's whole list as a workbook (every page of it), with the reasons in the reader's language."""
    focus = focus_of(request.user, request.GET.get("unit"))
    scoring = latest_scoring()
    if scoring is None:
        raise Http404("the risk has not been computed")
    rows = with_reasons(scoring, risk_list(scoring, RiskFilter(focus.path, request.GET.get("high") == "1")))
    table = rows.select(
        pl.col("household_id").alias(_("Household")),
        pl.col("head_name").alias(_("Head of household")),
        pl.col("commune").alias(_("Commune")),
        pl.col("class").alias(_("Class")),
        pl.col("risk").alias(_("Risk of being poor at the next review")),
        pl.col("high").alias(_("High risk")),
        pl.col("reasons").alias(_("What raises the risk")),
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "risk.xlsx"
        write_excel(table, path)
        content = path.read_bytes()
    answer = HttpResponse(content, content_type=XLSX)
    answer["Content-Disposition"] = f'attachment; filename="risk-{focus.code or "all"}-{scoring.year}.xlsx"'
    return answer
