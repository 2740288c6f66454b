"""The programme's pages: disbursement on a date by project, source or unit, the lagging ones flagged,
the year's curve, the outputs against their targets, and a form to record one payment."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

import plotly
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from povmis.accounts.scoping import Access, area_path
from povmis.core.programmes.definition import available_programmes, load_programme
from povmis.core.programmes.files import PAYMENT_COLUMNS
from povmis.core.programmes.indicators import load_indicators
from povmis.errors import PermissionDenied, ServiceError
from povmis.programme import queries, services
from povmis.programme.charts import year_curve_figure

DEFAULT_PROGRAMME = "ntp-spr-2021-2025"
GROUPINGS = ("project", "source", "unit")
DISTRICT_DEPTH = 2  # a unit path's parts down to the district ("66/643/")


def _programme(request: HttpRequest) -> str:
    programme_id = request.GET.get("programme", DEFAULT_PROGRAMME)
    if programme_id not in available_programmes():
        raise Http404("no such programme")
    return programme_id


def _date(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET["on"]) if request.GET.get("on") else timezone.localdate()
    except ValueError:
        return timezone.localdate()  # a mistyped date shows today rather than an error page


def signed_in(request: HttpRequest) -> User:
    """The request's user; ``login_required`` has turned the anonymous away."""
    if not isinstance(request.user, User):
        raise Http404("sign in first")
    return request.user


def _date_or(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def language_of(request: HttpRequest) -> str:
    return "vi" if (request.LANGUAGE_CODE or "vi").startswith("vi") else "en"


@login_required
@require_GET
def disbursement(request: HttpRequest) -> HttpResponse:
    if area_path(request.user, Access.PROGRAMME) is None:
        raise Http404("no programme data in your role")
    programme_id, on = _programme(request), _date(request)
    by = request.GET.get("by", "project")
    by = by if by in GROUPINGS else "project"
    since = _date_or(request.GET.get("from"), dt.date(on.year, 1, 1))
    by_district = request.GET.get("outputs_by") == "district"
    programme = load_programme(programme_id)
    language = language_of(request)
    table = queries.lag_table(request.user, on, programme_id, [by])
    names = {project.id: project.name for project in programme.projects}
    places = queries.unit_names_by_code([*table["successors"].explode().drop_nulls()]) if by == "unit" else {}
    rows = [
        {**row, "key": row[by], "name": names.get(row[by], {}).get(language, "") if by == "project" else "",
         "successors": [f"{code} {places.get(code, '')}" for code in row.get("successors", [])]}
        for row in table.to_dicts()
    ]  # fmt: skip
    context = {
        "programme": programme,
        "programme_name": programme.name[language],
        "programmes": available_programmes(),
        "on": on,
        "by": by,
        "groupings": GROUPINGS,
        "rows": rows,
        "total": queries.disbursement_report(request.user, on, (), programme_id)["total"],
        "figure": year_curve_figure(queries.curves(request.user, programme_id, on.year), on.year),
        "plotly_url": reverse("monitoring:plotly", args=[plotly.__version__]),
        "since": since,
        "outputs": output_rows(request, programme_id, since, on, DISTRICT_DEPTH if by_district else None),
        "outputs_by_district": by_district,
        "may_record": services.may_record(request.user),
        "payment_fields": PAYMENT_COLUMNS,
    }
    return render(request, "programme/disbursement.html", context)


def output_rows(
    request: HttpRequest, programme_id: str, start: dt.date, end: dt.date, depth: int | None = None
) -> list[dict[str, Any]]:
    """The outputs table's rows with the indicators' (and, by district, the areas') names."""
    framework = load_indicators(programme_id)
    language = language_of(request)
    names = {i.code: i.name.get(language, i.name["en"]) for i in framework.indicators}
    table = queries.outputs_table(request.user, programme_id, start, end, depth=depth)
    places = queries.unit_names(table["area"].to_list()) if depth is not None else {}
    return [
        {**row, "name": names[row["indicator"]], "place": places.get(row.get("area", ""), "")}
        for row in table.to_dicts()
    ]


@login_required
@require_POST
def record_payment(request: HttpRequest) -> HttpResponse:
    """The page's payment form: one payment through the same checks as a payment file."""
    values = {column: request.POST.get(column, "") for column in PAYMENT_COLUMNS}
    try:
        payment = services.record_payment(by=signed_in(request), values=values)
    except PermissionDenied as error:
        raise Http404(str(error)) from error
    except services.PaymentRefused as refused:
        for issue in refused.issues.head(5).iter_rows(named=True):
            text = issue["message_vi"] if language_of(request) == "vi" else issue["message_en"]
            messages.error(request, f"{issue['column']}: {text}")
    except ServiceError as error:
        messages.error(request, error.shown())
    else:
        messages.success(request, _("Payment %(voucher)s recorded.") % {"voucher": payment.voucher})
    query = {"programme": values["programme"], "on": values["paid_on"]}
    return HttpResponseRedirect(reverse("programme:disbursement") + "?" + urlencode(query))


@login_required
@require_GET
def households(request: HttpRequest, indicator: str) -> HttpResponse:
    """The households behind an output delivered to households, within the reader's area."""
    programme_id = _programme(request)
    if area_path(request.user, Access.READ) is None:
        raise Http404("no household data in your role")
    framework = load_indicators(programme_id)
    found = [i for i in framework.indicators if i.code == indicator and i.delivered_by]
    if not found:
        raise Http404("no such output delivered to households")
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else timezone.localdate().year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = queries.households_behind(request.user, programme_id, indicator, start, end).to_dicts()
    context = {"indicator": found[0].name.get(language_of(request), found[0].name["en"]), "year": year, "rows": rows,
               "programme": programme_id}  # fmt: skip
    return render(request, "programme/households.html", context)
