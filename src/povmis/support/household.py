"""The household page's Support section: what it lacks, is entitled to, received, still misses, and the gaps.

One household's few rows, read through the user's scope: the stored entitlements of the review, the
deliveries of the review's year, and the policies' ``addresses`` (which deprivation each answers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from povmis.accounts.scoping import AnyUser, scope
from povmis.registry.explanation import IndicatorState
from povmis.registry.models import Household, MemberSurvey
from povmis.support import queries
from povmis.support.entitlements import review_policies
from povmis.support.models import Delivery, Entitlement
from povmis.support.names import policy_names


@dataclass(frozen=True)
class HouseholdSupport:
    lacks: list[IndicatorState]  # the indicators the household is deprived in
    entitled: list[dict[str, Any]]
    received: list[Delivery]
    missing: list[dict[str, Any]]  # entitled, and nothing of that policy delivered to them in the year
    unaddressed: list[IndicatorState] = field(default_factory=list)  # lacks no policy addresses: a gap to report upward


def household_support(user: AnyUser, household: Household, year: int, lacks: list[IndicatorState]) -> HouseholdSupport:
    names = policy_names()
    stored = list(queries.entitlements(user, year, household.code))
    received = list(queries.household_deliveries(user, household.code).order_by("delivered_on", "pk"))
    in_year = [d for d in received if dt.date(year, 1, 1) <= d.delivered_on <= dt.date(year, 12, 31)]
    # A card or a course listed by national ID names its member by that number: the code from the survey.
    codes = dict(
        scope(user, MemberSurvey.objects.filter(survey__household=household, survey__cycle__year=year))
        .exclude(national_id="")
        .values_list("national_id", "member_code")
    )
    got = {(d.policy, d.member_code or codes.get(d.national_id, "")) for d in in_year}
    entitled = [_entry(row, names) for row in stored]
    missing = [entry for entry in entitled if (entry["policy"], entry["member"]) not in got]
    addressed = {indicator for policy in review_policies() for indicator in policy.addresses}
    return HouseholdSupport(lacks, entitled, received, missing, [i for i in lacks if i.id not in addressed])


def _entry(row: Entitlement, names: dict[str, str]) -> dict[str, Any]:
    return {"policy": row.policy, "name": names.get(row.policy, row.policy), "member": row.member_code,
            "rule": row.rule, "amount_vnd": row.amount_vnd, "share": row.share}  # fmt: skip
