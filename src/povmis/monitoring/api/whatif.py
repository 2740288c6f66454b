"""The what-if in the API: the same data function as the page and `povmis whatif`, scoped to the caller."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from povmis.accounts.scoping import area_path
from povmis.api.security import caller
from povmis.core.variants import parse_settings
from povmis.monitoring.focus import focus_of
from povmis.monitoring.scenarios import compared, delete_scenario, scenario_for, scenario_json, visible_scenarios
from povmis.monitoring.whatif import round_whatif, whatif_json

router = Router(tags=["what-if"])


class WhatIfQuery(Schema):
    year: int
    standard: str | None = None
    # Each a KEY=VALUE change, as --set on the command line: ?set=line.rural%3D2200000&set=cutoff%3D2
    set: list[str] = []  # noqa: RUF012  # pydantic copies the default
    unit: str | None = None


@router.get("/whatif", response=dict[str, Any])
def whatif(request: HttpRequest, query: Query[WhatIfQuery]) -> dict[str, Any]:
    """Who would change class in ``year``'s round under the variant, in the caller's area, and why.

    A year without a round, or a unit outside the caller's area, is 404; a bad change is 400 and
    names its key.
    """
    user = caller(request)
    if area_path(user) is None:
        raise Http404  # an account without an area sees no round, exactly as if there were none
    focus = focus_of(user, query.unit)
    result, cycle = round_whatif(query.year, focus.path, query.standard, parse_settings(query.set))
    return whatif_json(result, cycle)


@router.get("/whatif/scenarios", response=list[dict[str, Any]])
def scenarios(request: HttpRequest) -> list[dict[str, Any]]:
    """The saved what-if scenarios of the caller's area and the areas under it, newest first."""
    return [scenario_json(scenario) for scenario in visible_scenarios(caller(request))]


class CompareQuery(Schema):
    scenario: list[int] = Field(min_length=2, max_length=2)


@router.get("/whatif/scenarios/compare", response=list[dict[str, Any]])
def compare(request: HttpRequest, query: Query[CompareQuery]) -> list[dict[str, Any]]:
    """Two saved scenarios side by side (``?scenario=1&scenario=2``): households, those changed, the cost.
    A scenario the caller may not see is 404."""
    user = caller(request)
    return [compared(user, scenario_for(user, pk)) for pk in query.scenario]


@router.get("/whatif/scenarios/{scenario_id}", response=dict[str, Any])
def scenario(request: HttpRequest, scenario_id: int) -> dict[str, Any]:
    return scenario_json(scenario_for(caller(request), scenario_id))


@router.delete("/whatif/scenarios/{scenario_id}", response={204: None})
def delete(request: HttpRequest, scenario_id: int) -> tuple[int, None]:
    """Delete one's own scenario (403 for another's one may see, 404 for one one may not)."""
    delete_scenario(caller(request), scenario_id)
    return 204, None
