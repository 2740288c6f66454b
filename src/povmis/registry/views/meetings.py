"""The commune's record of its annual review: the village meetings' minutes, the posting, the complaints.

One page per commune and review (phone-sized forms), each form posting to one action; every action is a
service of the registry (meetings, complaints, round_decision). A commune outside the user's area is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from povmis.accounts.scoping import Access, role_kind
from povmis.errors import ServiceError, shown
from povmis.registry import queries
from povmis.registry.meetings import COMMUNE_STEPS, Minutes
from povmis.registry.models import (
    ChangeRequest,
    CommuneReview,
    Complaint,
    Household,
    Posting,
    ReviewCycle,
    RoundDecision,
    VillageMeeting,
)
from povmis.registry.services import (
    decide_complaint,
    file_complaint,
    issue_round_decision,
    propose_change,
    record_minutes,
    record_posting,
)
from povmis.registry.stage_guards import villages_to_meet
from povmis.registry.views.access import require, signed_in, within
from povmis.units.models import AdminUnit

DATE = forms.DateInput(attrs={"type": "date"})


class MinutesForm(forms.Form):
    village = forms.ChoiceField(label=gettext_lazy("Village"), required=False)

    def __init__(self, *args: Any, villages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"] = forms.ChoiceField(label=gettext_lazy("Village"), required=False, choices=villages)

    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=DATE)
    chair = forms.CharField(label=gettext_lazy("Chair"), max_length=200)
    secretary = forms.CharField(label=gettext_lazy("Secretary"), max_length=200)
    invited = forms.IntegerField(label=gettext_lazy("Households invited"), min_value=0)
    attending = forms.IntegerField(label=gettext_lazy("Households attending"), min_value=0)
    agree = forms.IntegerField(label=gettext_lazy("Agree with the list"), min_value=0)
    disagree = forms.IntegerField(label=gettext_lazy("Disagree"), min_value=0)
    notes = forms.CharField(label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PostingForm(forms.Form):
    posted_on = forms.DateField(label=gettext_lazy("Posted on"), widget=DATE)
    places = forms.CharField(label=gettext_lazy("Where it is posted"), required=False, max_length=500)


class ComplaintForm(forms.Form):
    household = forms.CharField(label=gettext_lazy("Household code"), max_length=64)
    complainant = forms.CharField(label=gettext_lazy("Complainant"), max_length=200)
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=DATE)
    channel = forms.ChoiceField(label=gettext_lazy("Received"), choices=Complaint.Channel.choices)
    text = forms.CharField(label=gettext_lazy("What the complaint says"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideComplaintForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("Decision"), coerce=lambda value: value == "1",
        choices=[("1", gettext_lazy("Upheld")), ("0", gettext_lazy("Rejected"))],
    )  # fmt: skip
    decided_on = forms.DateField(label=gettext_lazy("Decided on"), widget=DATE)
    reasons = forms.CharField(label=gettext_lazy("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))
    # An upheld complaint's correction: the answer to change and its new value, proposed at once.
    field = forms.CharField(label=gettext_lazy("Answer to correct"), required=False, max_length=64)
    value = forms.CharField(label=gettext_lazy("Corrected value"), required=False, max_length=200)


def commune_review(request: HttpRequest, year: int, commune: str) -> CommuneReview:
    try:
        return queries.commune_review(request.user, year, commune)
    except (CommuneReview.DoesNotExist, ReviewCycle.DoesNotExist):
        raise Http404("no such commune in this review") from None


def _village_choices(review: CommuneReview) -> list[tuple[str, str]]:
    return [(v.code, v.name) if v else ("", _("Households of no village")) for v in villages_to_meet(review)]


@login_required
def review_record(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    require(request, Access.READ)
    review = commune_review(request, year, commune)
    today = timezone.localdate()
    minutes_form = MinutesForm(initial={"held_on": today}, villages=_village_choices(review))
    context: dict[str, Any] = {
        "review": review,
        "meetings": list(review.meetings.select_related("village")),
        "posting": Posting.objects.filter(review=review).first(),
        "complaints": list(review.complaints.select_related("household", "correction")),
        "decision": RoundDecision.objects.filter(review=review).first(),
        # Only the commune records (registry.meetings.may_record decides again when a form is sent).
        "may_record": role_kind(request.user) in COMMUNE_STEPS and within(request.user, review.commune, Access.APPROVE),
        "minutes_form": minutes_form,
        "posting_form": PostingForm(initial={"posted_on": today}),
        "complaint_form": ComplaintForm(initial={"received_on": today}),
        "decide_form": DecideComplaintForm(initial={"decided_on": today}),
        "today": today,
    }
    return render(request, "web/review_record.html", context)


def _back(request: HttpRequest, year: int, commune: str, error: ServiceError | None, done: str) -> HttpResponse:
    if error is not None:
        messages.error(request, _("Refused: %(reason)s") % {"reason": shown(error)})
    else:
        messages.success(request, done)
    return redirect("review-record", year=year, commune=commune)


def _invalid(request: HttpRequest, year: int, commune: str, form: forms.Form) -> HttpResponse:
    problems = "; ".join(
        f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}"
        for name, errors in form.errors.items()
        if name in form.fields
    )
    messages.error(request, _("Check the form: %(problems)s") % {"problems": problems})
    return redirect("review-record", year=year, commune=commune)


@login_required
@require_POST
def minutes(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    require(request, Access.APPROVE)
    review = commune_review(request, year, commune)
    form = MinutesForm(request.POST, villages=_village_choices(review))
    if not form.is_valid():
        return _invalid(request, year, commune, form)
    data = form.cleaned_data
    village = AdminUnit.objects.filter(parent=review.commune, code=data["village"]).first() if data["village"] else None
    try:
        meeting = record_minutes(review, Minutes(
            village=village, held_on=data["held_on"], chair=data["chair"], secretary=data["secretary"],
            invited=data["invited"], attending=data["attending"], agree=data["agree"], disagree=data["disagree"],
            notes=data["notes"],
        ), user=signed_in(request))  # fmt: skip
    except ServiceError as error:
        return _back(request, year, commune, error, "")
    if meeting.passed:
        return _back(request, year, commune, None, _("Minutes recorded: the meeting agreed the list."))
    messages.warning(request, _("Minutes recorded: the agreement was too low, the commune goes back to the survey."))
    return redirect("review-record", year=year, commune=commune)


@login_required
@require_POST
def posting(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    require(request, Access.APPROVE)
    review = commune_review(request, year, commune)
    form = PostingForm(request.POST)
    if not form.is_valid():
        return _invalid(request, year, commune, form)
    try:
        record_posting(review, user=signed_in(request), posted_on=form.cleaned_data["posted_on"],
                       places=form.cleaned_data["places"])  # fmt: skip
    except ServiceError as error:
        return _back(request, year, commune, error, "")
    return _back(request, year, commune, None, _("Posting recorded."))


@login_required
@require_POST
def complaint_new(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    require(request, Access.APPROVE)
    review = commune_review(request, year, commune)
    form = ComplaintForm(request.POST)
    if not form.is_valid():
        return _invalid(request, year, commune, form)
    data = form.cleaned_data
    try:
        household = queries.household(request.user, data["household"])
        file_complaint(review, household, user=signed_in(request), complainant=data["complainant"],
                       received_on=data["received_on"], channel=data["channel"], text=data["text"])  # fmt: skip
    except Household.DoesNotExist:
        messages.error(request, _("No household %(code)s in your area.") % {"code": data["household"]})
        return redirect("review-record", year=year, commune=commune)
    except ServiceError as error:
        return _back(request, year, commune, error, "")
    return _back(request, year, commune, None, _("Complaint recorded."))


@login_required
@require_POST
def complaint_decide(request: HttpRequest, year: int, commune: str, pk: int) -> HttpResponse:
    require(request, Access.APPROVE)
    review = commune_review(request, year, commune)
    complaint = review.complaints.select_related("household").filter(pk=pk).first()
    if complaint is None:
        raise Http404("no such complaint")
    form = DecideComplaintForm(request.POST)
    if not form.is_valid():
        return _invalid(request, year, commune, form)
    data, user = form.cleaned_data, signed_in(request)
    try:
        # The correction and the decision land together: a refused decision leaves no proposal behind.
        with transaction.atomic():
            correction: ChangeRequest | None = None
            if data["upheld"] and data["field"]:
                correction = propose_change(
                    complaint.household, cycle=review.cycle, user=user, field=data["field"], value=data["value"],
                    reason=data["reasons"], kind=ChangeRequest.Kind.APPEAL,
                )  # fmt: skip
            decide_complaint(complaint, user=user, upheld=data["upheld"], reasons=data["reasons"],
                             decided_on=data["decided_on"], correction=correction)  # fmt: skip
    except ServiceError as error:
        return _back(request, year, commune, error, "")
    return _back(request, year, commune, None, _("Complaint decided."))


@login_required
@require_POST
def decision_issue(request: HttpRequest, year: int, commune: str) -> HttpResponse:
    require(request, Access.APPROVE)
    review = commune_review(request, year, commune)
    try:
        decided_on = dt.date.fromisoformat(request.POST.get("decided_on", ""))
    except ValueError:
        messages.error(request, _("Give the decision's date."))
        return redirect("review-record", year=year, commune=commune)
    try:
        issue_round_decision(review, user=signed_in(request), decided_on=decided_on)
    except ServiceError as error:
        return _back(request, year, commune, error, "")
    return _back(request, year, commune, None, _("Decision issued, with its certificates."))


@login_required
def minutes_print(request: HttpRequest, year: int, commune: str, pk: int) -> HttpResponse:
    """The minutes of one village meeting (biên bản họp thôn), in Vietnamese as the paper is."""
    require(request, Access.READ)
    review = commune_review(request, year, commune)
    meeting = VillageMeeting.objects.filter(review=review, pk=pk).select_related("village").first()
    if meeting is None:
        raise Http404("no such meeting")
    return render(request, "web/print_minutes.html", {"review": review, "meeting": meeting})
