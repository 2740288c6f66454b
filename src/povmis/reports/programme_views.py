"""The programme's report exports: Mẫu 01 and Biểu 02 (XLSX, PDF) and the steering committee's page.

Each export reads through the programme's scoping (``Access.PROGRAMME``): a finance officer or a
project owner gets the money and outputs of its reach, and a role outside the programme gets a 404.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from povmis.accounts.scoping import Access, area_path
from povmis.core.programmes.definition import available_programmes
from povmis.programme import queries
from povmis.reports import data, xlsx
from povmis.reports import programme as report
from povmis.reports.programme_pdf import steering_pdf, tables_pdf
from povmis.reports.views import XLSX_TYPE, _attachment

FORMS = {"mau-01": "monitoring", "bieu-02": "results"}


def _area(request: HttpRequest) -> str:
    area = area_path(request.user, Access.PROGRAMME)
    if area is None:
        raise Http404("no programme data in your role")
    return area


def _programme(request: HttpRequest) -> str:
    programme = request.GET.get("programme", "ntp-spr-2021-2025")
    if programme not in available_programmes():
        raise Http404("no such programme")
    return programme


@login_required
@require_GET
def form_export(request: HttpRequest, period: str, form: str, extension: str) -> HttpResponse:
    area, programme = _area(request), _programme(request)
    if form not in FORMS or extension not in ("xlsx", "pdf"):
        raise Http404("no such form")
    try:
        parsed = report.parse_period(period)
    except report.PeriodError as error:
        raise Http404(str(error)) from error
    if form == "mau-01":
        tables = report.monitoring_report(request.user, programme, parsed, area)
    else:
        tables = [report.results_table(request.user, programme, parsed)]
    caption = f"{programme} · {parsed.label}"
    name = f"povmis-{form}-{period}.{extension}"
    if extension == "xlsx":
        content = xlsx.workbook_bytes(tables, area=data.area_name(area), year=parsed.year, caption=caption)
        return _attachment(content, XLSX_TYPE, name)
    return _attachment(tables_pdf(tables, area=data.area_name(area), caption=caption), "application/pdf", name)


@login_required
@require_GET
def steering(request: HttpRequest) -> HttpResponse:
    """One page: the money on a date (allocated, disbursed, carried over), what lags, outputs and rates."""
    area, programme = _area(request), _programme(request)
    try:
        on = dt.date.fromisoformat(request.GET["on"]) if request.GET.get("on") else timezone.localdate()
    except ValueError as error:
        raise Http404("the date is YYYY-MM-DD") from error
    content = steering_pdf(
        area=data.area_name(area),
        programme=programme,
        on=on,
        total=queries.disbursement_report(request.user, on, (), programme)["total"],
        lagging=report.lagging(request.user, programme, on),
        outputs=report.results_table(request.user, programme, report.Period(on.year, None)),
        rates=report.outcome_table(area),
    )
    return _attachment(content, "application/pdf", f"povmis-steering-{on.isoformat()}.pdf")
