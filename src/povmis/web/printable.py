"""The printable lists of the procedure: the village meeting's list and the commune's public notice.

Both list the households of one commune in one review with their class and the reasons for it; the
notice keeps only the poor and near-poor households, as posted at the commune office and village halls.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from povmis.registry import queries
from povmis.registry.models import AdminUnit, HouseholdResult, Level, ReviewCycle

NOTICE_CLASSES = ("poor", "near_poor")


def _commune(request: HttpRequest, year: int, code: str) -> tuple[ReviewCycle, AdminUnit]:
    try:
        cycle = queries.cycle(request.user, year)
        commune = queries.unit(request.user, code)
    except (ReviewCycle.DoesNotExist, AdminUnit.DoesNotExist):
        raise Http404("no such commune") from None
    if commune.level != Level.COMMUNE:
        raise Http404("not a commune")
    return cycle, commune


def _by_village(results: list[HouseholdResult]) -> list[tuple[str, list[HouseholdResult]]]:
    """The results grouped by village in the villages' order (by code), households without one last."""

    def place(result: HouseholdResult) -> tuple[bool, str]:
        village = result.household.village
        return (village is None, village.code if village else "")

    ordered = sorted(results, key=lambda r: (place(r), r.household.code))
    groups = [list(rows) for _place, rows in groupby(ordered, key=place)]
    return [(rows[0].household.village.name if rows[0].household.village else "", rows) for rows in groups]


def _context(cycle: ReviewCycle, commune: AdminUnit, **extra: Any) -> dict[str, Any]:
    return {"cycle": cycle, "commune": commune, "printed_on": timezone.localdate(), **extra}


@login_required
def village_meeting(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    cycle, unit = _commune(request, year, commune)
    results = list(queries.results(request.user, year, commune=commune))
    villages = _by_village(results)
    return render(request, "web/print_village_meeting.html", _context(cycle, unit, villages=villages))


@login_required
def public_notice(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    cycle, unit = _commune(request, year, commune)
    lists = [(name, _by_village(list(queries.results(request.user, year, commune=commune, household_class=name))))
             for name in NOTICE_CLASSES]  # fmt: skip
    return render(request, "web/print_public_notice.html", _context(cycle, unit, lists=lists))
