"""Complaints received while the commune's result is posted, and their decisions.

A complaint is received only within the posting period; an upheld one names the correction it caused
(a change request of the same household and review), which goes through the four-eyes decision as any
correction does. The list cannot leave the appeals while a complaint waits for its decision.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from povmis.errors import ServiceError
from povmis.registry.meetings import locked_review, may_record
from povmis.registry.models import ChangeRequest, CommuneReview, Complaint, Household, Posting, Stage
from povmis.registry.stages import ensure_open

RECEIVING = (Stage.PUBLIC_NOTICE, Stage.APPEALS)


def file_complaint(
    review: CommuneReview, household: Household, *, user: User, complainant: str, received_on: dt.date,
    channel: str, text: str,
) -> Complaint:  # fmt: skip
    """Record a complaint about ``household``'s place on the posted list, received during the posting."""
    may_record(user, review)
    with transaction.atomic():
        review = locked_review(review)
        ensure_open(review.cycle)
        if review.stage not in RECEIVING:
            raise ServiceError(_("complaints are received while the result is posted and during the appeals"))
        posting = Posting.objects.filter(review=review).first()
        if posting is None:
            raise ServiceError(_("record when the result was posted first"))
        if not posting.posted_on <= received_on <= posting.ends_on:
            raise ServiceError(
                _("the complaint was received on %(day)s, outside the posting from %(start)s to %(end)s: "
                  "it cannot be taken into this review; the household may apply in the monthly review"),
                day=received_on.isoformat(), start=posting.posted_on.isoformat(), end=posting.ends_on.isoformat(),
            )  # fmt: skip
        if household.commune_id != review.commune_id:
            raise ServiceError(_("household %(code)s is not of this commune"), code=household.code)
        if channel not in Complaint.Channel.values:
            raise ServiceError(_("%(channel)r is not a channel a complaint arrives by"), channel=channel)
        if not complainant.strip() or not text.strip():
            raise ServiceError(_("a complaint names who made it and what it says"))
        return Complaint.objects.create(
            review=review, household=household, complainant=complainant.strip(), received_on=received_on,
            channel=channel, text=text, recorded_by=user,
        )  # fmt: skip


def decide_complaint(
    complaint: Complaint, *, user: User, upheld: bool, reasons: str, decided_on: dt.date,
    correction: ChangeRequest | None = None,
) -> Complaint:  # fmt: skip
    """Uphold (with the correction it caused) or reject the complaint, with written reasons."""
    may_record(user, complaint.review)
    with transaction.atomic():
        review = locked_review(complaint.review)
        ensure_open(review.cycle)
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if complaint.decision != Complaint.Decision.PENDING:
            raise ServiceError(_("this complaint has already been decided"))
        if not reasons.strip():
            raise ServiceError(_("a complaint's decision gives its reasons"))
        if not complaint.received_on <= decided_on <= timezone.localdate():
            raise ServiceError(_("the decision is dated between the complaint's receipt and today"))
        if upheld and correction is None:
            raise ServiceError(_("an upheld complaint names the correction it caused: propose it first"))
        if correction is not None and (correction.household_id, correction.cycle_id) != (
            complaint.household_id, review.cycle_id,
        ):  # fmt: skip
            raise ServiceError(_("the correction is not of the complaint's household in this review"))
        complaint.decision = Complaint.Decision.UPHELD if upheld else Complaint.Decision.REJECTED
        complaint.reasons, complaint.decided_on, complaint.decided_by = reasons, decided_on, user
        complaint.correction = correction if upheld else None
        complaint.save()
    return complaint
