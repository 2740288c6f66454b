"""Support's API: the policies, a review's stored entitlements, the deliveries (and one recorded), the reconciliation.

The same functions as the pages (support.queries, support.services), the same scoping: a review or
household outside the caller's area is a 404, exactly like one that does not exist.
"""

# No ``from __future__ import annotations``: django-ninja reads the paginated views' annotations at run time.
import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from povmis.api.pagination import Pages
from povmis.api.security import caller
from povmis.core.policies.inputs import SupportInputError
from povmis.core.policies.reconcile import figures
from povmis.errors import ServiceError
from povmis.support import queries, services
from povmis.support.entitlements import review_policies
from povmis.support.models import Delivery, Entitlement
from povmis.support.subjects import judged_on

router = Router(tags=["support"])


class RuleOut(Schema):
    id: str
    effective_from: dt.date
    effective_to: dt.date | None
    share: float | None
    amount_vnd: int | None
    interest_ratio: float | None
    legal_reference: str


class PolicyOut(Schema):
    id: str
    name: dict[str, str]
    level: str
    legal_reference: str
    same_purpose: str
    addresses: list[str]
    content_hash: str
    rules: list[RuleOut]


class EntitlementOut(Schema):
    household: str = Field(alias="household.code")
    member: str = Field(alias="member_code")
    policy: str
    rule: str
    share: float | None
    amount_vnd: int | None
    computed_on: dt.date
    policy_hash: str


class DeliveryIn(Schema):
    household: str
    policy: str
    delivered_on: dt.date
    member: str = ""
    national_id: str = ""
    amount_vnd: int | None = None
    quantity: int | None = None
    programme: str = ""
    project: str = ""
    agency: str = ""
    reference: str = ""


class DeliveryOut(Schema):
    id: int
    household: str = Field(alias="household.code")
    member: str = Field(alias="member_code")
    national_id: str
    policy: str
    delivered_on: dt.date
    amount_vnd: int | None
    quantity: int | None
    programme: str
    project: str
    agency: str
    reference: str


class DeliveryFilters(Schema):
    start: dt.date | None = None
    end: dt.date | None = None
    household: str | None = None


class Recorded(Schema):
    created: int
    already_present: int


@router.get("/support/policies", response=list[PolicyOut])
def policies(request: HttpRequest) -> list[dict[str, Any]]:
    """The policies the entitlements are computed with, each rule with its period, benefit and legal source."""
    caller(request)
    return [
        {
            "id": p.id, "name": p.name, "level": p.level, "legal_reference": p.legal_reference,
            "same_purpose": p.same_purpose, "addresses": list(p.addresses), "content_hash": p.content_hash,
            "rules": [{"id": r.id, "effective_from": r.effective_from, "effective_to": r.effective_to,
                       "share": r.benefit.share, "amount_vnd": r.benefit.amount_vnd,
                       "interest_ratio": r.benefit.interest_ratio, "legal_reference": r.legal_reference}
                      for r in p.rules],
        }
        for p in review_policies()
    ]  # fmt: skip


@router.get("/support/entitlements", response=list[EntitlementOut])
@paginate(Pages)
def entitlements(request: HttpRequest, year: int, household: str | None = None) -> QuerySet[Entitlement]:
    """The ``year`` review's stored entitlements in your area (of one household with ``household``)."""
    if year not in queries.classified_years(caller(request)):
        raise Http404("no such review")
    return queries.entitlements(caller(request), year, household).order_by("household__code", "policy", "member_code")


@router.get("/support/deliveries", response=list[DeliveryOut])
@paginate(Pages)
def deliveries(request: HttpRequest, filters: Query[DeliveryFilters]) -> QuerySet[Delivery]:
    """The deliveries recorded in your area, from ``start`` to ``end`` (both included)."""
    rows = queries.delivery_rows(caller(request), filters.start, filters.end)
    return rows.filter(household__code=filters.household) if filters.household is not None else rows


@router.post("/support/deliveries", response={201: Recorded})
def record_delivery(request: HttpRequest, delivery: DeliveryIn) -> tuple[int, dict[str, int]]:
    """Record one delivery through the same checks as a list: 400 with the reason, the same for a household
    that does not exist and one outside your area."""
    try:
        result = services.record_delivery(caller(request), **delivery.dict())
    except SupportInputError as error:
        raise ServiceError(str(error)) from error
    return 201, {"created": result.created, "already_present": result.already_present}


@router.get("/support/reconciliation")
def reconciliation(request: HttpRequest, year: int) -> dict[str, Any]:
    """The ``year`` review's reconciliation in your area: counts per policy and in total (docs/support.md)."""
    counts = queries.counts(caller(request), year)  # stored (support.counts), never computed per request
    if counts is None:
        raise Http404("no such review")
    start, end = dt.date(year, 1, 1), judged_on(year)
    return {"year": year, "start": start.isoformat(), "end": end.isoformat(), **figures(counts)}
