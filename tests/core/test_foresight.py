"""The fall-back risk: features read the registry's history as an official would, the backtest is honest."""

from __future__ import annotations

import doctest

import polars as pl
import pytest

from povmis.core.foresight import features as features_module
from povmis.core.foresight.features import LABEL, NUMERIC_FEATURES, risk_features

BASE = {"line_poverty": 1_500_000, "ethnic_minority": False, "area": "rural", "commune_code": "X",
        "member_count": 4, "working_members": 2, "unsteady_members": 0, "dependants": 2}  # fmt: skip


def _rounds(rows: list[tuple[str, int, str | None, int, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"household_id": h, "year": y, "class": c, "income_per_capita": i, "deprivation_count": d, **BASE}
            for h, y, c, i, d in rows
        ]
    )


def test_features_cover_only_households_not_poor_now_with_next_rounds_class_as_label():
    rounds = _rounds([
        ("escaped", 2022, "poor", 1_000_000, 4), ("escaped", 2023, "near_poor", 1_450_000, 2),
        ("escaped", 2024, "poor", 1_200_000, 3),
        ("steady", 2022, "not_poor", 4_000_000, 0), ("steady", 2023, "not_poor", 3_000_000, 1),
        ("steady", 2024, "not_poor", 4_000_000, 0),
        ("poor", 2023, "poor", 900_000, 5), ("poor", 2024, "poor", 900_000, 5),
        ("left", 2023, "average", 2_000_000, 1),
        ("unclassified", 2023, None, 0, 0),
    ])  # fmt: skip
    features = risk_features(rounds, 2023).sort("household_id")
    assert features.select("household_id", "years_since_poor", "poor_last_round", LABEL).rows() == [
        ("escaped", 1.0, 1.0, True),
        ("left", None, 0.0, None),
        ("steady", None, 0.0, False),
    ]
    escaped = features.row(0, named=True)
    assert escaped["income_margin"] == pytest.approx(1_450_000 / 1_500_000 - 1)
    assert escaped["income_change"] == pytest.approx(1_450_000 / 1_000_000 - 1)
    assert escaped["deprivation_change"] == -2.0
    assert escaped["commune_poverty_rate"] == pytest.approx(1 / 4)  # one poor among the four classified
    assert set(NUMERIC_FEATURES) <= set(features.columns)


def test_the_last_round_has_no_label_yet():
    rounds = _rounds([("a", 2023, "near_poor", 1_400_000, 1), ("a", 2024, "near_poor", 1_400_000, 1)])
    assert risk_features(rounds, 2024)[LABEL].to_list() == [None]


def test_the_features_docstring_example_runs():
    assert doctest.testmod(features_module).failed == 0
