"""The synthetic plan the demo records: the published figures come out of the ordinary computation, exactly."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from povmis.core.programmes.definition import load_programme
from povmis.core.programmes.disbursement import disbursement
from povmis.core.programmes.lines import capital
from povmis.core.programmes.synthetic import apportion, synthetic_plan

DISTRICTS = [str(code) for code in range(643, 658)]
PLAN = synthetic_plan(load_programme("ntp-spr-2021-2025"), DISTRICTS, seed=1)


def test_the_own_capital_of_2021_2024_is_the_provinces_1_263_511_million() -> None:
    years = capital(PLAN.plans, ("capital_year",)).filter(pl.col("capital_year") <= 2024)
    assert years["allocated_vnd"].sum() == 1_263_511_000_000


def test_the_2025_rate_is_23_91_percent_on_5_august_and_26_percent_on_6_october() -> None:
    rates = [
        disbursement(PLAN.plans, PLAN.payments, day)["rate"].item()
        for day in (dt.date(2025, 8, 5), dt.date(2025, 10, 6))
    ]
    assert rates == [0.2391, 0.26]


def test_2024_recurrent_capital_left_unspent_is_carried_into_2025() -> None:
    carried = PLAN.plans.filter((pl.col("capital_year") == 2024) & (pl.col("plan_year") == 2025))
    assert carried["type"].unique().to_list() == ["recurrent"]
    assert carried["amount_vnd"].sum() > 0


def test_no_line_is_paid_more_than_it_was_given() -> None:
    keys = ["project", "sub_project", "type", "source", "capital_year", "plan_year", "unit"]
    given_ = PLAN.plans.group_by(keys).agg(pl.col("amount_vnd").sum().alias("given"))
    paid = PLAN.payments.group_by(keys).agg(pl.col("amount_vnd").sum().alias("paid"))
    assert paid.join(given_, on=keys, how="left").filter(pl.col("paid") > pl.col("given")).height == 0


def test_the_outputs_are_450_models_and_jobs_for_100_850_workers() -> None:
    sums = (
        PLAN.outputs.filter(pl.col("indicator").is_in(["models", "jobs"]))
        .group_by("indicator")
        .agg(pl.col("value").sum())
    )
    assert dict(sums.sort("indicator").rows()) == {"jobs": 100_850.0, "models": 450.0}


def test_the_same_seed_gives_the_same_plan() -> None:
    again = synthetic_plan(load_programme("ntp-spr-2021-2025"), DISTRICTS, seed=1)
    assert again.payments.equals(PLAN.payments)


@given(
    st.integers(min_value=0, max_value=10**9),
    st.lists(st.floats(min_value=0.01, max_value=100), min_size=1, max_size=50),
)
def test_apportioning_keeps_the_total_exactly(total: int, weights: list[float]) -> None:
    parts = apportion(total, weights)
    assert (parts.sum(), parts.min() >= 0) == (total, True)
