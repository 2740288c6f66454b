"""A review whose survey also asks a further standard's questions: checked and stored with the others."""

from __future__ import annotations

import json

import pytest

from povmis.registry.models import HouseholdSurvey, MemberSurvey, ReviewCycle
from povmis.registry.samples import household, member, survey
from povmis.registry.services import classify_cycle_under, import_survey, open_cycle
from povmis.registry.standard_runs import standard_results

pytestmark = pytest.mark.django_db
NEW = {"uses_digital_services": "0", "waste_disposal": "dumped"}


@pytest.fixture
def asking(world):
    ReviewCycle.objects.filter(pk=world.cycle.pk).update(also_asks="vn-2027-2030")
    return world


def _import(world, households, members, *, commit: bool = True):
    return import_survey(survey(households, members), year=2024, user=world.personas["cadre"], commit=commit)


def test_the_further_standards_answers_are_stored_beside_the_reviews_own(asking):
    effect = _import(asking, [household(**NEW)], [member(monthly_social_benefit="1")])
    assert effect.counts["rejected"] == 0, effect.issues
    stored = json.loads(HouseholdSurvey.objects.get().answers)
    assert {name: stored[name] for name in NEW} == {"uses_digital_services": 0, "waste_disposal": "dumped"}
    assert json.loads(MemberSurvey.objects.get().answers)["monthly_social_benefit"] == 1


def test_a_bad_answer_to_a_further_question_is_refused_naming_the_file_row_and_column(asking):
    effect = _import(asking, [household(**{**NEW, "waste_disposal": "river"})], [member(monthly_social_benefit="0")])
    assert effect.counts["rejected"] == 1
    row = effect.issues.filter(column="waste_disposal").select("file", "row", "column", "value").row(0)
    assert row == ("households.csv", 2, "waste_disposal", "river")
    assert HouseholdSurvey.objects.count() == 0


def test_the_round_classified_under_the_further_standard_assesses_its_new_indicators(asking):
    _import(asking, [household(**NEW)], [member(monthly_social_benefit="0")])
    run = classify_cycle_under(ReviewCycle.objects.get(year=2024), "vn-2027-2030", user=asking.personas["province"])
    assert run.not_assessed == "[]"
    lost_or_gained = standard_results(run).select("household_id", "gained").rows()
    assert lost_or_gained == [("H1", ["telecom", "waste"])]


def test_a_review_cannot_also_ask_a_standard_that_does_not_exist(world):
    with pytest.raises(Exception, match="vn-2099"):
        open_cycle(2026, user=world.personas["province"], standard_id="vn-2022-2025", also_asks=["vn-2099"])
    assert not ReviewCycle.objects.filter(year=2026).exists()


def test_a_review_opened_to_also_ask_a_standard_records_it_once(world):
    cycle = open_cycle(
        2026, user=world.personas["province"], standard_id="vn-2022-2025",
        also_asks=["vn-2027-2030", "vn-2022-2025", "vn-2027-2030"],
    )  # fmt: skip
    assert (cycle.also_asks, cycle.further_standard_ids) == ("vn-2027-2030", ["vn-2027-2030"])
