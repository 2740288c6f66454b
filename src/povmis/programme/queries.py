"""Reads as frames: the plan decisions and payments a user may see, and the figures computed from them.

Every page, export, API answer and command gets its disbursement figures from :func:`disbursement_report`
and :func:`lag_table`, which hand the frames to ``povmis.core.programmes``: the figures are defined
once, there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl

from povmis.accounts.scoping import Access, AnyUser, scope
from povmis.core.programmes import disbursement as figures
from povmis.core.programmes.lines import PAYMENT_SCHEMA, PLAN_SCHEMA
from povmis.core.programmes.progress import lags, year_curves
from povmis.core.programmes.schedule import load_schedule
from povmis.programme.models import Payment, PlanDecision

LINE_FIELDS = {
    "programme": "line__programme",
    "project": "line__project",
    "sub_project": "line__sub_project",
    "type": "line__type",
    "source": "line__source",
    "capital_year": "line__capital_year",
    "plan_year": "line__plan_year",
    "unit": "line__unit__code",
}


def plans_frame(user: AnyUser, programme: str | None = None) -> pl.DataFrame:
    """One row per decision on a line the user may see (``PLAN_SCHEMA``)."""
    decisions = scope(user, PlanDecision.objects.all(), Access.PROGRAMME)
    if programme:
        decisions = decisions.filter(line__programme=programme)
    rows = decisions.values_list(*LINE_FIELDS.values(), "amount_vnd", "decision", "decided_on")
    return pl.DataFrame(list(rows), schema=PLAN_SCHEMA, orient="row")


def payments_frame(user: AnyUser, programme: str | None = None) -> pl.DataFrame:
    """One row per payment on a line the user may see (``PAYMENT_SCHEMA``)."""
    payments = scope(user, Payment.objects.all(), Access.PROGRAMME)
    if programme:
        payments = payments.filter(line__programme=programme)
    rows = payments.values_list(*LINE_FIELDS.values(), "paid_on", "amount_vnd", "voucher")
    return pl.DataFrame(list(rows), schema=PAYMENT_SCHEMA, orient="row")


def disbursement_report(
    user: AnyUser, on: dt.date, by: Sequence[str] = (), programme: str | None = None
) -> dict[str, Any]:
    """``{"on", "groups", "total"}`` as programme.md §4 lays it out, over what the user may see."""
    figures.check_dimensions(by)
    return figures.disbursement_report(plans_frame(user, programme), payments_frame(user, programme), on, by)


def lag_table(user: AnyUser, on: dt.date, programme: str, by: Sequence[str] = ("project",)) -> pl.DataFrame:
    """The disbursement along ``by`` against the programme's expected path, with the lagging flagged."""
    return lags(plans_frame(user, programme), payments_frame(user, programme), on, by, load_schedule(programme))


def curves(user: AnyUser, programme: str, plan_year: int) -> pl.DataFrame:
    """The year's weekly curve against the path and against last year."""
    return year_curves(
        plans_frame(user, programme), payments_frame(user, programme), load_schedule(programme), plan_year
    )
