"""The regular review's applications: list, file, take a step, decide; the monthly report's rows.

The same services as the pages (registry.applications); another commune's application is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from povmis.api.pagination import Pages
from povmis.api.schemas import Detail
from povmis.api.security import caller
from povmis.registry import applications as actions
from povmis.registry import monthly_report, queries
from povmis.registry.models import Application

router = Router(tags=["applications"])
ERRORS: dict[int, type[Detail]] = {400: Detail, 403: Detail, 404: Detail}


class ApplicationOut(Schema):
    id: int
    household_code: str
    form: str
    request: str
    channel: str
    filed_on: dt.date
    decision_due: dt.date
    step: str
    reason: str
    assessed_class: str
    previous_class: str
    decided_on: dt.date | None
    decided_class: str
    member_code: str
    decided_status: str
    refusal_reasons: str
    decision_number: int | None
    certificate_number: int | None

    @staticmethod
    def resolve_household_code(obj: Application) -> str:
        return obj.household.code

    @staticmethod
    def resolve_decision_due(obj: Application) -> dt.date:
        return actions.decision_due(obj)


class ApplicationIn(Schema):
    household: str
    request: Literal["poor_or_near_poor", "average_living", "escape", "low_income_worker"]
    channel: Literal["in_person", "post", "online"]
    filed_on: dt.date
    reason: str = ""
    member_code: str = ""  # the worker, for a low-income worker's application


class StepIn(Schema):
    step: Literal["assessed", "village_meeting", "posted"]
    # Step 2 of a status application: the facts its rule reads that the survey does not ask (docs/statuses.md).
    facts: dict[str, str | int | bool] = Field(default_factory=dict)


class DecideIn(Schema):
    recognise: bool
    decided_on: dt.date
    reasons: str = ""


class ReportRow(Schema):
    commune_code: str
    commune_name: str
    new_poor: int
    new_near_poor: int
    escaped_poverty: int
    escaped_near_poverty: int
    average_living: int
    refused: int


class ReportOut(Schema):
    month: str
    due: dt.date
    legal_reference: str
    communes: list[ReportRow]


@router.get("/applications", response=list[ApplicationOut])
@paginate(Pages)
def list_applications(request: HttpRequest, step: str | None = None) -> QuerySet[Application]:
    """The applications of your area, newest first."""
    found = queries.applications(caller(request))
    return found if step is None else found.filter(step=step)


@router.get("/applications/{application_id}", response={200: ApplicationOut, **ERRORS})
def get_application(request: HttpRequest, application_id: int) -> Application:
    return queries.application(caller(request), application_id)


@router.post("/applications", response={201: ApplicationOut, **ERRORS})
def file_application(request: HttpRequest, payload: ApplicationIn) -> tuple[int, Application]:
    """File Mẫu 01 or Mẫu 04 for a household of your commune (the form follows from the request)."""
    user = caller(request)
    household = queries.household(user, payload.household)
    filed = actions.file_application(
        household, user=user, request=payload.request, channel=payload.channel, filed_on=payload.filed_on,
        reason=payload.reason, member_code=payload.member_code,
    )  # fmt: skip
    return 201, queries.application(user, filed.pk)


@router.post("/applications/{application_id}/step", response={200: ApplicationOut, **ERRORS})
def take_step(request: HttpRequest, application_id: int, payload: StepIn) -> Application:
    """Step 2 (classify the household's answers), 3 (village meeting) or 4 (posting), in that order."""
    user = caller(request)
    application = queries.application(user, application_id)
    if payload.step == "assessed":
        actions.assess(application, user=user, facts=payload.facts)
    else:
        actions.record_step(application, user=user, step=payload.step)
    return queries.application(user, application_id)


@router.post("/applications/{application_id}/decision", response={200: ApplicationOut, **ERRORS})
def decide(request: HttpRequest, application_id: int, payload: DecideIn) -> Application:
    """Recognise (after the posting) or refuse with written reasons."""
    user = caller(request)
    application = queries.application(user, application_id)
    actions.decide(application, user=user, recognise=payload.recognise, decided_on=payload.decided_on,
                   reasons=payload.reasons)  # fmt: skip
    return queries.application(user, application_id)


@router.get("/applications-report/{month}", response={200: ReportOut, **ERRORS})
def report(request: HttpRequest, month: str) -> ReportOut:
    """The monthly report to the province (YYYY-MM: the month of the decisions), your area's communes."""
    found = monthly_report.report(caller(request), *monthly_report.parse_month(month))
    rows = [ReportRow(**row) for row in found.rows.iter_rows(named=True)]
    return ReportOut(month=month, due=found.due, legal_reference=found.legal_reference, communes=rows)
