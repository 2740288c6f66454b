"""The figures API: a unit's figures for one review, and the units under it, from the dashboard's function.

Scoped like every page: the caller's area decides, ``unit`` only narrows, and a unit outside the area
is 404, the same as one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from povmis.accounts.scoping import Access, area_path
from povmis.api.schemas import Detail
from povmis.api.security import caller
from povmis.errors import PermissionDenied
from povmis.monitoring import data
from povmis.monitoring.figures import document, unit_figures, units_table
from povmis.monitoring.focus import Focus, focus_in
from povmis.units.models import AdminUnit

router = Router(tags=["figures"])


class PoorFlows(Schema):
    start: int
    stayed: int
    escaped: int
    moved_out: int
    unclassified: int
    newly_poor: int
    fell_back: int
    moved_in: int
    end: int


class NearPoorFlows(Schema):
    start: int
    stayed: int
    escaped: int
    became_poor: int
    moved_out: int
    unclassified: int
    from_poor: int
    newly_near_poor: int
    moved_in: int
    end: int


class Flows(Schema):
    poor: PoorFlows
    near_poor: NearPoorFlows


class Figures(Schema):
    """Counts, and rates as fractions of the classified households (null when none is classified)."""

    unit: str | None
    year: int
    households: int
    classified: int
    unclassified: int
    poor: int
    near_poor: int
    poor_near: int
    em: int
    em_poor: int
    kinh: int
    kinh_poor: int
    poverty_rate: float | None
    near_poverty_rate: float | None
    multidimensional_poverty_rate: float | None
    em_poverty_rate: float | None
    kinh_poverty_rate: float | None
    flows: Flows


class UnitFigures(Figures):
    name: str
    level: str


def _focus(request: HttpRequest, year: int, unit: str | None) -> Focus:
    area = area_path(caller(request), Access.READ)
    if area is None:
        raise PermissionDenied("your account has no role")
    if year not in data.years():
        raise AdminUnit.DoesNotExist(f"no classified review for {year}")
    return focus_in(area, unit)


@router.get("/figures/{year}", response={200: Figures, 403: Detail, 404: Detail})
def figures(request: HttpRequest, year: int, unit: str | None = None) -> dict[str, Any]:
    """The figures of ``unit`` (default: your whole area) in the ``year`` review (docs/figures.md)."""
    return unit_figures(_focus(request, year, unit), year)


@router.get("/figures/{year}/units", response={200: list[UnitFigures], 403: Detail, 404: Detail})
def unit_list(request: HttpRequest, year: int, unit: str | None = None) -> list[dict[str, Any]]:
    """The same figures for each unit directly under ``unit`` (default: your area)."""
    rows = units_table(_focus(request, year, unit), year).iter_rows(named=True)
    return [{**document(row, row["code"], year), "name": row["name"], "level": row["level"]} for row in rows]
