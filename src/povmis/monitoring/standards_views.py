"""The page of a round under two standards: who changes class when the standard changes, and why.

Scoped like every dashboard page: the figures count only the households of the caller's area, and a
unit outside it is a 404 (it does not exist for them).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from povmis.monitoring.focus import focus_of
from povmis.monitoring.standards import chosen_run, query, runs, standards_page


@login_required
@require_GET
def standards(request: HttpRequest) -> HttpResponse:
    focus = focus_of(request.user, request.GET.get("unit"))
    run = chosen_run(request.GET.get("year", ""), request.GET.get("standard", ""))
    context = standards_page(focus, run, request.GET.get("old", ""), request.GET.get("new", ""))
    choices = [(other, query(focus, other), other.pk == run.pk) for other in runs()]
    return render(request, "monitoring/standards.html", {**context, "focus": focus, "choices": choices})
