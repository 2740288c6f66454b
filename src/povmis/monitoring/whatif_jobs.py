"""The what-if as a background job: a province's comparison runs in the worker; its page shows the stored result.

The job keeps the form's query and the comparison's JSON (the document and the first changed
households), so the what-if page shows it again after a reload without running it again.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from povmis.errors import ServiceError
from povmis.jobs.runner import Report
from povmis.jobs.services import submit
from povmis.monitoring.focus import focus_of
from povmis.monitoring.whatif_views import WHATIF_TASK, VariantForm, outcome
from povmis.registry.models import ReviewCycle

# The form's fields the job keeps (never the CSRF token).
KEPT = ("unit", "year", "standard", "other", *VariantForm.FIELD_NAMES)


def compare(*, report: Report, query: str, user_id: int) -> dict[str, Any]:
    """Run the what-if of ``query`` (the page's form) for the submitter's area, as the page does."""
    asked = QueryDict(query)
    try:
        focus = focus_of(User.objects.get(pk=user_id), asked.get("unit"))
    except (PermissionDenied, Http404) as error:  # a role withdrawn or narrowed since the job was queued
        raise ServiceError(str(error)) from error
    report("comparing", 10)
    try:
        found = outcome(VariantForm.from_query(asked), focus.path)
    except ReviewCycle.DoesNotExist as error:
        raise ServiceError("no review round for that year") from error
    if "error" in found:
        raise ServiceError(found["error"])
    return {"scenario": query, "whatif": found}


@login_required
@require_POST
def queue(request: HttpRequest) -> HttpResponse:
    """Queue the comparison the form describes; a unit outside the user's area or an unknown year queues nothing."""
    focus_of(request.user, request.POST.get("unit"))
    form = VariantForm.from_query(request.POST)
    if form.year is None or not ReviewCycle.objects.filter(year=form.year).exists():
        raise Http404("no review round for that year")
    kept = QueryDict(mutable=True)
    for name in KEPT:
        if request.POST.get(name):
            kept[name] = request.POST[name]
    job = submit(WHATIF_TASK, user=request.user, query=kept.urlencode(), user_id=request.user.pk)  # type: ignore[arg-type]  # behind login_required: a signed-in User
    return redirect("job-detail", pk=job.pk)
