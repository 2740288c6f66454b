"""The exports as background jobs: the page queues one, the worker builds the file, its page offers it.

The worker reads the submitter's area again when it runs (a role withdrawn meanwhile exports nothing),
and builds the same bytes as the direct download, through the same functions.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from povmis.accounts.scoping import Access, area_path
from povmis.errors import ServiceError
from povmis.jobs.files import JobFile
from povmis.jobs.runner import Report
from povmis.jobs.services import submit
from povmis.reports import data, views

TABLES_TASK = "povmis.reports.export_jobs.tables_xlsx"
SUMMARY_TASK = "povmis.reports.export_jobs.summary_pdf"


def _area_of(user_id: int) -> str:
    area = area_path(User.objects.get(pk=user_id), Access.READ)
    if area is None:
        raise ServiceError("your account has no role")
    return area


def tables_xlsx(*, report: Report, year: int, user_id: int) -> JobFile:
    """Review ``year``'s official tables for the submitter's area, as :func:`views.tables_xlsx` answers them."""
    area = _area_of(user_id)
    if year not in data.reviewed_years():
        raise ServiceError("no classified review for that year")
    report("building the tables", 10)
    content = views.tables_workbook(area, year)
    return JobFile(views.tables_name(year), views.XLSX_TYPE, content, {"export": "tables", "review": year})


def summary_pdf(*, report: Report, user_id: int) -> JobFile:
    """The steering committee's summary for the submitter's area, as :func:`views.summary_pdf` answers it."""
    area = _area_of(user_id)
    report("building the summary", 10)
    return JobFile(views.SUMMARY_NAME, "application/pdf", views.summary_document(area), {"export": "summary"})


@login_required
@require_POST
def queue_tables(request: HttpRequest, year: int) -> HttpResponse:
    views._area(request)  # no role, no job
    if year not in data.reviewed_years():
        raise Http404("no classified review for that year")
    job = submit(TABLES_TASK, user=request.user, year=year, user_id=request.user.pk)  # type: ignore[arg-type]  # behind login_required: a signed-in User
    return redirect("job-detail", pk=job.pk)


@login_required
@require_POST
def queue_summary(request: HttpRequest) -> HttpResponse:
    views._area(request)
    job = submit(SUMMARY_TASK, user=request.user, user_id=request.user.pk)  # type: ignore[arg-type]  # behind login_required: a signed-in User
    return redirect("job-detail", pk=job.pk)
