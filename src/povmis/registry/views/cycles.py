"""The season's overview: the review cycles, and each commune's stage and counts by class."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from povmis.accounts.scoping import Access, scope
from povmis.core.standard import available_standards
from povmis.errors import ServiceError
from povmis.jobs.services import submit
from povmis.registry import labels, queries
from povmis.registry.classification import ensure_may_classify
from povmis.registry.models import ClassificationRun, CommuneReview, ReviewCycle, StageChange
from povmis.registry.services import advance_stage
from povmis.registry.stages import next_stage
from povmis.registry.views.access import may_advance, may_classify, require, signed_in
from povmis.registry.views.cycle_actions import may_open_or_close

CLASSIFY_TASK = "povmis.registry.cycle_jobs.classify"

CLASS_COLUMNS = ["poor", "near_poor", "average", "not_poor", "unclassified"]


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    cycles = list(queries.cycles(request.user))
    by_stage: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        scope(request.user, CommuneReview.objects.filter(cycle__in=cycles))
        .values("cycle_id", "stage")
        .annotate(communes=Count("pk"))
        .order_by()
    )
    for row in rows:
        by_stage[row["cycle_id"]][row["stage"]] = row["communes"]
    table = [(cycle, [by_stage[cycle.pk].get(stage, 0) for stage in labels.STAGES]) for cycle in cycles]
    context = {"cycles": table, "stages": list(labels.STAGES), "may_open": may_open_or_close(request.user)}
    if context["may_open"]:
        context["standards"] = available_standards()
        context["next_year"] = max((cycle.year for cycle in cycles), default=timezone.now().year - 1) + 1
    return render(request, "web/cycle_list.html", context)


@login_required
def cycle_progress(request: HttpRequest, year: int) -> HttpResponse:
    cycle = _cycle(request, year)
    # Each commune's stage changes come along: the page shows who moved the list, and when.
    record = Prefetch("changes", queryset=StageChange.objects.select_related("changed_by"))
    reviews = list(queries.commune_reviews(request.user, year).select_related("cycle").prefetch_related(record))
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in queries.summary(request.user, year):
        counts[row.commune_code][row.household_class] = row.households
    answered = queries.answered(request.user, year)
    totals = {name: sum(c.get(name, 0) for c in counts.values()) for name in CLASS_COLUMNS}
    communes = [
        {
            "review": review,
            "answered": answered.get(review.commune.code, 0),
            "counts": [(name, counts[review.commune.code].get(name, 0)) for name in CLASS_COLUMNS],
            "total": sum(counts[review.commune.code].values()),
            "changes": list(review.changes.all()),
            "next_stage": next_stage(review),
            "may_advance": may_advance(request.user, review),
        }
        for review in reviews
    ]
    context = {
        "cycle": cycle,
        "communes": communes,
        "class_columns": CLASS_COLUMNS,
        "answered_total": sum(answered.values()),
        "totals": [totals[name] for name in CLASS_COLUMNS],
        "grand_total": sum(totals.values()),
        "last_run": ClassificationRun.objects.filter(cycle=cycle).select_related("ran_by").first(),
        "may_classify": may_classify(request.user, cycle),
        "may_close": not cycle.is_closed and may_open_or_close(request.user),
    }
    return render(request, "web/cycle_progress.html", context)


@login_required
@require_POST
def advance(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    require(request, Access.APPROVE)
    try:
        review = queries.commune_review(request.user, year, commune)
    except (CommuneReview.DoesNotExist, ReviewCycle.DoesNotExist):
        raise Http404("no such commune in this review") from None
    try:
        review = advance_stage(review, user=signed_in(request), note=request.POST.get("note", ""))
    except ServiceError as error:
        messages.error(request, _("The list could not move on: %(reason)s") % {"reason": error.shown()})
    else:
        messages.success(
            request,
            _("%(commune)s is now at the stage: %(stage)s")
            % {"commune": review.commune.name, "stage": labels.label(labels.STAGES, review.stage)},
        )
    return redirect("cycle-progress", year=year)


@login_required
@require_POST
def classify(request: HttpRequest, year: int) -> HttpResponse:
    """Classify every household of the review, as `povmis review classify` does (the province or an administrator)."""
    cycle = _cycle(request, year)
    user = signed_in(request)
    try:
        ensure_may_classify(cycle, user)
    except ServiceError as error:
        messages.error(request, _("The review could not be classified: %(reason)s") % {"reason": error.shown()})
        return redirect("cycle-progress", year=year)
    job = submit(CLASSIFY_TASK, user=user, year=cycle.year, user_id=user.pk)
    return redirect("job-detail", pk=job.pk)


def _cycle(request: HttpRequest, year: int) -> ReviewCycle:
    try:
        return queries.cycle(request.user, year)
    except ReviewCycle.DoesNotExist:
        raise Http404("no such review") from None
