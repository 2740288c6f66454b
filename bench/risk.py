"""Benchmark: the fall-back risk model's honest backtest on a synthetic province, against the margin rule.

    python bench/risk.py --households 200000

Each year's model learns only from the transitions before it (round t' -> t'+1 for t' < t) and is
scored on round t -> t+1; the simple rule ranks households by their income's margin over the poverty
line alone. Printed per year: AUC, and the share that did become poor among the top 5% and 10% by
risk. The last line is machine-readable (averages over the backtested years):

    RESULT auc=A baseline_auc=B precision_top10=P baseline_precision_top10=Q
"""

from __future__ import annotations

import argparse
import time

import polars as pl

from povmis.core.foresight.features import risk_features
from povmis.core.foresight.synthetic import synthetic_rounds
from povmis.foresight.risk import backtest, fit, score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    rounds = synthetic_rounds(args.households, args.seed)
    print(f"rounds: {rounds.height:,} household-rounds in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    results = backtest(rounds)
    print(f"backtest: {time.perf_counter() - started:.1f} s")
    for r in results:
        print(
            f"round {r.year} -> next: {r.households:,} not poor, {r.fell_into_poverty:,} poor at the next round; "
            f"AUC {r.auc:.4f} (margin rule {r.baseline_auc:.4f}); "
            f"top 5% {r.precision_top5:.3f} ({r.baseline_precision_top5:.3f}); "
            f"top 10% {r.precision_top10:.3f} ({r.baseline_precision_top10:.3f})"
        )

    # What `povmis risk score` does before its explanations: fit on every known transition, score the last round.
    years = sorted(rounds["year"].unique().to_list())
    started = time.perf_counter()
    model = fit(pl.concat([risk_features(rounds, year) for year in years[:-1]]))
    fitted = time.perf_counter() - started
    last = risk_features(rounds, years[-1])
    started = time.perf_counter()
    score(model, last)
    scored = time.perf_counter() - started
    print(f"fit: {fitted:.1f} s; score: {last.height:,} households of {years[-1]} in {scored:.1f} s")

    def mean(name: str) -> float:
        return sum(getattr(r, name) for r in results) / len(results)

    print(
        f"RESULT auc={mean('auc'):.4f} baseline_auc={mean('baseline_auc'):.4f} "
        f"precision_top10={mean('precision_top10'):.4f} baseline_precision_top10={mean('baseline_precision_top10'):.4f}"
    )


if __name__ == "__main__":
    main()
