"""Steps 3 and 4 of the annual review at the commune: the village meeting's minutes and the posting.

Every change is one of these functions; the pages, the API and the demo call them. A meeting whose
agreement falls short of the procedure's threshold sends the commune back to the survey (step 2),
written in the stage history with the reason, and the meeting is held again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from povmis.accounts.models import RoleKind
from povmis.accounts.scoping import Access, can, role_kind
from povmis.core.procedures.procedure import procedure_for
from povmis.errors import PermissionDenied, ServiceError
from povmis.registry.cycle_lock import lock_cycle
from povmis.registry.models import CommuneReview, Posting, Stage, StageChange, VillageMeeting
from povmis.registry.stage_guards import villages_to_meet
from povmis.registry.stages import ensure_open
from povmis.units.models import AdminUnit

# The commune runs the meeting and the posting (Decision 24/2021 Art. 4); an administrator may stand in.
COMMUNE_STEPS = {RoleKind.COMMUNE_CADRE, RoleKind.ADMINISTRATOR}


@dataclass(frozen=True)
class Minutes:
    """What a village meeting's minutes record (biên bản họp thôn)."""

    village: AdminUnit | None
    held_on: dt.date
    chair: str
    secretary: str
    invited: int
    attending: int
    agree: int
    disagree: int
    notes: str = ""


def may_record(user: User, review: CommuneReview) -> None:
    if not can(user, review, Access.APPROVE) or role_kind(user) not in COMMUNE_STEPS:
        raise PermissionDenied(_("only the commune records its review's minutes, posting and complaints"))


def locked_review(review: CommuneReview) -> CommuneReview:
    lock_cycle(review.cycle_id)
    return CommuneReview.objects.select_for_update(of=("self",)).select_related("cycle", "commune").get(pk=review.pk)


def _check(minutes: Minutes, review: CommuneReview) -> None:
    if not minutes.chair.strip() or not minutes.secretary.strip():
        raise ServiceError(_("the minutes name the meeting's chair and its secretary"))
    if min(minutes.invited, minutes.attending, minutes.agree, minutes.disagree) < 0:
        raise ServiceError(_("the minutes' counts of households and votes are whole numbers, none below zero"))
    if minutes.attending > minutes.invited:
        raise ServiceError(_("more households attended (%(attending)s) than were invited (%(invited)s)"),
                           attending=minutes.attending, invited=minutes.invited)  # fmt: skip
    if minutes.attending == 0 or minutes.agree + minutes.disagree > minutes.attending:
        raise ServiceError(_("the votes (%(votes)s) are more than those attending (%(attending)s), or nobody attended"),
                           votes=minutes.agree + minutes.disagree, attending=minutes.attending)  # fmt: skip
    if minutes.held_on > timezone.localdate():
        raise ServiceError(_("a meeting cannot be held in the future"))
    if minutes.village not in villages_to_meet(review):
        raise ServiceError(_("that village has no households on the commune's list"))


def record_minutes(review: CommuneReview, minutes: Minutes, *, user: User) -> VillageMeeting:
    """Record a village meeting while the list is at the meeting; below the threshold, back to the survey."""
    may_record(user, review)
    with transaction.atomic():
        review = locked_review(review)
        ensure_open(review.cycle)
        if review.stage != Stage.VILLAGE_MEETING:
            raise ServiceError(_("the minutes are recorded while the commune's list is at the village meeting"))
        _check(minutes, review)
        rules = procedure_for(minutes.held_on)
        passed = rules.meeting_agrees(minutes.agree, minutes.attending)
        meeting = VillageMeeting.objects.create(
            review=review, village=minutes.village, held_on=minutes.held_on, chair=minutes.chair.strip(),
            secretary=minutes.secretary.strip(), invited=minutes.invited, attending=minutes.attending,
            agree=minutes.agree, disagree=minutes.disagree, passed=passed, notes=minutes.notes, recorded_by=user,
        )  # fmt: skip
        if not passed:
            _back_to_survey(review, meeting, rules.agreement_percent, user)
    return meeting


def _back_to_survey(review: CommuneReview, meeting: VillageMeeting, threshold: int, user: User) -> None:
    place = meeting.village.name if meeting.village else review.commune.name
    # The stage history is kept in Vietnamese for every reader, as the notes a cadre types are.
    note = (
        f"Họp thôn {place} ngày {meeting.held_on:%d/%m/%Y}: {meeting.agree}/{meeting.attending} người tham dự "
        f"đồng ý ({meeting.agreement_percent}%), dưới {threshold}%: rà soát lại và họp lại"
    )
    StageChange.objects.create(
        review=review, from_stage=review.stage, to_stage=Stage.SURVEY, changed_by=user, note=note
    )
    review.stage = Stage.SURVEY
    review.save(update_fields=["stage", "updated_at"])


def record_posting(review: CommuneReview, *, user: User, posted_on: dt.date, places: str = "") -> Posting:
    """Step 4: the result is posted from ``posted_on`` for the procedure's number of working days."""
    may_record(user, review)
    with transaction.atomic():
        review = locked_review(review)
        ensure_open(review.cycle)
        if review.stage != Stage.PUBLIC_NOTICE:
            raise ServiceError(_("the posting is recorded while the commune's list is at the public notice"))
        if posted_on > timezone.localdate():
            raise ServiceError(_("a posting cannot start in the future"))
        last_meeting = review.meetings.filter(passed=True).order_by("-held_on").first()
        if last_meeting is not None and posted_on < last_meeting.held_on:
            raise ServiceError(_("the result is posted after the village meeting that agreed it"))
        ends_on = procedure_for(posted_on).posting_ends(posted_on)
        posting, _created = Posting.objects.update_or_create(
            review=review,
            defaults={"posted_on": posted_on, "ends_on": ends_on, "places": places, "recorded_by": user},
        )
    return posting
