"""The statuses held in a commune's review, as a page and as an XLSX (registry.status_queries).

A commune outside the reader's area is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from povmis.accounts.scoping import Access
from povmis.registry import status_queries
from povmis.registry.models import Status
from povmis.registry.views.access import require
from povmis.units.models import AdminUnit, Level

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _commune(request: HttpRequest, code: str) -> AdminUnit:
    require(request, Access.READ)
    commune = AdminUnit.objects.filter(code=code, level=Level.COMMUNE).first()
    area = status_queries.readable_area(request.user)
    if commune is None or area is None or not commune.path.startswith(area):
        raise Http404("no such commune")
    return commune


@login_required
def status_list(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    unit = _commune(request, commune)
    held = status_queries.held(request.user, year, unit.path)
    counts = status_queries.counts(request.user, year, unit.path)
    names = dict(Status.Kind.choices)
    rows = [row | {"label": names.get(row["status"], row["status"])} for row in held.rows(named=True)]
    context = {"year": year, "commune": unit, "rows": rows, "counts": counts.rows(named=True)}
    return render(request, "web/statuses.html", context)


@login_required
def status_xlsx(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    unit = _commune(request, commune)
    frame = status_queries.held(request.user, year, unit.path)
    response = HttpResponse(status_queries.xlsx(frame), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="statuses-{year}-{unit.code}.xlsx"'
    return response
