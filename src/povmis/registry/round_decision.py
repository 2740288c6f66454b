"""The annual review's recognition at the commune: the decision (Mẫu 02) and the certificates (Mẫu 03).

The decision lists the commune's poor, near-poor, escaped-poor and escaped-near-poor households of the
review; "escaped" is the transition the classification stored (core.transitions), never worked out
again here. Decisions and certificates are numbered in the commune's year together with the monthly
review's (registry.applications), so no two papers of a commune carry the same number.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from povmis.accounts.scoping import AnyUser
from povmis.core import transitions
from povmis.errors import ServiceError
from povmis.registry import queries
from povmis.registry.meetings import locked_review, may_record
from povmis.registry.models import Application, CommuneReview, HouseholdResult, RoundCertificate, RoundDecision, Stage
from povmis.registry.models.cycles import STAGE_ORDER
from povmis.units.models import AdminUnit

ON_CERTIFICATE = ("poor", "near_poor")
# Mẫu 02's four lists, each from the stored class or transition.
LISTS: dict[str, dict[str, object]] = {
    "poor": {"household_class": "poor"},
    "near_poor": {"household_class": "near_poor"},
    "escaped_poor": {"transition__in": (transitions.ESCAPED_POVERTY, transitions.POOR_TO_NEAR_POOR)},
    "escaped_near_poor": {"transition": transitions.ESCAPED_NEAR_POVERTY},
}
ESCAPED_LISTS = ("escaped_poor", "escaped_near_poor")


def round_list(user: AnyUser, year: int, commune: str, name: str) -> QuerySet[HouseholdResult]:
    """One of Mẫu 02's lists of the commune's review, within the user's area (pages, XLSX and API)."""
    return queries.results(user, year, commune=commune).filter(**LISTS[name])


def next_numbers(commune: AdminUnit, year: int) -> tuple[int, int]:
    """The next decision and certificate numbers of the commune's year, across both reviews."""
    monthly = Application.objects.filter(household__commune=commune, decided_on__year=year).aggregate(
        decision=Max("decision_number"), certificate=Max("certificate_number")
    )
    annual = RoundDecision.objects.filter(review__commune=commune, decided_on__year=year)
    decision = max(monthly["decision"] or 0, annual.aggregate(n=Max("number"))["n"] or 0)
    certificate = RoundCertificate.objects.filter(decision__in=annual).aggregate(n=Max("number"))["n"] or 0
    return decision + 1, max(monthly["certificate"] or 0, certificate) + 1


def issue_round_decision(review: CommuneReview, *, user: User, decided_on: dt.date) -> RoundDecision:
    """Number the commune's decision and one certificate per poor or near-poor household, once approved."""
    may_record(user, review)
    with transaction.atomic():
        review = locked_review(review)
        # Numbers follow one another in the commune: one decision at a time per commune.
        AdminUnit.objects.select_for_update().get(pk=review.commune_id)
        if STAGE_ORDER.index(review.stage) < STAGE_ORDER.index(Stage.COMMUNE_APPROVED):
            raise ServiceError(_("the commune's decision follows its approval of the list"))
        if RoundDecision.objects.filter(review=review).exists():
            raise ServiceError(_("the commune's decision of this review is already issued"))
        if decided_on > timezone.localdate() or decided_on.year != review.cycle.year:
            raise ServiceError(_("the decision is dated in the review's year, not after today"))
        number, certificate = next_numbers(review.commune, decided_on.year)
        decision = RoundDecision.objects.create(review=review, number=number, decided_on=decided_on, decided_by=user)
        listed = (
            HouseholdResult.objects.filter(
                cycle=review.cycle_id, household__commune=review.commune_id, household_class__in=ON_CERTIFICATE
            )
            .order_by("household__code")
            .values_list("household_id", "household_class")
        )
        RoundCertificate.objects.bulk_create(
            RoundCertificate(decision=decision, household_id=household, number=certificate + i, household_class=cls)
            for i, (household, cls) in enumerate(listed)
        )
    return decision
