"""Benchmark: the in-year forecast's backtest on a synthetic province, against the naive rule.

    python bench/forecast.py --households 200000

Each round t with two rounds before it is forecast for every commune on a day of its year from the
rounds before t and the changes of class decided by that day (the synthetic history has no dates of
decision: they are spread evenly over the year, see core/foresight/forecast_backtest.py). Printed per
year and day: the mean absolute error in points of the forecast, of the trend alone and of the naive
"same reduction as last year", and the share of communes inside the 90% interval. The last line is
machine-readable (averages over the years, on 30 June):

    RESULT mae_in_year=A mae_trend=B mae_naive=C
"""

from __future__ import annotations

import argparse
import time

from povmis.core.foresight.forecast_backtest import backtest
from povmis.core.foresight.synthetic import synthetic_rounds

DAYS = ((3, 31), (6, 30), (9, 30))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    rounds = synthetic_rounds(args.households, args.seed)
    print(f"rounds: {rounds.height:,} household-rounds in {time.perf_counter() - started:.1f} s")
    mid_year = []
    for day in DAYS:
        started = time.perf_counter()
        results = backtest(rounds, day)
        for r in results:
            print(
                f"round {r.year} on {r.as_of}: {r.units:,} communes; MAE {r.mae_in_year:.3f} points "
                f"(trend {r.mae_trend:.3f}, naive {r.mae_naive:.3f}); inside the 90% interval {r.coverage:.1%}"
            )
        print(f"  {time.perf_counter() - started:.2f} s")
        if day == (6, 30):
            mid_year = results

    def mean(name: str) -> float:
        return sum(getattr(r, name) for r in mid_year) / len(mid_year)

    print(
        f"RESULT mae_in_year={mean('mae_in_year'):.4f} mae_trend={mean('mae_trend'):.4f} "
        f"mae_naive={mean('mae_naive'):.4f}"
    )


if __name__ == "__main__":
    main()
