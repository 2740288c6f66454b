"""The figures API: a unit's figures for one review, and the units under it, from the dashboard's function;
with ``as_of``, the same on the list in force on that day (the monthly decisions included).

Scoped like every page: the caller's area decides, ``unit`` only narrows, and a unit outside the area
is 404, the same as one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import polars as pl
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from povmis.accounts.scoping import Access, area_path
from povmis.api.schemas import Detail
from povmis.api.security import caller
from povmis.errors import PermissionDenied, ServiceError
from povmis.monitoring import data
from povmis.monitoring.figures import as_of_document, document, figures_as_of, unit_figures, units_as_of, units_table
from povmis.monitoring.focus import Focus, focus_in
from povmis.units.models import AdminUnit

router = Router(tags=["figures"])
T = TypeVar("T")


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


class Counts(Schema):
    """Counts, and rates as fractions of the classified households (null when none is classified)."""

    unit: str | None
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


class Figures(Counts):
    """The counts and rates of the ``year`` review, with the flows that led to each stock."""

    year: int
    flows: Flows


class UnitFigures(Figures):
    name: str
    level: str


class FiguresAsOf(Counts):
    """The counts and rates on the list in force on ``as_of``: the periodic ``review`` in force then, changed
    by every monthly decision taken by that day. No flows: a day is a stock."""

    as_of: dt.date
    review: int


class UnitFiguresAsOf(FiguresAsOf):
    name: str
    level: str


AsOf = Annotated[
    dt.date | None,
    Query(description="A day of the year (YYYY-MM-DD): the figures on the list in force that day, the monthly "
                      "decisions taken by then included, instead of the review's (`povmis figures --as-of`)."),
]  # fmt: skip


def _focus(request: HttpRequest, year: int, unit: str | None, as_of: dt.date | None = None) -> Focus:
    area = area_path(caller(request), Access.READ)
    if area is None:
        raise PermissionDenied("your account has no role")
    if as_of is not None and as_of.year != year:
        raise ServiceError(_("as_of %(day)s is not in %(year)s"), day=as_of.isoformat(), year=year)
    if as_of is None and year not in data.years():
        raise AdminUnit.DoesNotExist(f"no classified review for {year}")
    return focus_in(area, unit)


@router.get("/figures/{year}", response={200: Figures | FiguresAsOf, 400: Detail, 403: Detail, 404: Detail})
def figures(request: HttpRequest, year: int, unit: str | None = None, as_of: AsOf = None) -> dict[str, Any]:
    """The figures of ``unit`` (default: your whole area) in the ``year`` review (docs/figures.md); with
    ``as_of``, on the list in force that day (``FiguresAsOf``)."""
    focus = _focus(request, year, unit, as_of)
    if as_of is None:
        return unit_figures(focus, year)
    return _in_force(lambda: figures_as_of(focus, as_of), as_of)


UNITS_ANSWER = list[UnitFigures] | list[UnitFiguresAsOf]


@router.get("/figures/{year}/units", response={200: UNITS_ANSWER, 400: Detail, 403: Detail, 404: Detail})
def unit_list(request: HttpRequest, year: int, unit: str | None = None, as_of: AsOf = None) -> list[dict[str, Any]]:
    """The same figures for each unit directly under ``unit`` (default: your area); with ``as_of``, on the
    list in force that day."""
    focus = _focus(request, year, unit, as_of)
    if as_of is None:
        return _named(units_table(focus, year), lambda row: document(row, row["code"], year))
    review, table = _in_force(lambda: units_as_of(focus, as_of), as_of)
    return _named(table, lambda row: as_of_document(row, row["code"], as_of, review))


def _named(table: pl.DataFrame, figures_of: Callable[[dict[str, Any]], dict[str, Any]]) -> list[dict[str, Any]]:
    """Each unit's figures, the review's or a day's, with its name and level."""
    return [{**figures_of(row), "name": row["name"], "level": row["level"]} for row in table.iter_rows(named=True)]


def _in_force(read: Callable[[], T], day: dt.date) -> T:
    """What ``read`` returns; a day before any classified review has no list in force: 404, like a missing review."""
    try:
        return read()
    except LookupError as error:
        raise Http404(f"no classified review is in force on {day.isoformat()}") from error
