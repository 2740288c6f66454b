"""Disbursement figures: rates on a date along any dimension, carry-over, the path, and refused payments."""

from __future__ import annotations

import datetime as dt
import doctest
import importlib

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from povmis.core.programmes.definition import load_programme
from povmis.core.programmes.disbursement import DimensionError, disbursement, disbursement_report
from povmis.core.programmes.lines import LINE_KEY, PAYMENT_SCHEMA, PLAN_SCHEMA, allocations
from povmis.core.programmes.payments import check_payments
from povmis.core.programmes.progress import lags, year_curves
from povmis.core.programmes.schedule import load_schedule

D = dt.date
DEADLINE = load_programme("ntp-spr-2021-2025").deadline


def _plans(*rows: tuple[str, str, str, int, int, str, int, str, dt.date]) -> pl.DataFrame:
    """(project, type, source, capital_year, plan_year, unit, amount, decision, decided_on) rows."""
    return pl.DataFrame(
        [("ntp-spr-2021-2025", p, "", t, s, cy, py, u, a, d, on) for p, t, s, cy, py, u, a, d, on in rows],
        schema=PLAN_SCHEMA,
        orient="row",
    )


def _payments(plans: pl.DataFrame, *rows: tuple[int, dt.date, int]) -> pl.DataFrame:
    """(index of the plan row, paid_on, amount) rows, against that row's line."""
    keys = plans.select(LINE_KEY)
    frames = [
        keys.slice(i, 1).with_columns(paid_on=pl.lit(on), amount_vnd=pl.lit(amount, pl.Int64)) for i, on, amount in rows
    ]
    return (
        pl.concat(frames)
        .with_columns(voucher=pl.Series([f"v{n}" for n in range(len(rows))]))
        .select(list(PAYMENT_SCHEMA))
        .cast(PAYMENT_SCHEMA)
    )


PLANS = _plans(
    ("2", "recurrent", "central", 2025, 2025, "A", 1_000, "10/QĐ-UBND", D(2025, 1, 10)),
    ("2", "recurrent", "central", 2025, 2025, "A", 200, "55/QĐ-UBND", D(2025, 6, 1)),  # an amendment adds
    ("2", "recurrent", "central", 2024, 2025, "A", 300, "20/QĐ-UBND", D(2025, 2, 1)),  # 2024 carried over
    ("5", "investment", "provincial", 2025, 2025, "B", 2_000, "10/QĐ-UBND", D(2025, 1, 10)),
    ("5", "investment", "provincial", 2024, 2024, "B", 1_000, "3/QĐ-UBND", D(2024, 1, 10)),
)
PAYMENTS = _payments(
    PLANS,
    (0, D(2025, 3, 1), 300),
    (0, D(2025, 8, 6), 100),
    (2, D(2025, 4, 1), 150),
    (3, D(2025, 7, 1), 500),
    (4, D(2024, 9, 1), 400),
)


def test_the_rate_by_project_counts_own_capital_and_adds_the_carry_over_separately() -> None:
    result = disbursement(PLANS, PAYMENTS, D(2025, 8, 5), by=["project"])
    expected = pl.DataFrame(
        {
            "project": ["2", "5"],
            "allocated_vnd": [1_200, 2_000],
            "disbursed_vnd": [300, 500],
            "allocated_with_carryover_vnd": [1_500, 2_000],
            "disbursed_with_carryover_vnd": [450, 500],
            "rate": [0.25, 0.25],
            "rate_with_carryover": [0.3, 0.25],
        },
    )
    assert_frame_equal(result, expected, check_dtypes=False)


def test_an_amendment_counts_from_the_day_it_was_decided_and_payments_up_to_and_including_the_date() -> None:
    before = disbursement(PLANS, PAYMENTS, D(2025, 5, 31), by=["project", "type"]).row(0, named=True)
    assert (before["allocated_vnd"], before["disbursed_vnd"]) == (1_000, 300)
    on_the_day = disbursement(PLANS, PAYMENTS, D(2025, 8, 6)).row(0, named=True)
    assert on_the_day["disbursed_with_carryover_vnd"] == 300 + 100 + 150 + 500


def test_every_dimension_sums_to_the_same_total() -> None:
    total = disbursement_report(PLANS, PAYMENTS, D(2025, 12, 31))["total"]
    for by in (["programme"], ["source"], ["capital_year"], ["plan_year"], ["unit", "type"], ["sub_project"]):
        summed = (
            disbursement(PLANS, PAYMENTS, D(2025, 12, 31), by=by).select(pl.col("^.*_vnd$").sum()).row(0, named=True)
        )
        assert summed == {k: v for k, v in total.items() if k.endswith("_vnd")}


def test_by_capital_year_shows_the_carried_over_year_with_no_own_capital() -> None:
    rows = disbursement(PLANS, PAYMENTS, D(2025, 8, 5), by=["capital_year"]).to_dicts()
    assert [(r["capital_year"], r["allocated_vnd"], r["allocated_with_carryover_vnd"], r["rate"]) for r in rows] == [
        (2024, 0, 300, None),
        (2025, 3_200, 3_200, 0.25),
    ]


def test_a_plan_year_without_lines_reports_zero_and_no_rate() -> None:
    report = disbursement_report(PLANS, PAYMENTS, D(2023, 6, 30), by=["project"])
    assert report == {
        "on": "2023-06-30",
        "groups": [],
        "total": {
            "allocated_vnd": 0,
            "disbursed_vnd": 0,
            "allocated_with_carryover_vnd": 0,
            "disbursed_with_carryover_vnd": 0,
            "rate": None,
            "rate_with_carryover": None,
        },
    }


