"""The risk model learns from past transitions only, ranks the households that did fall back above the rest,
and explains each score with the factors that raise it."""

from __future__ import annotations

import polars as pl
import pytest

from povmis.core.foresight.features import LABEL, NUMERIC_FEATURES, risk_features
from povmis.core.foresight.synthetic import synthetic_rounds
from povmis.foresight.risk import backtest, explain, fit


@pytest.fixture(scope="module")
def rounds() -> pl.DataFrame:
    return synthetic_rounds(20_000, seed=3)


def test_backtests_fit_only_on_earlier_rounds_and_beat_chance(rounds):
    results = backtest(rounds)
    assert [r.year for r in results] == [2022, 2023]  # 2021 has no earlier transition, 2024 no next round
    for r in results:
        assert r.fell_into_poverty > 0
        assert r.auc > 0.8
        assert r.baseline_auc > 0.8
        assert 0 <= r.precision_top10 <= 1


def test_a_model_trained_up_to_a_round_never_saw_that_round(rounds):
    model = fit(pl.concat([risk_features(rounds, 2021), risk_features(rounds, 2022)]))
    assert model.trained_on == (2021, 2022)


def test_each_explained_household_gets_only_factors_that_raise_its_risk(rounds):
    model = fit(risk_features(rounds, 2022))
    shown = explain(model, risk_features(rounds, 2023).head(500))
    assert shown.height == 500
    assert shown["risk"].is_between(0, 1).all()
    for k in (1, 2, 3):
        raising = shown.filter(pl.col(f"factor_{k}").is_not_null())
        assert (raising[f"factor_{k}_contribution"] > 0).all()
        assert set(raising[f"factor_{k}"].unique().to_list()) <= set(NUMERIC_FEATURES)
    riskiest = shown.sort("risk", descending=True).row(0, named=True)
    assert riskiest["factor_1"] is not None


def test_fitting_without_any_fall_back_is_refused(rounds):
    features = risk_features(rounds, 2022).with_columns(pl.lit(False).alias(LABEL))
    with pytest.raises(ValueError, match="nothing to learn"):
        fit(features)
