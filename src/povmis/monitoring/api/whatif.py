"""The what-if in the API: the same data function as the page and `povmis whatif`, scoped to the caller."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from povmis.accounts.scoping import area_path
from povmis.api.security import caller
from povmis.core.variants import parse_settings
from povmis.monitoring.focus import focus_of
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
