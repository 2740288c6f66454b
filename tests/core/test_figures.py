"""The figures' definitions (docs/figures.md): denominators, reductions, flows and their identity, targets."""

from __future__ import annotations

import doctest
import importlib

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from povmis.core.figures.flows import IdentityError, check_identity, near_poor_flows, poor_flows
from povmis.core.figures.rates import rates
from povmis.core.figures.targets import BELOW, HALVE, REDUCTION, Target, applicable, judge, load_targets
from povmis.core.figures.trends import average_annual_reduction, trends


def test_rates_are_fractions_of_the_classified_households_with_the_unclassified_beside():
    counts = pl.DataFrame(
        {
            "year": [2024] * 6,
            "ethnic_minority": [True, True, False, False, None, None],
            "household_class": ["poor", "not_poor", "poor", "not_poor", "near_poor", None],
            "households": [2, 2, 1, 5, 2, 7],
        }
    )
    row = rates(counts, ["year"]).row(0, named=True)
    assert row == {
        "year": 2024, "households": 19, "classified": 12, "unclassified": 7, "poor": 3, "near_poor": 2,
        "poor_near": 5, "em": 4, "em_poor": 2, "kinh": 6, "kinh_poor": 1, "poverty_rate": 0.25,
        "near_poverty_rate": 2 / 12, "multidimensional_poverty_rate": 5 / 12, "em_poverty_rate": 0.5,
        "kinh_poverty_rate": 1 / 6,
    }  # fmt: skip


def test_a_unit_with_only_unclassified_households_has_no_rate_rather_than_zero():
    counts = pl.DataFrame({"year": [2024], "ethnic_minority": [None], "household_class": [None], "households": [3]},
                          schema_overrides={"household_class": pl.String, "ethnic_minority": pl.Boolean})  # fmt: skip
    row = rates(counts, ["year"]).row(0, named=True)
    assert (row["households"], row["classified"], row["poverty_rate"]) == (3, 0, None)


def test_the_published_reduction_comes_out_of_the_rates_unrounded():
    # spec/daklak.md: 12.79% → 6.38% over three years is "2.14 points a year" once printed.
    assert f"{average_annual_reduction(0.1279, 0.0638, 3) * 100:.2f}" == "2.14"
    assert f"{average_annual_reduction(0.2674, 0.1371, 3) * 100:.2f}" == "4.34"
    with pytest.raises(ValueError, match="at least a year apart"):
        average_annual_reduction(0.1, 0.08, 0)


def test_the_province_trend_lands_at_4_24_percent_in_2025_and_never_below_zero():
    yearly = pl.DataFrame({"u": ["p", "p", "q", "q"], "year": [2021, 2024, 2021, 2024],
                           "rate": [0.1279, 0.0638, 0.05, 0.01]})  # fmt: skip
    found = trends(yearly, ["u"], "rate", 2025)
    assert [f"{value * 100:.2f}" for value in found["projected"]] == ["4.24", "0.00"]


def test_a_single_review_has_no_trend():
    found = trends(pl.DataFrame({"u": ["z"], "year": [2024], "rate": [0.025]}), ["u"], "rate", 2025)
    assert found.select("reduction", "projected").row(0) == (None, None)


def _frame(rows: list[tuple[str, str | None]], transitions: list[str | None] | None = None) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={"household_id": pl.String, "class": pl.String}, orient="row").with_columns(
        pl.lit("u").alias("unit")
    )
    if transitions is not None:
        frame = frame.with_columns(pl.Series("transition", transitions, dtype=pl.String))
    return frame


def test_every_poor_household_of_either_review_is_in_exactly_one_flow():
    before = _frame([("stay", "poor"), ("esc", "poor"), ("gone", "poor"), ("uncl", "poor"), ("np", "near_poor"),
                     ("fb", "not_poor"), ("x", None)])  # fmt: skip
    now = _frame(
        [("stay", "poor"), ("esc", "near_poor"), ("uncl", None), ("np", "poor"), ("fb", "poor"), ("new", "poor"),
         ("x", "poor")],
        ["stayed_poor", "poor_to_near_poor", "unclassified", "near_poor_to_poor", "fell_back_into_poverty",
         "newly_poor", "newly_poor"],
    )  # fmt: skip
    found = poor_flows(before, now, ["unit"]).drop("unit").row(0, named=True)
    assert found == {"start": 4, "stayed": 1, "escaped": 1, "moved_out": 2, "unclassified": 1, "newly_poor": 1,
                     "fell_back": 1, "moved_in": 2, "end": 5}  # fmt: skip


