"""The dashboard's rates in percent for its tables and charts: :mod:`povmis.core.figures`' fractions × 100.

Nothing is rounded here: templates and charts round when they print (docs/figures.md).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from povmis.core.figures import rates as core_rates
from povmis.core.figures import trends as core_trends
from povmis.core.figures.targets import Target, load_targets
from povmis.monitoring.summaries import summarised_runs

POOR, NEAR_POOR = core_rates.POOR, core_rates.NEAR_POOR
# The page's percentage column → the core's rate (a fraction of the classified households).
PERCENT = {
    "poor_rate": "poverty_rate",
    "near_poor_rate": "near_poverty_rate",
    "poor_near_rate": "multidimensional_poverty_rate",
    "em_poor_rate": "em_poverty_rate",
    "kinh_poor_rate": "kinh_poverty_rate",
}
RATE_COLUMNS = tuple(PERCENT)


def target_year() -> int:
    """The last year the targets of the latest review's programme name (2025 for the 2021-2025 programme)."""
    return max((target.year for target in current_targets()), default=2025)


def current_targets() -> list[Target]:
    """The targets of the programme in force in the latest classified review's year (all, before any)."""
    return load_targets(in_year=max(summarised_runs(), default=None))


def rates(counts: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """:func:`povmis.core.figures.rates.rates` with each rate also in percent."""
    frame = core_rates.rates(counts, by)
    return frame.with_columns((pl.col(rate) * 100).alias(percent) for percent, rate in PERCENT.items())


def trends(yearly: pl.DataFrame, by: Sequence[str], column: str) -> pl.DataFrame:
    """:func:`povmis.core.figures.trends.trends` of a percentage column: reduction in points a year."""
    return core_trends.trends(yearly, by, column, target_year())
