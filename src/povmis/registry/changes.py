"""Corrections and appeals: proposed, then approved or rejected by someone else; never a silent overwrite.

Approving one changes the stored answer, refreshes the survey's fingerprint and writes the audit
entry (old value, new value, who, when, why) in the same transaction. Nobody decides their own
proposal, administrators included (four eyes). A correction approved after the district or the
province has passed the commune's list reopens those approvals: the list goes back to "approved by
the commune" and must be consolidated and approved again, now with the corrected answer.
"""

from __future__ import annotations

import polars as pl
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from povmis.accounts.scoping import Access, can
from povmis.errors import PermissionDenied, ServiceError
from povmis.registry import answers
from povmis.registry.cycle_data import asked_standard
from povmis.registry.cycle_lock import lock_cycle
from povmis.registry.models import (
    AuditEntry,
    ChangeRequest,
    CommuneReview,
    Household,
    HouseholdSurvey,
    MemberSurvey,
    ReviewCycle,
    Stage,
    StageChange,
)
from povmis.registry.stages import ensure_open
from povmis.registry.survey_import import cell_text


def propose_change(
    household: Household,
    *,
    cycle: ReviewCycle,
    user: User,
    field: str,
    value: str,
    reason: str,
    kind: str = ChangeRequest.Kind.CORRECTION,
    member_code: str = "",
) -> ChangeRequest:
    ensure_open(cycle)
    if not can(user, household, Access.EDIT):
        raise PermissionDenied(_("you cannot change this household"))
    if not reason.strip():
        raise ServiceError(_("say why the answer should change"))
    _require_answer(cycle, field, member_code)
    answered = _answered(_survey(household, cycle), member_code)
    _corrected(answered.answers, cycle, field, value, household.code, member_code)  # refuses what a file would
    old = answered.answer_dict.get(field)
    return ChangeRequest.objects.create(
        household=household,
        cycle=cycle,
        kind=kind,
        member_code=member_code,
        field=field,
        old_value=None if old is None else str(old),
        proposed_value=value,
        reason=reason,
        requested_by=user,
    )


def decide_change(request: ChangeRequest, *, user: User, approve: bool, note: str = "") -> ChangeRequest:
    """Approve (apply and audit) or reject a proposal; the proposer cannot decide their own."""
    with transaction.atomic():
        lock_cycle(request.cycle_id)  # not in the middle of a classification of the cycle (cycle_lock.py)
        request = ChangeRequest.objects.select_for_update().select_related("cycle", "household").get(pk=request.pk)
        ensure_open(request.cycle)
        if request.status != ChangeRequest.Status.PROPOSED:
            raise ServiceError(_("this request has already been decided"))
        if not can(user, request.household, Access.EDIT):
            raise PermissionDenied(_("you cannot change this household"))
        if request.requested_by_id == user.pk:
            raise PermissionDenied(_("a proposal is decided by someone other than its proposer"))
        request.status = ChangeRequest.Status.APPROVED if approve else ChangeRequest.Status.REJECTED
        request.reviewed_by, request.reviewed_at, request.review_note = user, timezone.now(), note
        request.save()
        if approve:
            _apply(request, user)
            _reopen_approvals_above(request, user)
    return request


# The approvals taken above the commune; a correction the commune approves afterwards undoes them.
ABOVE_THE_COMMUNE = [Stage.DISTRICT_CONSOLIDATED, Stage.PROVINCE_APPROVED]


def _reopen_approvals_above(request: ChangeRequest, user: User) -> None:
    review = (
        CommuneReview.objects.select_for_update()
        .filter(cycle=request.cycle, commune_id=request.household.commune_id, stage__in=ABOVE_THE_COMMUNE)
        .first()
    )
    if review is None:
        return
    StageChange.objects.create(
        review=review,
        from_stage=review.stage,
        to_stage=Stage.COMMUNE_APPROVED,
        changed_by=user,
        note=f"reopened: {request.get_kind_display()} #{request.pk} approved after the list's approval",
    )
    review.stage = Stage.COMMUNE_APPROVED
    review.save(update_fields=["stage", "updated_at"])


