"""The work list's section for the regular review: applications whose decision is due soon or overdue."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from povmis.accounts.scoping import Access, AnyUser, area_path
from povmis.core.procedures.procedure import procedure_for
from povmis.registry import queries
from povmis.registry.models import Application
from povmis.registry.views.work import SHOWN, Item, Section, register

OPEN_STEPS = [Application.Step.FILED, Application.Step.ASSESSED, Application.Step.VILLAGE_MEETING,
              Application.Step.POSTED]  # fmt: skip


@register
def applications_due(user: AnyUser) -> Section | None:
    """Open applications of the user's communes from the day of the warning the procedure sets, soonest first."""
    if area_path(user, Access.EDIT) is None:
        return None
    today = timezone.localdate()
    waiting = queries.applications(user).filter(step__in=OPEN_STEPS).order_by("filed_on", "pk")
    due = []
    for application in waiting:  # one row per open application of a commune: a handful a month
        procedure = procedure_for(application.filed_on)
        if procedure.warn_from(application.filed_on) <= today:
            due.append((procedure.decision_due(application.filed_on), application))
    if not due:
        return None
    due.sort(key=lambda pair: (pair[0], pair[1].pk))
    items = [
        Item(
            text=f"{application.household.code} · {application.get_form_display()}",
            url=reverse("application-detail", args=[application.pk]),
            detail=date_format(deadline, "SHORT_DATE_FORMAT"),
            due=deadline,
            urgent=deadline < today,
        )
        for deadline, application in due[:SHOWN]
    ]
    return Section(
        "applications", _("Applications whose decision is due"), len(due), items, reverse("application-list")
    )
