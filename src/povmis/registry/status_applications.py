"""Applications for a status: an agricultural household of average living standard (Mẫu 01's third request)
and a low-income worker (Decree 30/2025, a member's own application).

They go through the same steps as any application (filed, surveyed, village meeting, posting, decision
within the deadline), but step 2 records the facts the status's rule reads that the survey does not ask
(the 12 months' income without state allowances; the worker's own income) and evaluates the rule over
that one row with the same core function as the review. A recognition gives the status, never a class.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import polars as pl
from django.utils.translation import gettext_lazy as _

from povmis.core.statuses import StatusRule, evaluate, rules_in_force
from povmis.errors import ServiceError
from povmis.registry.models import Application, HouseholdSurvey, Status
from povmis.registry.statuses import review_inputs

Request = Application.Request
STATUS_OF_REQUEST = {
    Request.AVERAGE_LIVING.value: Status.Kind.AGRICULTURAL_AVERAGE.value,
    Request.LOW_INCOME_WORKER.value: Status.Kind.LOW_INCOME_WORKER.value,
}
# The facts recorded at step 2, by request: their kind ("bool" or "vnd").
FACTS = {
    Request.AVERAGE_LIVING.value: {"agricultural": "bool", "income_12_months_vnd": "vnd"},
    Request.LOW_INCOME_WORKER.value: {"monthly_income_vnd": "vnd"},
}


def is_status_request(request: str) -> bool:
    return request in STATUS_OF_REQUEST


def rule_for(application: Application) -> StatusRule:
    status = STATUS_OF_REQUEST[application.request]
    found = [rule for rule in rules_in_force(application.filed_on) if rule.status == status]
    if not found:
        raise ServiceError(
            _("no rule for %(status)s is in force on %(day)s (statuses/)"), status=status, day=application.filed_on
        )
    return found[0]


def checked_facts(request: str, facts: dict[str, Any]) -> dict[str, Any]:
    """The facts as their types; a missing or unreadable one is an error naming it and how to write it."""
    typed: dict[str, Any] = {}
    for name, kind in FACTS[request].items():
        value = facts.get(name)
        if kind == "bool" and value in (True, False, "true", "false", "1", "0", 1, 0):
            typed[name] = value in (True, "true", "1", 1)
        elif kind == "vnd" and str(value).strip().isdigit():
            typed[name] = int(str(value).strip())
        else:
            how = _("yes or no") if kind == "bool" else _("a whole number of VND, without separators")
            raise ServiceError(_("step 2 needs %(fact)s: write %(how)s"), fact=name, how=how)
    return typed


def assess_status(application: Application, survey: HouseholdSurvey, facts: dict[str, Any]) -> None:
    """Step 2 for a status: the rule in force on the filing day, over the survey's row and the recorded facts."""
    rule, typed = rule_for(application), checked_facts(application.request, facts)
    households, members = review_inputs(survey.cycle, [rule], [application.household.code])
    if rule.level == "member":
        members = members.filter(pl.col("member_id") == application.member_code)
        if members.is_empty():
            raise ServiceError(
                _("member %(member)s is not in household %(code)s's survey"),
                member=application.member_code, code=application.household.code,
            )  # fmt: skip
        members = members.with_columns(pl.lit(value).alias(name) for name, value in typed.items())
    else:
        households = households.with_columns(pl.lit(value).alias(name) for name, value in typed.items())
    row = evaluate(households, members, [rule], application.filed_on).row(0, named=True)
    application.assessed_facts = json.dumps(
        {"rule": rule.id, "rule_hash": rule.content_hash, "facts": typed, "holds": row["holds"],
         "income_per_person_month": row["income_per_person_month"]},
        sort_keys=True,
    )  # fmt: skip


def assessment(application: Application) -> dict[str, Any]:
    """What step 2 found: the rule, the facts, whether the status holds and the income it compared."""
    found: dict[str, Any] = json.loads(application.assessed_facts) if application.assessed_facts else {}
    return found


def recognised_status(application: Application) -> str:
    if assessment(application).get("holds") is not True:
        raise ServiceError(_("the recorded facts do not meet the status's rule: refuse with reasons"))
    return STATUS_OF_REQUEST[application.request]


def record_status(application: Application, decided_on: dt.date) -> Status:
    """The recognised status, held from the decision's date in the review whose survey was assessed."""
    found = assessment(application)
    status, _created = Status.objects.update_or_create(
        cycle=application.assessed_cycle, household=application.household,
        member_code=application.member_code, status=application.decided_status,
        defaults={"rule": found["rule"], "rule_hash": found["rule_hash"],
                  "income_per_person_month": found["income_per_person_month"],
                  "source": Status.Source.APPLICATION, "application": application, "held_from": decided_on},
    )  # fmt: skip
    return status
