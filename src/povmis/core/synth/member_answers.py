"""The member questionnaire's answers: health insurance, nutrition, schooling, education and work.

In a household that lacks a member-based indicator, one designated member carries the lack (the same
person every year while they stay eligible); everyone else answers on the safe side of the rule, so a
household never lacks more than it was meant to. Questions that do not apply to a member's age are null.
"""

from __future__ import annotations

import polars as pl

from povmis.core.synth.deprivations import ELIGIBLE
from povmis.core.synth.draws import choose, uniform

# Enough for the age (the adult-education rule): lower secondary from 16, upper secondary or a trade from 18.
_QUALIFIED_ADULT = {"upper_secondary": 55, "vocational_elementary": 12, "vocational_intermediate": 10,
                    "college": 8, "university": 15}  # fmt: skip
_UNQUALIFIED_ADULT = {"none": 10, "primary": 40, "lower_secondary": 50}
_UNQUALIFIED_YOUTH = {"none": 20, "primary": 80}
_OLDER_KINH = {"none": 3, "primary": 17, "lower_secondary": 32, "upper_secondary": 25, "vocational_elementary": 6,
               "vocational_intermediate": 5, "college": 4, "university": 8}  # fmt: skip
_OLDER_ETHNIC_MINORITY = {"none": 18, "primary": 35, "lower_secondary": 28, "upper_secondary": 12,
                          "vocational_elementary": 3, "vocational_intermediate": 2, "college": 1,
                          "university": 1}  # fmt: skip
_ELDERLY_WORK = {"stable": 40, "retired": 30, "unable_to_work": 30}


def _u(seed: int, stream: str) -> pl.Expr:
    return uniform(pl.col("member"), seed, stream)


def designated(members: pl.DataFrame, seed: int) -> pl.DataFrame:
    """Add `carries_<indicator>`: this member is the one who carries the household's lack."""
    frame = members.with_columns(designation=uniform(pl.col("member"), seed, "designated"))
    firsts = frame.group_by("hh").agg(
        pl.col("designation").filter(eligible).min().alias(f"first_{name}") for name, eligible in ELIGIBLE.items()
    )
    return (
        frame.join(firsts, on="hh", how="left", maintain_order="left")
        .with_columns(
            (pl.col(f"lacks_{name}") & eligible & (pl.col("designation") == pl.col(f"first_{name}"))).alias(
                f"carries_{name}"
            )
            for name, eligible in ELIGIBLE.items()
        )
        .drop("designation", *[f"first_{name}" for name in ELIGIBLE])
    )


def _attends(seed: int) -> pl.Expr:
    age = pl.col("age")
    # Share still studying by age; a persistent draw, so a student at 18 has left by 23, not the reverse.
    likely = pl.when(age <= 17).then(0.85).when(age <= 22).then(0.35).otherwise(0.05)
    return (
        pl.when(age < 3)
        .then(None)
        .when(age < 16)
        .then(~pl.col("carries_school_attendance"))
        .when(age <= 30)
        .then(~pl.col("carries_adult_education") & ~pl.col("carries_employment") & (_u(seed, "school") < likely))
        .otherwise(None)
        .cast(pl.Int8)
    )


def _education(seed: int) -> pl.Expr:
    age, u = pl.col("age"), _u(seed, "education")
    older = pl.when(pl.col("em")).then(choose(u, _OLDER_ETHNIC_MINORITY)).otherwise(choose(u, _OLDER_KINH))
    return (
        pl.when(age < 16)
        .then(None)
        .when(pl.col("carries_adult_education") & (age < 18))
        .then(choose(u, _UNQUALIFIED_YOUTH))
        .when(pl.col("carries_adult_education"))
        .then(choose(u, _UNQUALIFIED_ADULT))
        .when(age < 18)
        .then(pl.lit("lower_secondary"))
        .when(pl.col("in_school") == 1)
        .then(pl.lit("upper_secondary"))
        .when(age <= 30)
        .then(choose(u, _QUALIFIED_ADULT))
        .otherwise(older)
    )


def _labour(seed: int, year: int) -> pl.Expr:
    age = pl.col("age")
    unsteady = _u(seed, f"unsteady work {year}")
    return (
        pl.when(age < 15)
        .then(None)
        .when(age >= 60)
        .then(choose(_u(seed, "elderly work"), _ELDERLY_WORK))
        .when(pl.col("carries_employment"))
        .then(pl.when(unsteady < 0.3).then(pl.lit("unemployed")).otherwise(pl.lit("unstable")))
        .when(pl.col("in_school") == 1)
        .then(pl.lit("studying"))
        .when(pl.col("lacks_employment") & (unsteady < 0.3))
        .then(pl.lit("unstable"))
        .otherwise(pl.when(_u(seed, "homemaker") < 0.15).then(pl.lit("homemaker")).otherwise(pl.lit("stable")))
    )


def member_answers(members: pl.DataFrame, seed: int, year: int) -> pl.DataFrame:
    """Answer every member question; `members` needs `hh`, `member`, `age`, `em` and the `lacks_*` columns."""
    age = pl.col("age")
    uninsured_too = _u(seed, f"insurance {year}") < 0.35
    frame = designated(members, seed).with_columns(
        health_insurance=pl.when(pl.col("carries_health_insurance"))
        .then(0)
        .when(pl.col("lacks_health_insurance") & (age >= 6) & uninsured_too)
        .then(0)
        .otherwise(1)
        .cast(pl.Int8),
        malnourished=pl.when(age < 16).then(pl.col("carries_nutrition")).cast(pl.Int8),
        in_school=_attends(seed),
    )
    return frame.with_columns(education_level=_education(seed), labour_status=_labour(seed, year))
