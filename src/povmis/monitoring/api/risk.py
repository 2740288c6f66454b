"""The fall-back risk in the API: the stored scoring, read by the same functions as the page and the workbook."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from povmis.accounts.scoping import area_path
from povmis.api.security import caller
from povmis.monitoring.focus import focus_of
from povmis.monitoring.risk import RiskFilter, concentration, latest_scoring, risk_count, risk_list, scoring_json
from povmis.monitoring.risk_views import with_reasons

router = Router(tags=["risk"])
FIELDS = ("household_id", "commune_code", "class", "risk", "high", "reasons")


class RiskQuery(Schema):
    unit: str | None = None
    high: bool = False
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0)


@router.get("/risk", response=dict[str, Any])
def risk(request: HttpRequest, query: Query[RiskQuery]) -> dict[str, Any]:
    """The households of the caller's area (or under ``unit``) not poor in the latest classified review, by
    their risk of being poor at the next one, highest first, with the factors that raise it in words;
    and, per unit one level down, the households at high risk (the top decile). 404 outside the area,
    or before the risk has been computed."""
    user = caller(request)
    if area_path(user) is None:
        raise Http404  # an account without an area sees no household, exactly as if there were none
    focus = focus_of(user, query.unit)
    scoring = latest_scoring()
    if scoring is None:
        raise Http404("the risk has not been computed")
    wanted = RiskFilter(focus.path, query.high)
    rows = with_reasons(scoring, risk_list(scoring, wanted, query.limit, query.offset)).select(FIELDS)
    return {
        "scoring": scoring_json(scoring),
        "unit": focus.code or None,
        "count": risk_count(scoring, wanted),
        "households": rows.to_dicts(),
        "units": concentration(scoring, focus.path).to_dicts(),
    }
