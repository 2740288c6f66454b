"""Which of the twelve indicators each household lacks, decided before any answer is drawn.

A household's class fixes how many deprivations it has (poor: 3 or more; near-poor: fewer than 3); which
ones follows an exponential race whose weights give the prevalence the province reports among poor
households: hygienic latrine, housing area, employment and housing quality first. The race keys belong
to the household, not the year, so a household lacks the same things from year to year and, when it
escapes poverty, sheds its least likely lacks first. Dependants are not chosen: they follow from the ages.
"""

from __future__ import annotations

import polars as pl

from povmis.core.synth.draws import choose, uniform
from povmis.core.synth.population import AVERAGE, NEAR_POOR, POOR

# Relative chance of each chosen lack (dependants excluded: the household's ages decide it).
WEIGHTS = {
    "latrine": 6.0,
    "housing_area": 5.0,
    "employment": 4.5,
    "housing_quality": 4.0,
    "health_insurance": 2.5,
    "water": 2.0,
    "adult_education": 2.0,
    "telecom": 1.5,
    "school_attendance": 1.0,
    "nutrition": 1.0,
    "information_assets": 0.6,
}
# Deprivations in total (dependants included), by class.
_POOR_COUNT = {3: 34, 4: 30, 5: 20, 6: 11, 7: 5}
_NEAR_POOR_COUNT = {0: 25, 1: 40, 2: 35}
_AVERAGE_COUNT = {0: 40, 1: 35, 2: 18, 3: 7}
_NOT_POOR_COUNT = {0: 62, 1: 30, 2: 8}

# Who can carry a member-based lack; the rest of the chosen lacks concern the dwelling and always apply.
ELIGIBLE = {
    # 18 and over, so that the unemployed member's leaving school never touches child attendance.
    "employment": (pl.col("age") >= 18) & (pl.col("age") <= 59),
    "nutrition": pl.col("age") < 16,
    "health_insurance": pl.col("age") >= 6,
    "adult_education": (pl.col("age") >= 16) & (pl.col("age") <= 30),
    "school_attendance": (pl.col("age") >= 3) & (pl.col("age") < 16),
}


def composition(members: pl.DataFrame) -> pl.DataFrame:
    """Per household: member count, whether dependants already pass half, and who could carry each lack."""
    dependant = (pl.col("age") < 15) | (pl.col("age") >= 60)
    return members.group_by("hh").agg(
        member_count=pl.len().cast(pl.Int32),
        dependants=dependant.mean() > 0.5,
        **{f"can_{name}": condition.any() for name, condition in ELIGIBLE.items()},
    )


def choose_deprivations(households: pl.DataFrame, seed: int) -> pl.DataFrame:
    """Add a boolean `lacks_<indicator>` per chosen indicator; needs `class`, `dependants`, `can_*`."""
    count = (
        pl.when(pl.col("class") == POOR)
        .then(choose(uniform(pl.col("hh"), seed, "deprivation count"), _POOR_COUNT))
        .when(pl.col("class") == NEAR_POOR)
        .then(choose(uniform(pl.col("hh"), seed, "deprivation count"), _NEAR_POOR_COUNT))
        .when(pl.col("class") == AVERAGE)
        .then(choose(uniform(pl.col("hh"), seed, "deprivation count"), _AVERAGE_COUNT))
        .otherwise(choose(uniform(pl.col("hh"), seed, "deprivation count"), _NOT_POOR_COUNT))
    )
    chosen = (count - pl.col("dependants").cast(pl.Int32)).clip(lower_bound=0)
    keys = {}
    for name, weight in WEIGHTS.items():
        key = -uniform(pl.col("hh"), seed, f"lack {name}").clip(1e-12, 1).log() / weight
        keys[name] = pl.when(pl.col(f"can_{name}")).then(key).otherwise(float("inf")) if name in ELIGIBLE else key
    frame = households.with_columns(chosen=chosen, **{f"key_{name}": key for name, key in keys.items()})
    ranks = {
        name: pl.sum_horizontal([(pl.col(f"key_{other}") < pl.col(f"key_{name}")).cast(pl.Int32) for other in WEIGHTS])
        for name in WEIGHTS
    }
    return frame.with_columns(
        **{
            f"lacks_{name}": (rank < pl.col("chosen")) & pl.col(f"key_{name}").is_finite()
            for name, rank in ranks.items()
        }
    ).drop("chosen", *[f"key_{name}" for name in WEIGHTS])
