"""The demo's statuses: a few agricultural households of average living standard and low-income workers in
the demo commune, each recognised on its own application as the commune would, one of each refused.

Through the same services as the pages (registry.applications), acting as the demo's commune cadre. The
facts of step 2 (the 12 months' income without allowances, a worker's own income) are what the survey
does not ask; the demo gives them inside the band of either area, so the rule holds where it should.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from povmis.registry import applications
from povmis.registry.models import Application, Household, MemberSurvey

SHOWN = 3  # recognitions of each status: enough for the commune's list and its counts
IN_BOTH_BANDS = 2_200_000  # VND a person a month: within (1.5 M, 2.25 M] rural and (2 M, 3 M] urban
WORKER_INCOME = 2_000_000  # VND a month: at most 2.25 M rural and 3 M urban
WORKING = ("stable", "unstable")


def _through(
    application: Application, cadre: User, facts: dict[str, str], decided_on: dt.date, *, recognise: bool
) -> None:
    applications.assess(application, user=cadre, facts=facts)
    applications.record_step(application, user=cadre, step=Application.Step.VILLAGE_MEETING)
    applications.record_step(application, user=cadre, step=Application.Step.POSTED)
    reasons = "" if recognise else "Thu nhập vượt mức quy định."
    applications.decide(application, user=cadre, recognise=recognise, decided_on=decided_on, reasons=reasons)


def _households(commune_id: int, year: int) -> list[Household]:
    """The commune's households surveyed in ``year`` with no application waiting (one commune: a few hundred)."""
    waiting = Application.objects.exclude(step__in=(Application.Step.RECOGNISED, Application.Step.REFUSED))
    surveyed = Household.objects.filter(commune_id=commune_id, surveys__cycle__year=year)
    return list(surveyed.exclude(pk__in=waiting.values("household_id")).order_by("-code")[: 4 * SHOWN])


def _workers(households: list[Household], year: int) -> list[tuple[Household, str]]:
    members = MemberSurvey.objects.filter(survey__household__in=households, survey__cycle__year=year)
    found = []
    for member in members.select_related("survey__household").order_by("survey__household__code", "member_code"):
        answers = member.answer_dict
        if (answers.get("age") or 0) >= 15 and answers.get("labour_status") in WORKING:  # working age
            found.append((member.survey.household, member.member_code))
    return found[: SHOWN + 1]


def build_statuses(year: int, username: str = "commune") -> int:
    """File and decide the demo commune's status applications of ``year``; answer how many were filed."""
    cadre = User.objects.select_related("role__unit").get(username=username)
    if cadre.role.unit is None:
        raise ValueError("the demo's commune cadre has no commune")
    households = _households(cadre.role.unit.pk, year)
    filed = 0
    for number, household in enumerate(households[: SHOWN + 1]):
        persons = household.surveys.get(cycle__year=year).members.count()
        per_month = IN_BOTH_BANDS if number < SHOWN else 4_000_000  # the last one earns too much: refused
        application = applications.file_application(
            household, user=cadre, request="average_living", channel="in_person", filed_on=dt.date(year, 5, 2 + number)
        )
        facts = {"agricultural": "1", "income_12_months_vnd": str(per_month * 12 * max(persons, 1))}
        _through(application, cadre, facts, dt.date(year, 5, 20 + number), recognise=number < SHOWN)
        filed += 1
    for number, (household, member_code) in enumerate(_workers(households, year)):
        income = WORKER_INCOME if number < SHOWN else 5_000_000
        application = applications.file_application(
            household, user=cadre, request="low_income_worker", channel="online", filed_on=dt.date(year, 6, 2 + number),
            member_code=member_code,
        )  # fmt: skip
        _through(application, cadre, {"monthly_income_vnd": str(income)}, dt.date(year, 6, 20 + number),
                 recognise=number < SHOWN)  # fmt: skip
        filed += 1
    return filed
