"""The synthetic deliveries: seeded, dated within their rules, a house once, escapes dated by the reviews."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from povmis.core.policies.policy import load_policies
from povmis.core.synth.deliveries import DELIVERY_SCHEMA, support_households, support_members, synthetic_deliveries

POLICIES = load_policies()


@pytest.fixture(scope="module")
def province() -> tuple[pl.DataFrame, pl.DataFrame]:
    size = 400
    households = pl.DataFrame(
        {
            "household_id": [f"H{i}" for i in range(size)],
            "district_code": ["646" if i % 2 else "656" for i in range(size)],
            "commune_code": [f"c{i % 7}" for i in range(size)],
            "area": ["rural" if i % 5 else "urban" for i in range(size)],
            "ethnic_minority": [i % 3 == 0 for i in range(size)],
        }
    )
    classes = pl.DataFrame(
        {
            "household_id": households["household_id"],
            "class": [["poor", "near_poor", "average", "not_poor"][i % 4] for i in range(size)],
            "deprived_housing_quality": [i % 3 != 1 for i in range(size)],
        }
    )
    members = pl.DataFrame(
        {
            "household_id": [f"H{i // 3}" for i in range(3 * size)],
            "member_id": [f"M{i}" for i in range(3 * size)],
            "national_id": [f"0661{i:08d}" for i in range(3 * size)],
            "age": [(7 * i) % 80 for i in range(3 * size)],
            "labour_status": ["unemployed" if i % 2 else "stable" for i in range(3 * size)],
        }
    )
    return support_households(households, classes, None, 2024, seed=3), support_members(members, seed=3)


def test_the_same_seed_gives_the_same_deliveries_and_another_seed_others(
    province: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    households, members = province
    first = synthetic_deliveries(households, members, POLICIES, 2024, seed=3)
    assert_frame_equal(first, synthetic_deliveries(households, members, POLICIES, 2024, seed=3))
    assert not first.equals(synthetic_deliveries(households, members, POLICIES, 2024, seed=4))
    assert first.schema == pl.Schema(DELIVERY_SCHEMA)


def test_houses_go_only_to_the_poor_districts_households_and_every_row_is_dated_in_its_year(
    province: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    households, members = province
    rows = synthetic_deliveries(households, members, POLICIES, 2024, seed=3)
    houses = rows.filter(pl.col("policy") == "housing", pl.col("programme") == "ntp-spr-2021-2025")
    districts = houses.join(households, on="household_id").select("district_code", "poor_district").unique()
    assert houses.height > 0
    # The injected ineligible houses may go anywhere; the others only to Ea Súp (646), a poor district.
    assert set(districts.rows()) <= {("646", True), ("656", False)}
    assert rows["delivered_on"].is_between(dt.date(2024, 1, 1), dt.date(2024, 12, 31)).all()


def test_a_house_given_before_is_not_given_again(province: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    households, members = province
    first = synthetic_deliveries(households, members, POLICIES, 2023, seed=3)
    given = first.select("policy", subject=pl.coalesce("member_id", "household_id"))
    again = synthetic_deliveries(households, members, POLICIES, 2024, seed=3, given_before=given)
    housed = set(
        first.filter(pl.col("policy") == "housing", pl.col("programme") == "ntp-spr-2021-2025")["household_id"]
    )
    entitled_again = again.filter(pl.col("policy") == "housing", pl.col("programme") == "ntp-spr-2021-2025")
    repeated = housed & set(entitled_again["household_id"])
    assert housed
    assert repeated <= _ineligible_houses(again, households)


def _ineligible_houses(rows: pl.DataFrame, households: pl.DataFrame) -> set[str]:
    """Houses to households Project 5 does not cover (the injected fault), which may repeat anyone."""
    outside = households.filter(~pl.col("poor_district") | ~pl.col("class").is_in(["poor", "near_poor"]))
    return set(rows.join(outside, on="household_id", how="semi")["household_id"])


def test_an_escape_is_dated_the_first_of_january_of_the_review_that_shows_it() -> None:
    households = pl.DataFrame(
        {"household_id": ["a", "b", "c"], "district_code": ["646"] * 3, "commune_code": ["x"] * 3,
         "area": ["rural"] * 3, "ethnic_minority": [False] * 3}
    )  # fmt: skip
    now = pl.DataFrame({"household_id": ["a", "b", "c"], "class": ["near_poor", "average", "poor"]})
    before = pl.DataFrame({"household_id": ["a", "b", "c"], "class": ["poor", "near_poor", "poor"]})
    table = support_households(households, now, before, 2023, seed=1)
    assert table.select("household_id", "escaped_poverty_on", "escaped_near_poverty_on").rows() == [
        ("a", dt.date(2023, 1, 1), None),
        ("b", None, dt.date(2023, 1, 1)),
        ("c", None, None),
    ]
    assert table["poor_district"].to_list() == [True, True, True]  # Ea Súp, Decision 353/QĐ-TTg
