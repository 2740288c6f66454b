"""Moving a commune's list through the procedure: only with classes that match the stored answers."""

from __future__ import annotations

import datetime as dt

import pytest

from povmis.errors import PermissionDenied, ServiceError
from povmis.registry.meetings import Minutes
from povmis.registry.models import CommuneReview, Stage
from povmis.registry.samples import household, member, survey
from povmis.registry.services import (
    advance_stage,
    classify_cycle,
    decide_change,
    import_survey,
    propose_change,
    record_minutes,
)
from povmis.registry.stages import answered_since_classification, next_stage
from povmis.units.models import AdminUnit, Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def tan_loi(world, three_households):
    """Tân Lợi's H1 and H4 imported by the cadre; the review is not classified yet."""
    import_survey(three_households, year=2024, user=world.personas["cadre"], commit=True)
    return CommuneReview.objects.get(cycle=world.cycle, commune=world.c1)


def test_a_list_whose_answers_are_not_classified_yet_cannot_go_to_the_village_meeting(world, tan_loi):
    assert answered_since_classification(tan_loi) == 2
    with pytest.raises(ServiceError) as refused:
        advance_stage(tan_loi, user=world.personas["cadre"])
    assert str(refused.value) == (
        "2 household(s) of the commune have answers newer than their class: "
        "the province classifies the review again first"
    )
    assert CommuneReview.objects.get(pk=tan_loi.pk).stage == Stage.SURVEY
    assert not tan_loi.changes.exists()


def test_once_classified_the_list_moves_on(world, tan_loi):
    classify_cycle(world.cycle, user=world.personas["province"])
    assert answered_since_classification(tan_loi) == 0
    assert advance_stage(tan_loi, user=world.personas["cadre"]).stage == Stage.VILLAGE_MEETING


def test_an_approved_correction_classifies_its_household_again_so_the_list_moves_on(world, tan_loi):
    classify_cycle(world.cycle, user=world.personas["province"])
    proposal = propose_change(
        world.households["H1"], cycle=world.cycle, user=world.personas["cadre"],
        field="income_per_capita", value="1600000", reason="payslip",
    )  # fmt: skip
    advance_stage(tan_loi, user=world.personas["cadre"])  # a proposal alone changes no answer
    decide_change(proposal, user=world.personas["cadre2"], approve=True)
    assert answered_since_classification(tan_loi) == 0
    for village in (world.village, None):  # H1 lives in Thôn 1, H4 in no village
        record_minutes(tan_loi, Minutes(village, dt.date(2024, 11, 15), "Y Hriê", "H'Năm", 30, 25, 20, 5),
                       user=world.personas["cadre"])  # fmt: skip
    assert advance_stage(tan_loi, user=world.personas["cadre"]).stage == Stage.PUBLIC_NOTICE


def test_an_answer_imported_after_a_households_correction_holds_the_list_again(world, tan_loi):
    classify_cycle(world.cycle, user=world.personas["province"])
    proposal = propose_change(
        world.households["H1"], cycle=world.cycle, user=world.personas["cadre"],
        field="income_per_capita", value="1600000", reason="payslip",
    )  # fmt: skip
    decide_change(proposal, user=world.personas["cadre2"], approve=True)
    again = survey([household(income_per_capita="1300000")], [member()])
    import_survey(again, year=2024, user=world.personas["cadre"], commit=True)
    assert answered_since_classification(tan_loi) == 1
    with pytest.raises(ServiceError):
        advance_stage(tan_loi, user=world.personas["cadre"])


def test_a_changed_answer_imported_after_the_classification_holds_the_list(world, tan_loi):
    classify_cycle(world.cycle, user=world.personas["province"])
    again = survey([household(income_per_capita="1300000")], [member()])
    assert import_survey(again, year=2024, user=world.personas["cadre"], commit=True).counts["changed"] == 1
    assert answered_since_classification(tan_loi) == 1
    with pytest.raises(ServiceError):
        advance_stage(tan_loi, user=world.personas["cadre"])


def test_another_communes_new_answers_do_not_hold_this_communes_list(world, tan_loi):
    classify_cycle(world.cycle, user=world.personas["province"])
    elsewhere = survey(
        [household(household_id="H3", commune_code="24400", village_code="")], [member(household_id="H3")]
    )
    import_survey(elsewhere, year=2024, user=world.personas["other_cadre"], commit=True)
    assert advance_stage(tan_loi, user=world.personas["cadre"]).stage == Stage.VILLAGE_MEETING


def test_after_july_2025_a_commune_under_the_province_goes_from_its_approval_to_the_province_with_no_district(world):
    # The two-tier government: the commune's parent is the province itself, so no district step.
    commune = AdminUnit.objects.create(code="24500", name="Xã Hòa Phú", level=Level.COMMUNE, parent=world.province)
    province_level = CommuneReview.objects.create(cycle=world.cycle, commune=commune, stage=Stage.COMMUNE_APPROVED)
    with_district = CommuneReview.objects.get_or_create(cycle=world.cycle, commune=world.c1)[0]
    CommuneReview.objects.filter(pk=with_district.pk).update(stage=Stage.COMMUNE_APPROVED)
    with_district.refresh_from_db()
    assert (next_stage(province_level), next_stage(with_district)) == (
        Stage.PROVINCE_APPROVED, Stage.DISTRICT_CONSOLIDATED,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        advance_stage(with_district, user=world.personas["province"])
    approved = advance_stage(province_level, user=world.personas["province"])
    assert approved.stage == Stage.PROVINCE_APPROVED
    assert [(c.from_stage, c.to_stage) for c in approved.changes.all()] == [
        (Stage.COMMUNE_APPROVED, Stage.PROVINCE_APPROVED)
    ]
