"""The demo's regular review: a few applications of the demo commune in the open review's year, decided as the
commune would, and one left open for the cadre to take to its decision and print the certificate.

The households are those whose class moved between the last two reviews: their newer answers stand for the
survey of step 2, so the evaluator gives the class the decision recognises. Through the same services as
the pages (registry.applications), acting as the demo's commune cadre.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from povmis.registry import applications
from povmis.registry.models import Application, Household, HouseholdResult

# How far onto the list a class is: a move up is an application to be reviewed, a move down one to escape.
RANK = {"poor": 2, "near_poor": 1}
MONTHS = (2, 3, 4, 5, 6)  # the months of the demo's decisions, reported February to July
SHOWN = 4  # recognitions each way: enough to show movement on the monthly report


def _moved(commune_id: int, year: int) -> tuple[list[Household], list[Household], list[Household]]:
    """The commune's households that came onto the list, left it, and stayed on it, between year-1 and year."""
    classes = HouseholdResult.objects.filter(household__commune_id=commune_id, cycle__year__in=(year - 1, year))
    by_household: dict[int, dict[int, str]] = {}
    for household_id, cycle_year, household_class in classes.values_list("household_id", "cycle__year",
                                                                          "household_class"):  # fmt: skip
        by_household.setdefault(household_id, {})[cycle_year] = household_class
    came, left, stayed = [], [], []
    for household_id, seen in sorted(by_household.items()):  # one commune: a few hundred rows
        before, after = seen.get(year - 1), seen.get(year)
        if before is None or not after:  # new in the review, or unclassified: no list to move on
            continue
        if RANK.get(after, 0) > RANK.get(before, 0):
            came.append(household_id)
        elif RANK.get(after, 0) < RANK.get(before, 0):
            left.append(household_id)
        elif before == after == "poor":
            stayed.append(household_id)
    households = Household.objects.in_bulk(came[:SHOWN] + left[:SHOWN] + stayed[:2])
    return ([households[pk] for pk in came[:SHOWN]], [households[pk] for pk in left[:SHOWN]],
            [households[pk] for pk in stayed[:2]])  # fmt: skip


def _through(application: Application, cadre: User) -> None:
    applications.assess(application, user=cadre)
    applications.record_step(application, user=cadre, step=Application.Step.VILLAGE_MEETING)
    applications.record_step(application, user=cadre, step=Application.Step.POSTED)


def build_applications(year: int, username: str = "commune") -> int:
    """File and decide the demo commune's applications of ``year`` as ``username``; answer how many were filed."""
    cadre = User.objects.select_related("role__unit").get(username=username)
    commune = cadre.role.unit
    if commune is None:
        raise ValueError("the demo's commune cadre has no commune")
    came, left, stayed = _moved(commune.pk, year)
    filed = 0
    cases = [(h, "poor_or_near_poor") for h in came] + [(h, "escape") for h in left]
    for number, (household, request) in enumerate(cases):
        month = MONTHS[number % len(MONTHS)]
        application = applications.file_application(
            household, user=cadre, request=request, channel=("in_person", "post", "online")[number % 3],
            filed_on=dt.date(year, month, 3 + number % 7),
        )  # fmt: skip
        _through(application, cadre)
        applications.decide(application, user=cadre, recognise=True, decided_on=dt.date(year, month, 20 + number % 8))
        filed += 1
    if stayed:  # a household still poor by its answers asks to be recognised as having escaped: refused
        application = applications.file_application(
            stayed[0], user=cadre, request="escape", channel="in_person", filed_on=dt.date(year, 4, 8)
        )
        applications.assess(application, user=cadre)
        applications.decide(application, user=cadre, recognise=False, decided_on=dt.date(year, 4, 24),
                            reasons="Kết quả rà soát cho thấy hộ vẫn thuộc diện hộ nghèo theo chuẩn nghèo "
                                    "hiện hành.")  # fmt: skip
        filed += 1
    used = [household.pk for household, _request in cases] + [household.pk for household in stayed[:1]]
    waiting = (
        Household.objects.filter(commune=commune, surveys__cycle__year=year).exclude(pk__in=used).order_by("code")
    ).first()
    if waiting is not None:  # for the cadre: filed today, to take to its decision in the browser
        applications.file_application(
            waiting, user=cadre, request="poor_or_near_poor", channel="online", filed_on=timezone.localdate()
        )
        filed += 1
    return filed