def _apply(request: ChangeRequest, user: User) -> None:
    survey = _survey(request.household, request.cycle)
    answered = _answered(survey, request.member_code)
    answered.answers = _corrected(
        answered.answers, request.cycle, request.field, request.proposed_value, request.household.code,
        request.member_code,
    )  # fmt: skip
    if isinstance(answered, MemberSurvey):
        answered.save(update_fields=["answers"])
    survey.fingerprint = survey_fingerprint(survey)
    survey.save(update_fields=["answers", "fingerprint", "updated_at"])
    AuditEntry.objects.create(
        household=request.household,
        cycle=request.cycle,
        member_code=request.member_code,
        field=request.field,
        old_value=request.old_value,
        new_value=request.proposed_value,
        changed_by=user,
        reason=f"{request.get_kind_display()} #{request.pk}: {request.reason}",
        source=AuditEntry.Source.CHANGE_REQUEST,
    )


def _survey(household: Household, cycle: ReviewCycle) -> HouseholdSurvey:
    try:
        return HouseholdSurvey.objects.get(household=household, cycle=cycle)
    except HouseholdSurvey.DoesNotExist:
        raise ServiceError(
            _("household %(code)s has no answers in the %(year)s review"), code=household.code, year=cycle.year
        ) from None


def _require_answer(cycle: ReviewCycle, field: str, member_code: str) -> None:
    table = "member" if member_code else "household"
    if field not in answers.answer_schema(asked_standard(cycle), table):
        raise ServiceError(_("%(field)s is not an answer of this review's standard"), field=field)


def _answered(survey: HouseholdSurvey, member_code: str) -> HouseholdSurvey | MemberSurvey:
    """The survey, or the member of it, whose answers the correction changes."""
    if not member_code:
        return survey
    member = survey.members.filter(member_code=member_code).first()
    if member is None:
        raise ServiceError(_("no member %(member)s in this household"), member=member_code)
    return member


def _corrected(stored: str, cycle: ReviewCycle, field: str, value: str, household_code: str, member_code: str) -> str:
    """The stored answers' canonical JSON with ``value`` in ``field``, read and checked as a survey file's cell.

    The value is read as the import reads a cell (:func:`cell_text`), then typed and checked by the core's
    ``prepare`` beside the other stored answers (a required answer's relevance reads the member's age), and
    stored as the import stores it. Only the corrected answer's issues refuse it; the others were checked
    when they were imported, and are kept as stored.
    """
    standard = asked_standard(cycle)
    table = "member" if member_code else "household"
    keys = {"household_id": household_code, **({"member_id": member_code} if member_code else {})}
    row = answers.decode(pl.DataFrame({"answers": [stored]}), "answers", standard, table).with_columns(
        _as_a_file_cell(field, value), *[pl.lit(code, pl.String).alias(key) for key, code in keys.items()]
    )
    typed, issues = answers.typed_as_stored(row, standard, table)
    refused = issues.filter(pl.col("column") == field)
    if not refused.is_empty():
        raise ServiceError(
            _("%(value)r is not a valid answer to %(question)s: %(reason)s"),
            value=value, question=field, reason=_in_readers_language(refused),
        )  # fmt: skip
    text: str = row.with_columns(typed[field]).select(answers.answers_json(standard, table)).item()
    return text


def _as_a_file_cell(field: str, value: str) -> pl.Series:
    return pl.DataFrame({field: [value]}, schema={field: pl.String}).select(cell_text(field))[field]


def _in_readers_language(issues: pl.DataFrame) -> str:
    """The core's reasons in Vietnamese on a Vietnamese page, in English elsewhere, as the import's pages show them.

    Lazy: the refusal is read later, in the page's language or (the API, the logs) in English.
    """
    vi = "; ".join(issues["message_vi"].unique(maintain_order=True))
    en = "; ".join(issues["message_en"].unique(maintain_order=True))
    return lazy(lambda: vi if (get_language() or "vi").startswith("vi") else en, str)()


def survey_fingerprint(survey: HouseholdSurvey) -> str:
    """Recompute the fingerprint an import of the survey's current answers would give."""
    household = Household.objects.select_related("commune", "village").get(pk=survey.household_id)
    members = list(MemberSurvey.objects.filter(survey=survey).values_list("member_code", "national_id", "answers"))
    frame = pl.DataFrame(
        {
            "household_id": [household.code],
            "commune_code": [household.commune.code],
            "village_code": [household.village.code if household.village else None],
            "head_name": [household.head_name or None],
            "answers": [survey.answers],
        }
    )
    member_frame = pl.DataFrame(
        [(household.code, code, national_id or None, text) for code, national_id, text in members],
        schema={
            "household_id": pl.String,
            "member_id": pl.String,
            "national_id": pl.String,
            "answers": pl.String,
        },
        orient="row",
    )
    digest: str = answers.fingerprints(frame, member_frame)["fingerprint"][0]
    return digest
