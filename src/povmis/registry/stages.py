"""Moving a commune's list through the review procedure, and opening and closing cycles."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from povmis.accounts.models import RoleKind
from povmis.accounts.scoping import Access, can, role_kind
from povmis.core.standard import load_standard
from povmis.errors import CycleClosed, PermissionDenied, ServiceError
from povmis.registry.cycle_lock import lock_cycle
from povmis.registry.models import (
    ChangeRequest,
    ClassificationRun,
    CommuneReview,
    HouseholdResult,
    HouseholdSurvey,
    ReviewCycle,
    Stage,
    StageChange,
)
from povmis.registry.models.cycles import STAGE_ORDER
from povmis.registry.stage_guards import check_may_leave
from povmis.units.models import Level

# Who takes each step (Decision 24/2021 Art. 4): the commune runs the meeting, the notice, the
# appeals and its own recognition decision; the district consolidates; the province approves.
STEP_TAKER: dict[str, str] = {
    Stage.VILLAGE_MEETING: RoleKind.COMMUNE_CADRE,
    Stage.PUBLIC_NOTICE: RoleKind.COMMUNE_CADRE,
    Stage.APPEALS: RoleKind.COMMUNE_CADRE,
    Stage.COMMUNE_APPROVED: RoleKind.COMMUNE_CADRE,
    Stage.DISTRICT_CONSOLIDATED: RoleKind.DISTRICT_OFFICER,
    Stage.PROVINCE_APPROVED: RoleKind.PROVINCE_OFFICER,
}


def ensure_open(cycle: ReviewCycle) -> None:
    if cycle.is_closed:
        raise CycleClosed(_("the %(year)s review is closed and cannot be changed"), year=cycle.year)


def next_stage(review: CommuneReview) -> str | None:
    """The stage after the current one; communes with no district (after 1 July 2025) skip consolidation."""
    position = STAGE_ORDER.index(review.stage)
    for stage in STAGE_ORDER[position + 1 :]:
        if stage == Stage.DISTRICT_CONSOLIDATED and not _has_district(review):
            continue
        return stage
    return None


def _has_district(review: CommuneReview) -> bool:
    parent = review.commune.parent
    return parent is not None and parent.level == Level.DISTRICT


def advance_stage(review: CommuneReview, *, user: User, note: str = "") -> CommuneReview:
    """Move the commune's list one step on, recording who did it and when."""
    with transaction.atomic():
        # After any import or classification of the cycle under way: the guard below sees its outcome.
        lock_cycle(review.cycle_id)
        # Lock the review row only: PostgreSQL cannot lock the nullable side of the join to the parent unit.
        review = (
            CommuneReview.objects.select_for_update(of=("self",))
            .select_related("cycle", "commune__parent")
            .get(pk=review.pk)
        )
        ensure_open(review.cycle)
        target = next_stage(review)
        if target is None:
            raise ServiceError(_("the commune's list is already approved by the province"))
        kind = role_kind(user)
        if not can(user, review, Access.APPROVE) or kind not in {STEP_TAKER[target], RoleKind.ADMINISTRATOR}:
            raise PermissionDenied(_("your role cannot move this commune to %(stage)s"), stage=Stage(target).label)
        check_may_leave(review)
        if target == Stage.COMMUNE_APPROVED and _open_requests(review):
            raise ServiceError(_("decide the open corrections and appeals before approving the list"))
        unclassified = answered_since_classification(review)
        if unclassified:
            raise ServiceError(
                _(
                    "%(count)s household(s) of the commune have answers newer than their class: "
                    "the province classifies the review again first"
                ),
                count=unclassified,
            )
        StageChange.objects.create(review=review, from_stage=review.stage, to_stage=target, changed_by=user, note=note)
        review.stage = target
        review.save(update_fields=["stage", "updated_at"])
    return review


def answered_since_classification(review: CommuneReview) -> int:
    """How many of the commune's households were answered or corrected after the review was last classified.

    The meeting, the notice and each approval are about the classes on the list; a list whose answers
    changed since cannot move on until it is classified again.
    """
    surveys = HouseholdSurvey.objects.filter(cycle=review.cycle, household__commune=review.commune)
    return stale_surveys(surveys, review.cycle).count()


def stale_surveys(surveys: QuerySet[HouseholdSurvey], cycle: ReviewCycle) -> QuerySet[HouseholdSurvey]:
    """Those of ``surveys`` answered after their household was last classified (all, before any run).

    A household is classified when its cycle's last run stored it, or later when it alone was classified
    again (an approved correction, ``HouseholdResult.classified_at``).
    """
    last = ClassificationRun.objects.filter(cycle=cycle).order_by("-ran_at").first()
    if last is None:
        return surveys
    again = HouseholdResult.objects.filter(
        run=last, household=OuterRef("household"), classified_at__gte=OuterRef("updated_at")
    )
    return surveys.filter(updated_at__gt=last.ran_at).exclude(Exists(again))


def _open_requests(review: CommuneReview) -> bool:
    return ChangeRequest.objects.filter(
        cycle=review.cycle, household__commune=review.commune, status=ChangeRequest.Status.PROPOSED
    ).exists()


def open_cycle(year: int, *, user: User, standard_id: str, also_asks: Sequence[str] = ()) -> ReviewCycle:
    """Open the review of ``year`` under ``standard_id``; its survey also asks the questions of ``also_asks``."""
    if role_kind(user) not in {RoleKind.PROVINCE_OFFICER, RoleKind.ADMINISTRATOR}:
        raise PermissionDenied(_("only the province or an administrator opens a review cycle"))
    for each in (standard_id, *also_asks):
        load_standard(each)  # refuse a standard that does not exist or does not load
    if ReviewCycle.objects.filter(year=year).exists():
        raise ServiceError(_("a %(year)s review already exists"), year=year)
    further = ",".join(dict.fromkeys(other for other in also_asks if other != standard_id))
    return ReviewCycle.objects.create(year=year, standard_id=standard_id, also_asks=further)


def close_cycle(cycle: ReviewCycle, *, user: User) -> ReviewCycle:
    """Close a cycle once every commune's list is approved by the province; it is read-only afterwards."""
    if role_kind(user) not in {RoleKind.PROVINCE_OFFICER, RoleKind.ADMINISTRATOR}:
        raise PermissionDenied(_("only the province or an administrator closes a review cycle"))
    ensure_open(cycle)
    pending = cycle.communes.exclude(stage=Stage.PROVINCE_APPROVED).count()
    if pending:
        raise ServiceError(_("%(count)s commune(s) are not yet approved by the province"), count=pending)
    cycle.closed_at = timezone.now()
    cycle.closed_by = user
    cycle.save(update_fields=["closed_at", "closed_by"])
    return cycle
