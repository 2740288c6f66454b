"""The regular review's use cases: file an application, take it through steps 2-4, decide it.

Every change of an application is one of these functions; the page, the API and the demo call them.
The household's class comes from the same evaluator as the periodic review's, over its one row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from povmis.accounts.scoping import Access, can
from povmis.core.classify import classify
from povmis.core.procedures.list_in_force import ON_THE_LIST
from povmis.core.procedures.procedure import procedure_for
from povmis.core.standard import load_standard
from povmis.errors import PermissionDenied, ServiceError
from povmis.registry import round_decision
from povmis.registry.cycle_data import cycle_frames
from povmis.registry.list_in_force import class_of
from povmis.registry.models import Application, Household, HouseholdSurvey
from povmis.registry.signals import decision_recorded
from povmis.registry.status_applications import assess_status, is_status_request, recognised_status, record_status
from povmis.units.models import AdminUnit

Step = Application.Step
FORM_OF_REQUEST = {
    Application.Request.POOR_OR_NEAR_POOR: Application.Form.REVIEW,
    Application.Request.AVERAGE_LIVING: Application.Form.REVIEW,
    Application.Request.ESCAPE: Application.Form.ESCAPE,
    Application.Request.LOW_INCOME_WORKER: Application.Form.WORKER,
}
POOR_TO_NEAR = ("poor", "near_poor")
# Steps 2-4 in order: each is recorded after the one before it.
NEXT_STEP = {Step.ASSESSED: Step.VILLAGE_MEETING, Step.VILLAGE_MEETING: Step.POSTED}


def _may_act(user: User, household: Household) -> None:
    if not can(user, household, Access.EDIT):
        raise PermissionDenied(_("you cannot act for this household"))


def file_application(
    household: Household,
    *,
    user: User,
    request: str,
    channel: str,
    filed_on: dt.date,
    reason: str = "",
    member_code: str = "",
) -> Application:
    """Record Mẫu 01 or Mẫu 04, or a worker's application (the form follows from what is asked)."""
    _may_act(user, household)
    if request not in FORM_OF_REQUEST:
        raise ServiceError(_("%(request)r is not something a household may apply for"), request=request)
    if channel not in Application.Channel.values:
        raise ServiceError(_("%(channel)r is not a channel an application arrives by"), channel=channel)
    if filed_on > timezone.localdate():
        raise ServiceError(_("an application cannot be filed in the future"))
    member_code = member_code.strip() if request == Application.Request.LOW_INCOME_WORKER else ""
    if request == Application.Request.LOW_INCOME_WORKER and not member_code:
        raise ServiceError(_("a low-income worker's application names the member it is for"))
    open_steps = [Step.FILED, Step.ASSESSED, Step.VILLAGE_MEETING, Step.POSTED]
    waiting = Application.objects.filter(household=household, member_code=member_code, step__in=open_steps)
    if waiting.exists():
        raise ServiceError(
            _("household %(code)s already has an application waiting for its decision"), code=household.code
        )
    return Application.objects.create(
        household=household,
        form=FORM_OF_REQUEST[Application.Request(request)],
        request=request,
        channel=channel,
        filed_on=filed_on,
        reason=reason,
        filed_by=user,
        member_code=member_code,
    )


