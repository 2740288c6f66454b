"""Rates, reductions and projections: the province's own published arithmetic, and the targets."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from povmis.monitoring.rates import average_annual_reduction, off_track, projected_rate, rates, trends


def test_the_published_reductions_come_out_of_the_2021_and_2024_rates():
    # spec/daklak.md: 12.79% (2021) → 6.38% (2024) is "2.14 points a year"; ethnic minority 26.74% → 13.71% is 4.34.
    assert average_annual_reduction(12.79, 6.38, 3) == 2.14
    assert average_annual_reduction(26.74, 13.71, 3) == 4.34


def test_a_reduction_needs_two_different_years():
    with pytest.raises(ValueError, match="at least a year apart"):
        average_annual_reduction(10.0, 8.0, 0)


def test_the_province_trend_lands_at_4_24_percent_in_2025_and_never_below_zero():
    assert projected_rate(6.38, 2024, 2.14) == 4.24
    assert projected_rate(1.0, 2024, 2.14) == 0.0


def test_rates_leave_unclassified_households_out_and_split_ethnic_minority_from_kinh():
    counts = pl.DataFrame(
        {
            "year": [2024] * 6,
            "ethnic_minority": [True, True, False, False, None, None],
            "household_class": ["poor", "not_poor", "poor", "not_poor", "near_poor", ""],
            "households": [2, 2, 1, 5, 2, 7],
        }
    )
    expected = pl.DataFrame(
        {
            "year": [2024], "households": [12], "poor": [3], "near_poor": [2], "poor_near": [5], "em": [4],
            "em_poor": [2], "kinh": [6], "kinh_poor": [1], "poor_rate": [25.0], "near_poor_rate": [16.67],
            "poor_near_rate": [41.67], "em_poor_rate": [50.0], "kinh_poor_rate": [16.67],
        }
    )  # fmt: skip
    assert_frame_equal(rates(counts, ["year"]), expected)


def test_a_unit_whose_poor_and_near_poor_rate_does_not_halve_is_off_track():
    yearly = pl.DataFrame(
        {
            "code": ["X", "X", "Y", "Y"],
            "year": [2021, 2024, 2021, 2024],
            "poor_rate": [12.79, 6.38, 10.0, 8.5],
            "poor_near_rate": [20.0, 9.0, 16.0, 12.0],
        }
    )
    judged = off_track(trends(yearly, ["code"], "poor_rate"), trends(yearly, ["code"], "poor_near_rate"), ["code"])
    assert judged.select("code", "poor_projected", "below_met", "poor_near_projected", "half_target", "halve_met",
                         "warning").rows() == [
        ("X", 4.24, False, 5.33, 10.0, True, True),
        ("Y", 8.0, False, 10.67, 8.0, False, True),
    ]  # fmt: skip


def test_a_unit_with_a_single_review_is_judged_on_its_last_rate():
    yearly = pl.DataFrame({"code": ["Z"], "year": [2024], "poor_rate": [2.5], "poor_near_rate": [4.0]})
    judged = off_track(trends(yearly, ["code"], "poor_rate"), trends(yearly, ["code"], "poor_near_rate"), ["code"])
    assert judged.select("poor_reduction", "poor_projected", "below_met", "halve_met", "warning").rows() == [
        (None, 2.5, True, False, True)
    ]
