"""What the procedure asks of a commune before its list leaves a stage (Decision 24/2021 Art. 4).

Leaving the village meeting takes minutes that agree the list for every village with households on it;
leaving the public notice takes the posting's dates; leaving the appeals takes a decision on every
complaint. ``advance_stage`` asks these; the pages ask them too, to say what is missing.
"""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from povmis.errors import ServiceError
from povmis.registry.models import CommuneReview, Complaint, HouseholdResult, Posting, Stage
from povmis.units.models import AdminUnit

NO_VILLAGE = _("households of no village")


def villages_to_meet(review: CommuneReview) -> list[AdminUnit | None]:
    """The villages with households on the commune's list, by code; None for households of no village."""
    ids = set(
        HouseholdResult.objects.filter(cycle=review.cycle_id, household__commune=review.commune_id)
        .values_list("household__village", flat=True)
        .distinct()
    )
    villages: list[AdminUnit | None] = list(AdminUnit.objects.filter(pk__in=ids - {None}).order_by("code"))
    return [*villages, None] if None in ids else villages


def villages_without_agreement(review: CommuneReview) -> list[AdminUnit | None]:
    """The villages whose latest minutes are missing or did not reach the agreement the result needs."""
    latest: dict[int | None, bool] = {}
    for village_id, passed in review.meetings.order_by("held_on", "pk").values_list("village", "passed"):
        latest[village_id] = passed
    return [v for v in villages_to_meet(review) if not latest.get(v.pk if v else None, False)]


def undecided_complaints(review: CommuneReview) -> int:
    return review.complaints.filter(decision=Complaint.Decision.PENDING).count()


def check_may_leave(review: CommuneReview) -> None:
    """Refuse to move ``review`` past its current stage while the procedure's record of it is incomplete."""
    if review.stage == Stage.VILLAGE_MEETING:
        missing = villages_without_agreement(review)
        if missing or not review.meetings.exists():
            # Lazily joined: "households of no village" is said in the reader's language when shown.
            names = format_lazy(", ".join(["{}"] * len(missing)), *(v.name if v else NO_VILLAGE for v in missing))
            raise ServiceError(
                _("first record the minutes of a village meeting that agreed the list, for: %(villages)s"),
                villages=names if missing else "-",
            )
    elif review.stage == Stage.PUBLIC_NOTICE and not Posting.objects.filter(review=review).exists():
        raise ServiceError(_("record when the result was posted first"))
    elif review.stage == Stage.APPEALS:
        pending = undecided_complaints(review)
        if pending:
            raise ServiceError(_("decide the %(count)s complaint(s) received during the posting first"), count=pending)