def assess(application: Application, *, user: User, facts: dict[str, Any] | None = None) -> Application:
    """Step 2: classify the household's latest survey answers with its review's standard, this row only.

    A status application instead evaluates its status's rule over that row and the ``facts`` recorded.
    """
    _may_act(user, application.household)
    if application.step not in (Step.FILED, Step.ASSESSED):
        raise ServiceError(_("the application is past its survey: decide it"))
    survey = (
        HouseholdSurvey.objects.filter(household=application.household, cycle__year__lte=application.filed_on.year)
        .select_related("cycle")
        .order_by("-cycle__year")
        .first()
    )
    if survey is None:
        raise ServiceError(
            _("household %(code)s has no survey answers: import them first"), code=application.household.code
        )
    if is_status_request(application.request):
        assess_status(application, survey, facts or {})
        application.assessed_cycle, application.step = survey.cycle, Step.ASSESSED
        application.save()
        return application
    standard = load_standard(survey.cycle.standard_id)
    households, members = cycle_frames(survey.cycle_id, standard, [application.household.code])
    result = classify(households.drop("household_pk", "commune_path"), members, standard).households
    row = result.select(pl.col("class").cast(pl.String), "reason_vi").row(0)
    application.assessed_class, application.assessed_reason_vi = row[0] or "", row[1] or ""
    application.assessed_cycle, application.step = survey.cycle, Step.ASSESSED
    application.save()
    return application


def record_step(application: Application, *, user: User, step: str) -> Application:
    """Steps 3 and 4: the village meeting agreed the result, then it was posted."""
    _may_act(user, application.household)
    if NEXT_STEP.get(Step(application.step)) != step:
        raise ServiceError(_("the procedure's steps are taken in order: survey, village meeting, posting"))
    application.step = step
    application.save(update_fields=["step"])
    return application


def decide(
    application: Application, *, user: User, recognise: bool, decided_on: dt.date, reasons: str = ""
) -> Application:
    """Recognise the household's class (after the posting) or refuse with written reasons (at any open step)."""
    _may_act(user, application.household)
    if not application.is_open:
        raise ServiceError(_("this application has already been decided"))
    if decided_on < application.filed_on or decided_on > timezone.localdate():
        raise ServiceError(_("the decision is dated between the filing and today"))
    with transaction.atomic():
        # Numbers follow one another in the commune: one decision at a time per commune.
        AdminUnit.objects.select_for_update().get(pk=application.household.commune_id)
        application.previous_class = class_of(application.household, decided_on) or ""
        if recognise:
            _recognise(application, decided_on)
        else:
            if not reasons.strip():
                raise ServiceError(_("a refusal is a written reply: give its reasons"))
            application.step, application.refusal_reasons = Step.REFUSED, reasons
        application.decided_on, application.decided_by = decided_on, user
        application.save()
        if application.decided_status:
            record_status(application, decided_on)
        # In the same transaction: the counts that read the list in force land with the decision, or neither.
        decision_recorded.send(sender=Application, household=application.household, decided_on=decided_on)
    return application


def recognised_class(asked: str, assessed: str, previous: str) -> str:
    """The class a recognition gives, from what was asked and the assessed class; refused when they disagree.

    An escape is from the list or down it: a poor household assessed near-poor has escaped poverty.
    """
    if asked == Application.Request.POOR_OR_NEAR_POOR and assessed in ON_THE_LIST:
        return assessed
    if asked == Application.Request.ESCAPE and (assessed not in ON_THE_LIST or (previous, assessed) == POOR_TO_NEAR):
        return assessed
    raise ServiceError(
        _("the household's answers classify it as %(class)s: refuse with reasons"),
        **{"class": assessed or "unclassified"},
    )


def _recognise(application: Application, decided_on: dt.date) -> None:
    if application.step != Step.POSTED:
        raise ServiceError(_("a recognition follows the survey, the village meeting and the posting"))
    if is_status_request(application.request):
        application.decided_status = recognised_status(application)
    else:
        application.decided_class = recognised_class(
            application.request, application.assessed_class, application.previous_class
        )
    application.step = Step.RECOGNISED
    # Numbered with the annual review's decision and certificates of the same commune and year.
    decision, certificate = round_decision.next_numbers(application.household.commune, decided_on.year)
    application.decision_number = decision
    if application.decided_class in ON_THE_LIST:
        application.certificate_number = certificate


def decision_due(application: Application) -> dt.date:
    """The last day for the decision on ``application`` under the procedure in force when it was filed."""
    return procedure_for(application.filed_on).decision_due(application.filed_on)
