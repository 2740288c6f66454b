"""The export pages: every route asks :func:`area_path` first, so an export counts only the user's area."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from povmis.accounts.scoping import Access, area_path
from povmis.reports import data, official, pdf, xlsx
from povmis.reports.published import published, published_rates, published_worst, suppression_note

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _area(request: HttpRequest) -> str:
    area = area_path(request.user, Access.READ)
    if area is None:
        raise PermissionDenied(_("your account has no role"))
    return area


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    area = _area(request)
    context = {"years": list(reversed(data.reviewed_years())), "area_name": data.area_name(area)}
    return render(request, "reports/index.html", context)


@login_required
def tables_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    area = _area(request)
    if year not in data.reviewed_years():
        raise Http404("no classified review for that year")
    return _attachment(tables_workbook(area, year), XLSX_TYPE, tables_name(year))


def tables_workbook(area: str, year: int) -> bytes:
    """Review ``year``'s official tables for ``area`` as a workbook: the page's download and its job's file."""
    tables = published(official.review_tables(year, area))
    standard = data.results_standard(year)
    caption = f"Rà soát năm {year} / {year} review"
    if standard is not None:
        caption += f" · Chuẩn nghèo / Standard: {data.standard_caption(standard)}"
    return xlsx.workbook_bytes(tables, area=data.area_name(area), year=year, caption=caption)


def tables_name(year: int) -> str:
    return f"povmis-review-{year}.xlsx"


@login_required
def summary_pdf(request: HttpRequest) -> HttpResponse:
    return _attachment(summary_document(_area(request)), "application/pdf", SUMMARY_NAME)


SUMMARY_NAME = "povmis-summary.pdf"


def summary_document(area: str) -> bytes:
    """The steering committee's summary of ``area`` as a PDF: the page's download and its job's file."""
    rates = official.yearly_rates(area)
    years = data.reviewed_years()
    worst_year = years[-1] if years else None
    # Eight communes keep the summary on one printed page.
    worst = published_worst(official.summary_table(worst_year, area), 8) if worst_year else None
    return pdf.summary_pdf(
        area=data.area_name(area),
        rates=published_rates(rates),
        progress=official.target_progress(rates, area),
        worst=worst if worst is not None else rates.clear(),
        worst_year=worst_year,
        today=timezone.localdate(),
        note=suppression_note(),
        standards=[(span, data.standard_caption(standard)) for span, standard in data.standards_by_year(years)],
    )
