"""What-if and one round under two standards, on a small synthetic province: who moves, once each, and why."""

from __future__ import annotations

import polars as pl
import pytest

from povmis.core.classify import classify
from povmis.core.comparison import RECLASSIFIED, SAME_CLASS, compare_standards
from povmis.core.standard import load_standard
from povmis.core.synth.province import SyntheticProvince
from povmis.core.whatif import what_if

BASE = load_standard("vn-2022-2025")


@pytest.fixture(scope="module")
def province() -> tuple[pl.DataFrame, pl.DataFrame]:
    year = SyntheticProvince(seed=5, standard=BASE, households=3_000).year(2024)
    return year.households, year.members


def test_the_what_if_of_an_unchanged_standard_changes_no_household(province):
    households, members = province
    for result in (what_if(households, members, BASE), what_if(households, members, BASE, against=BASE)):
        summary = result.summary()
        assert (summary["households"], summary["changed"]) == (households.height, 0)
        assert all(old == new for old, row in result.matrix().items() for new in row)
        assert result.comparison.not_assessed == ()


def test_the_old_classes_are_the_official_evaluators_classes(province):
    households, members = province
    official = classify(households, members, BASE).households.select("household_id", pl.col("class").cast(pl.String))
    compared = what_if(households, members, BASE, {"cutoff": 2}).households
    assert compared.select("household_id", pl.col("old_class").cast(pl.String).alias("class")).equals(official)


def test_every_household_is_counted_once_in_the_matrix_and_the_breakdowns(province):
    households, members = province
    result = what_if(households, members, BASE, {"line.rural": 2_200_000, "line.urban": 2_800_000})
    matrix = result.matrix()
    assert sum(sum(row.values()) for row in matrix.values()) == households.height
    for column in ("commune_code", "ethnic_minority", "area"):
        assert result.breakdown(column)["households"].sum() == households.height
    moved = sum(n for old, row in matrix.items() for new, n in row.items() if old != new)
    assert moved == result.summary()["changed"] > 0


def test_a_higher_rural_line_moves_only_rural_households_and_only_by_their_income(province):
    households, members = province
    result = what_if(households, members, BASE, {"line.rural": 2_000_000})
    changed = result.comparison.changed
    assert set(changed["area"].unique()) == {"rural"}
    assert changed["why_line"].all()
    assert not changed["why_deprivations"].any()
    assert changed["income"].is_between(1_500_001, 2_000_000).all()


def test_a_lower_cutoff_moves_near_poor_households_with_exactly_two_deprivations_to_poor(province):
    households, members = province
    changed = what_if(households, members, BASE, {"cutoff": 2}).comparison.changed
    assert set(zip(changed["old_class"].cast(pl.String), changed["new_class"].cast(pl.String), strict=True)) == {
        ("near_poor", "poor")
    }
    assert changed["new_deprivation_count"].unique().to_list() == [2]
    assert changed["why_cutoff"].all()


def test_a_move_across_a_change_of_standard_is_labelled_as_such_with_the_indicators_it_gained_and_lost():
    households = pl.DataFrame({
        "household_id": ["h"], "area": ["rural"], "income_per_capita": [1_400_000], "housing_area_m2": [40.0],
        "wall_durable": [1], "column_durable": [1], "roof_durable": [1], "water_source": ["surface_water"],
        "latrine": ["simple_pit"], "uses_telecom": [1], "has_tv": [0], "has_radio": [0], "has_computer": [0],
        "has_phone": [0], "uses_digital_services": [1], "waste_disposal": ["collected"],
    })  # fmt: skip
    members = pl.DataFrame({
        "household_id": ["h", "h"], "member_id": ["1", "2"], "age": [40, 38], "health_insurance": [1, 1],
        "malnourished": [None, None], "in_school": [None, None], "education_level": ["upper_secondary"] * 2,
        "labour_status": ["stable"] * 2, "monthly_social_benefit": [0, 0],
    })  # fmt: skip
    row = compare_standards(households, members, BASE, load_standard("vn-2027-2030")).households.row(0, named=True)
    assert (row["old_class"], row["new_class"], row["transition"]) == ("poor", "near_poor", RECLASSIFIED)
    assert (row["gained"], row["lost"]) == ([], ["information_assets"])
    assert (row["why_line"], row["why_deprivations"], row["why_cutoff"]) == (False, True, False)
    assert SAME_CLASS == "same_class"


def test_the_new_standards_indicators_a_round_did_not_ask_for_are_reported_not_assessed(province):
    households, members = province
    result = what_if(households, members, BASE, against=load_standard("vn-2027-2030"))
    assert result.comparison.not_assessed == ("dependants", "telecom", "waste")
    assert result.households["new_class"].null_count() == 0
    assert result.as_json()["not_assessed"] == ["dependants", "telecom", "waste"]
    assert result.as_json()["cost"] is None
