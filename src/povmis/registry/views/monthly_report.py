"""The monthly report on the regular review, as a page and as an XLSX (registry.monthly_report)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from povmis.accounts.scoping import Access
from povmis.core.procedures.list_in_force import MOVES
from povmis.errors import ServiceError, shown
from povmis.registry import monthly_report
from povmis.registry.views.access import require

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _month(request: HttpRequest) -> str:
    return request.GET.get("month") or f"{timezone.localdate():%Y-%m}"


@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    require(request, Access.READ)
    month, found = _month(request), None
    try:
        found = monthly_report.report(request.user, *monthly_report.parse_month(month))
    except ServiceError as error:
        messages.error(request, _("No report: %(reason)s") % {"reason": shown(error)})
    rows = [] if found is None else found.rows.rows(named=True)
    context = {"month": month, "report": found, "rows": rows, "moves": MOVES}
    return render(request, "web/monthly_report.html", context)


@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    require(request, Access.READ)
    month = _month(request)
    try:
        found = monthly_report.report(request.user, *monthly_report.parse_month(month))
    except ServiceError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(monthly_report.xlsx(found), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="regular-review-{month}.xlsx"'
    return response
