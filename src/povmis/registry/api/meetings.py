"""The commune's record of its annual review: minutes, posting, complaints, the decision and escaped lists.

The same services and lists as the pages (registry.meetings, complaints, round_decision); a commune
outside the caller's area is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from povmis.api.schemas import Detail
from povmis.api.security import caller
from povmis.registry import queries
from povmis.registry.api.schemas import ComplaintFiled, MeetingVote
from povmis.registry.meetings import Minutes
from povmis.registry.models import CommuneReview, Complaint, Posting, RoundDecision
from povmis.registry.round_decision import ESCAPED_LISTS, LISTS, round_list
from povmis.registry.services import (
    decide_complaint,
    file_complaint,
    issue_round_decision,
    record_minutes,
    record_posting,
)
from povmis.units.models import AdminUnit

router = Router(tags=["cycles"])
ERRORS: dict[int, type[Detail]] = {400: Detail, 403: Detail, 404: Detail}
BASE = "/cycles/{year}/communes/{code}"


class MeetingOut(MeetingVote):
    id: int
    village_code: str | None
    agreement_percent: int
    passed: bool

    @staticmethod
    def resolve_village_code(obj: Any) -> str | None:
        return obj.village.code if obj.village else None


class MeetingIn(MeetingVote):
    village: str | None = None
    notes: str = ""


class PostingOut(Schema):
    posted_on: dt.date
    ends_on: dt.date
    places: str


class PostingIn(Schema):
    posted_on: dt.date
    places: str = ""


class ComplaintOut(ComplaintFiled):
    id: int
    household_code: str
    decision: str
    reasons: str
    decided_on: dt.date | None
    correction_id: int | None

    @staticmethod
    def resolve_household_code(obj: Complaint) -> str:
        return obj.household.code


class ComplaintIn(ComplaintFiled):
    household: str


class ComplaintDecisionIn(Schema):
    upheld: bool
    reasons: str
    decided_on: dt.date
    correction_id: int | None = None


class RecordOut(Schema):
    stage: str
    meetings: list[MeetingOut]
    posting: PostingOut | None
    complaints: list[ComplaintOut]


class ListedHousehold(Schema):
    household_code: str
    head_name: str
    household_class: str
    transition: str


class DecisionOut(Schema):
    number: int | None
    decided_on: dt.date | None
    certificates: dict[str, int]
    lists: dict[str, list[ListedHousehold]]


class RoundDecisionIn(Schema):
    decided_on: dt.date


def _review(request: HttpRequest, year: int, code: str) -> CommuneReview:
    return queries.commune_review(caller(request), year, code)


@router.get(BASE + "/record", response={200: RecordOut, **ERRORS})
def record(request: HttpRequest, year: int, code: str) -> dict[str, Any]:
    """The commune's minutes, posting and complaints of the review."""
    review = _review(request, year, code)
    return {
        "stage": review.stage,
        "meetings": list(review.meetings.select_related("village")),
        "posting": Posting.objects.filter(review=review).first(),
        "complaints": list(review.complaints.select_related("household")),
    }


@router.post(BASE + "/meetings", response={201: MeetingOut, **ERRORS})
def add_meeting(request: HttpRequest, year: int, code: str, payload: MeetingIn) -> tuple[int, Any]:
    """Record a village meeting's minutes; an agreement under the threshold sends the commune back to the survey."""
    review = _review(request, year, code)
    village = None
    if payload.village:
        village = AdminUnit.objects.filter(parent=review.commune, code=payload.village).first()
        if village is None:
            raise Http404("no such village")
    minutes = Minutes(village=village, **payload.model_dump(exclude={"village"}))
    return 201, record_minutes(review, minutes, user=caller(request))


@router.put(BASE + "/posting", response={200: PostingOut, **ERRORS})
def set_posting(request: HttpRequest, year: int, code: str, payload: PostingIn) -> Posting:
    """Record when the result was posted; the posting's end follows from the procedure."""
    review = _review(request, year, code)
    return record_posting(review, user=caller(request), posted_on=payload.posted_on, places=payload.places)


@router.post(BASE + "/complaints", response={201: ComplaintOut, **ERRORS})
def add_complaint(request: HttpRequest, year: int, code: str, payload: ComplaintIn) -> tuple[int, Complaint]:
    """Record a complaint received during the posting."""
    user = caller(request)
    review = _review(request, year, code)
    household = queries.household(user, payload.household)
    data = payload.model_dump(exclude={"household"})
    return 201, file_complaint(review, household, user=user, **data)


@router.post(BASE + "/complaints/{complaint_id}/decision", response={200: ComplaintOut, **ERRORS})
def decide(request: HttpRequest, year: int, code: str, complaint_id: int, payload: ComplaintDecisionIn) -> Complaint:
    """Uphold (naming the correction it caused) or reject a complaint, with reasons."""
    user = caller(request)
    review = _review(request, year, code)
    complaint = review.complaints.select_related("household").get(pk=complaint_id)
    correction = None
    if payload.correction_id is not None:
        correction = queries.change_requests(user).get(pk=payload.correction_id)
    return decide_complaint(complaint, user=user, upheld=payload.upheld, reasons=payload.reasons,
                            decided_on=payload.decided_on, correction=correction)  # fmt: skip


def _decision(request: HttpRequest, review: CommuneReview, names: tuple[str, ...]) -> dict[str, Any]:
    decision = RoundDecision.objects.filter(review=review).first()
    lists = {
        name: [
            {"household_code": r.household.code, "head_name": r.household.head_name,
             "household_class": r.household_class, "transition": r.transition}
            for r in round_list(caller(request), review.cycle.year, review.commune.code, name)
        ]
        for name in names
    }  # fmt: skip
    certificates = (
        {c.household.code: c.number for c in decision.certificates.select_related("household")} if decision else {}
    )
    return {
        "number": decision.number if decision else None,
        "decided_on": decision.decided_on if decision else None,
        "certificates": certificates,
        "lists": lists,
    }


@router.get(BASE + "/decision", response={200: DecisionOut, **ERRORS})
def decision(request: HttpRequest, year: int, code: str) -> dict[str, Any]:
    """Mẫu 02's four lists of the review, with the decision's and certificates' numbers once issued."""
    return _decision(request, _review(request, year, code), tuple(LISTS))


@router.post(BASE + "/decision", response={201: DecisionOut, **ERRORS})
def issue(request: HttpRequest, year: int, code: str, payload: RoundDecisionIn) -> tuple[int, dict[str, Any]]:
    """Issue the commune's decision and number a certificate for each poor and near-poor household."""
    review = _review(request, year, code)
    issue_round_decision(review, user=caller(request), decided_on=payload.decided_on)
    return 201, _decision(request, review, tuple(LISTS))


@router.get(BASE + "/escaped", response={200: DecisionOut, **ERRORS})
def escaped(request: HttpRequest, year: int, code: str) -> dict[str, Any]:
    """The review's escaped-poor and escaped-near-poor households of the commune."""
    return _decision(request, _review(request, year, code), ESCAPED_LISTS)
