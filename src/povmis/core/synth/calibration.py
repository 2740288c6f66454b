"""The published Đắk Lắk figures the synthetic province reproduces, and the yearly targets drawn from them.

The end-2021 and end-2024 poverty figures are the provincial press's (docs: spec/daklak.md); the years
between follow a straight line, as the province reports an average reduction per year. The end-2025
rates are the expected ones reported for the province [S]; 2026 is an assumption. The household counts
after 2024 continue the 2021-2024 line. The near-poor and average-living-standard shares are not
published: they are assumptions, kept here to correct later (docs/synth.md lists them).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

# Published: households and rates at the end of 2021 and 2024. Totals are the counts the rates imply.
PUBLISHED_POOR = {2021: 63_642, 2024: 34_434}
PUBLISHED_POOR_RATE = {2021: 0.1279, 2024: 0.0638}
PUBLISHED_EM_POOR = {2021: 41_515, 2024: 24_282}
PUBLISHED_EM_POOR_RATE = {2021: 0.2674, 2024: 0.1371}
# Reported as expected for the end of 2025 [S]: the poor-household rate and the ethnic-minority one.
EXPECTED_POOR_RATE_2025 = 0.0208
EXPECTED_EM_POOR_RATE_2025 = 0.1006
EXPECTED_POOR_RATE = {2025: EXPECTED_POOR_RATE_2025}
# The two cannot both hold here: a third of the households are ethnic-minority, so 10.06% of them
# (18,550) is more than 2.08% of all households (11,518). The synthetic province keeps the province's
# rate and assumes the ethnic-minority share of the poor rises from 2024's 70.5% to 80% (docs/synth.md).
EM_SHARE_OF_POOR_AFTER_2024 = 0.80
# Assumed, not published: the end-2026 review (still under the 2022-2025 standard), the reduction
# slowing to about half a point a year.
ASSUMED_POOR_RATE_2026 = 0.0160

# Assumed, not published: shares of all households, end of each year.
NEAR_POOR_RATE = {2021: 0.0750, 2022: 0.0700, 2023: 0.0645, 2024: 0.0590, 2025: 0.0540, 2026: 0.0500}
AVERAGE_RATE = {2021: 0.0900, 2022: 0.0880, 2023: 0.0850, 2024: 0.0820, 2025: 0.0800, 2026: 0.0780}

# Households leaving the register each year (moving out of the province, dying out), a share of last year's.
DEPARTURE_RATE = 0.004

FIRST_YEAR = 2021
LAST_YEAR = 2024
# The reviews calibrated to the published 2021-2024 series (the risk model learns from these).
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))
# Every year the synthetic province has: the 2025 review on the communes after the 1 July 2025
# reorganisation, and the 2026 one, which also answers the 2027-2030 standard's new questions.
SYNTH_YEARS = (*YEARS, 2025, 2026)
# Every rate the synthetic province is drawn to: published, expected or assumed (docs/synth.md).
LATER_POOR_RATE = {2025: EXPECTED_POOR_RATE_2025, 2026: ASSUMED_POOR_RATE_2026}


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
    >>> round(targets[2025].poor / targets[2025].households, 4), targets[2026].year
    (0.0208, 2026)
    """
    total = {y: _implied_total(PUBLISHED_POOR[y], PUBLISHED_POOR_RATE[y]) for y in (FIRST_YEAR, LAST_YEAR)}
    em_total = {y: _implied_total(PUBLISHED_EM_POOR[y], PUBLISHED_EM_POOR_RATE[y]) for y in total}
    scale = 1.0 if households_at_end is None else households_at_end / total[LAST_YEAR]
    targets = {}
    for year in SYNTH_YEARS:
        # After 2024 the counts continue the line (_between extrapolates); the rates are the 2025 and 2026 ones.
        households = round(_between(total[FIRST_YEAR], total[LAST_YEAR], year) * scale)
        em_households = round(_between(em_total[FIRST_YEAR], em_total[LAST_YEAR], year) * scale)
        rate = _between(PUBLISHED_POOR_RATE[FIRST_YEAR], PUBLISHED_POOR_RATE[LAST_YEAR], year)
        em_rate = _between(PUBLISHED_EM_POOR_RATE[FIRST_YEAR], PUBLISHED_EM_POOR_RATE[LAST_YEAR], year)
        em_poor = round(em_rate * em_households)
        if year in LATER_POOR_RATE:
            rate = LATER_POOR_RATE[year]
            em_poor = round(EM_SHARE_OF_POOR_AFTER_2024 * rate * households)
        targets[year] = YearTarget(
            year=year,
            households=households,
            em_households=em_households,
            poor=round(rate * households),
            em_poor=em_poor,
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
        published=pl.col("year").is_in(list(PUBLISHED_POOR_RATE)),
    )
