"""Classification: reasons, invalid answers, precomputed flags, and the invariants of the rule."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

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


def _household_of(household_id: str, ages: list[int], labour: str) -> tuple[dict[str, object], list[dict[str, object]]]:
    members = [
        {**ADULT, "household_id": household_id, "member_id": str(i), "age": age, "labour_status": labour}
        for i, age in enumerate(ages, 1)
    ]
    return {**GOOD_HOUSEHOLD, "household_id": household_id}, members


def test_members_listed_household_by_household_or_shuffled_give_the_same_classification() -> None:
    """The ordered fast path and the grouping path agree, including households with several deprived members."""
    made = [
        _household_of("h1", [35, 33, 40], "unemployed"),
        _household_of("h2", [70, 65], "stable"),
        _household_of("h3", [20], "unstable"),
        _household_of("h4", [62, 10, 30, 45], "unemployed"),
    ]
    households = pl.DataFrame([household for household, _ in made])
    members = pl.DataFrame([member for _, household_members in made for member in household_members])
    in_order = classify(households, members, STANDARD).households
    assert_frame_equal(classify(households, members.reverse(), STANDARD).households, in_order)
    # Households in another order than their members: grouped by household ID instead.
    assert_frame_equal(classify(households.reverse(), members.reverse(), STANDARD).households.reverse(), in_order)
    assert in_order.select("household_id", "member_count", "deprived_employment", "deprived_dependants").to_dicts() == [
        {"household_id": "h1", "member_count": 3, "deprived_employment": True, "deprived_dependants": False},
        {"household_id": "h2", "member_count": 2, "deprived_employment": False, "deprived_dependants": True},
        {"household_id": "h3", "member_count": 1, "deprived_employment": True, "deprived_dependants": False},
        {"household_id": "h4", "member_count": 4, "deprived_employment": True, "deprived_dependants": False},
    ]


@pytest.mark.parametrize("order", ["sorted", "shuffled"])
def test_a_member_id_repeated_within_a_household_is_reported_in_any_order(order: str) -> None:
    members = pl.DataFrame([ADULT, {**ADULT, "member_id": "2"}, {**ADULT, "age": 40}])
    members = members.sort("household_id", "member_id") if order == "sorted" else members
    result = classify(pl.DataFrame([GOOD_HOUSEHOLD]), members, STANDARD)
    assert result.issues.select("row", "member_id", "message_en").to_dicts() == [
        {"row": row, "member_id": "1", "message_en": "member ID appears twice in the household"}
        for row in ([2, 3] if order == "sorted" else [2, 4])
    ]
    assert result.households["class"].to_list() == [None]


def test_a_household_id_given_twice_is_reported() -> None:
    households = pl.DataFrame([GOOD_HOUSEHOLD, GOOD_HOUSEHOLD])
    result = classify(households, pl.DataFrame([ADULT]), STANDARD)
    assert result.issues.select("table", "row", "column", "message_en").to_dicts() == [
        {"table": "household", "row": 2, "column": "household_id", "message_en": "household ID appears twice"},
        {"table": "household", "row": 3, "column": "household_id", "message_en": "household ID appears twice"},
    ]


def test_an_age_out_of_range_is_reported_even_when_the_column_is_already_a_small_integer() -> None:
    members = pl.DataFrame([ADULT, {**ADULT, "member_id": "2", "age": 130}]).with_columns(pl.col("age").cast(pl.UInt8))
    result = classify(pl.DataFrame([GOOD_HOUSEHOLD]), members, STANDARD)
    assert result.issues.select("row", "column", "value", "message_en").to_dicts() == [
        {"row": 3, "column": "age", "value": "130", "message_en": "above the maximum 120"},
    ]


@st.composite
def _members_of(draw: st.DrawFn, household_id: str) -> list[dict[str, object]]:
    members = []
    for number in range(1, draw(st.integers(1, 5)) + 1):
        age = draw(st.integers(0, 90))
        members.append(
            {
                **ADULT,
                "household_id": household_id,
                "member_id": str(number),
                "age": age,
                "health_insurance": draw(st.integers(0, 1)),
                "malnourished": draw(st.integers(0, 1)) if age < 16 else None,
                "in_school": draw(st.integers(0, 1)) if 3 <= age <= 30 else None,
                "education_level": draw(st.sampled_from(["none", "primary", "lower_secondary"])) if age >= 16 else None,
                "labour_status": draw(st.sampled_from(["stable", "unstable", "unemployed", "unable_to_work"]))
                if age >= 15
                else None,
            }
        )
    return members


@settings(max_examples=50, deadline=None)
@given(data=st.data(), households=st.integers(1, 8))
def test_the_member_order_never_changes_a_household_s_flags_or_class(data: st.DataObject, households: int) -> None:
    ids = [f"h{i}" for i in range(households)]
    members = pl.DataFrame([member for hid in ids for member in data.draw(_members_of(hid))])
    table = pl.DataFrame([{**GOOD_HOUSEHOLD, "household_id": hid} for hid in ids])
    shuffled = members.sample(fraction=1.0, shuffle=True, seed=data.draw(st.integers(0, 99)))
    listed_in_order = classify(table, members, STANDARD)
    assert listed_in_order.issues.is_empty()
    assert_frame_equal(classify(table, shuffled, STANDARD).households, listed_in_order.households)
    grouped = classify(table.reverse(), shuffled, STANDARD).households.reverse()
    assert_frame_equal(grouped, listed_in_order.households)
