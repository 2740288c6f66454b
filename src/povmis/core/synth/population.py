"""Which households exist each year, where they live, whether they are ethnic-minority, and their class.

The class is the target the answers are later drawn to satisfy; it never leaves the generator. Each year
the households are ranked by a poverty propensity (a lasting part from the village, ethnicity and the
household, plus a yearly shock) and the top of the ranking fills the exact published counts, separately
for ethnic-minority and Kinh households. The shocks make households escape, fall back and become poor.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from povmis.core.synth.calibration import DEPARTURE_RATE, SYNTH_YEARS, YEARS, YearTarget
from povmis.core.synth.draws import logistic, uniform

CLASSES = ("poor", "near_poor", "average", "not_poor")
POOR, NEAR_POOR, AVERAGE, NOT_POOR = range(4)
ABSENT = 9999
# How much a year's shock moves a household against its lasting propensity (logistic scales).
SHOCK_SCALE = 0.25
# The share of a year's shock still felt the next year (an autoregressive shock; 0 would make them independent).
SHOCK_PERSISTENCE = 0.6
NEW_HOUSEHOLD_EFFECT = 0.3
ETHNIC_MINORITY_EFFECT = 1.0
# How much of a household's standing inside its class comes from its poverty score (the rest is chance).
STANDING_FROM_SCORE = 0.5


def allocate(weights: pl.Expr, total: int) -> pl.Expr:
    """Integer counts proportional to `weights` that add up to exactly `total` (largest remainder)."""
    exact = weights / weights.sum() * total
    floor = exact.floor()
    short = total - floor.sum()
    bonus = (exact - floor).rank("ordinal", descending=True) <= short
    return (floor + bonus.cast(pl.Float64)).cast(pl.Int64)


def _smallest(key: pl.Expr, among: pl.Expr, count: int) -> pl.Expr:
    """True for the `count` rows of `among` with the smallest key."""
    return among & (pl.when(among).then(key).rank("ordinal") <= count)


def _new_households(villages: pl.DataFrame, count: int, first_id: int, year: int) -> pl.DataFrame:
    return (
        villages.select("village_code", "em_share", "poverty_effect", "weight")
        .with_columns(count=allocate(pl.col("weight"), count))
        .filter(pl.col("count") > 0)
        .with_columns(serial=pl.int_ranges(0, pl.col("count")))
        .explode("serial")
        .select(
            hh=pl.int_range(first_id, first_id + count, dtype=pl.Int64),
            village_code="village_code",
            em_share="em_share",
            poverty_effect="poverty_effect",
            born=pl.lit(year, dtype=pl.Int32),
            gone=pl.lit(ABSENT, dtype=pl.Int32),
        )
    )


def _choose_ethnic_minority(frame: pl.DataFrame, among: pl.Expr, count: int, seed: int) -> pl.DataFrame:
    # Weighted sampling without replacement: the smallest exponential keys, scaled by the village's odds.
    odds = pl.col("em_share") / (1 - pl.col("em_share"))
    key = -uniform(pl.col("hh"), seed, "ethnic minority").clip(1e-12, 1).log() / odds
    return frame.with_columns(em=pl.col("em") | _smallest(key, among, count))


def _exists(year: int) -> pl.Expr:
    return (pl.col("born") <= year) & (pl.col("gone") > year)


def household_universe(seed: int, targets: Mapping[int, YearTarget], villages: pl.DataFrame) -> pl.DataFrame:
    """Every household that exists in any year, with `born` (first year) and `gone` (first year absent)."""
    first = targets[YEARS[0]]
    frame = _new_households(villages, first.households, 0, YEARS[0]).with_columns(em=pl.lit(False))
    frame = _choose_ethnic_minority(frame, pl.lit(True), first.em_households, seed)
    for year in SYNTH_YEARS[1:]:
        previous, target = targets[year - 1], targets[year]
        departing = round(DEPARTURE_RATE * previous.households)
        leaving = _smallest(uniform(pl.col("hh"), seed, f"departure {year}"), _exists(year - 1), departing)
        frame = frame.with_columns(gone=pl.when(leaving).then(pl.lit(year, dtype=pl.Int32)).otherwise("gone"))
        staying = frame.filter(_exists(year))
        new = _new_households(villages, target.households - staying.height, frame.height, year)
        frame = pl.concat([frame, new.with_columns(em=pl.lit(False))])
        em_needed = target.em_households - int(staying["em"].sum())
        frame = _choose_ethnic_minority(frame, pl.col("born") == year, em_needed, seed)
    return frame.with_columns(
        household_id=pl.col("village_code")
        + pl.int_range(1, pl.len() + 1).over("village_code").cast(pl.String).str.zfill(5),
        propensity=pl.col("poverty_effect")
        + logistic(uniform(pl.col("hh"), seed, "propensity"))
        + pl.when(pl.col("em")).then(ETHNIC_MINORITY_EFFECT).otherwise(0.0)
        + pl.when(pl.col("born") > YEARS[0]).then(NEW_HOUSEHOLD_EFFECT).otherwise(0.0),
    ).drop("em_share", "poverty_effect")


def classify_targets(universe: pl.DataFrame, seed: int, targets: Mapping[int, YearTarget]) -> pl.DataFrame:
    """Add `class_<year>` (index into CLASSES, null when the household does not exist that year) and
    `standing_<year>`, the household's place inside its class that year (see `_standing_blend`)."""
    scores, shock = {}, pl.lit(0.0)
    for year in targets:
        # A shock lasts: part of last year's carries over (a lost job, an illness), so a household whose
        # income fell is likelier to fall further than one whose income has long been low.
        fresh = logistic(uniform(pl.col("hh"), seed, f"shock {year}"))
        shock = SHOCK_PERSISTENCE * shock + (1 - SHOCK_PERSISTENCE**2) ** 0.5 * fresh
        scores[year] = pl.col("propensity") + SHOCK_SCALE * shock
    columns = []
    for year, target in targets.items():
        exists = _exists(year)
        score = scores[year]
        quota = pl.when(pl.col("em")).then(target.em_poor).otherwise(target.poor - target.em_poor)
        poor = exists & (pl.when(exists).then(-score).rank("ordinal").over("em") <= quota)
        rest = pl.when(exists & ~poor).then(-score).rank("ordinal")
        columns.append(
            pl.when(~exists)
            .then(None)
            .when(poor)
            .then(POOR)
            .when(rest <= target.near_poor)
            .then(NEAR_POOR)
            .when(rest <= target.near_poor + target.average)
            .then(AVERAGE)
            .otherwise(NOT_POOR)
            .cast(pl.Int8)
            .alias(f"class_{year}")
        )
    classified = universe.with_columns(columns)
    blended = classified.with_columns(_standing_blend(scores[year], f"class_{year}", seed, year) for year in targets)
    return blended.with_columns(_standing(f"class_{year}", f"standing_{year}") for year in targets)


def _standing_blend(score: pl.Expr, class_column: str, seed: int, year: int) -> pl.Expr:
    """Where a household sits inside its class that year: mostly its poverty score, partly chance.

    The lower the score, the better off; so the income drawn from the standing lies near the poverty
    line for the households most likely to be poor next year (a narrow margin, as officials see it),
    without the margin deciding the future on its own.
    """
    better_off = (-score).rank("average").over(class_column) / pl.len().over(class_column)
    noise = uniform(pl.col("hh"), seed, f"standing {year}")
    return (STANDING_FROM_SCORE * better_off + (1 - STANDING_FROM_SCORE) * noise).alias(f"standing_{year}")


def _standing(class_column: str, name: str) -> pl.Expr:
    """The blend ranked inside the class, uniform on (0, 1): 0 the worst-off, 1 the best-off."""
    ranked = (pl.col(name).rank("ordinal").over(class_column) - 0.5) / pl.len().over(class_column)
    return pl.when(pl.col(class_column).is_not_null()).then(ranked).alias(name)
