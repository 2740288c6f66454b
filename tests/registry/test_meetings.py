"""The annual review's village meetings, posting and complaints: the list moves on only with their record."""

from __future__ import annotations

import datetime as dt

import pytest

from povmis.errors import PermissionDenied, ServiceError
from povmis.registry.meetings import Minutes
from povmis.registry.models import ChangeRequest, CommuneReview, Complaint, HouseholdResult, Stage
from povmis.registry.services import (
    advance_stage,
    decide_change,
    decide_complaint,
    file_complaint,
    propose_change,
    record_minutes,
    record_posting,
)

pytestmark = pytest.mark.django_db
HELD = dt.date(2024, 11, 15)
POSTED = dt.date(2024, 11, 20)  # a Wednesday: posted Wednesday to Friday


def minutes(village, *, agree=30, attending=40, **changes):
    values = {"village": village, "held_on": HELD, "chair": "Y Hriê", "secretary": "H'Năm", "invited": 45,
              "attending": attending, "agree": agree, "disagree": attending - agree}  # fmt: skip
    return Minutes(**{**values, **changes})


@pytest.fixture
def at_meeting(yearly_round):
    review = CommuneReview.objects.get(cycle=yearly_round.cycle, commune=yearly_round.c1)
    return yearly_round, advance_stage(review, user=yearly_round.personas["cadre"])


def test_the_list_leaves_the_village_meeting_only_once_every_village_agreed_it(at_meeting):
    world, review = at_meeting
    cadre = world.personas["cadre"]
    with pytest.raises(ServiceError) as refused:
        advance_stage(review, user=cadre)
    assert str(refused.value) == (
        "first record the minutes of a village meeting that agreed the list, for: Thôn 1, households of no village"
    )
    record_minutes(review, minutes(world.village), user=cadre)
    with pytest.raises(ServiceError) as still:
        advance_stage(review, user=cadre)
    assert str(still.value).endswith("for: households of no village")
    record_minutes(review, minutes(None, agree=10, attending=20), user=cadre)  # exactly half agrees
    assert advance_stage(review, user=cadre).stage == Stage.PUBLIC_NOTICE


def test_a_meeting_under_half_agreeing_sends_the_commune_back_to_the_survey_with_the_reason(at_meeting):
    world, review = at_meeting
    meeting = record_minutes(review, minutes(world.village, agree=19, attending=40), user=world.personas["cadre"])
    review.refresh_from_db()
    last = review.changes.last()
    assert (meeting.passed, meeting.agreement_percent, review.stage) == (False, 47, Stage.SURVEY)
    assert (last.from_stage, last.to_stage, last.changed_by.username, last.note) == (
        Stage.VILLAGE_MEETING, Stage.SURVEY, "cadre",
        "Họp thôn Thôn 1 ngày 15/11/2024: 19/40 người tham dự đồng ý (47%), dưới 50%: rà soát lại và họp lại",
    )  # fmt: skip
    # Back at the meeting, the failed minutes still hold the list until the village meets again.
    advance_stage(review, user=world.personas["cadre"])
    record_minutes(review, minutes(None), user=world.personas["cadre"])
    with pytest.raises(ServiceError):
        advance_stage(review, user=world.personas["cadre"])
    record_minutes(review, minutes(world.village, held_on=dt.date(2024, 11, 18)), user=world.personas["cadre"])
    assert advance_stage(review, user=world.personas["cadre"]).stage == Stage.PUBLIC_NOTICE


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"attending": 50}, "more households attended (50) than were invited (45)"),
        ({"agree": 30, "disagree": 11}, "the votes (41) are more than those attending (40), or nobody attended"),
        ({"agree": 0, "attending": 0}, "the votes (0) are more than those attending (0), or nobody attended"),
        ({"disagree": -1}, "the minutes' counts of households and votes are whole numbers, none below zero"),
        ({"chair": " "}, "the minutes name the meeting's chair and its secretary"),
        ({"held_on": dt.date(2099, 1, 1)}, "a meeting cannot be held in the future"),
    ],
)
def test_minutes_that_cannot_be_right_are_refused_whole(at_meeting, changes, message):
    world, review = at_meeting
    with pytest.raises(ServiceError) as refused:
        record_minutes(review, minutes(world.village, **changes), user=world.personas["cadre"])
    assert str(refused.value) == message
    assert not review.meetings.exists()


