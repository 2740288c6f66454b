"""What the registry knows of a household that is not poor now and might be poor at the next review.

One row per household classified in a round and not poor there, from the rounds so far (one frame, one
row per household and round; see `ROUND_COLUMNS`). Every feature is something an official can read on
the household's page: how far its income lies above the poverty line, how recently it was poor, what
it still lacks, who in it works, its unit. The label, when the next round is known, is whether the
household is poor in it; households that left the register or went unclassified carry no label.

>>> import polars as pl
>>> rounds = pl.DataFrame({
...     "household_id": ["a", "a", "b", "b"], "year": [2023, 2024, 2023, 2024],
...     "class": ["poor", "near_poor", "not_poor", "not_poor"],
...     "income_per_capita": [900_000, 1_400_000, 5_000_000, 5_100_000], "line_poverty": [1_500_000] * 4,
...     "deprivation_count": [3, 2, 0, 0], "ethnic_minority": [True, True, False, False],
...     "area": ["rural"] * 4, "commune_code": ["X"] * 4, "member_count": [4, 4, 2, 2], "working_members": [1, 1, 2, 2],
...     "unsteady_members": [1, 1, 0, 0], "dependants": [2, 2, 0, 0],
... })
>>> features = risk_features(rounds, 2024)
>>> features.select("household_id", "years_since_poor", "income_margin").rows()
[('a', 1.0, -0.06666666666666665), ('b', None, 2.4)]
"""

from __future__ import annotations

import polars as pl

POOR = "poor"
# What one round must say of each household (deprived_<indicator> columns are taken when present).
ROUND_COLUMNS = (
    "household_id", "year", "class", "income_per_capita", "line_poverty", "deprivation_count", "ethnic_minority",
    "area", "commune_code", "member_count", "working_members", "unsteady_members", "dependants",
)  # fmt: skip
# The model's inputs, in order; each is a number (booleans as 0/1), null where unknown.
NUMERIC_FEATURES = (
    "income_margin", "near_poor", "average", "years_since_poor", "poor_last_round", "deprivation_count",
    "member_count", "working_share", "unsteady_share", "dependant_share", "ethnic_minority", "urban",
    "commune_poverty_rate", "income_change", "deprivation_change",
)  # fmt: skip
LABEL = "poor_next_round"


def member_work(members: pl.DataFrame) -> pl.DataFrame:
    """Per household: members, those in work, those whose work is unsteady, and dependants (under 15, 60+).

    ``members`` has household_id, age and labour_status (the questionnaire's codes).
    """
    status = pl.col("labour_status").cast(pl.String)
    return members.group_by("household_id").agg(
        working_members=status.is_in(["stable", "unstable"]).sum().cast(pl.Int32),
        unsteady_members=status.is_in(["unstable", "unemployed"]).sum().cast(pl.Int32),
        dependants=((pl.col("age") < 15) | (pl.col("age") >= 60)).sum().cast(pl.Int32),
    )


def _next_round(years: list[int], year: int) -> int | None:
    later = [y for y in years if y > year]
    return min(later) if later else None


def risk_features(rounds: pl.DataFrame, year: int) -> pl.DataFrame:
    """The features of every household classified in ``year`` and not poor there, with the label if known."""
    years = sorted(rounds["year"].unique().to_list())
    earlier = [y for y in years if y < year]
    previous = max(earlier) if earlier else None
    following = _next_round(years, year)
    history = rounds.filter(pl.col("year") < year)
    last_poor = history.filter(pl.col("class") == POOR).group_by("household_id").agg(last_poor=pl.col("year").max())
    last_round = history.filter(pl.col("year") == pl.lit(previous, pl.Int64)).select(
        "household_id",
        poor_last_round=(pl.col("class") == POOR).cast(pl.Float64),
        income_last_round="income_per_capita",
        deprivations_last_round="deprivation_count",
    )
    now = rounds.filter((pl.col("year") == year) & pl.col("class").is_not_null())
    commune_rate = now.group_by("commune_code").agg(commune_poverty_rate=(pl.col("class") == POOR).mean())
    members = pl.col("member_count").cast(pl.Float64).clip(lower_bound=1)
    frame = (
        now.filter(pl.col("class") != POOR)
        .join(last_poor, on="household_id", how="left")
        .join(last_round, on="household_id", how="left")
        .join(commune_rate, on="commune_code", how="left")
        .with_columns(
            income_margin=pl.col("income_per_capita") / pl.col("line_poverty") - 1,
            near_poor=(pl.col("class") == "near_poor").cast(pl.Float64),
            average=(pl.col("class") == "average").cast(pl.Float64),
            years_since_poor=(year - pl.col("last_poor")).cast(pl.Float64),
            poor_last_round=pl.col("poor_last_round").fill_null(0.0),
            deprivation_count=pl.col("deprivation_count").cast(pl.Float64),
            member_count=pl.col("member_count").cast(pl.Float64),
            working_share=pl.col("working_members") / members,
            unsteady_share=pl.col("unsteady_members") / members,
            dependant_share=pl.col("dependants") / members,
            ethnic_minority=pl.col("ethnic_minority").cast(pl.Float64),
            urban=(pl.col("area") == "urban").cast(pl.Float64),
            # Null for a household not reviewed last round (new, or the first round).
            income_change=pl.col("income_per_capita") / pl.col("income_last_round") - 1,
            deprivation_change=(pl.col("deprivation_count") - pl.col("deprivations_last_round")).cast(pl.Float64),
        )
    )
    label = rounds.filter((pl.col("year") == pl.lit(following, pl.Int64)) & pl.col("class").is_not_null()).select(
        "household_id", (pl.col("class") == POOR).alias(LABEL)
    )
    return frame.join(label, on="household_id", how="left").select(
        "household_id", "commune_code", "class", pl.lit(year, pl.Int32).alias("year"), *NUMERIC_FEATURES, LABEL
    )


def margin_rule(features: pl.DataFrame) -> pl.Series:
    """The simple rule a model must beat: the narrower the income's margin over the line, the higher the risk."""
    return -features["income_margin"]
