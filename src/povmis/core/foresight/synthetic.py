"""The synthetic province's rounds as the risk model reads them: classified by the real classifier."""

from __future__ import annotations

import polars as pl

from povmis.core.classify import classify
from povmis.core.foresight.features import member_work
from povmis.core.standard import load_standard
from povmis.core.synth.calibration import YEARS
from povmis.core.synth.province import SyntheticProvince

ROUND = ["household_id", "commune_code", "ethnic_minority", "area", "income_per_capita", "line_poverty",
         "deprivation_count", "member_count", "class"]  # fmt: skip


def synthetic_rounds(households: int, seed: int) -> pl.DataFrame:
    """Every round 2021-2024 of a synthetic province of ``households`` households, one row per household and round."""
    standard = load_standard("vn-2022-2025")
    province = SyntheticProvince(seed=seed, households=households, standard=standard)
    frames = []
    for year in YEARS:
        survey = province.year(year)
        classes = classify(survey.households, survey.members, standard, reasons=False).households
        frames.append(
            classes.select(ROUND)
            .with_columns(year=pl.lit(year, pl.Int64))
            .join(member_work(survey.members), on="household_id", how="left")
        )
    return pl.concat(frames)
