"""The regular review's pages: the applications of the commune, one application's steps and decision.

Every page reads through the user's scope (registry.queries): an application of another commune is a
404, exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from povmis.accounts.scoping import Access, area_path
from povmis.errors import ServiceError, shown
from povmis.registry import applications as actions
from povmis.registry import queries, status_applications
from povmis.registry.models import Application, Household, Status
from povmis.registry.views.access import require, signed_in
from povmis.reports import recognition_pdf

PAGE = 50


class FileForm(forms.Form):
    household = forms.CharField(label=gettext_lazy("Household code"), max_length=64)
    request = forms.ChoiceField(label=gettext_lazy("The household asks"), choices=Application.Request.choices)
    channel = forms.ChoiceField(label=gettext_lazy("Received"), choices=Application.Channel.choices)
    filed_on = forms.DateField(label=gettext_lazy("Filed on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=gettext_lazy("Reason given"), required=False, widget=forms.Textarea)
    member_code = forms.CharField(label=gettext_lazy("Member (a low-income worker's application)"), required=False)


_due = actions.decision_due


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    require(request, Access.READ)
    form = FileForm(request.POST or None, initial={"filed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        return _file(request, form.cleaned_data)
    rows = list(queries.applications(request.user)[:PAGE])
    for row in rows:
        row.due = _due(row)  # type: ignore[attr-defined]  # for the template only
    may_file = area_path(request.user, Access.EDIT) is not None
    return render(request, "web/applications.html", {"applications": rows, "form": form, "may_file": may_file})


def _file(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    require(request, Access.EDIT)
    try:
        household = queries.household(request.user, data["household"])
        application = actions.file_application(
            household, user=signed_in(request), request=data["request"], channel=data["channel"],
            filed_on=data["filed_on"], reason=data["reason"], member_code=data["member_code"],
        )  # fmt: skip
    except Household.DoesNotExist:
        messages.error(request, _("No household %(code)s in your area.") % {"code": data["household"]})
        return redirect("application-list")
    except ServiceError as error:
        messages.error(request, _("The application was refused: %(reason)s") % {"reason": shown(error)})
        return redirect("application-list")
    messages.success(request, _("Application filed."))
    return redirect("application-detail", application.pk)


def _application(request: HttpRequest, pk: int) -> Application:
    try:
        return queries.application(request.user, pk)
    except Application.DoesNotExist:
        raise Http404("no such application") from None


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, Access.READ)
    application = _application(request, pk)
    context = {
        "application": application,
        "due": _due(application),
        "may_act": area_path(request.user, Access.EDIT) is not None,
        "today": timezone.localdate(),
        "facts": list(status_applications.FACTS.get(application.request, {}).items()),
        "assessment": status_applications.assessment(application),
        "status_label": dict(Status.Kind.choices).get(application.decided_status, ""),
    }
    return render(request, "web/application_detail.html", context)


@login_required
@require_POST
def application_act(request: HttpRequest, pk: int) -> HttpResponse:
    """One step of the procedure, or the decision: which one is the form's ``action``."""
    require(request, Access.EDIT)
    application, user, action = _application(request, pk), signed_in(request), request.POST.get("action", "")
    try:
        if action == "assess":
            asked = status_applications.FACTS.get(application.request, {})
            facts = {name: request.POST.get(name, "") for name in asked}
            actions.assess(application, user=user, facts=facts)
        elif action in (Application.Step.VILLAGE_MEETING, Application.Step.POSTED):
            actions.record_step(application, user=user, step=action)
        elif action in ("recognise", "refuse"):
            decided_on = dt.date.fromisoformat(request.POST.get("decided_on", ""))
            actions.decide(
                application, user=user, recognise=action == "recognise", decided_on=decided_on,
                reasons=request.POST.get("reasons", ""),
            )  # fmt: skip
        else:
            raise ServiceError(gettext_lazy("unknown action %(action)r"), action=action)
    except ValueError:
        messages.error(request, _("Give the decision's date."))
    except ServiceError as error:
        messages.error(request, _("Refused: %(reason)s") % {"reason": shown(error)})
    return redirect("application-detail", pk)


def _decided(request: HttpRequest, pk: int) -> Application:
    require(request, Access.READ)
    application = _application(request, pk)
    if application.step != Application.Step.RECOGNISED:
        raise Http404("not recognised")
    return application


@login_required
def decision_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Mẫu 02: the commune chairperson's decision recognising the household, numbered in the commune's year."""
    application = _decided(request, pk)
    return render(request, "web/print_decision.html", {"application": application})


@login_required
def certificate_print(request: HttpRequest, pk: int) -> HttpResponse:
    """Mẫu 03: the certificate of a poor or near-poor household, with its members."""
    application = _decided(request, pk)
    if application.certificate_number is None:
        raise Http404("no certificate")
    context = {"application": application, "members": _members(application)}
    return render(request, "web/print_certificate.html", context)


@login_required
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    application = _decided(request, pk)
    return _pdf(recognition_pdf.decision_pdf(application), f"quyet-dinh-{application.decision_number}.pdf")


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    application = _decided(request, pk)
    if application.certificate_number is None:
        raise Http404("no certificate")
    content = recognition_pdf.certificate_pdf(application, _members(application))
    return _pdf(content, f"giay-chung-nhan-{application.certificate_number}.pdf")


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _members(application: Application) -> list[dict[str, Any]]:
    survey = application.household.surveys.filter(cycle=application.assessed_cycle).first()
    if survey is None:
        return []
    return [{"code": member.member_code, **member.answer_dict} for member in survey.members.all()]
