"""The household questionnaire's answers, drawn to agree with the household's class and its lacks.

Income sits inside the band of the class (poor and near-poor at or below the poverty line, average up to
the ceiling, not-poor above it). A dwelling answer is clearly on the deprived side of the rule when the
household lacks that indicator and clearly on the other side when it does not.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from povmis.core.synth.draws import choose, uniform
from povmis.core.synth.population import AVERAGE, NEAR_POOR, NOT_POOR, POOR

_SAFE_WATER_RURAL = {"drilled_well": 40, "protected_dug_well": 30, "piped": 18, "protected_spring": 5,
                     "rainwater": 4, "bottled": 3}  # fmt: skip
_SAFE_WATER_URBAN = {"piped": 70, "drilled_well": 20, "protected_dug_well": 5, "bottled": 5}
_UNSAFE_WATER = {"unprotected_well": 45, "unprotected_spring": 20, "surface_water": 25, "other": 10}
_HYGIENIC_LATRINE_RURAL = {"septic": 45, "semi_septic": 25, "pour_flush": 15, "double_vault": 8,
                           "ventilated_pit": 7}  # fmt: skip
_HYGIENIC_LATRINE_URBAN = {"septic": 85, "semi_septic": 10, "pour_flush": 5}
_UNHYGIENIC_LATRINE = {"simple_pit": 70, "open_defecation": 15, "other": 15}
# Which single structure is durable in a non-durable house, or not durable in a durable one.
_ODD_STRUCTURE_DEPRIVED = {"none": 40, "wall": 20, "column": 20, "roof": 20}
_ODD_STRUCTURE_DURABLE = {"none": 82, "wall": 6, "column": 6, "roof": 6}


def _u(seed: int, stream: str) -> pl.Expr:
    return uniform(pl.col("hh"), seed, stream)


def _flag(condition: pl.Expr) -> pl.Expr:
    return condition.cast(pl.Int8)


def income(poverty: Mapping[str, int], ceiling: Mapping[str, int]) -> pl.Expr:
    """Monthly income per person in whole VND, rounded to thousands, inside the class's band.

    The place inside the band is the household's `standing` that year (population.standing): the
    households closest to poverty earn closest to the line below which it lies.
    """
    line = pl.col("area").replace_strict(dict(poverty), return_dtype=pl.Int64)
    top = pl.col("area").replace_strict(dict(ceiling), return_dtype=pl.Int64)
    u = pl.col("standing")

    def thousands(amount: pl.Expr) -> pl.Expr:
        return (amount / 1000).floor().cast(pl.Int64) * 1000

    return (
        pl.when(pl.col("class") == POOR)
        .then(thousands((0.35 + 0.65 * u) * line))
        .when(pl.col("class") == NEAR_POOR)
        .then(thousands((0.7 + 0.3 * u) * line))
        .when(pl.col("class") == AVERAGE)
        .then(line + 1000 + thousands(u * (top - line - 1000)))
        .otherwise(top + 1000 + thousands(top * (0.05 + 2.5 * u * u)))
    )


def _by_area(u: pl.Expr, rural: Mapping[str, float], urban: Mapping[str, float]) -> pl.Expr:
    return pl.when(pl.col("area") == "urban").then(choose(u, urban)).otherwise(choose(u, rural))


def dwelling(seed: int) -> dict[str, pl.Expr]:
    """Housing, water, sanitation and information answers from the `lacks_*` columns."""
    odd = pl.when(pl.col("lacks_housing_quality"))
    odd_structure = odd.then(choose(_u(seed, "structure"), _ODD_STRUCTURE_DEPRIVED)).otherwise(
        choose(_u(seed, "structure"), _ODD_STRUCTURE_DURABLE)
    )
    # Per person: under 8 m² (at most 7.7, so rounding cannot reach 8) or clearly above it.
    per_person = pl.when(pl.col("lacks_housing_area")).then(3.0 + 4.7 * _u(seed, "area"))
    has_computer = _u(seed, "computer") < pl.when(pl.col("class") == NOT_POOR).then(0.35).otherwise(0.08)
    has_tv, has_radio = _u(seed, "tv") < 0.75, _u(seed, "radio") < 0.1
    has_phone = (_u(seed, "phone") < 0.95) | ~(has_tv | has_radio | has_computer)
    no_assets = pl.col("lacks_information_assets")
    return {
        "housing_area_m2": (pl.col("member_count") * per_person.otherwise(10.0 + 22.0 * _u(seed, "area"))).round(1),
        **{
            f"{part}_durable": _flag(
                pl.when(pl.col("lacks_housing_quality")).then(odd_structure == part).otherwise(odd_structure != part)
            )
            for part in ("wall", "column", "roof")
        },
        "water_source": pl.when(pl.col("lacks_water"))
        .then(choose(_u(seed, "water"), _UNSAFE_WATER))
        .otherwise(_by_area(_u(seed, "water"), _SAFE_WATER_RURAL, _SAFE_WATER_URBAN)),
        "latrine": pl.when(pl.col("lacks_latrine"))
        .then(choose(_u(seed, "latrine"), _UNHYGIENIC_LATRINE))
        .otherwise(_by_area(_u(seed, "latrine"), _HYGIENIC_LATRINE_RURAL, _HYGIENIC_LATRINE_URBAN)),
        "uses_telecom": _flag(~pl.col("lacks_telecom")),
        "has_tv": _flag(~no_assets & has_tv),
        "has_radio": _flag(~no_assets & has_radio),
        "has_computer": _flag(~no_assets & has_computer),
        "has_phone": _flag(~no_assets & has_phone),
    }
