"""The programme's API: the disbursement document of programme.md §4, the outputs against their targets,
and payments recorded one by one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from povmis.api.security import caller
from povmis.core.programmes.definition import available_programmes
from povmis.programme import queries, services

router = Router(tags=["programme"])


class PaymentIn(Schema):
    programme: str
    project: str
    sub_project: str = ""
    type: str
    source: str
    capital_year: int
    unit: str
    paid_on: dt.date
    amount_vnd: int
    voucher: str


class PaymentOut(Schema):
    id: int
    voucher: str
    amount_vnd: int
    paid_on: dt.date
    plan_year: int


@router.get("/programme/disbursement")
def disbursement(request: HttpRequest, on: dt.date, by: str = "", programme: str | None = None) -> dict[str, Any]:
    """The rates on ``on`` summed along ``by`` (comma-separated), over the lines in the caller's area."""
    dimensions = [part.strip() for part in by.split(",") if part.strip()]
    return queries.disbursement_report(caller(request), on, dimensions, programme)


@router.get("/programme/outputs")
def outputs(request: HttpRequest, start: dt.date, end: dt.date, programme: str = "ntp-spr-2021-2025") -> dict[str, Any]:
    """The outputs against their targets from ``start`` to ``end`` (the page's table), in the caller's reach."""
    if programme not in available_programmes():
        raise Http404("no such programme")
    rows = queries.outputs_table(caller(request), programme, start, end).to_dicts()
    return {"programme": programme, "start": start.isoformat(), "end": end.isoformat(), "outputs": rows}


@router.post("/programme/payments", response={201: PaymentOut})
def record_payment(request: HttpRequest, payment: PaymentIn) -> tuple[int, dict[str, Any]]:
    """Record one payment, through the same checks as a payment file (400 with the reason when refused)."""
    recorded = services.record_payment(by=caller(request), values=payment.dict())
    return 201, {"id": recorded.pk, "voucher": recorded.voucher, "amount_vnd": recorded.amount_vnd,
                 "paid_on": recorded.paid_on, "plan_year": recorded.line.plan_year}  # fmt: skip
