"""An approved correction classifies its household again at once, alone: the list and its counts are right."""

from __future__ import annotations

import pytest

from povmis.monitoring.models import UnitCount, UnitDeprivation, UnitFlow, UnitTransition
from povmis.monitoring.summaries import rebuild_summary
from povmis.registry.models import ClassificationRun, CommuneReview, HouseholdResult, Stage
from povmis.registry.samples import household, member, survey
from povmis.registry.services import advance_stage, classify_cycle, decide_change, import_survey, propose_change
from povmis.registry.stages import answered_since_classification

pytestmark = pytest.mark.django_db


@pytest.fixture
def classified(world, three_households):
    """Tân Lợi's H1 and H4, both near-poor (income 1,200,000, few deprivations), classified once."""
    import_survey(three_households, year=2024, user=world.personas["cadre"], commit=True)
    classify_cycle(world.cycle, user=world.personas["province"])
    return world


def correct_income(world, value: str, *, approve: bool = True):
    proposal = propose_change(
        world.households["H1"], cycle=world.cycle, user=world.personas["cadre"],
        field="income_per_capita", value=value, reason="payslip",
    )  # fmt: skip
    return decide_change(proposal, user=world.personas["cadre2"], approve=approve)


def stored(world) -> dict[str, tuple[str, str]]:
    rows = HouseholdResult.objects.filter(cycle=world.cycle).select_related("household")
    return {row.household.code: (row.household_class, row.reason_en) for row in rows}


def commune_counts(world) -> dict[str, int]:
    rows = UnitCount.objects.filter(unit=world.c1, run__cycle=world.cycle)
    return {row.household_class: row.households for row in rows}


def test_an_approved_correction_changes_the_households_class_at_once(classified):
    before = stored(classified)
    assert before["H1"][0] == before["H4"][0] == "near_poor"
    correct_income(classified, "3000000")
    after = stored(classified)
    assert after["H1"][0] == "not_poor"
    assert after["H4"] == before["H4"]
    assert ClassificationRun.objects.filter(cycle=classified.cycle).count() == 1


def test_only_the_corrected_household_is_stamped_as_classified_again(classified):
    correct_income(classified, "3000000")
    stamped = HouseholdResult.objects.filter(cycle=classified.cycle, classified_at__isnull=False)
    assert [row.household.code for row in stamped] == ["H1"]


def test_the_communes_counts_follow_the_correction(classified):
    assert commune_counts(classified) == {"near_poor": 2}
    correct_income(classified, "3000000")
    assert commune_counts(classified) == {"near_poor": 1, "not_poor": 1}


def test_a_list_corrected_and_classified_again_moves_on_without_a_new_run(classified):
    correct_income(classified, "3000000")
    review = CommuneReview.objects.get(cycle=classified.cycle, commune=classified.c1)
    assert answered_since_classification(review) == 0
    assert advance_stage(review, user=classified.personas["cadre"]).stage == Stage.VILLAGE_MEETING


def test_a_rejected_correction_changes_no_class(classified):
    before = stored(classified)
    correct_income(classified, "3000000", approve=False)
    assert stored(classified) == before
    assert not HouseholdResult.objects.filter(cycle=classified.cycle, classified_at__isnull=False).exists()


def test_a_correction_before_the_first_classification_classifies_nothing(world, three_households):
    import_survey(three_households, year=2024, user=world.personas["cadre"], commit=True)
    correct_income(world, "3000000")
    assert not HouseholdResult.objects.exists()


def figures_stored(run_id: int) -> dict[str, list[tuple[object, ...]]]:
    fields = ("unit_id", "unit_path", "depth", "household_class", "households")
    extra = {UnitCount: ("ethnic_minority",), UnitTransition: ("transition",), UnitDeprivation: ("deprived",),
             UnitFlow: ("flow",)}  # fmt: skip
    return {
        model.__name__: sorted(model.objects.filter(run_id=run_id).values_list(*fields, *extra[model]), key=str)
        for model in extra
    }


def test_the_counts_after_a_correction_are_those_of_counting_the_whole_review_again(classified):
    elsewhere = survey(
        [household(household_id="H3", commune_code="24400", village_code="")], [member(household_id="H3")]
    )
    import_survey(elsewhere, year=2024, user=classified.personas["other_cadre"], commit=True)
    run = classify_cycle(classified.cycle, user=classified.personas["province"])
    correct_income(classified, "3000000")
    counted_again = figures_stored(run.pk)
    rebuild_summary(run.pk, 2024)
    assert counted_again == figures_stored(run.pk)
    assert {row[3]: row[4] for row in counted_again["UnitCount"] if row[1] == "66/"} == {"near_poor": 2, "not_poor": 1}
