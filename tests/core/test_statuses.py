"""The status rules at their boundaries, each with its legal source (statuses/*/status.yaml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from povmis.core.schema import StandardError
from povmis.core.statuses import evaluate, holders, load_status, rules_in_force, status_rules
from povmis.core.statuses.evaluate import MissingInputError

ON = dt.date(2025, 6, 1)
AVERAGE = load_status("agricultural-average-living-2022-2025")
WORKER = load_status("low-income-worker-2025")


def _households(**columns: list[object]) -> pl.DataFrame:
    size = len(next(iter(columns.values())))
    base = {"household_id": [f"H{i}" for i in range(size)], "area": ["rural"] * size}
    return pl.DataFrame(base | columns, strict=False)


@pytest.mark.parametrize(
    ("area", "per_person_month", "expected"),
    [
        # Decree 07/2021 Art. 3(3): "trên 1,5 triệu đến 2,25 triệu (nông thôn); trên 2 triệu đến 3 triệu (thành thị)".
        ("rural", 1_500_000, False),
        ("rural", 1_500_001, True),
        ("rural", 2_250_000, True),
        ("rural", 2_250_001, False),
        ("urban", 2_000_000, False),
        ("urban", 2_000_001, True),
        ("urban", 3_000_000, True),
        ("urban", 3_000_001, False),
    ],
)
def test_agricultural_average_band_is_above_the_line_up_to_the_ceiling(
    area: str, per_person_month: int, expected: bool
) -> None:
    # Decision 24/2021 Art. 2: the 12 months' income, here for 4 persons.
    households = _households(
        area=[area], agricultural=[True], income_12_months_vnd=[per_person_month * 12 * 4], persons=[4]
    )
    assert evaluate(households, None, [AVERAGE], ON)["holds"].to_list() == [expected]


def test_a_household_outside_agriculture_never_holds_the_average_status_and_an_unknown_is_unknown() -> None:
    households = _households(
        agricultural=[False, None, True], income_12_months_vnd=[96_000_000, 96_000_000, None], persons=[4, 4, 4]
    )
    assert evaluate(households, None, [AVERAGE], ON)["holds"].to_list() == [False, None, None]


def test_persons_are_counted_from_the_members_when_the_households_do_not_say() -> None:
    households = _households(agricultural=[True], income_12_months_vnd=[54_000_000])
    members = pl.DataFrame({"household_id": ["H0", "H0"], "member_id": ["1", "2"]})
    found = evaluate(households, members, [AVERAGE], ON).drop("rule_hash")
    expected = pl.DataFrame(
        {"household_id": ["H0"], "member_id": [None], "status": ["agricultural_average"],
         "rule": ["agricultural-average-living-2022-2025"], "holds": [True],
         "income_per_person_month": [2_250_000], "on": [ON]},
        schema_overrides={"member_id": pl.String},
    )  # fmt: skip
    assert_frame_equal(found, expected)


@pytest.mark.parametrize(
    ("area", "income", "age", "labour", "expected"),
    [
        # Decree 30/2025 (press copy): income at most 3,000,000 urban, 2,250,000 rural [S].
        ("rural", 2_250_000, 30, "stable", True),
        ("rural", 2_250_001, 30, "stable", False),
        ("urban", 3_000_000, 30, "unstable", True),
        ("urban", 3_000_001, 30, "unstable", False),
        # A worker is of working age and working [R].
        ("rural", 1_000_000, 14, "stable", False),
        ("rural", 1_000_000, 15, "stable", True),
        ("rural", 1_000_000, 40, "unemployed", False),
        ("rural", None, 40, "stable", None),
    ],
)
def test_low_income_worker_at_its_boundaries(
    area: str, income: int | None, age: int, labour: str, expected: bool | None
) -> None:
    households = _households(area=[area])
    members = pl.DataFrame(
        {"household_id": ["H0"], "member_id": ["1"], "age": [age], "labour_status": [labour],
         "monthly_income_vnd": [income]},
        schema_overrides={"monthly_income_vnd": pl.Int64},
    )  # fmt: skip
    found = evaluate(households, members, [WORKER], ON)
    assert found.select("member_id", "status", "holds").rows() == [("1", "low_income_worker", expected)]


def test_holders_are_only_the_rows_that_hold() -> None:
    households = _households(agricultural=[True, False], income_12_months_vnd=[96_000_000] * 2, persons=[4, 4])
    assert holders(evaluate(households, None, [AVERAGE], ON))["household_id"].to_list() == ["H0"]


def test_member_rules_need_members_and_the_inputs_are_named_when_missing() -> None:
    households = _households(agricultural=[True], income_12_months_vnd=[96_000_000], persons=[4])
    assert evaluate(households, None, [WORKER], ON).is_empty()
    with pytest.raises(MissingInputError, match="low-income-worker-2025 needs the member column"):
        evaluate(households, pl.DataFrame({"household_id": ["H0"], "member_id": ["1"]}), [WORKER], ON)


def test_the_rules_in_force_follow_their_dates_and_the_unknown_2027_band_is_off() -> None:
    assert [r.id for r in rules_in_force(dt.date(2024, 6, 1))] == ["agricultural-average-living-2022-2025"]
    assert [r.id for r in rules_in_force(ON)] == ["agricultural-average-living-2022-2025", "low-income-worker-2025"]
    assert rules_in_force(dt.date(2027, 6, 1)) == ()
    later = next(r for r in status_rules() if r.id == "agricultural-average-living-2027-2030")
    assert (later.enabled, later.confidence, later.income_confidence) == (False, "U", "U")


def test_every_rule_and_its_income_band_carry_a_legal_source_and_a_confidence() -> None:
    for rule in status_rules():
        assert rule.legal_reference
        assert rule.income_reference
        assert rule.confidence in "CSRU"
        assert rule.income_confidence in "CSRU"


def test_a_bad_rule_file_is_refused_naming_the_key(tmp_path: Path) -> None:
    text = Path(AVERAGE_PATH).read_text(encoding="utf-8").replace("rural: 2250000", "rural: lots")
    bad = tmp_path / "status.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(StandardError, match=r"income\.at_or_below\.rural: expected a whole number of VND"):
        load_status(bad)
    bad.write_text(text.replace("rural: lots", "rural: 2250000").replace("eq: true", "equals: true"), encoding="utf-8")
    with pytest.raises(StandardError, match="holds_if: a comparison needs exactly one of"):
        load_status(bad)


AVERAGE_PATH = Path(__file__).resolve().parents[2] / "statuses/agricultural-average-living-2022-2025/status.yaml"


@example(persons=7, income=1_500_000 * 84, area="rural")
@example(persons=7, income=1_500_000 * 84 + 1, area="rural")
@example(persons=7, income=2_250_000 * 84, area="rural")
@example(persons=7, income=2_250_000 * 84 + 1, area="rural")
@example(persons=3, income=3_000_000 * 36, area="urban")
@given(
    persons=st.integers(min_value=1, max_value=30),
    income=st.integers(min_value=0, max_value=2_000_000_000),
    area=st.sampled_from(["rural", "urban"]),
)
def test_the_band_on_the_12_months_income_is_exact_in_whole_dong(persons: int, income: int, area: str) -> None:
    """Income per person-month is a division; the judgement equals the comparison in whole dong, at every edge."""
    households = _households(area=[area], agricultural=[True], income_12_months_vnd=[income], persons=[persons])
    line, ceiling = AVERAGE.above[area] * 12 * persons, AVERAGE.at_or_below[area] * 12 * persons
    assert evaluate(households, None, [AVERAGE], ON)["holds"].to_list() == [line < income <= ceiling]
