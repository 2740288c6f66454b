"""Survey import: a dry run first, then a commit that lands whole, and a second import that changes nothing."""

from __future__ import annotations

import polars as pl
import pytest

from povmis.errors import CycleClosed, PermissionDenied
from povmis.registry.models import (
    AuditEntry,
    CommuneReview,
    Household,
    HouseholdSurvey,
    ImportBatch,
    MemberSurvey,
    ReviewCycle,
)
from povmis.registry.samples import household, member, survey
from povmis.registry.services import import_survey

pytestmark = pytest.mark.django_db


def test_a_dry_run_reports_new_households_and_writes_nothing(world, three_households):
    effect = import_survey(three_households, year=2024, user=world.personas["cadre"])
    assert effect.counts == {"new": 2, "changed": 0, "unchanged": 0, "rejected": 0}
    assert not effect.committed
    assert HouseholdSurvey.objects.count() == 0
    assert not Household.objects.filter(code="H4").exists()


def test_a_commit_stores_households_answers_members_and_an_audit_entry_each(world, three_households):
    effect = import_survey(three_households, year=2024, user=world.personas["cadre"], commit=True)
    assert effect.committed
    assert effect.batch_id == ImportBatch.objects.get().pk
    survey_h1 = HouseholdSurvey.objects.get(household__code="H1")
    assert survey_h1.answer_dict["income_per_capita"] == 1200000
    assert survey_h1.answer_dict["housing_area_m2"] == 30.0
    assert sorted(survey_h1.members.values_list("member_code", flat=True)) == ["1", "2"]
    new = Household.objects.get(code="H4")
    assert (new.commune, new.head_name) == (world.c1, "Bà Hoa")
    assert sorted(AuditEntry.objects.values_list("household__code", "field", "new_value")) == [
        ("H1", "survey", "created"),
        ("H4", "survey", "created"),
    ]
    assert CommuneReview.objects.get().commune == world.c1


