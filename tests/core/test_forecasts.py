"""The in-year forecast: the last review, the year's decided changes, the trend for the rest of the year."""

from __future__ import annotations

import datetime as dt
import statistics

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from povmis.core.figures.forecasts import Z_90, forecast, judge_forecasts, numerator_changes
from povmis.core.figures.targets import BELOW, REDUCTION, Target
from povmis.core.foresight.forecast_backtest import backtest, elapsed_share
from povmis.core.foresight.synthetic import synthetic_rounds

HISTORY = pl.DataFrame(
    {"code": ["a"] * 3 + ["b"] * 2, "rate": ["poverty_rate"] * 5, "year": [2022, 2023, 2024, 2023, 2024],
     "part": [30, 20, 14, 10, 10], "whole": [100] * 5}
)  # fmt: skip
NOTHING = pl.DataFrame(schema={"code": pl.String, "rate": pl.String, "entered": pl.Int64, "left": pl.Int64})


def test_at_the_year_end_the_forecast_is_the_last_review_minus_the_decided_changes_with_no_interval():
    so_far = pl.DataFrame({"code": ["a", "b"], "rate": ["poverty_rate"] * 2, "entered": [1, 3], "left": [5, 0]})
    found = forecast(HISTORY, so_far, 2025, elapsed=1.0).select("code", "projected", "low", "high")
    assert_frame_equal(
        found,
        pl.DataFrame({"code": ["a", "b"], "projected": [0.10, 0.13], "low": [0.10, 0.13], "high": [0.10, 0.13]}),
        abs_tol=1e-12,
    )


def test_on_new_year_the_forecast_is_the_trend_and_a_unit_without_a_spread_takes_everyones():
    # a fell 10 then 6 points (spread 2.83 points); b has one step of 0, so it takes the spread of
    # all three steps (0.10, 0.06, 0.00): 5.03 points. The interval is 1.645 spreads either side.
    own, everyones = statistics.stdev([0.10, 0.06]), statistics.stdev([0.10, 0.06, 0.0])
    found = forecast(HISTORY, NOTHING, 2025, elapsed=0.0).select("code", "trend", "projected", "low", "high")
    expected = pl.DataFrame(
        {"code": ["a", "b"], "trend": [0.08, 0.0], "projected": [0.06, 0.10],
         "low": [0.06 - Z_90 * own, 0.10 - Z_90 * everyones], "high": [0.06 + Z_90 * own, 0.10 + Z_90 * everyones]}
    )  # fmt: skip
    assert_frame_equal(found, expected, abs_tol=1e-12)


def test_changes_count_in_every_unit_above_their_commune_and_in_each_rate_they_move():
    changes = pl.DataFrame(
        {"household_id": ["h1", "h2", "h3"], "unit_path": ["66/643/24121/", "66/643/24121/", "66/650/24400/"],
         "ethnic_minority": [True, False, None], "old_class": ["poor", "near_poor", None],
         "new_class": ["near_poor", "poor", "poor"]}
    )  # fmt: skip
    units = pl.DataFrame({"code": ["66", "643", "24121"], "unit_path": ["66/", "66/643/", "66/643/24121/"]})
    found = numerator_changes(changes, units).sort("code", "rate")
    expected = pl.DataFrame(
        {"code": ["24121"] * 2 + ["643"] * 2 + ["66"] * 3,
         "rate": ["em_poverty_rate", "poverty_rate"] * 2 + ["em_poverty_rate", "multidimensional_poverty_rate",
                  "poverty_rate"],
         "entered": [0, 1, 0, 1, 0, 1, 2], "left": [1, 1, 1, 1, 1, 0, 1]}
    )  # fmt: skip
    assert_frame_equal(found, expected)


def test_a_unit_misses_a_reduction_target_when_the_year_falls_short_and_a_below_target_by_its_path():
    forecasts = forecast(HISTORY, NOTHING, 2025, elapsed=0.0)
    targets = [
        Target("fast", "p", "commune", None, "poverty_rate", REDUCTION, 0.05, 2030, "plan"),
        Target("under", "p", None, "b", "poverty_rate", BELOW, 0.04, 2030, "plan"),
    ]
    units = pl.DataFrame({"code": ["a", "b"], "level": ["commune", "commune"]})
    found = judge_forecasts(units, forecasts, targets).select("code", "target", "needed", "met").sort("code")
    # a: 8 points forecast against 5 needed; b: its own target, 6 points to go over 6 years, none forecast.
    expected = pl.DataFrame({"code": ["a", "b"], "target": ["fast", "under"], "needed": [0.05, 0.01],
                             "met": [True, False]})  # fmt: skip
    assert_frame_equal(found, expected, abs_tol=1e-12)


def test_the_share_of_the_year_passed_counts_the_day_itself():
    assert [elapsed_share(2025, day) for day in (dt.date(2024, 12, 31), dt.date(2025, 1, 1), dt.date(2026, 3, 1))] == [
        0.0, 1 / 365, 1.0
    ]  # fmt: skip


def test_on_the_synthetic_province_the_in_year_forecast_beats_the_naive_rule_by_mid_year():
    results = backtest(synthetic_rounds(8_000, seed=3), (6, 30))
    assert [r.year for r in results] == [2023, 2024]
    assert all(r.mae_in_year < r.mae_naive and r.mae_in_year < r.mae_trend for r in results)


def test_a_year_with_no_review_before_it_takes_the_trend_for_the_year_between():
    found = forecast(HISTORY, NOTHING, 2026, elapsed=0.5).filter(pl.col("code") == "a")["projected"].to_list()
    assert found == pytest.approx([0.14 - 0.08 * 1.5])


def test_an_elapsed_share_outside_the_year_is_refused():
    with pytest.raises(ValueError, match="^elapsed must be between 0 and 1, not 1.5$"):
        forecast(HISTORY, NOTHING, 2025, elapsed=1.5)
