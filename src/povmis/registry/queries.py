"""Reading the registry for one user: the lists and counts that pages, API and exports all render.

Every function takes the user and filters through :func:`povmis.accounts.scoping.scope`, so no
rendering can forget to. Something outside the user's area raises the model's ``DoesNotExist``, the
same as something that does not exist at all: a caller answers "not found", never "forbidden", so
whether a household of another commune exists does not leak.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from povmis.accounts.scoping import AnyUser, scope
from povmis.errors import ServiceError
from povmis.registry.models import (
    Application,
    ChangeRequest,
    CommuneReview,
    Household,
    HouseholdResult,
    HouseholdSurvey,
    ImportBatch,
    ReviewCycle,
)
from povmis.registry.search import Folded, fold
from povmis.units.models import AdminUnit

# A stored result with an empty class: the answers were missing or invalid.
UNCLASSIFIED = "unclassified"


def _stored_class(household_class: str) -> str:
    return "" if household_class == UNCLASSIFIED else household_class


def shown_class(stored: str | None) -> str | None:
    """The class as shown and filtered on: ``unclassified`` for a result without one."""
    if stored is None:
        return None
    return stored or UNCLASSIFIED


def units(user: AnyUser, *, level: str | None = None, parent: str | None = None) -> QuerySet[AdminUnit]:
    found = scope(user, AdminUnit.objects.all())
    if level:
        found = found.filter(level=level)
    if parent:
        found = found.filter(parent__code=parent)
    return found.annotate(parent_code=F("parent__code")).order_by("path")


def unit(user: AnyUser, code: str) -> AdminUnit:
    return units(user).get(code=code)


def cycles(user: AnyUser) -> QuerySet[ReviewCycle]:
    return scope(user, ReviewCycle.objects.all()).order_by("-year")


def cycle(user: AnyUser, year: int) -> ReviewCycle:
    return cycles(user).get(year=year)


def commune_reviews(user: AnyUser, year: int) -> QuerySet[CommuneReview]:
    """Where each commune of the user's area stands in the ``year`` review."""
    found = cycle(user, year)
    return (
        scope(user, CommuneReview.objects.filter(cycle=found))
        .select_related("commune__parent")
        .order_by("commune__path")
    )


def commune_review(user: AnyUser, year: int, commune: str) -> CommuneReview:
    return commune_reviews(user, year).get(commune__code=commune)


def households(
    user: AnyUser,
    *,
    commune: str | None = None,
    village: str | None = None,
    year: int | None = None,
    household_class: str | None = None,
    search: str | None = None,
) -> QuerySet[Household]:
    """The user's households, each with its commune, village and (given a year) its class that year.

    ``year`` keeps the households with answers in that review; ``search`` matches the start of the
    household code or any part of the head's name, ignoring diacritics and case.
    """
    found = scope(user, Household.objects.all())
    if commune:
        found = found.filter(commune__code=commune)
    if village:
        found = found.filter(village__code=village)
    if household_class and year is None:
        raise ServiceError(_("give the review year to filter by class"))
    if year is not None:
        result = HouseholdResult.objects.filter(household=OuterRef("pk"), cycle__year=year)
        found = found.filter(surveys__cycle__year=year).annotate(
            stored_class=Subquery(result.values("household_class")[:1])
        )
        if household_class:
            found = found.filter(stored_class=_stored_class(household_class))
    if search:
        # The name ignoring diacritics and case (registry/search.py): "nguyen" finds "Nguyễn".
        found = found.annotate(folded_name=Folded("head_name")).filter(
            Q(code__istartswith=search) | Q(folded_name__contains=fold(unicodedata.normalize("NFC", search)))
        )
    return found.annotate(
        commune_code=F("commune__code"),
        commune_name=F("commune__name"),
        village_code=F("village__code"),
        village_name=F("village__name"),
    ).order_by("code")


def household(user: AnyUser, code: str) -> Household:
    return scope(user, Household.objects.all()).select_related("commune", "village").get(code=code)


def results(
    user: AnyUser,
    year: int,
    *,
    commune: str | None = None,
    household_class: str | None = None,
    search: str | None = None,
) -> QuerySet[HouseholdResult]:
    """The classified households of one review, with their class, deprivations and reasons."""
    found = scope(user, HouseholdResult.objects.filter(cycle=cycle(user, year)))
    if commune:
        found = found.filter(household__commune__code=commune)
    if household_class:
        found = found.filter(household_class=_stored_class(household_class))
    if search:
        found = found.filter(Q(household__code__istartswith=search) | Q(household__head_name__icontains=search))
    return found.select_related("household__commune", "household__village", "run").order_by("household__code")


@dataclass(frozen=True)
class SummaryCount:
    """How many households of one commune fell in one class; ``results`` with the same filters lists them."""

    commune_code: str
    commune_name: str
    household_class: str
    households: int


def summary(user: AnyUser, year: int) -> list[SummaryCount]:
    rows = (
        results(user, year)
        .order_by()
        .values("household__commune__code", "household__commune__name", "household__commune__path", "household_class")
        .annotate(households=Count("pk"))
        .order_by("household__commune__path", "household_class")
    )
    return [
        SummaryCount(
            commune_code=row["household__commune__code"],
            commune_name=row["household__commune__name"],
            household_class=row["household_class"] or UNCLASSIFIED,
            households=row["households"],
        )
        for row in rows
    ]


def answered(user: AnyUser, year: int) -> dict[str, int]:
    """How many households of each commune have answers in the ``year`` review, classified or not yet."""
    rows = (
        scope(user, HouseholdSurvey.objects.filter(cycle=cycle(user, year)))
        .order_by()
        .values("household__commune__code")
        .annotate(households=Count("pk"))
    )
    return {row["household__commune__code"]: row["households"] for row in rows}


def imports(user: AnyUser, year: int | None = None) -> QuerySet[ImportBatch]:
    found = scope(user, ImportBatch.objects.all())
    if year is not None:
        found = found.filter(cycle__year=year)
    return found.select_related("cycle", "committed_by").order_by("-committed_at", "-pk")


def change_requests(
    user: AnyUser, *, status: str | None = None, household_code: str | None = None, year: int | None = None
) -> QuerySet[ChangeRequest]:
    found = scope(user, ChangeRequest.objects.all())
    if status:
        found = found.filter(status=status)
    if household_code:
        found = found.filter(household__code=household_code)
    if year is not None:
        found = found.filter(cycle__year=year)
    return found.select_related("household", "cycle", "requested_by", "reviewed_by").order_by("-requested_at", "-pk")


def change_request(user: AnyUser, pk: int) -> ChangeRequest:
    return change_requests(user).get(pk=pk)


def applications(user: AnyUser) -> QuerySet[Application]:
    """The regular review's applications of the user's households, newest first."""
    found = scope(user, Application.objects.all())
    return found.select_related("household__commune", "household__village").order_by("-filed_on", "-pk")


def application(user: AnyUser, pk: int) -> Application:
    return applications(user).get(pk=pk)
