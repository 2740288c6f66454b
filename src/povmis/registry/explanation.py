"""One household explained: its answers in a review, its members, its class indicator by indicator, its history.

The household page and the API's household detail both render :func:`explain_household`, so they
cannot disagree. The per-indicator view is read back from the stored result (which indicators were
deprived) and the standard that produced it (labels, legal references), so it is the explanation of
the class the household was actually given, not a fresh computation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from povmis.accounts.scoping import AnyUser, national_id_for
from povmis.core.deprivations import deprived_ids
from povmis.core.standard import load_standard
from povmis.registry import queries
from povmis.registry.models import Household, HouseholdResult, HouseholdSurvey
from povmis.registry.reads import log_household_read


@dataclass(frozen=True)
class IndicatorState:
    id: str
    dimension: str
    label_vi: str
    label_en: str
    deprived: bool
    # What the deprivation means, given only when the household is deprived in it.
    reason_vi: str | None
    reason_en: str | None
    legal_reference: str


@dataclass(frozen=True)
class Classification:
    household_class: str
    class_rule: str
    deprivation_count: int
    reason_vi: str
    reason_en: str
    transition: str
    standard_id: str
    standard_hash: str
    classified_at: dt.datetime
    indicators: list[IndicatorState]


@dataclass(frozen=True)
class Member:
    member_code: str
    national_id: str
    answers: dict[str, Any]


@dataclass(frozen=True)
class YearEntry:
    """The household in one review: answered or not, and the class it was given (None: not classified)."""

    year: int
    has_answers: bool
    household_class: str | None
    deprivation_count: int | None
    transition: str | None


@dataclass(frozen=True)
class HouseholdExplanation:
    household: Household
    year: int | None
    answers: dict[str, Any] | None
    # When the answers were last imported or corrected: later than the classification, the class is stale.
    answered_at: dt.datetime | None
    members: list[Member]
    classification: Classification | None
    history: list[YearEntry]


def explain_household(user: AnyUser, code: str, year: int | None = None) -> HouseholdExplanation:
    """The household ``code`` as of review ``year`` (default: the latest review with its answers or class).

    Raises ``Household.DoesNotExist`` outside the user's area and ``ReviewCycle.DoesNotExist`` for
    an unknown year.
    """
    household = queries.household(user, code)
    history = _history(household)
    if year is not None:
        queries.cycle(user, year)
    elif history:
        year = history[-1].year
    survey = (
        HouseholdSurvey.objects.filter(household=household, cycle__year=year).prefetch_related("members").first()
        if year is not None
        else None
    )
    result = (
        HouseholdResult.objects.filter(household=household, cycle__year=year).select_related("run").first()
        if year is not None
        else None
    )
    # Every route that shows a household's personal data comes through here: the read is logged once.
    log_household_read(user, household, year)
    return HouseholdExplanation(
        household=household,
        year=year,
        answers=survey.answer_dict if survey else None,
        answered_at=survey.updated_at if survey else None,
        members=[
            Member(m.member_code, national_id_for(user, m.national_id), m.answer_dict) for m in survey.members.all()
        ]
        if survey
        else [],
        classification=_classification(result) if result else None,
        history=history,
    )


def _classification(result: HouseholdResult) -> Classification:
    standard = load_standard(result.run.standard_id)
    deprived = set(deprived_ids(result.deprived_mask, standard))
    indicators = [
        IndicatorState(
            id=ind.id,
            dimension=ind.dimension,
            label_vi=ind.label["vi"],
            label_en=ind.label["en"],
            deprived=ind.id in deprived,
            reason_vi=ind.reason["vi"] if ind.id in deprived else None,
            reason_en=ind.reason["en"] if ind.id in deprived else None,
            legal_reference=ind.legal_reference,
        )
        for ind in standard.indicators
    ]
    return Classification(
        household_class=queries.shown_class(result.household_class) or queries.UNCLASSIFIED,
        class_rule=result.class_rule,
        deprivation_count=result.deprivation_count,
        reason_vi=result.reason_vi,
        reason_en=result.reason_en,
        transition=result.transition,
        standard_id=result.run.standard_id,
        standard_hash=result.run.standard_hash,
        classified_at=result.classified_at or result.run.ran_at,
        indicators=indicators,
    )


def _history(household: Household) -> list[YearEntry]:
    answered = set(HouseholdSurvey.objects.filter(household=household).values_list("cycle__year", flat=True))
    classified = {
        year: (household_class, count, transition)
        for year, household_class, count, transition in HouseholdResult.objects.filter(household=household).values_list(
            "cycle__year", "household_class", "deprivation_count", "transition"
        )
    }
    years = sorted(answered | set(classified))
    return [
        YearEntry(
            year=year,
            has_answers=year in answered,
            household_class=queries.shown_class(classified[year][0]) if year in classified else None,
            deprivation_count=classified[year][1] if year in classified else None,
            transition=classified[year][2] if year in classified else None,
        )
        for year in years
    ]
