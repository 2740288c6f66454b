"""Classification: reasons, invalid answers, precomputed flags, and the invariants of the rule."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from povmis.core.classify import classify
from povmis.core.standard import load_standard

STANDARD = load_standard("vn-2022-2025")
GOOD_HOUSEHOLD = {
    "household_id": "h1",
    "area": "rural",
    "income_per_capita": 1_200_000,
    "housing_area_m2": 13.0,
    "wall_durable": 1,
    "column_durable": 1,
    "roof_durable": 1,
    "water_source": "piped",
    "latrine": "simple_pit",
    "uses_telecom": 1,
    "has_tv": 1,
    "has_radio": 0,
    "has_computer": 0,
    "has_phone": 1,
}
ADULT = {
    "household_id": "h1",
    "member_id": "1",
    "age": 35,
    "health_insurance": 0,
    "malnourished": None,
    "in_school": None,
    "education_level": "upper_secondary",
    "labour_status": "stable",
}


def test_reasons_name_the_income_line_and_each_lack_with_its_value() -> None:
    members = pl.DataFrame([ADULT, {**ADULT, "member_id": "2", "age": 33, "health_insurance": 1}])
    row = classify(pl.DataFrame([GOOD_HOUSEHOLD]), members, STANDARD).households.row(0, named=True)
    assert row["class"] == "poor"
    assert row["class_rule"] == "poor: income ≤ poverty line and deprivations ≥ 3"
    assert row["reason_en"] == (
        "income 1,200,000 ≤ rural poverty line 1,500,000; "
        "lacks: health insurance, housing area 6.5 m²/person < 8, hygienic latrine"
    )
    assert row["reason_vi"] == (
        "thu nhập 1.200.000 ≤ chuẩn nghèo nông thôn 1.500.000; "
        "thiếu hụt: bảo hiểm y tế, diện tích nhà ở 6,5 m²/người < 8, nhà tiêu hợp vệ sinh"
    )


def test_a_missing_answer_is_reported_and_never_read_as_zero() -> None:
    households = pl.DataFrame([GOOD_HOUSEHOLD, {**GOOD_HOUSEHOLD, "household_id": "h2", "income_per_capita": None}])
    members = pl.DataFrame([ADULT, {**ADULT, "household_id": "h2"}])
    result = classify(households, members, STANDARD)
    assert result.households["class"].to_list() == ["near_poor", None]
    assert result.issues.select("table", "row", "household_id", "column", "message_en").to_dicts() == [
        {
            "table": "household",
            "row": 3,
            "household_id": "h2",
            "column": "income_per_capita",
            "message_en": "required answer is missing",
        },
    ]


def test_a_child_not_asked_about_employment_is_fine_but_a_missing_age_is_not() -> None:
    child = {
        **ADULT,
        "member_id": "2",
        "age": 8,
        "malnourished": 0,
        "in_school": 1,
        "education_level": None,
        "labour_status": None,
        "health_insurance": 1,
    }
    ageless = {**ADULT, "member_id": "3", "age": None}
    result = classify(pl.DataFrame([GOOD_HOUSEHOLD]), pl.DataFrame([ADULT, child, ageless]), STANDARD)
    assert result.issues.select("row", "member_id", "column").to_dicts() == [
        {"row": 4, "member_id": "3", "column": "age"},
    ]


def test_a_household_without_members_and_an_orphan_member_are_both_reported() -> None:
    households = pl.DataFrame([GOOD_HOUSEHOLD, {**GOOD_HOUSEHOLD, "household_id": "h2"}])
    members = pl.DataFrame([ADULT, {**ADULT, "household_id": "h9"}])
    result = classify(households, members, STANDARD)
    assert result.issues.select("table", "household_id", "message_en").to_dicts() == [
        {"table": "member", "household_id": "h9", "message_en": "no such household in the household table"},
        {"table": "household", "household_id": "h2", "message_en": "household has no members"},
    ]
    assert result.households["class"].to_list() == ["near_poor", None]


def _flags(household_id: str, income: int, deprived: int, area: str = "rural") -> dict[str, object]:
    flags = {flag: int(i < deprived) for i, flag in enumerate(STANDARD.flags)}
    return {"household_id": household_id, "area": area, "income_per_capita": income, **flags}


def test_precomputed_flags_reclassify_an_existing_list() -> None:
    households = pl.DataFrame(
        [
            _flags("a", 1_500_000, 3),
            _flags("b", 1_500_000, 2),
            _flags("c", 2_000_000, 3),
            _flags("d", 2_000_000, 3, "urban"),
            _flags("e", 3_000_001, 12, "urban"),
        ]
    )
    result = classify(households, None, STANDARD)
    assert result.households["class"].to_list() == ["poor", "near_poor", "average", "poor", "not_poor"]


def test_a_precomputed_flag_other_than_0_or_1_is_reported() -> None:
    households = pl.DataFrame([{**_flags("a", 1_000_000, 3), "deprived_water": 2}])
    result = classify(households, None, STANDARD)
    assert result.issues.select("column", "value", "message_en").to_dicts() == [
        {"column": "deprived_water", "value": "2", "message_en": "must be 0 (no) or 1 (yes)"},
    ]


ORDER = {"poor": 0, "near_poor": 1, "average": 2, "not_poor": 3}


@settings(max_examples=200, deadline=None)
@given(
    income=st.integers(0, 5_000_000),
    raise_by=st.integers(0, 3_000_000),
    deprived=st.integers(0, 12),
    more=st.integers(0, 12),
    area=st.sampled_from(["rural", "urban"]),
)
def test_class_is_monotone_in_income_and_in_the_number_of_deprivations(
    income: int, raise_by: int, deprived: int, more: int, area: str
) -> None:
    """More income never makes a household poorer; more deprivations never make it better off."""
    richer = min(income + raise_by, 10**9)
    worse = min(deprived + more, 12)
    households = pl.DataFrame(
        [
            _flags("base", income, deprived, area),
            _flags("richer", richer, deprived, area),
            _flags("worse", income, worse, area),
        ]
    )
    base, with_income, with_lacks = (ORDER[c] for c in classify(households, None, STANDARD).households["class"])
    assert with_income >= base
    assert with_lacks <= base
