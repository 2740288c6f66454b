"""The published Đắk Lắk figures the synthetic province reproduces, and the yearly targets drawn from them.

The end-2021 and end-2024 poverty figures are the provincial press's (docs: spec/daklak.md); the years
between follow a straight line, as the province reports an average reduction per year. The near-poor
and average-living-standard shares are not published: they are assumptions, kept here to correct later.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

# Published: households and rates at the end of 2021 and 2024. Totals are the counts the rates imply.
PUBLISHED_POOR = {2021: 63_642, 2024: 34_434}
PUBLISHED_POOR_RATE = {2021: 0.1279, 2024: 0.0638}
PUBLISHED_EM_POOR = {2021: 41_515, 2024: 24_282}
PUBLISHED_EM_POOR_RATE = {2021: 0.2674, 2024: 0.1371}

# Assumed, not published: shares of all households, end of each year.
NEAR_POOR_RATE = {2021: 0.0750, 2022: 0.0700, 2023: 0.0645, 2024: 0.0590}
AVERAGE_RATE = {2021: 0.0900, 2022: 0.0880, 2023: 0.0850, 2024: 0.0820}

# Households leaving the register each year (moving out of the province, dying out), a share of last year's.
DEPARTURE_RATE = 0.004

FIRST_YEAR = 2021
LAST_YEAR = 2024
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))


@dataclass(frozen=True)
class YearTarget:
    """Exact counts one year of the synthetic province must have."""

    year: int
    households: int
    em_households: int
    poor: int
    em_poor: int
    near_poor: int
    average: int


def _implied_total(count: int, rate: float) -> int:
    return round(count / rate)


def _between(first: float, last: float, year: int) -> float:
    return first + (last - first) * (year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR)


def year_targets(households_at_end: int | None = None) -> dict[int, YearTarget]:
    """Counts per year; `households_at_end` scales the province so that 2024 has that many households.

    >>> targets = year_targets()
    >>> targets[2021].households, targets[2021].poor, targets[2024].em_poor
    (497592, 63642, 24282)
    """
    total = {y: _implied_total(PUBLISHED_POOR[y], PUBLISHED_POOR_RATE[y]) for y in (FIRST_YEAR, LAST_YEAR)}
    em_total = {y: _implied_total(PUBLISHED_EM_POOR[y], PUBLISHED_EM_POOR_RATE[y]) for y in total}
    scale = 1.0 if households_at_end is None else households_at_end / total[LAST_YEAR]
    targets = {}
    for year in YEARS:
        households = round(_between(total[FIRST_YEAR], total[LAST_YEAR], year) * scale)
        em_households = round(_between(em_total[FIRST_YEAR], em_total[LAST_YEAR], year) * scale)
        rate = _between(PUBLISHED_POOR_RATE[FIRST_YEAR], PUBLISHED_POOR_RATE[LAST_YEAR], year)
        em_rate = _between(PUBLISHED_EM_POOR_RATE[FIRST_YEAR], PUBLISHED_EM_POOR_RATE[LAST_YEAR], year)
        targets[year] = YearTarget(
            year=year,
            households=households,
            em_households=em_households,
            poor=round(rate * households),
            em_poor=round(em_rate * em_households),
            near_poor=round(NEAR_POOR_RATE[year] * households),
            average=round(AVERAGE_RATE[year] * households),
        )
    return targets


def targets_frame(targets: dict[int, YearTarget]) -> pl.DataFrame:
    """The counts per year as a table, with the rates they give (what `povmis classify` must find)."""
    frame = pl.DataFrame([vars(target) for target in targets.values()])
    return frame.with_columns(
        poverty_rate=pl.col("poor") / pl.col("households"),
        em_poverty_rate=pl.col("em_poor") / pl.col("em_households"),
        near_poor_rate=pl.col("near_poor") / pl.col("households"),
        published=pl.col("year").is_in(list(PUBLISHED_POOR)),
    )