@pytest.mark.parametrize("persona", ["other_cadre", "district", "province", "outsider"])
def test_only_the_communes_cadre_records_its_minutes(at_meeting, persona):
    world, review = at_meeting
    with pytest.raises(PermissionDenied):
        record_minutes(review, minutes(world.village), user=world.personas[persona])
    assert not review.meetings.exists()


@pytest.fixture
def posted(at_meeting):
    world, review = at_meeting
    cadre = world.personas["cadre"]
    record_minutes(review, minutes(world.village), user=cadre)
    record_minutes(review, minutes(None), user=cadre)
    review = advance_stage(review, user=cadre)
    with pytest.raises(ServiceError) as unposted:
        advance_stage(review, user=cadre)
    assert str(unposted.value) == "record when the result was posted first"
    posting = record_posting(review, user=cadre, posted_on=POSTED, places="Nhà văn hóa thôn 1; UBND xã")
    assert (posting.posted_on, posting.ends_on) == (POSTED, dt.date(2024, 11, 22))
    return world, review


def _complaint(world, review, received_on=dt.date(2024, 11, 21)):
    return file_complaint(
        review, world.households["H5"], user=world.personas["cadre"], complainant="Y Nguyễn",
        received_on=received_on, channel="in_person", text="H5 vẫn còn khó khăn, thu nhập không đúng",
    )  # fmt: skip


def test_a_complaint_outside_the_posting_is_refused_with_the_posting_dates(posted):
    world, review = posted
    with pytest.raises(ServiceError) as refused:
        _complaint(world, review, received_on=dt.date(2024, 11, 25))
    assert str(refused.value) == (
        "the complaint was received on 2024-11-25, outside the posting from 2024-11-20 to 2024-11-22: "
        "it cannot be taken into this review; the household may apply in the monthly review"
    )
    assert not Complaint.objects.exists()


def test_an_undecided_complaint_holds_the_list_at_the_appeals(posted):
    world, review = posted
    cadre = world.personas["cadre"]
    complaint = _complaint(world, review)
    review = advance_stage(review, user=cadre)
    with pytest.raises(ServiceError) as refused:
        advance_stage(review, user=cadre)
    assert str(refused.value) == "decide the 1 complaint(s) received during the posting first"
    decide_complaint(complaint, user=cadre, upheld=False, reasons="thu nhập đã được xác minh",
                     decided_on=dt.date(2024, 11, 26))  # fmt: skip
    assert advance_stage(review, user=cadre).stage == Stage.COMMUNE_APPROVED


def test_an_upheld_complaint_names_its_correction_which_is_decided_as_any_correction(posted):
    world, review = posted
    cadre, cadre2 = world.personas["cadre"], world.personas["cadre2"]
    complaint = _complaint(world, review)
    with pytest.raises(ServiceError) as bare:
        decide_complaint(complaint, user=cadre, upheld=True, reasons="đúng", decided_on=dt.date(2024, 11, 26))
    assert str(bare.value) == "an upheld complaint names the correction it caused: propose it first"
    correction = propose_change(
        world.households["H5"], cycle=world.cycle, user=cadre, field="income_per_capita", value="1000000",
        reason="khiếu nại ngày 21/11", kind=ChangeRequest.Kind.APPEAL,
    )  # fmt: skip
    decided = decide_complaint(complaint, user=cadre, upheld=True, reasons="thu nhập khai thiếu",
                               decided_on=dt.date(2024, 11, 26), correction=correction)  # fmt: skip
    assert (decided.decision, decided.correction_id) == ("upheld", correction.pk)
    review = advance_stage(review, user=cadre)
    with pytest.raises(ServiceError):  # the correction itself is still open
        advance_stage(review, user=cadre)
    decide_change(correction, user=cadre2, approve=True)
    assert HouseholdResult.objects.get(cycle=world.cycle, household__code="H5").household_class == "near_poor"
    assert advance_stage(review, user=cadre).stage == Stage.COMMUNE_APPROVED


def test_a_complaint_about_another_communes_household_or_by_another_commune_is_refused(posted):
    world, review = posted
    with pytest.raises(ServiceError) as elsewhere:
        file_complaint(review, world.households["H3"], user=world.personas["cadre"], complainant="x",
                       received_on=dt.date(2024, 11, 21), channel="post", text="x")  # fmt: skip
    assert str(elsewhere.value) == "household H3 is not of this commune"
    with pytest.raises(PermissionDenied):
        file_complaint(review, world.households["H5"], user=world.personas["other_cadre"], complainant="x",
                       received_on=dt.date(2024, 11, 21), channel="post", text="x")  # fmt: skip
