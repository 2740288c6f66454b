"""Statuses beside the class: the holders of a review and their counts per commune, inside your area.

The same reads as the commune's page and its XLSX (registry.status_queries); a commune outside your area
is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from povmis.api.schemas import Detail
from povmis.api.security import caller
from povmis.registry import status_queries
from povmis.units.models import AdminUnit

router = Router(tags=["statuses"])
PAGE = 1000  # holders per answer at most: a province holds hundreds of thousands
ERRORS: dict[int, type[Detail]] = {403: Detail, 404: Detail}


class HolderOut(Schema):
    household_id: str
    unit_code: str
    member_code: str
    status: str
    source: str
    held_from: dt.date
    income_per_person_month: int | None
    rule: str


class CountOut(Schema):
    unit_code: str
    unit_name: str
    agricultural_average: int
    low_income_worker: int


def _area(request: HttpRequest, commune: str | None) -> str:
    """The commune's path (your whole area without one); another area's commune does not exist for you."""
    reach = status_queries.readable_area(caller(request))
    if reach is None:
        raise AdminUnit.DoesNotExist("no such commune")
    if commune is None:
        return reach
    unit = AdminUnit.objects.filter(code=commune, path__startswith=reach).first()
    if unit is None:
        raise AdminUnit.DoesNotExist("no such commune")
    return unit.path


@router.get("/statuses/{year}", response={200: list[HolderOut], **ERRORS})
def holders(
    request: HttpRequest, year: int, commune: str | None = None, offset: int = 0, limit: int = PAGE
) -> list[dict[str, object]]:
    """The holders of the ``year`` review (agricultural average living standard, low-income worker), by
    household code, ``limit`` (at most 1000) from ``offset``."""
    held = status_queries.held(caller(request), year, _area(request, commune))
    page = held.slice(max(offset, 0), min(max(limit, 0), PAGE))
    return page.drop("head_name", "unit_name").to_dicts()


@router.get("/statuses/{year}/counts", response={200: list[CountOut], **ERRORS})
def counts(request: HttpRequest, year: int, commune: str | None = None) -> list[dict[str, object]]:
    """Holders counted per commune: the figures of the commune's page."""
    return status_queries.counts(caller(request), year, _area(request, commune)).to_dicts()
