"""The risk that a household not poor now is poor at the next review, and why, from past transitions.

A gradient-boosted tree model (LightGBM) is fitted on the rounds whose next round is known: each
household's features in round t (core.foresight.features) against whether it was poor in round t+1.
Every score can come with its explanation: LightGBM's exact per-household feature contributions (TreeSHAP),
of which the ones that raise the risk most are kept as the household's factors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import lightgbm as lgb
import numpy as np
import polars as pl
from sklearn.metrics import roc_auc_score

from povmis.core.foresight.features import LABEL, NUMERIC_FEATURES, margin_rule, risk_features

# Few, shallow trees: the history is a few rounds of a province, and the scores must stay explainable.
PARAMETERS = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 50,
    "feature_fraction": 1.0,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 1,  # OpenMP threads spin against other work on a small machine: one is steadier
    "seed": 1,
    "verbose": -1,
}
ROUNDS = 200
FACTORS = 3  # the factors shown per household


@dataclass(frozen=True)
class RiskModel:
    """A fitted model and the rounds it learnt from."""

    booster: lgb.Booster
    trained_on: tuple[int, ...]  # the rounds t whose transition t -> t+1 it saw


def _matrix(features: pl.DataFrame) -> np.ndarray:
    return features.select(pl.col(name).cast(pl.Float64) for name in NUMERIC_FEATURES).to_numpy()


def fit(training: pl.DataFrame) -> RiskModel:
    """Fit on feature rows that carry a label (rows without one, households that left, are skipped)."""
    labelled = training.filter(pl.col(LABEL).is_not_null())
    if labelled.is_empty() or labelled[LABEL].n_unique() < 2:
        raise ValueError("the history holds no household that became poor and none that did not: nothing to learn")
    data = lgb.Dataset(
        _matrix(labelled), label=labelled[LABEL].cast(pl.Int8).to_numpy(), feature_name=list(NUMERIC_FEATURES)
    )
    booster = lgb.train(PARAMETERS, data, num_boost_round=ROUNDS)
    return RiskModel(booster, tuple(sorted(labelled["year"].unique().to_list())))


def score(model: RiskModel, features: pl.DataFrame) -> pl.Series:
    """Each household's risk (0-1) of being poor at the next round."""
    return pl.Series("risk", model.booster.predict(_matrix(features), num_threads=1))


def explain(model: RiskModel, features: pl.DataFrame) -> pl.DataFrame:
    """household_id, risk and its factors: the features that raise it most, with their contributions.

    Exact per-household contributions (TreeSHAP) cost far more than the score itself: ask for the
    households shown (a commune's list, the top of the province), not for a whole province.
    """
    matrix = _matrix(features)
    contributions = np.asarray(model.booster.predict(matrix, pred_contrib=True, num_threads=1))[:, :-1]  # last: bias
    order = np.argsort(-contributions, axis=1)[:, :FACTORS]
    names = np.array(NUMERIC_FEATURES)
    raised = np.take_along_axis(contributions, order, axis=1)
    factors = {f"factor_{k + 1}": names[order[:, k]] for k in range(FACTORS)}
    pushes = {f"factor_{k + 1}_contribution": raised[:, k] for k in range(FACTORS)}
    scored = features.select("household_id", "commune_code", "class", *NUMERIC_FEATURES).with_columns(
        score(model, features), *(pl.Series(n, v) for n, v in {**factors, **pushes}.items())
    )
    # Only what raises the risk is a reason to show; a factor that lowers it is left out.
    return scored.with_columns(
        pl.when(pl.col(f"factor_{k + 1}_contribution") > 0).then(pl.col(f"factor_{k + 1}")).alias(f"factor_{k + 1}")
        for k in range(FACTORS)
    )


@dataclass(frozen=True)
class Backtest:
    """One out-of-sample year: trained on the transitions before round t, scored on t -> t+1."""

    year: int
    households: int
    fell_into_poverty: int
    auc: float
    baseline_auc: float
    precision_top5: float
    baseline_precision_top5: float
    precision_top10: float
    baseline_precision_top10: float


def precision_at(scores: np.ndarray, labels: np.ndarray, share: float) -> float:
    """The share of households that did become poor among the top ``share`` by score."""
    top = max(1, math.ceil(share * len(scores)))
    chosen = np.argsort(-scores, kind="stable")[:top]
    return float(labels[chosen].mean())


def backtest(rounds: pl.DataFrame) -> list[Backtest]:
    """Honest backtests: for each round t with a known next round and an earlier one, fit on t' < t only."""
    years = sorted(rounds["year"].unique().to_list())
    by_year = {year: risk_features(rounds, year) for year in years[:-1]}
    return [_backtest(by_year, year) for year in years[1:-1]]


def backtest_year(rounds: pl.DataFrame, year: int) -> Backtest:
    """The backtest of round ``year`` alone (``backtest``'s row for it), for a scoring's record."""
    years = sorted(y for y in rounds["year"].unique().to_list() if y <= year)
    return _backtest({y: risk_features(rounds, y) for y in years}, year)


def _backtest(by_year: dict[int, pl.DataFrame], year: int) -> Backtest:
    model = fit(pl.concat([features for y, features in by_year.items() if y < year]))
    test = by_year[year].filter(pl.col(LABEL).is_not_null())
    labels = test[LABEL].cast(pl.Int8).to_numpy()
    ours, simple = score(model, test).to_numpy(), margin_rule(test).to_numpy()
    return Backtest(
        year=year,
        households=test.height,
        fell_into_poverty=int(labels.sum()),
        auc=float(roc_auc_score(labels, ours)),
        baseline_auc=float(roc_auc_score(labels, simple)),
        precision_top5=precision_at(ours, labels, 0.05),
        baseline_precision_top5=precision_at(simple, labels, 0.05),
        precision_top10=precision_at(ours, labels, 0.10),
        baseline_precision_top10=precision_at(simple, labels, 0.10),
    )
