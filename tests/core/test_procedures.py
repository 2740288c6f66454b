"""The regular review's calendar and the list in force, as Decision 24/2021 sets them."""

from __future__ import annotations

import datetime as dt
import doctest
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from povmis.core.procedures import list_in_force, procedure
from povmis.core.procedures.procedure import ProcedureError, load_procedure

RULES = load_procedure("decision-24-2021")


@pytest.mark.parametrize(
    ("filed_on", "due"),
    [
        (dt.date(2025, 3, 15), dt.date(2025, 3, 30)),  # filed on the review's first day: this month's review
        (dt.date(2025, 3, 16), dt.date(2025, 4, 30)),  # a day later: next month's
        (dt.date(2025, 12, 20), dt.date(2026, 1, 30)),  # across the year
    ],
)
def test_the_decision_is_due_15_days_after_the_first_monthly_review_on_or_after_the_filing(filed_on, due):
    assert (RULES.decision_due(filed_on), RULES.warn_from(filed_on)) == (due, due - dt.timedelta(days=3))


def test_a_monthly_report_is_due_on_the_5th_from_february_to_september_only():
    dues = {month: RULES.report_due(2025, month) for month in range(1, 13)}
    assert dues == {month: dt.date(2025, month + 1, 5) if month <= 8 else None for month in range(1, 13)}


def test_a_broken_procedure_file_is_named_with_what_is_wrong(tmp_path: Path, monkeypatch):
    (tmp_path / "broken.yaml").write_text("id: broken\nlegal_reference: x\neffective: {from: 2021-09-01}\n")
    monkeypatch.setenv("POVMIS_PROCEDURES_DIR", str(tmp_path))
    with pytest.raises(ProcedureError) as raised:
        load_procedure("broken")
    assert str(raised.value) == f"{tmp_path / 'broken.yaml'}: KeyError('regular_review') is missing or wrong"


def test_the_latest_decision_up_to_the_day_wins_and_later_ones_wait():
    baseline = pl.DataFrame({"household_id": ["H1", "H2"], "class": ["poor", "near_poor"]})
    decisions = pl.DataFrame(
        {
            "household_id": ["H1", "H1", "H2", "H3"],
            "decided_on": [dt.date(2025, 3, 20), dt.date(2025, 6, 20), dt.date(2025, 9, 1), dt.date(2025, 4, 2)],
            "decided_class": ["near_poor", "not_poor", "not_poor", "poor"],
        }
    )
    found = list_in_force.classes_as_of(baseline, decisions, dt.date(2025, 6, 30)).sort("household_id")
    expected = pl.DataFrame({"household_id": ["H1", "H2", "H3"], "class": ["not_poor", "near_poor", "poor"]})
    assert_frame_equal(found, expected)


def test_the_monthly_report_names_each_move_and_counts_a_refusal():
    decisions = pl.DataFrame(
        {
            "commune_code": ["1", "1", "1", "1", "2"],
            "commune_name": ["A", "A", "A", "A", "B"],
            "decided_on": [dt.date(2025, 3, d) for d in (16, 20, 25, 31)] + [dt.date(2025, 4, 1)],
            "previous_class": ["not_poor", "poor", "near_poor", "poor", None],
            "decided_class": ["near_poor", "near_poor", "average", None, "poor"],
        }
    )
    expected = pl.DataFrame(
        {"commune_code": ["1"], "commune_name": ["A"], "new_poor": [0], "new_near_poor": [1], "escaped_poverty": [1],
         "escaped_near_poverty": [1], "average_living": [0], "refused": [1]},
    )  # fmt: skip
    assert_frame_equal(list_in_force.monthly_report(decisions, 2025, 3), expected)


@pytest.mark.parametrize("module", [procedure, list_in_force])
def test_the_examples_in_the_docstrings_run(module):
    assert doctest.testmod(module).failed == 0
