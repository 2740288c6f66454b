"""The import page: upload, a dry run that shows the effect and the error report, then the commit.

Every upload runs dry first, as a job (povmis.registry.survey_import.jobs), whose page leads to the result. That
page shows new, changed, unchanged and rejected households, the changed answers side by side and each
issue; only its commit button writes, through the same :func:`import_survey` the API and the CLI call.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from povmis.accounts.scoping import Access
from povmis.core.standard import load_standard
from povmis.core.validate import InputError
from povmis.jobs.models import Job
from povmis.jobs.services import submit
from povmis.registry import queries
from povmis.registry.models import ReviewCycle
from povmis.registry.survey_import import WARNING, error_workbook, uploads
from povmis.registry.views import answers, import_progress
from povmis.registry.views.access import require, signed_in
from povmis.registry.views.forms import UploadForm
from povmis.registry.views.rules import labels_of

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COMMIT_TASK = "povmis.registry.survey_import.jobs.commit_upload"
CHECK_TASK = "povmis.registry.survey_import.jobs.check_upload"
ERRORS_TASK = "povmis.registry.survey_import.jobs.error_workbook"
SHOWN_ROWS = 500  # the page lists this many errors and changes; the XLSX report has them all
EXAMPLES = 5  # households named beside each group of warnings


def _open_years(request: HttpRequest) -> list[int]:
    return [cycle.year for cycle in queries.cycles(request.user) if not cycle.is_closed]


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    require(request, Access.EDIT)
    years = _open_years(request)
    if request.method != "POST":
        form = UploadForm(years=years, initial={"year": years[0] if years else None})
        return _form(request, form, uploads.new_token(request))
    try:
        uploads.check_request(request)  # before the body is read: an oversized upload costs nothing
    except InputError as error:
        messages.error(request, _("The file cannot be read: %(reason)s") % {"reason": error})
        return _form(request, UploadForm(years=years), uploads.new_token(request))
    form = UploadForm(request.POST, request.FILES, years=years)
    token = request.POST.get("token", "")
    path = uploads.folder(request, token)
    if not form.is_valid():
        return _form(request, form, token)
    try:
        uploads.save(path, form.cleaned_data["year"], form.cleaned_data["households"], form.cleaned_data.get("members"))
    except InputError as error:
        messages.error(request, _("The file cannot be read: %(reason)s") % {"reason": error})
        return _form(request, form, uploads.new_token(request))
    user = signed_in(request)
    year = form.cleaned_data["year"]
    job = submit(CHECK_TASK, user=user, folder=str(path), year=year, user_id=user.pk, upload_key=token)
    return redirect("job-detail", pk=job.pk)  # whose page leads to the check's result once it is done


def _form(request: HttpRequest, form: UploadForm, token: str) -> HttpResponse:
    return render(request, "web/import_form.html", {"form": form, "token": token})


@login_required
def status(request: HttpRequest, token: str) -> JsonResponse:
    """How far the server has got with this session's upload (step, text, percent), for the progress bar."""
    return JsonResponse(import_progress.report(uploads.folder(request, token)))


@login_required
def result(request: HttpRequest, token: str) -> HttpResponse:
    require(request, Access.EDIT)
    effect = uploads.effect(uploads.folder(request, token))
    errors = [issue for issue in effect["issues"] if issue["severity"] != WARNING]
    context = {
        "token": token,
        "effect": effect,
        "counts": [(name, effect["counts"].get(name, 0)) for name in ("new", "changed", "unchanged", "rejected")],
        "writes": effect["counts"].get("new", 0) + effect["counts"].get("changed", 0),
        "changes": shown_changes(effect["changes"][:SHOWN_ROWS], effect.get("year")),
        "issues": errors[:SHOWN_ROWS],
        "errors": len(errors),
        "warning_groups": warning_groups(effect["issues"]),
        "shown_rows": SHOWN_ROWS,
    }
    return render(request, "web/import_result.html", context)


def shown_changes(changes: list[dict[str, Any]], year: int | None) -> list[dict[str, Any]]:
    """The changed answers as the cadre reads them: each question by its name, each answer by its meaning."""
    cycle = ReviewCycle.objects.filter(year=year).first() if year else None
    if cycle is None:
        return changes
    standard = load_standard(cycle.standard_id)
    names, asked = labels_of(standard), answers.questions(standard)
    return [
        {
            **change,
            "column": names.get(change["column"], change["column"]),
            "old": answers.shown(asked.get(change["column"]), change["old"]),
            "new": answers.shown(asked.get(change["column"]), change["new"]),
        }
        for change in changes  # at most SHOWN_ROWS
    ]


def warning_groups(issues: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The warnings folded by what they say: one line per column and message, with how many rows and a few households.

    A file of 250 households whose unchanged answers all jump the same way gives one line of 250, not 250
    lines that hide the errors (which the page lists first, one by one).
    """
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for issue in issues:  # the issues of one upload (bounded by the upload's row limit), not households
        if issue["severity"] != WARNING:
            continue
        key = (issue["column"] or "", issue["message_vi"], issue["message_en"])
        group = groups.setdefault(
            key, {"column": key[0], "message_vi": key[1], "message_en": key[2], "count": 0, "households": []}
        )
        group["count"] += 1
        if (
            len(group["households"]) < EXAMPLES
            and issue["household_id"]
            and issue["household_id"] not in group["households"]
        ):
            group["households"].append(issue["household_id"])
    return sorted(groups.values(), key=lambda group: (-group["count"], group["column"]))


@login_required
def errors_xlsx(request: HttpRequest, token: str) -> HttpResponse:
    require(request, Access.EDIT)
    effect = uploads.effect(uploads.folder(request, token))
    content = error_workbook(effect["issues"], files=effect["files"], year=effect["year"])
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="import-errors-{effect["year"]}.xlsx"'
    return response


@login_required
@require_POST
def errors_job(request: HttpRequest, token: str) -> HttpResponse:
    """Write the error report in the background (a large upload's thousands of issues), offered on the job's page."""
    require(request, Access.EDIT)
    path = uploads.folder(request, token)
    uploads.effect(path)  # only a checked upload has a report
    job = submit(ERRORS_TASK, user=signed_in(request), folder=str(path))
    return redirect("job-detail", pk=job.pk)


@login_required
@require_POST
def commit(request: HttpRequest, token: str) -> HttpResponse:
    """Queue the upload's commit as a job and show its page; a second commit of the upload is refused."""
    require(request, Access.EDIT)
    path = uploads.folder(request, token)
    checked = uploads.effect(path)  # only a checked upload can be committed
    user = signed_in(request)
    earlier = Job.objects.filter(task=COMMIT_TASK, arguments__upload_key=token).exclude(status=Job.Status.FAILED)
    if earlier.exists():  # a double click; the batch's unique upload key refuses any that slips past this
        messages.info(request, _("This upload is already being committed (or was): one commit per upload."))
        return redirect("job-detail", pk=earlier.first().pk)  # type: ignore[union-attr]  # it exists: just asked
    job = submit(COMMIT_TASK, user=user, folder=str(path), year=int(checked["year"]), user_id=user.pk, upload_key=token)
    return redirect("job-detail", pk=job.pk)
