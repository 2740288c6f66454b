"""The in-year forecast in the API: the same data function as the page and `povmis forecast`, scoped."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from povmis.accounts.scoping import area_path
from povmis.api.security import caller
from povmis.monitoring.focus import focus_of
from povmis.monitoring.forecasts import unit_forecasts

router = Router(tags=["forecasts"])


class ForecastQuery(Schema):
    year: int = Field(ge=1, le=9998)  # a year with a year after it
    as_of: dt.date | None = None
    unit: str | None = None


@router.get("/forecasts", response=dict[str, Any])
def forecasts(request: HttpRequest, query: Query[ForecastQuery]) -> dict[str, Any]:
    """Every unit of the caller's area (or under ``unit``): its rates forecast for the end of ``year``
    as of ``as_of`` (default today), with 90% intervals, and the targets it will miss. A unit outside
    the caller's area is 404."""
    user = caller(request)
    if area_path(user) is None:
        raise Http404  # an account without an area sees no unit, exactly as if there were none
    focus = focus_of(user, query.unit)
    return unit_forecasts(focus, query.year, query.as_of or timezone.localdate())
