"""A job's page: its progress read from the database (a reload shows the same), its result or its error.

Only the person who started a job (or an administrator) sees it; anyone else gets "not found".
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from povmis.accounts.scoping import signed_in
from povmis.errors import ServiceError
from povmis.jobs.files import stored
from povmis.jobs.models import Job
from povmis.jobs.services import retry as retry_job


def _job(request: HttpRequest, pk: int) -> Job:
    user = signed_in(request)
    jobs = Job.objects.all() if user.is_superuser else Job.objects.filter(created_by=user)
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404("no such job")
    return job


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    state = job.as_dict()
    if state["status"] == Job.Status.DONE and (state["result"] or {}).get("checked"):
        return redirect("import-result", token=state["result"]["upload"])  # a checked upload: its result page
    if state["status"] == Job.Status.DONE and (state["result"] or {}).get("scenario") is not None:
        return redirect(f"{reverse('monitoring:whatif')}?{state['result']['scenario']}&job={job.pk}")  # a what-if
    context = {"job": job, "state": state, "busy": state["status"] in {Job.Status.QUEUED, Job.Status.RUNNING},
               "history": job.history()}  # fmt: skip
    return render(request, "jobs/job.html", context)


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(_job(request, pk).as_dict())


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    try:
        retry_job(job, user=signed_in(request))
    except ServiceError as error:
        messages.error(request, _("The job was not run again: %(reason)s") % {"reason": error.shown()})
    return redirect("job-detail", pk=pk)


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file a finished export job wrote; its submitter's only, like the job's page."""
    job = _job(request, pk)
    described = (job.result or {}).get("file") if job.shown_status == Job.Status.DONE else None
    path = stored(job.pk) if described else None
    if described is None or path is None:
        raise Http404("this job has no file to download")
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=described["name"], content_type=described["content_type"]
    )
