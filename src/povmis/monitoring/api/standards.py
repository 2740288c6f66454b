"""A review under two standards in the API: the same data function as /monitoring/standards/, scoped to the caller."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from povmis.accounts.scoping import area_path
from povmis.api.security import caller
from povmis.monitoring.focus import focus_of
from povmis.monitoring.standards import chosen_run, standards_json

router = Router(tags=["standards"])


class StandardsQuery(Schema):
    year: int | None = None
    standard: str | None = None
    unit: str | None = None
    old: str = ""
    new: str = ""


@router.get("/standards", response=dict[str, Any])
def standards(request: HttpRequest, query: Query[StandardsQuery]) -> dict[str, Any]:
    """The round under its official standard and a further one, in the caller's area: who changes class and why.

    A round not classified under another standard, or a unit outside the caller's area, is 404.
    """
    user = caller(request)
    if area_path(user) is None:
        raise Http404  # an account without an area sees no round, exactly as if there were none
    focus = focus_of(user, query.unit)
    run = chosen_run(str(query.year or ""), query.standard or "")
    return standards_json(focus, run, query.old, query.new)
