"""The cost of a what-if under the shipped policies: new classes' support minus the old, in integer VND."""

from __future__ import annotations

import datetime as dt
import doctest

import polars as pl
import pytest

from povmis.core import whatif_cost
from povmis.core.policies.policy import load_policies
from povmis.core.whatif_cost import load_premiums, support_cost

YEAR_END = dt.date(2024, 12, 31)


def test_the_premium_follows_the_base_salary_of_the_day():
    premiums = load_premiums()
    found = [premiums.annual(day) for day in (dt.date(2023, 6, 30), dt.date(2023, 7, 1), dt.date(2024, 7, 1))]
    assert found == [67_050 * 12, 81_000 * 12, 105_300 * 12]


def test_a_day_before_any_base_salary_has_no_premium():
    with pytest.raises(ValueError, match=r"^premiums.yaml: no base salary in force on 2019-06-30$"):
        load_premiums().annual(dt.date(2019, 6, 30))


def test_a_household_that_becomes_poor_gets_a_loan_electricity_and_its_members_premiums():
    households = pl.DataFrame(
        {"household_id": ["a", "b"], "old_class": ["average", "poor"], "new_class": ["poor", "poor"],
         "area": ["rural", "rural"], "ethnic_minority": [False, True]}
    )  # fmt: skip
    members = pl.DataFrame({"household_id": ["a", "a", "b"], "member_id": ["1", "2", "1"], "age": [40, 12, 30]})
    cost = support_cost(households, members, load_policies(), YEAR_END, 1_263_600)
    # Household b keeps its class and costs nothing more. a's two members get whole premiums; no course
    # counts, since whether anyone wants training is not in the table (unknown never entitles).
    assert cost == {
        "credit": 100_000_000, "electricity": 46_000, "health_insurance": 2 * 1_263_600,
        "total": 100_000_000 + 46_000 + 2 * 1_263_600,
    }  # fmt: skip


def test_an_unchanged_what_if_costs_nothing():
    households = pl.DataFrame({"household_id": ["a"], "old_class": ["poor"], "new_class": ["poor"]})
    assert support_cost(households, None, load_policies(), YEAR_END, 1_263_600) == {"total": 0}


def test_the_docstring_examples_of_the_cost_run_as_written():
    assert doctest.testmod(whatif_cost).failed == 0
