"""The saved what-if scenarios' pages: save from the what-if page, list, re-open, compare two, delete one's own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from povmis import errors
from povmis.core.policies.policy import load_policies
from povmis.errors import ServiceError
from povmis.monitoring.models import SavedScenario
from povmis.monitoring.scenarios import (
    compared,
    delete_scenario,
    save_scenario,
    scenario_for,
    scenario_json,
    visible_scenarios,
)


@login_required
@require_GET
def scenarios(request: HttpRequest) -> HttpResponse:
    rows = [
        {**scenario_json(scenario), "mine": scenario.owner_id == request.user.pk,
         "open": reverse("monitoring:whatif") + "?" + scenario.query}
        for scenario in visible_scenarios(request.user)
    ]  # fmt: skip
    return render(request, "monitoring/scenarios.html", {"scenarios": rows})


@login_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    try:
        save_scenario(request.user, request.POST.get("name", ""), request.POST)  # type: ignore[arg-type]  # behind login_required: a signed-in User
    except ServiceError as error:
        return render(request, "monitoring/scenarios.html", {"scenarios": [], "message": str(error)}, status=400)
    return redirect("monitoring:scenarios")


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        delete_scenario(request.user, pk)
    except SavedScenario.DoesNotExist as error:
        raise Http404("no such scenario") from error
    except errors.PermissionDenied as error:
        raise PermissionDenied(str(error)) from error
    return redirect("monitoring:scenarios")


@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    """Two scenarios side by side: households compared, those that change class, and the cost by policy."""
    chosen = request.GET.getlist("scenario")
    if len(chosen) != 2 or not all(pk.isdigit() for pk in chosen):
        raise Http404("choose two scenarios")
    try:
        pair = [compared(request.user, scenario_for(request.user, int(pk))) for pk in chosen]
    except SavedScenario.DoesNotExist as error:
        raise Http404("no such scenario") from error
    policies = sorted({policy for side in pair for policy in (side.get("cost") or {}) if policy != "total"})
    names = {policy.id: policy.name for policy in load_policies()}
    costs: list[dict[str, Any]] = [
        {"name": names.get(policy, {"vi": policy, "en": policy}),
         "amounts": [(side.get("cost") or {}).get(policy, 0) for side in pair]}
        for policy in policies
    ]  # fmt: skip
    totals = [(side.get("cost") or {}).get("total", 0) for side in pair]
    return render(request, "monitoring/scenario_compare.html", {"pair": pair, "costs": costs, "totals": totals})
