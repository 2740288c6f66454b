"""The demo's annual rounds at the commune: minutes and postings for every commune, and the demo commune's
2025 round in full, through the same services as the pages.

Every commune's list walks to the province's approval (demo_pipeline.approve_all); the procedure asks for
the village meetings' minutes and the posting first, so each commune gets a meeting that agreed its list
in each of its villages and a posting, written in bulk (thousands of communes over six reviews). The demo
commune's 2025 round is the commune's own: a meeting short of agreement that sends it back to the survey,
the meetings again, the posting, a complaint upheld by a correction and one rejected, the commune's
approval and its decision (Mẫu 02) with the certificates (Mẫu 03).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import User

from povmis.core.procedures.procedure import procedure_for
from povmis.registry.meetings import Minutes
from povmis.registry.models import (
    ChangeRequest,
    CommuneReview,
    HouseholdResult,
    HouseholdSurvey,
    Posting,
    ReviewCycle,
    VillageMeeting,
)
from povmis.registry.services import (
    advance_stage,
    decide_change,
    decide_complaint,
    file_complaint,
    issue_round_decision,
    propose_change,
    record_minutes,
    record_posting,
)
from povmis.registry.stage_guards import villages_to_meet
from povmis.units.models import AdminUnit


def record_paperwork(cycle: ReviewCycle, reviews: Iterable[CommuneReview], admin: User) -> None:
    """A meeting that agreed the list in each village with households on it, and a posting, for ``reviews``."""
    by_commune = {review.commune_id: review for review in reviews}
    held, posted = dt.date(cycle.year, 10, 15), dt.date(cycle.year, 10, 22)
    pairs = (
        HouseholdResult.objects.filter(cycle=cycle, household__commune__in=list(by_commune))
        .values_list("household__commune", "household__village")
        .distinct()
    )
    VillageMeeting.objects.bulk_create(
        VillageMeeting(review=by_commune[commune], village_id=village, held_on=held, chair="Trưởng thôn",
                       secretary="Thư ký", invited=40, attending=36, agree=30, disagree=6, passed=True,
                       recorded_by=admin)
        for commune, village in pairs
    )  # fmt: skip
    ends = procedure_for(posted).posting_ends(posted)
    have = set(Posting.objects.filter(review__in=list(by_commune.values())).values_list("review", flat=True))
    Posting.objects.bulk_create(
        Posting(review=review, posted_on=posted, ends_on=ends, places="Nhà văn hóa thôn; UBND xã", recorded_by=admin)
        for review in by_commune.values()
        if review.pk not in have
    )


def _meet(review: CommuneReview, cadre: User, held_on: dt.date, *, agree: int = 31) -> None:
    for village in villages_to_meet(review):
        record_minutes(review, Minutes(village, held_on, "Y Hriê Niê", "H'Năm Byă", 45, 40, agree, 40 - agree,
                                       "Thống nhất danh sách hộ nghèo, hộ cận nghèo"), user=cadre)  # fmt: skip
        if agree * 2 < 40:
            return  # the first village did not agree: the commune is back at the survey


def build_round(year: int, admin: User, username: str = "commune") -> None:
    """The demo commune's round of ``year``, from the survey to its decision; the province approves later."""
    cadre = User.objects.select_related("role__unit").get(username=username)
    commune: AdminUnit | None = cadre.role.unit
    if commune is None:
        raise ValueError("the demo's commune cadre has no commune")
    review = CommuneReview.objects.select_related("cycle", "commune__parent").get(cycle__year=year, commune=commune)
    review = advance_stage(review, user=cadre, note="Kế hoạch họp thôn")
    _meet(review, cadre, dt.date(year, 11, 3), agree=15)  # short of agreement: back to the survey
    review = advance_stage(review, user=cadre, note="Họp lại sau khi rà soát lại")
    _meet(review, cadre, dt.date(year, 11, 10))
    review = advance_stage(review, user=cadre, note="Niêm yết công khai")
    posting = record_posting(review, user=cadre, posted_on=dt.date(year, 11, 17), places="Nhà văn hóa thôn; UBND xã")
    surveys = HouseholdSurvey.objects.filter(cycle=review.cycle, household__commune=commune).select_related("household")
    # A poor or near-poor household whose income was recorded too high: lowered, it keeps its class.
    upheld_on = surveys.filter(
        household__results__cycle=review.cycle, household__results__household_class__in=("poor", "near_poor")
    ).order_by("household__code")[0]
    rejected_on = surveys.exclude(pk=upheld_on.pk).order_by("household__code")[0]
    complaint = file_complaint(
        review, upheld_on.household, user=cadre, complainant=upheld_on.household.head_name,
        received_on=posting.posted_on, channel="in_person",
        text="Thu nhập của hộ được ghi cao hơn thực tế: thiếu khoản chi cho người ốm trong nhà.",
    )  # fmt: skip
    other = file_complaint(
        review, rejected_on.household, user=cadre, complainant="Một hộ trong thôn",
        received_on=posting.ends_on, channel="phone", text="Đề nghị xem lại: hộ mới mua xe máy.",
    )  # fmt: skip
    income = int(float(upheld_on.answer_dict.get("income_per_capita") or 0))
    correction = propose_change(
        upheld_on.household, cycle=review.cycle, user=cadre, field="income_per_capita",
        value=str(max(income - 100_000, 0)), reason="Khiếu nại ngày niêm yết, đã xác minh",
        kind=ChangeRequest.Kind.APPEAL,
    )  # fmt: skip
    decided = posting.ends_on + dt.timedelta(days=3)
    decide_complaint(complaint, user=cadre, upheld=True, reasons="Đã xác minh tại hộ: thu nhập khai cao hơn thực tế.",
                     decided_on=decided, correction=correction)  # fmt: skip
    decide_complaint(other, user=cadre, upheld=False, reasons="Xe máy cũ, được cho; thu nhập không đổi.",
                     decided_on=decided)  # fmt: skip
    review = advance_stage(review, user=cadre, note="Giải quyết khiếu nại")
    decide_change(correction, user=admin, approve=True, note="Đúng với biên bản xác minh")
    review = advance_stage(review, user=cadre, note="UBND xã phê duyệt")
    issue_round_decision(review, user=cadre, decided_on=dt.date(year, 12, 5))