def test_an_unknown_dimension_is_refused_by_name() -> None:
    with pytest.raises(DimensionError, match="unknown dimension district; choose among programme, project"):
        disbursement(PLANS, PAYMENTS, D(2025, 8, 5), by=["district"])


def test_a_project_below_the_path_is_flagged_and_warned_within_the_window() -> None:
    schedule = load_schedule("ntp-spr-2021-2025")
    result = lags(PLANS, PAYMENTS, D(2025, 8, 5), ["project"], schedule)
    assert result.select("project", "expected_share", "lagging", "weeks_left", "warning").to_dicts() == [
        {"project": "2", "expected_share": 0.497826, "lagging": True, "weeks_left": 25, "warning": True},
        {"project": "5", "expected_share": 0.497826, "lagging": True, "weeks_left": 25, "warning": True},
    ]
    early = lags(PLANS, PAYMENTS, D(2025, 3, 15), ["project"], schedule)
    # project 5 has paid nothing by mid-March: it lags, but the warning waits for the window
    assert (early["lagging"].to_list(), early["warning"].to_list()) == ([False, True], [False, False])


def test_the_years_curve_climbs_with_the_payments_against_last_year_and_the_path() -> None:
    curves = year_curves(PLANS, PAYMENTS, load_schedule("ntp-spr-2021-2025"), 2025)
    assert curves.columns == ["date", "rate", "rate_with_carryover", "last_year_rate_with_carryover", "expected_share"]
    assert (curves["date"][0], curves["date"][-1]) == (D(2025, 1, 1), D(2026, 1, 31))
    at = curves.filter(pl.col("date") == D(2025, 7, 2)).row(0, named=True)
    assert at["rate_with_carryover"] == pytest.approx((300 + 150 + 500) / 3_500)
    assert at["last_year_rate_with_carryover"] == 0.0  # 2024's payment came on 1 September
    assert curves["last_year_rate_with_carryover"][-1] == 0.4
    # no capital is allocated before the first decision (10 January): no rate, rather than 0%
    assert curves["rate_with_carryover"][:2].to_list() == [None, None]


def _incoming(*rows: dict[str, object]) -> pl.DataFrame:
    base = {
        "programme": "ntp-spr-2021-2025",
        "project": "2",
        "sub_project": "",
        "type": "recurrent",
        "source": "central",
        "capital_year": 2025,
        "unit": "A",
        "paid_on": D(2025, 7, 1),
        "amount_vnd": 100,
    }
    return pl.DataFrame([{"row": n + 2, **base, "voucher": f"new{n}", **row} for n, row in enumerate(rows)])


def test_a_payment_is_placed_on_the_one_line_whose_period_holds_its_date() -> None:
    incoming = _incoming(
        {"capital_year": 2024, "paid_on": D(2025, 3, 1)},
        {
            "project": "5",
            "type": "investment",
            "source": "provincial",
            "capital_year": 2024,
            "unit": "B",
            "paid_on": D(2025, 1, 20),
        },
    )
    accepted, issues = check_payments(PLANS, PAYMENTS, incoming, DEADLINE)
    assert issues.is_empty()
    # the 2024 line is paid until 31 January 2025; the carry-over line from 1 February
    assert accepted.select("row", "capital_year", "plan_year").rows() == [(2, 2024, 2025), (3, 2024, 2024)]


def test_bad_payments_are_refused_with_the_row_the_column_and_how_to_fix_it() -> None:
    incoming = _incoming(
        {"project": "9"},
        {"unit": "Z"},
        {"paid_on": D(2026, 3, 1)},
        {"amount_vnd": 901},
        {"voucher": "v0", "amount_vnd": 999},
        {"voucher": "v1", "paid_on": D(2025, 8, 6)},  # v1 again, the same payment: left out, not refused
    )
    accepted, issues = check_payments(PLANS, PAYMENTS, incoming, DEADLINE)
    assert accepted.is_empty()
    assert issues.select("row", "column", "value").rows() == [
        (2, "project", "9"),
        (3, "unit", "Z"),
        (4, "paid_on", "2026-03-01"),
        (5, "amount_vnd", "901"),
        (6, "voucher", "v0"),
    ]
    messages = issues["message_en"].to_list()
    assert messages[0] == (
        "no capital plan line has project = 9 (with this row's earlier columns); import the plan first or "
        "correct the code"
    )
    assert messages[2] == (
        "paid on 2026-03-01 is outside the period its plan line may be spent in (2025-01-01..2026-01-31); check "
        "the date or the capital year"
    )
    assert messages[3] == (
        "this payment takes its line's total paid to VND 1201, above the VND 1200 allocated to it by "
        "2025-07-01; lower the amount or amend the plan first"
    )
    assert issues["message_vi"].str.len_chars().min() > 20


def test_a_payment_before_its_lines_first_decision_exceeds_it() -> None:
    _, issues = check_payments(PLANS, PAYMENTS, _incoming({"paid_on": D(2025, 1, 5)}), DEADLINE)
    assert issues.select("row", "column").rows() == [(2, "amount_vnd")]


def test_allocations_sum_the_decisions_of_each_line() -> None:
    assert allocations(PLANS).sort("project", "capital_year")["allocated_vnd"].to_list() == [300, 1_200, 1_000, 2_000]


@pytest.mark.parametrize(
    "module", ["definition", "disbursement", "indicators", "lines", "outputs", "schedule", "synthetic"]
)
def test_docstring_examples_of_the_programme_modules_run_as_written(module: str) -> None:
    assert doctest.testmod(importlib.import_module(f"povmis.core.programmes.{module}")).failed == 0
