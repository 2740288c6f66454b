"""Households: the scoped list and search, one household explained, and proposing corrections to it."""

import dataclasses
import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from povmis.api.pagination import Pages
from povmis.api.schemas import Detail
from povmis.api.security import caller
from povmis.registry import queries
from povmis.registry.api.schemas import ChangeIn, ChangeOut, HouseholdItem
from povmis.registry.explanation import HouseholdExplanation, explain_household
from povmis.registry.models import ChangeRequest, Household
from povmis.registry.services import propose_change

router = Router(tags=["households"])


class HouseholdFilters(Schema):
    commune: str | None = None
    village: str | None = None
    cycle: int | None = None
    # A class id of the review's standard (poor, near_poor, ...) or "unclassified"; needs ``cycle``.
    household_class: str | None = Field(None, alias="class")
    q: str | None = None


class Indicator(Schema):
    id: str
    dimension: str
    label_vi: str
    label_en: str
    deprived: bool
    reason_vi: str | None
    reason_en: str | None
    legal_reference: str


class Classification(Schema):
    household_class: str
    class_rule: str
    deprivation_count: int
    reason_vi: str
    reason_en: str
    transition: str
    standard_id: str
    standard_hash: str
    classified_at: dt.datetime
    indicators: list[Indicator]


class Member(Schema):
    member_code: str
    national_id: str
    answers: dict[str, Any]


class YearEntry(Schema):
    year: int
    has_answers: bool
    household_class: str | None
    deprivation_count: int | None
    transition: str | None


class HouseholdDetail(Schema):
    code: str
    head_name: str
    commune_code: str
    commune_name: str
    village_code: str | None
    village_name: str | None
    year: int | None
    answers: dict[str, Any] | None
    members: list[Member]
    classification: Classification | None
    history: list[YearEntry]


@router.get("/households", response=list[HouseholdItem])
@paginate(Pages)
def list_households(request: HttpRequest, filters: Query[HouseholdFilters]) -> QuerySet[Household]:
    """Households of your area; ``q`` matches the start of the code or part of the head's name."""
    return queries.households(
        caller(request),
        commune=filters.commune,
        village=filters.village,
        year=filters.cycle,
        household_class=filters.household_class,
        search=filters.q,
    )


@router.get("/households/{code}", response={200: HouseholdDetail, 404: Detail})
def household_detail(request: HttpRequest, code: str, cycle: int | None = None) -> dict[str, Any]:
    """One household in a review (default: its latest): answers, members, class by indicator, history."""
    return _detail(explain_household(caller(request), code, cycle))


def _detail(explained: HouseholdExplanation) -> dict[str, Any]:
    household = explained.household
    village = household.village
    return {
        "code": household.code,
        "head_name": household.head_name,
        "commune_code": household.commune.code,
        "commune_name": household.commune.name,
        "village_code": village.code if village else None,
        "village_name": village.name if village else None,
        "year": explained.year,
        "answers": explained.answers,
        "members": [dataclasses.asdict(member) for member in explained.members],
        "classification": dataclasses.asdict(explained.classification) if explained.classification else None,
        "history": [dataclasses.asdict(entry) for entry in explained.history],
    }


@router.get("/households/{code}/changes", response={200: list[ChangeOut], 404: Detail})
def household_changes(request: HttpRequest, code: str) -> list[ChangeRequest]:
    """The corrections and appeals proposed for one household, newest first."""
    user = caller(request)
    queries.household(user, code)
    return list(queries.change_requests(user, household_code=code))


@router.post("/households/{code}/changes", response={201: ChangeOut, 400: Detail, 403: Detail, 404: Detail})
def propose(request: HttpRequest, code: str, payload: ChangeIn) -> tuple[int, ChangeRequest]:
    """Propose a correction or an appeal of one answer; someone else approves or rejects it."""
    user = caller(request)
    household = queries.household(user, code)
    proposal = propose_change(
        household,
        cycle=queries.cycle(user, payload.year),
        user=user,
        field=payload.field,
        value=payload.value,
        reason=payload.reason,
        kind=payload.kind,
        member_code=payload.member_code,
    )
    return 201, queries.change_request(user, proposal.pk)
