"""Support's pages: the overview by policy and unit, who was missed, who was paid wrongly, and recording deliveries.

Every page reads through support.queries inside the user's area; a review or policy outside what the
user may read is "not found", like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from povmis.accounts.scoping import Access, area_path
from povmis.core.policies.inputs import SupportInputError
from povmis.core.policies.reconcile import figures as reconciliation_figures
from povmis.core.validate import InputError
from povmis.registry.survey_import import uploads
from povmis.spreadsheets import write_excel
from povmis.support import queries, services
from povmis.support.names import policy_names
from povmis.support.subjects import judged_on
from povmis.tables import TableError, read_table

FILE_SUFFIXES = (".csv", ".xlsx")
PAGE_SIZE = 200  # households listed per page of the missed list
# A unit's row for a policy is shown when someone there is entitled to it or got it wrongly.
SHOWN_UNITS = (pl.col("entitled") > 0) | (pl.col("ineligible") > 0) | (pl.col("twice") > 0)


def _year(request: HttpRequest) -> int:
    years = queries.classified_years(request.user)
    if not years:
        raise Http404("no classified review in your area")
    try:
        return int(request.GET.get("year") or years[0])
    except ValueError as error:
        raise Http404("no such review") from error


def _found(request: HttpRequest) -> queries.ReviewReconciliation:
    found = queries.reconciliation(request.user, _year(request))
    if found is None:
        raise Http404("no such review")
    return found


def _policy(policy: str) -> str:
    names = policy_names()
    if policy not in names:
        raise Http404("no such policy")
    return names[policy]


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    # The stored counts (support.counts): the overview reads them, the lists below compute theirs.
    year = _year(request)
    counts = queries.counts(request.user, year)
    if counts is None:
        raise Http404("no such review")
    area = area_path(request.user, Access.READ) or ""
    names = policy_names()
    figures = reconciliation_figures(counts)
    units = queries.by_unit(counts, area)
    places = queries.unit_names(units["unit_path"].unique().to_list())
    plans = [{"plan": plan, "rows": queries.target_rows(plan, judged)} for plan, judged in queries.targets(counts)]
    context = {
        "year": year,
        "years": queries.classified_years(request.user),
        "start": dt.date(year, 1, 1),
        "end": judged_on(year),
        "policies": [{"id": p, "name": names.get(p, p), **counts} for p, counts in figures["policies"].items()],
        "total": figures["total"],
        "units": [
            {**row, "name": places.get(row["unit_path"], row["unit_path"]), "policy_name": names.get(row["policy"])}
            for row in units.filter(SHOWN_UNITS).to_dicts()
        ],
        "plans": plans,
    }
    return render(request, "support/overview.html", context)


@login_required
@require_GET
def missed(request: HttpRequest, policy: str) -> HttpResponse:
    name = _policy(policy)
    found = _found(request)
    unit = request.GET.get("unit", "")
    rows = queries.missed(found, policy, unit)
    page = Paginator(range(rows.height), PAGE_SIZE).get_page(request.GET.get("page"))
    shown = rows.slice(page.start_index() - 1, PAGE_SIZE) if rows.height else rows
    places = queries.unit_names(shown["unit_path"].unique().to_list())
    listed = [{**row, "commune": places.get(row["unit_path"], "")} for row in shown.to_dicts()]
    query = urlencode({"year": found.year, "unit": unit})
    context = {"policy": policy, "name": name, "year": found.year, "rows": listed, "page": page, "query": query}
    return render(request, "support/missed.html", context)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def missed_export(request: HttpRequest, policy: str) -> HttpResponse:
    """The whole missed list of the page as a workbook, for the commune's follow-up."""
    _policy(policy)
    found = _found(request)
    rows = queries.missed(found, policy, request.GET.get("unit", ""))
    places = queries.unit_names(rows["unit_path"].unique().to_list())
    table = rows.select(
        "household_id",
        "member_id",
        pl.col("unit_path").replace_strict(places, default="").alias("commune"),
        "policy",
        "rule",
        "amount_vnd",
        "share",
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "missed.xlsx"
        write_excel(table, path)
        content = path.read_bytes()
    answer = HttpResponse(content, content_type=XLSX)
    answer["Content-Disposition"] = f'attachment; filename="missed-{policy}-{found.year}.xlsx"'
    return answer


@login_required
@require_GET
def ineligible(request: HttpRequest, policy: str) -> HttpResponse:
    name = _policy(policy)
    found = _found(request)
    rows = queries.ineligible(found, policy).to_dicts()
    return render(
        request, "support/ineligible.html", {"policy": policy, "name": name, "year": found.year, "rows": rows}
    )


DELIVERY_FIELDS = ("household", "member", "national_id", "policy", "delivered_on", "amount_vnd", "quantity",
                   "programme", "project", "agency", "reference")  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def record_delivery(request: HttpRequest) -> HttpResponse:
    """One delivery through the same checks as a delivery list."""
    if area_path(request.user, Access.EDIT) is None:
        raise Http404("you record no deliveries")
    values = {name: request.POST.get(name, "").strip() for name in DELIVERY_FIELDS}
    if request.method == "POST":
        try:
            result = services.record_delivery(request.user, **_typed(values))
        except (SupportInputError, ValueError) as error:
            messages.error(request, str(error))
        else:
            text = _("Delivery recorded.") if result.created else _("This delivery was already recorded.")
            messages.success(request, text)
            return HttpResponseRedirect(reverse("support:record-delivery"))
    context = {"values": values, "policies": sorted(policy_names().items())}
    return render(request, "support/record_delivery.html", context)


def _typed(values: dict[str, str]) -> dict[str, Any]:
    """The form's text as the service's arguments; a malformed date or number is refused by name."""
    try:
        delivered_on = dt.date.fromisoformat(values["delivered_on"])
    except ValueError as error:
        raise ValueError(_("delivered_on: write a date as YYYY-MM-DD")) from error
    numbers: dict[str, int | None] = {}
    for name in ("amount_vnd", "quantity"):
        try:
            numbers[name] = int(values[name]) if values[name] else None
        except ValueError as error:
            raise ValueError(_("%(field)s: write a whole number without separators") % {"field": name}) from error
    texts = {k: v for k, v in values.items() if k not in {"delivered_on", "amount_vnd", "quantity"}}
    return {**texts, **numbers, "delivered_on": delivered_on}


@login_required
@require_http_methods(["GET", "POST"])
def import_deliveries(request: HttpRequest) -> HttpResponse:
    """A delivery list: checked first (a dry run, nothing written), then committed whole by its token."""
    if area_path(request.user, Access.EDIT) is None:
        raise Http404("you import no deliveries")
    context: dict[str, Any] = {}
    if request.method == "POST":
        try:
            context = _check_or_commit(request)
        except (SupportInputError, TableError, InputError) as error:
            context = {"error": str(error)}
        if context.get("committed"):
            messages.success(request, _("%(created)s deliveries stored.") % {"created": context["result"].created})
            return HttpResponseRedirect(reverse("support:import-deliveries"))
    return render(request, "support/import_deliveries.html", context)


def _check_or_commit(request: HttpRequest) -> dict[str, Any]:
    token = request.POST.get("token", "")
    if token:
        folder = uploads.folder(request, token)
        path = next(folder.glob("deliveries.*"), None)
        if path is None:
            raise Http404("no such upload")
        result = services.import_deliveries(read_table(path), _source(folder), request.user)
        uploads.discard(request, token)
        return {"committed": True, "result": result}
    upload = request.FILES.get("file")
    if upload is None or not (upload.name or "").lower().endswith(FILE_SUFFIXES):
        return {"error": _("Choose a delivery list: a .csv or .xlsx file.")}
    uploads.check_files(upload)
    token = uploads.new_token(request)
    folder = uploads.folder(request, token)
    path = folder / ("deliveries" + Path(upload.name or "x.csv").suffix.lower())
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    (folder / "name").write_text(Path(upload.name or "deliveries.csv").name, encoding="utf-8")
    result = services.import_deliveries(read_table(path), _source(folder), request.user, dry_run=True)
    return {"result": result, "token": token, "name": _source(folder)}


def _source(folder: Path) -> str:
    return (folder / "name").read_text(encoding="utf-8")
