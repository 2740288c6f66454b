"""Administrative units, review cycles and where each commune stands, results and their summary."""

import dataclasses
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from povmis.api.pagination import Pages
from povmis.api.schemas import Detail
from povmis.api.security import caller
from povmis.registry import queries
from povmis.registry.api.schemas import AdvanceIn, CommuneStage, Cycle, CycleDetail, Result, Summary, Unit, UnitDetail
from povmis.registry.models import CommuneReview, HouseholdResult, ReviewCycle
from povmis.registry.services import advance_stage
from povmis.units.models import AdminUnit

router = Router()


class UnitFilters(Schema):
    level: str | None = None
    parent: str | None = None


class ResultFilters(Schema):
    commune: str | None = None
    household_class: str | None = Field(None, alias="class")
    q: str | None = None


@router.get("/units", response=list[Unit], tags=["units"])
@paginate(Pages)
def list_units(request: HttpRequest, filters: Query[UnitFilters]) -> QuerySet[AdminUnit]:
    """The units of your area, in tree order (``parent`` gives one unit's children)."""
    return queries.units(caller(request), level=filters.level, parent=filters.parent)


@router.get("/units/{code}", response={200: UnitDetail, 404: Detail}, tags=["units"])
def unit_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    user = caller(request)
    unit = queries.unit(user, code)
    return {**Unit.model_validate(unit).model_dump(), "children": list(queries.units(user, parent=code))}


@router.get("/cycles", response=list[Cycle], tags=["cycles"])
def list_cycles(request: HttpRequest) -> QuerySet[ReviewCycle]:
    return queries.cycles(caller(request))


@router.get("/cycles/{year}", response={200: CycleDetail, 404: Detail}, tags=["cycles"])
def cycle_detail(request: HttpRequest, year: int) -> dict[str, Any]:
    """One review and the stage each commune of your area has reached."""
    user = caller(request)
    cycle = queries.cycle(user, year)
    return {**Cycle.model_validate(cycle).model_dump(), "communes": list(queries.commune_reviews(user, year))}


@router.post(
    "/cycles/{year}/communes/{code}/advance",
    response={200: CommuneStage, 400: Detail, 403: Detail, 404: Detail},
    tags=["cycles"],
)
def advance(request: HttpRequest, year: int, code: str, payload: AdvanceIn) -> CommuneReview:
    """Move a commune's list to the next stage of the procedure (each stage has its role)."""
    user = caller(request)
    review = advance_stage(queries.commune_review(user, year, code), user=user, note=payload.note)
    return queries.commune_review(user, year, review.commune.code)


@router.get("/cycles/{year}/results", response=list[Result], tags=["results"])
@paginate(Pages)
def list_results(request: HttpRequest, year: int, filters: Query[ResultFilters]) -> QuerySet[HouseholdResult]:
    """The classified households of one review, with their deprivations and reasons."""
    return queries.results(
        caller(request), year, commune=filters.commune, household_class=filters.household_class, search=filters.q
    )


@router.get("/cycles/{year}/summary", response={200: Summary, 404: Detail}, tags=["results"])
def summary(request: HttpRequest, year: int) -> dict[str, Any]:
    """Households by commune and class; each count's ``results_url`` lists the households behind it."""
    counts = queries.summary(caller(request), year)
    by_class: dict[str, int] = {}
    for count in counts:
        by_class[count.household_class] = by_class.get(count.household_class, 0) + count.households
    results_path = reverse("api:list_results", kwargs={"year": year})
    return {
        "year": year,
        "total": sum(by_class.values()),
        "by_class": by_class,
        "counts": [
            {
                **dataclasses.asdict(count),
                "results_url": results_path
                + "?"
                + urlencode({"commune": count.commune_code, "class": count.household_class}),
            }
            for count in counts
        ],
    }
