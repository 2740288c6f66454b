"""The households behind a figure: the same filters the figure counted, always inside the user's area."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import F, QuerySet

from povmis.accounts.scoping import scope
from povmis.core.deprivations import indicator_bit
from povmis.core.standard import load_standard
from povmis.monitoring.focus import Focus
from povmis.registry.models import HouseholdResult, ReviewCycle


@dataclass(frozen=True)
class Filters:
    """What a figure counted: classes, ethnic group, an indicator, a transition, a minimum of deprivations."""

    year: int
    classes: tuple[str, ...] = ()
    ethnic_minority: bool | None = None
    indicator: str | None = None
    transition: str | None = None
    deprivations_at_least: int | None = None

    @classmethod
    def from_query(cls, query: Any, year: int) -> Filters:
        em = query.get("em", "")
        at_least = query.get("deprivations_at_least", "")
        return cls(
            year=year,
            classes=tuple(c for c in query.getlist("class") if c),
            ethnic_minority={"1": True, "0": False}.get(em),
            indicator=query.get("indicator") or None,
            transition=query.get("transition") or None,
            deprivations_at_least=int(at_least) if at_least.isdigit() else None,
        )


def household_results(
    user: AbstractBaseUser | AnonymousUser, focus: Focus, filters: Filters
) -> QuerySet[HouseholdResult]:
    """The results of the latest run of the review, scoped to the user and narrowed to the focus."""
    found = scope(user, HouseholdResult.objects.filter(cycle__year=filters.year))
    if focus.path:
        found = found.filter(household__commune__path__startswith=focus.path)
    if filters.classes:
        found = found.filter(household_class__in=filters.classes)
    if filters.ethnic_minority is not None:
        found = found.filter(household__ethnic_minority=filters.ethnic_minority)
    if filters.indicator:
        found = _deprived_in(found, filters)
    if filters.transition:
        found = found.filter(transition=filters.transition)
    if filters.deprivations_at_least is not None:
        found = found.filter(deprivation_count__gte=filters.deprivations_at_least)
    return found.select_related("household", "household__commune").order_by("household__code")


def _deprived_in(found: QuerySet[HouseholdResult], filters: Filters) -> QuerySet[HouseholdResult]:
    """Those deprived in ``filters.indicator``: its bit in the mask, under the review's standard; none for
    an indicator the standard does not have."""
    cycle = ReviewCycle.objects.filter(year=filters.year).first()
    try:
        bit = indicator_bit(filters.indicator or "", load_standard(cycle.standard_id)) if cycle else None
    except KeyError:
        bit = None
    if bit is None:
        return found.none()
    return found.alias(in_indicator=F("deprived_mask").bitand(bit)).filter(in_indicator__gt=0)
