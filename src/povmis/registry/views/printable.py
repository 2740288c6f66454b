"""The printable lists of the procedure: the village meeting's list and the commune's public notice.

Both list the households of one commune in one review with their class and deprivation score; the
notice keeps only the poor and near-poor households, as posted at the commune office and village halls.
Neither prints an income: the village meeting judges the class and the deprivations it names, and
an exact income read out in a meeting or pinned on a wall is more than the procedure needs. Each
printing is logged as a read of the commune's personal data.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from povmis.core.deprivations import deprived_ids
from povmis.core.standard import load_standard
from povmis.registry import queries
from povmis.registry.models import HouseholdResult, PersonalDataRead, ReviewCycle
from povmis.registry.reads import log_list_read
from povmis.units.models import AdminUnit, Level

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


def _name_deprivations(results: list[HouseholdResult], cycle: ReviewCycle) -> None:
    """Give each result the names of the indicators it is deprived in (``lacks_vi``, ``lacks_en``)."""
    standard = load_standard(cycle.standard_id)
    labels = {indicator.id: indicator.label for indicator in standard.indicators}
    for result in results:
        deprived = [labels[i] for i in deprived_ids(result.deprived_mask, standard)]
        # Attributes for the template only; the stored result is not changed.
        result.lacks_vi = ", ".join(label["vi"] for label in deprived)  # type: ignore[attr-defined]  # as said above
        result.lacks_en = ", ".join(label["en"] for label in deprived)  # type: ignore[attr-defined]  # as said above


def _context(cycle: ReviewCycle, commune: AdminUnit, **extra: Any) -> dict[str, Any]:
    return {"cycle": cycle, "commune": commune, "printed_on": timezone.localdate(), **extra}


@login_required
def village_meeting(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    cycle, unit = _commune(request, year, commune)
    results = list(queries.results(request.user, year, commune=commune))
    _name_deprivations(results, cycle)
    villages = _by_village(results)
    log_list_read(request.user, PersonalDataRead.What.VILLAGE_MEETING, unit, year)
    return render(request, "web/print_village_meeting.html", _context(cycle, unit, villages=villages))


@login_required
def public_notice(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    cycle, unit = _commune(request, year, commune)
    lists = [(name, _by_village(list(queries.results(request.user, year, commune=commune, household_class=name))))
             for name in NOTICE_CLASSES]  # fmt: skip
    log_list_read(request.user, PersonalDataRead.What.PUBLIC_NOTICE, unit, year)
    return render(request, "web/print_public_notice.html", _context(cycle, unit, lists=lists))