def test_importing_the_same_file_twice_changes_nothing(world, three_households):
    cadre = world.personas["cadre"]
    import_survey(three_households, year=2024, user=cadre, commit=True)
    before = (HouseholdSurvey.objects.count(), MemberSurvey.objects.count(), AuditEntry.objects.count())
    again = import_survey(three_households, year=2024, user=cadre, commit=True)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 2, "rejected": 0}
    assert not again.committed
    assert ImportBatch.objects.count() == 1
    assert (
        HouseholdSurvey.objects.count(),
        MemberSurvey.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_a_changed_answer_is_shown_side_by_side_and_audited_on_commit(world, three_households):
    cadre = world.personas["cadre"]
    import_survey(three_households, year=2024, user=cadre, commit=True)
    changed = survey(
        [household(income_per_capita="1300000"), household(household_id="H4", village_code="", head_name="Bà Hoa")],
        [member(), member(member_id="2", age="12", in_school="1", malnourished="0", education_level="",
                          labour_status=""), member(household_id="H4", health_insurance="0")],
    )  # fmt: skip
    effect = import_survey(changed, year=2024, user=cadre, commit=True)
    assert effect.counts == {"new": 0, "changed": 2, "unchanged": 0, "rejected": 0}
    assert effect.changes.rows() == [
        ("H1", None, "income_per_capita", "1200000", "1300000"),
        ("H4", "1", "health_insurance", "1", "0"),
    ]
    entry = AuditEntry.objects.get(field="income_per_capita")
    assert (entry.old_value, entry.new_value, entry.changed_by) == ("1200000", "1300000", cadre)
    assert HouseholdSurvey.objects.get(household__code="H1").answer_dict["income_per_capita"] == 1300000


def test_a_household_with_an_error_is_rejected_and_the_others_land(world):
    bad = survey(
        [household(), household(household_id="H4", housing_area_m2="0")],
        [member(), member(household_id="H4")],
    )
    effect = import_survey(bad, year=2024, user=world.personas["cadre"], commit=True)
    assert effect.counts == {"new": 1, "changed": 0, "unchanged": 0, "rejected": 1}
    assert effect.issues.select("file", "row", "household_id", "column", "severity").rows() == [
        ("households.csv", 3, "H4", "housing_area_m2", "error")
    ]
    assert list(HouseholdSurvey.objects.values_list("household__code", flat=True)) == ["H1"]


def test_consistency_errors_are_reported_in_vietnamese_and_english(world):
    bad = survey(
        [household(), household(household_id="H4"), household(household_id="H5")],
        [
            member(national_id="066090000001"),
            member(
                member_id="2",
                age="5",
                labour_status="stable",
                in_school="1",
                malnourished="0",
                education_level="",
            ),
            member(household_id="H4", national_id="066090000001"),
            member(household_id="H4", member_id="2", age="121"),
        ],
    )
    issues = import_survey(bad, year=2024, user=world.personas["cadre"]).issues
    found = issues.select("table", "row", "household_id", "column", "message_en").rows()
    assert (
        "member",
        2,
        "H1",
        "national_id",
        "the same national ID number appears in two households of the file",
    ) in found
    assert ("member", 3, "H1", "labour_status", "a child under 15 is recorded as employed") in found
    assert ("member", 5, "H4", "age", "above the maximum 120") in found
    assert ("household", 4, "H5", "household_id", "household has no members") in found
    assert issues.filter(pl.col("message_vi").is_null()).is_empty()


def test_a_national_id_already_in_another_household_of_the_cycle_is_rejected(world):
    cadre = world.personas["cadre"]
    import_survey(survey([household()], [member(national_id="066090000001")]), year=2024, user=cadre, commit=True)
    effect = import_survey(
        survey([household(household_id="H4")], [member(household_id="H4", national_id="066090000001")]),
        year=2024,
        user=cadre,
    )
    assert effect.counts["rejected"] == 1
    assert effect.issues["message_en"].to_list() == [
        "the national ID number already belongs to household H1 in this review"
    ]


def test_a_national_id_moved_between_two_households_of_the_same_file_is_not_a_conflict(world):
    """The file replaces its households' stored members: the ID left H1 in the same file that gives it to H4."""
    cadre = world.personas["cadre"]
    moved = "066090000001"
    import_survey(survey([household()], [member(national_id=moved)]), year=2024, user=cadre, commit=True)
    effect = import_survey(
        survey(
            [household(), household(household_id="H4")],
            [member(), member(household_id="H4", national_id=moved)],
        ),
        year=2024,
        user=cadre,
        commit=True,
    )
    assert (effect.counts["rejected"], effect.counts["new"], effect.counts["changed"]) == (0, 1, 1)
    holders = MemberSurvey.objects.filter(national_id=moved).values_list("survey__household__code", flat=True)
    assert list(holders) == ["H4"]


def test_a_commune_cadre_cannot_import_households_of_another_commune(world):
    effect = import_survey(
        survey([household(commune_code="24400", village_code="")], [member()]),
        year=2024,
        user=world.personas["cadre"],
        commit=True,
    )
    assert effect.counts["rejected"] == 1
    assert "outside your area" in effect.issues["message_en"][0]
    assert HouseholdSurvey.objects.count() == 0


def test_an_unknown_commune_or_a_village_of_another_commune_is_rejected(world):
    effect = import_survey(
        survey(
            [
                household(commune_code="99999", village_code=""),
                household(household_id="H4", commune_code="24124"),
            ],
            [member(), member(household_id="H4")],
        ),
        year=2024,
        user=world.personas["admin"],
    )
    assert effect.issues.select("household_id", "column", "message_en").rows() == [
        ("H1", "commune_code", "no commune with this code"),
        ("H4", "village_code", "the village is not in the given commune"),
    ]


def test_read_only_roles_cannot_import(world, three_households):
    with pytest.raises(PermissionDenied):
        import_survey(three_households, year=2024, user=world.personas["auditor"])


def test_a_closed_cycle_refuses_imports(world, three_households):
    world.cycle.closed_at = world.cycle.opened_at
    world.cycle.save()
    with pytest.raises(CycleClosed):
        import_survey(three_households, year=2024, user=world.personas["cadre"])


def test_a_jump_from_last_years_answers_is_flagged_with_both_values(world):
    ReviewCycle.objects.create(year=2023, standard_id="vn-2022-2025")
    cadre = world.personas["cadre"]
    import_survey(survey([household()], [member()]), year=2023, user=cadre, commit=True)
    jumped = survey([household(income_per_capita="12000000", housing_area_m2="300")], [member(age="41")])
    issues = import_survey(jumped, year=2024, user=cadre).issues
    found = issues.filter(pl.col("column").is_in(["income_per_capita", "housing_area_m2"]))
    assert sorted(found.select("column", "value").rows()) == [
        ("housing_area_m2", "300.0 (năm trước / last year 30.0)"),
        ("income_per_capita", "12000000 (năm trước / last year 1200000)"),
    ]
