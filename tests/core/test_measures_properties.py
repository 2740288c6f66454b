"""Invariants of the measures that must hold for any data (Hypothesis)."""

from __future__ import annotations

from dataclasses import astuple
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from povmis.core.measures import alkire_foster, income_poverty

GROUPS = ["north", "south", "east"]


def flat(value: Any, prefix: str = "") -> dict[str, Any]:
    """A result's JSON form as one level of keys, so that pytest.approx can compare all of it."""
    if isinstance(value, dict):
        return {key: item for name, part in value.items() for key, item in flat(part, f"{prefix}/{name}").items()}
    return {prefix: value}


def same(left: Any, right: Any) -> bool:
    # Sums over the same rows may run in a different order (grouping is parallel), so equal to rounding.
    return flat(left.to_dict()) == pytest.approx(flat(right.to_dict()), abs=1e-9)


@st.composite
def deprivation_data(draw: st.DrawFn) -> tuple[pl.DataFrame, dict[str, float], float]:
    rows = draw(st.integers(min_value=1, max_value=25))
    count = draw(st.integers(min_value=1, max_value=5))
    indicators = [f"i{n}" for n in range(count)]
    raw = draw(st.lists(st.integers(min_value=1, max_value=6), min_size=count, max_size=count))
    weights = {name: value / sum(raw) for name, value in zip(indicators, raw, strict=True)}
    cells = st.lists(st.integers(min_value=0, max_value=1), min_size=rows, max_size=rows)
    columns = {name: draw(cells) for name in indicators}
    columns["group"] = draw(st.lists(st.sampled_from(GROUPS), min_size=rows, max_size=rows))
    columns["w"] = draw(st.lists(st.floats(min_value=0.1, max_value=10), min_size=rows, max_size=rows))
    k = draw(st.sampled_from([1 / 10, 1 / 4, 1 / 3, 1 / 2, 2 / 3, 1.0]))
    return pl.DataFrame(columns), weights, k


@settings(max_examples=60, deadline=None)
@given(deprivation_data())
def test_m0_is_h_times_a_and_the_weighted_mean_of_censored_scores(data: tuple) -> None:
    frame, weights, k = data
    result = alkire_foster(frame, weights, k, sampling_weight="w")

    scores = [sum(weights[c] * row[c] for c in weights) for row in frame.iter_rows(named=True)]
    censored = [s if s >= k - 1e-9 else 0.0 for s in scores]
    mean = sum(c * w for c, w in zip(censored, frame["w"], strict=True)) / frame["w"].sum()
    assert result.adjusted_headcount_ratio == result.headcount_ratio * result.intensity
    assert abs(result.adjusted_headcount_ratio - mean) < 1e-9


@settings(max_examples=60, deadline=None)
@given(deprivation_data())
def test_groups_add_back_to_the_total_and_contributions_sum_to_one(data: tuple) -> None:
    frame, weights, k = data
    result = alkire_foster(frame, weights, k, by="group", sampling_weight="w")
    groups = (result.groups or {}).values()

    recombined = sum(g.population_share * g.adjusted_headcount_ratio for g in groups)
    assert abs(recombined - result.adjusted_headcount_ratio) < 1e-9
    assert abs(sum(g.population_share for g in groups) - 1) < 1e-9
    if result.adjusted_headcount_ratio > 0:
        assert abs(sum(g.contribution for g in groups) - 1) < 1e-9
        assert abs(sum(m.contribution for m in result.indicators.values()) - 1) < 1e-9


@settings(max_examples=60, deadline=None)
@given(deprivation_data())
def test_sampling_weights_of_one_give_the_unweighted_result(data: tuple) -> None:
    frame, weights, k = data
    ones = frame.with_columns(pl.lit(1.0).alias("w"))

    assert same(
        alkire_foster(ones, weights, k, by="group", sampling_weight="w"),
        alkire_foster(frame, weights, k, by="group"),
    )


incomes = st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=40)


@settings(max_examples=80, deadline=None)
@given(incomes, st.floats(min_value=0.01, max_value=1e6), st.booleans())
def test_fgt0_is_at_least_fgt1_which_is_at_least_fgt2(values: list[float], line: float, at_or_below: bool) -> None:
    result = income_poverty(pl.DataFrame({"y": values}), "y", line, at_or_below=at_or_below).total

    assert 1 >= result.fgt0 >= result.fgt1 >= result.fgt2 >= 0


@settings(max_examples=60, deadline=None)
@given(incomes, st.floats(min_value=0.01, max_value=1e6))
def test_income_weights_of_one_give_the_unweighted_result(values: list[float], line: float) -> None:
    frame = pl.DataFrame(
        {
            "y": values,
            "w": [1.0] * len(values),
            "g": ["a", "b"] * (len(values) // 2) + ["a"] * (len(values) % 2),
        }
    )

    assert same(
        income_poverty(frame, "y", line, by="g", sampling_weight="w"),
        income_poverty(frame, "y", line, by="g"),
    )


@settings(max_examples=60, deadline=None)
@given(
    incomes,
    st.floats(min_value=0.01, max_value=1e6),
    st.lists(st.sampled_from(GROUPS), min_size=40, max_size=40),
)
def test_the_total_does_not_depend_on_how_people_are_grouped(
    values: list[float], line: float, groups: list[str]
) -> None:
    frame = pl.DataFrame({"y": values, "g": groups[: len(values)]})

    assert astuple(income_poverty(frame, "y", line, by="g").total) == pytest.approx(
        astuple(income_poverty(frame, "y", line).total), abs=1e-9
    )


@settings(max_examples=60, deadline=None)
@given(
    incomes,
    st.floats(min_value=0.01, max_value=1e6),
    st.lists(st.sampled_from(GROUPS), min_size=40, max_size=40),
)
def test_each_group_measures_as_if_it_were_alone(values: list[float], line: float, groups: list[str]) -> None:
    frame = pl.DataFrame({"y": values, "g": groups[: len(values)]})

    result = income_poverty(frame, "y", line, by="g")

    # A group's sums run in another order than the same rows' alone, so equal only to rounding.
    alone = {name: income_poverty(frame.filter(pl.col("g") == name), "y", line).total for name in set(frame["g"])}
    assert {name: astuple(m) for name, m in (result.groups or {}).items()} == {
        name: pytest.approx(astuple(m), abs=1e-9) for name, m in alone.items()
    }