def test_near_poor_households_that_moved_out_are_counted():
    before = _frame([("a", "near_poor"), ("b", "near_poor"), ("c", "near_poor"), ("d", "poor")])
    now = _frame([("a", "not_poor"), ("c", "poor"), ("d", "near_poor")],
                 ["escaped_near_poverty", "near_poor_to_poor", "poor_to_near_poor"])  # fmt: skip
    found = near_poor_flows(before, now, ["unit"]).drop("unit").row(0, named=True)
    assert found == {"start": 3, "stayed": 0, "escaped": 1, "became_poor": 1, "moved_out": 1, "unclassified": 0,
                     "from_poor": 1, "newly_near_poor": 0, "moved_in": 0, "end": 1}  # fmt: skip


def test_a_broken_identity_is_refused():
    frame = pl.DataFrame({"start": [3], "out": [1], "in": [0], "end": [3]})
    with pytest.raises(IdentityError, match="1 row"):
        check_identity(frame, pl.col("out"), pl.col("in"))


CLASSES = st.sampled_from(["poor", "near_poor", "not_poor", None, "absent"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(CLASSES, CLASSES, st.booleans()), min_size=1, max_size=40))
def test_the_stock_flow_identity_holds_for_any_two_reviews(histories):
    before = [(f"h{i}", b) for i, (b, _n, _f) in enumerate(histories) if b != "absent"]
    now = [(f"h{i}", n) for i, (_b, n, _f) in enumerate(histories) if n != "absent"]
    labels = ["fell_back_into_poverty" if histories[int(h[1:])][2] else "newly_poor" for h, _c in now]
    for flows in (poor_flows, near_poor_flows):
        found = flows(_frame(before), _frame(now, labels), ["unit"])  # raises IdentityError if it broke
        side = "poor" if flows is poor_flows else "near_poor"
        assert found["start"].sum() == sum(1 for _h, c in before if c == side)
        assert found["end"].sum() == sum(1 for _h, c in now if c == side)


PLAN = [
    Target("programme", "p", None, None, "poverty_rate", REDUCTION, 0.01, 2025, "Decision 90"),
    Target("communes", "p", "commune", None, "poverty_rate", REDUCTION, 0.015, 2025, "provincial plan"),
    Target("below-3", "p", "province", "66", "poverty_rate", BELOW, 0.03, 2025, "provincial report"),
    Target("halve", "p", "district", None, "multidimensional_poverty_rate", HALVE, 0.5, 2025, "district plan"),
]


def test_each_unit_has_its_own_targets_never_the_provinces_end_value():
    assert [t.id for t in applicable(PLAN, "66", "province")] == ["below-3"]
    assert [t.id for t in applicable(PLAN, "24121", "commune")] == ["communes"]
    assert [t.id for t in applicable(PLAN, "643", "district")] == ["programme", "halve"]
    assert [t.id for t in applicable(PLAN, "V1", "village")] == ["programme"]


def test_a_unit_falling_fast_enough_is_on_track_even_with_a_rate_above_3_percent():
    units = pl.DataFrame({"code": ["66", "24121", "24400"], "level": ["province", "commune", "commune"]})
    trend = pl.DataFrame({"code": ["66", "24121", "24400"], "rate": ["poverty_rate"] * 3,
                          "first_rate": [0.1279, 0.30, 0.10], "last_rate": [0.0638, 0.24, 0.097],
                          "reduction": [0.021367, 0.02, 0.001], "projected": [0.042433, 0.22, 0.096]})  # fmt: skip
    found = judge(units, trend, PLAN).select("code", "target", "met").sort("code")
    assert_frame_equal(found, pl.DataFrame({"code": ["24121", "24400", "66"], "target": ["communes", "communes",
                       "below-3"], "met": [True, False, False]}))  # fmt: skip


def test_the_shipped_targets_name_their_legal_source():
    shipped = load_targets(in_year=2024)
    assert shipped
    assert all(t.source and t.year == 2025 for t in shipped)
    assert {"programme-poverty-reduction", "daklak-poverty-below-3"} <= {t.id for t in shipped}


def test_the_2026_2030_targets_are_the_programmes_one_point_a_year_and_below_ten_percent():
    shipped = load_targets(in_year=2026)
    assert [(t.id, t.rate, t.kind, t.value, t.year) for t in shipped] == [
        ("ntp-2026-multidimensional-poverty-reduction", "multidimensional_poverty_rate", REDUCTION, 0.01, 2030),
        ("ntp-2026-em-areas-below-10", "em_poverty_rate", BELOW, 0.10, 2030),
    ]
    assert all("257/2025/QH15" in t.source for t in shipped)


def test_a_targets_file_without_a_whole_period_names_itself(tmp_path):
    (tmp_path / "plan.yaml").write_text("period: {from: 2026}\ntargets: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^plan.yaml: period must be \{from: YEAR, to: YEAR\}$"):
        load_targets(tmp_path, in_year=2026)


@pytest.mark.parametrize("module", ["rates", "flows", "trends", "targets", "forecasts"])
def test_docstring_examples_of_the_figures_run_as_written(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"povmis.core.figures.{module}"))
    assert result.failed == 0
