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

from povmis.accounts.scoping import Access, AnyUser, area_path, owned_project, scope
from povmis.core.programmes import disbursement as figures
from povmis.core.programmes.indicators import load_indicators
from povmis.core.programmes.lines import PAYMENT_SCHEMA, PLAN_SCHEMA, capital
from povmis.core.programmes.outputs import DELIVERY_SCHEMA, OUTPUT_SCHEMA, output_table
from povmis.core.programmes.progress import lags, year_curves
from povmis.core.programmes.schedule import load_schedule
from povmis.core.programmes.succession import with_successors
from povmis.programme.models import Output, Payment, PlanDecision
from povmis.support.models import Delivery
from povmis.units.models import AdminUnit
from povmis.units.services import successors

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
    plans = plans_frame(user, programme)
    return figures.disbursement_report(
        plans, payments_frame(user, programme), on, by, successors=_successors(plans) if "unit" in by else None
    )


def lag_table(user: AnyUser, on: dt.date, programme: str, by: Sequence[str] = ("project",)) -> pl.DataFrame:
    """The disbursement along ``by`` against the programme's expected path, with the lagging flagged; by unit,
    the successors of the units that had ceased by ``on``."""
    plans = plans_frame(user, programme)
    table = lags(plans, payments_frame(user, programme), on, by, load_schedule(programme))
    return with_successors(table, _successors(plans), on) if "unit" in by else table


def _successors(plans: pl.DataFrame) -> pl.DataFrame:
    """The successors of the dissolved spending units among the plan's (a unit's name carries no household data)."""
    return successors(plans["unit"].unique().to_list())


def curves(user: AnyUser, programme: str, plan_year: int) -> pl.DataFrame:
    """The year's weekly curve against the path and against last year."""
    return year_curves(
        plans_frame(user, programme), payments_frame(user, programme), load_schedule(programme), plan_year
    )


def output_records(user: AnyUser) -> pl.DataFrame:
    """The recorded outputs the user may see, keyed by reference, as their file gives them (unit code)."""
    outputs = scope(user, Output.objects.all(), Access.PROGRAMME)
    rows = outputs.values_list("reference", "programme", "project", "indicator", "unit__code", "period", "value")
    schema = {"reference": pl.String, "programme": pl.String, "project": pl.String, "indicator": pl.String,
              "unit": pl.String, "period": pl.Date, "value": pl.Float64}  # fmt: skip
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def outputs_table(
    user: AnyUser, programme: str, start: dt.date, end: dt.date, depth: int | None = None
) -> pl.DataFrame:
    """The programme's outputs against their targets from ``start`` to ``end`` in the user's area
    (``core.programmes.outputs.output_table``); a project owner sees its project's only."""
    framework = load_indicators(programme)
    owned = owned_project(user)
    projects = None if owned is None else ([owned[1]] if owned[0] == programme else [])
    policies = [i.delivered_by for i in framework.indicators if i.delivered_by]
    records = scope(user, Output.objects.filter(programme=programme, period__range=(start, end)), Access.PROGRAMME)
    record_rows = records.values_list("programme", "project", "indicator", "unit__path", "period", "value")
    payments = scope(
        user, Payment.objects.filter(line__programme=programme, paid_on__range=(start, end)), Access.PROGRAMME
    )
    payment_rows = payments.values_list(*LINE_FIELDS.values(), "paid_on", "amount_vnd", "voucher", "line__unit__path")
    return output_table(
        framework,
        pl.DataFrame(list(record_rows), schema=OUTPUT_SCHEMA, orient="row"),
        _deliveries(user, programme, policies, start, end),
        pl.DataFrame(list(payment_rows), schema={**PAYMENT_SCHEMA, "area": pl.String()}, orient="row"),
        start,
        end,
        depth=depth,
        projects=projects,
    )


def _deliveries(user: AnyUser, programme: str, policies: list[str], start: dt.date, end: dt.date) -> pl.DataFrame:
    """The deliveries that are the programme's outputs, as counts' input: no name or ID leaves this function.

    Read through the programme's area (``Access.PROGRAMME``) rather than the household scope: a
    finance officer or a project owner sees how many houses were built, not whose.
    """
    area = area_path(user, Access.PROGRAMME)
    if area is None or not policies:
        return pl.DataFrame(schema=DELIVERY_SCHEMA)
    given = Delivery.objects.filter(
        policy__in=policies, delivered_on__range=(start, end), programme__in=[programme, ""],
        household__commune__path__startswith=area,
    ).values_list("policy", "household__commune__path", "household__code", "member_code", "delivered_on",
                  "amount_vnd")  # fmt: skip
    return pl.DataFrame(list(given), schema=DELIVERY_SCHEMA, orient="row").with_columns(
        pl.col("amount_vnd").fill_null(0)
    )


def households_behind(user: AnyUser, programme: str, indicator: str, start: dt.date, end: dt.date) -> pl.DataFrame:
    """The households behind an output delivered to households, for those who may read households."""
    code = load_indicators(programme).indicator(indicator)
    if code.delivered_by is None:
        return pl.DataFrame(schema={"household": pl.String, "commune": pl.String, "delivered_on": pl.Date,
                                    "amount_vnd": pl.Int64, "member": pl.String})  # fmt: skip
    given = (
        scope(user, Delivery.objects.all(), Access.READ)
        .filter(policy=code.delivered_by, delivered_on__range=(start, end), programme__in=[programme, ""])
        .order_by("household__code", "delivered_on")
    )
    rows = given.values_list("household__code", "household__commune__name", "delivered_on", "amount_vnd", "member_code")
    schema = {"household": pl.String, "commune": pl.String, "delivered_on": pl.Date, "amount_vnd": pl.Int64,
              "member": pl.String}  # fmt: skip
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def capital_table(user: AnyUser, programme: str, by: Sequence[str] = ("capital_year", "source")) -> pl.DataFrame:
    """The programme's own capital by year and source (``core.programmes.lines.capital``) in the user's reach."""
    return capital(plans_frame(user, programme), tuple(by))


def unit_names(paths: list[str]) -> dict[str, str]:
    """The names of the units at ``paths`` (an area's name carries no household data)."""
    return dict(AdminUnit.objects.filter(path__in=paths).values_list("path", "name"))


def unit_names_by_code(codes: list[str]) -> dict[str, str]:
    return dict(AdminUnit.objects.filter(code__in=codes).values_list("code", "name"))
