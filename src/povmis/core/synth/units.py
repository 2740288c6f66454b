"""The places of the synthetic province: its former districts, communes and villages, with their profiles.

District codes are the GSO codes of Đắk Lắk's 15 former district-level units; commune and village codes
are synthetic (district code + serial), as are the village names and the grouping of the 184 former
communes into 102 new commune-level units. The real 102 units of the merged province include the former
Phú Yên's; here the former Đắk Lắk's 184 communes alone are grouped into 102, and Phú Yên appears only as
a province merged into Đắk Lắk.
"""

from __future__ import annotations

import datetime as dt
import io
from importlib import resources

import polars as pl

from povmis.core.synth.draws import uniform

PROVINCE_CODE = "66"
PHU_YEN_CODE = "54"
REORGANISED_ON = dt.date(2025, 7, 1)
# Decision 353/QĐ-TTg (2022): the poor districts of Đắk Lắk.
POOR_DISTRICTS = frozenset({"646", "652"})
# Geography does not change with the seed: every synthetic province shares the same map.
_GEOGRAPHY_SEED = 66

_EM_VILLAGE_NAMES = [
    "Buôn Kmrơng", "Buôn Sah", "Buôn Ea Nao", "Buôn Kô Siêr", "Buôn Ako Dhông", "Buôn Cuôr", "Buôn Jù",
    "Buôn Dhăm", "Buôn Kram", "Buôn Hra", "Buôn Tơng Jú", "Buôn Drai", "Buôn Khanh", "Buôn Ky",
    "Buôn Pơng", "Buôn Knul", "Buôn Ê Ga", "Buôn Mblớt", "Buôn Tring", "Buôn Trấp",
]  # fmt: skip


def _read_csv(name: str) -> pl.DataFrame:
    data = resources.files("povmis.core.synth").joinpath("data", name).read_bytes()
    return pl.read_csv(io.BytesIO(data), infer_schema_length=0).with_columns(
        pl.col(pl.String).exclude("code", "name", "kind", "district_code").cast(pl.Float64)
    )


def district_profile() -> pl.DataFrame:
    """The 15 former district-level units with their weights, ethnic-minority share and map extent."""
    return _read_csv("districts.csv").with_columns(
        pl.col("communes_2025", "wards_2025").cast(pl.Int64),
        area=pl.when(pl.col("kind") == "district").then(pl.lit("rural")).otherwise(pl.lit("urban")),
        disadvantaged=pl.col("code").is_in(list(POOR_DISTRICTS)),
    )


def commune_profile() -> pl.DataFrame:
    """The 184 former communes (20 wards, 12 towns, 152 communes), each with a weight and a poverty effect."""
    districts = district_profile().select(
        district_code="code",
        em_share="em_share",
        district_effect="poverty_effect",
        disadvantaged="disadvantaged",
    )
    key = pl.col("code")
    return (
        _read_csv("communes.csv")
        .join(districts, on="district_code", how="left", maintain_order="left")
        .with_columns(
            area=pl.when(pl.col("kind") == "commune").then(pl.lit("rural")).otherwise(pl.lit("urban")),
            size_weight=pl.col("kind").replace_strict({"ward": 1.3, "town": 1.5, "commune": 1.0})
            * (0.6 + 0.8 * uniform(key, _GEOGRAPHY_SEED, "commune size")),
            poverty_effect=pl.col("district_effect")
            + 0.6 * (uniform(key, _GEOGRAPHY_SEED, "commune poverty") - 0.5)
            - pl.when(pl.col("kind") == "commune").then(0.0).otherwise(0.6),
            village_count=(10 + uniform(key, _GEOGRAPHY_SEED, "village count") * 11).floor().cast(pl.Int64),
        )
    )


def village_profile() -> pl.DataFrame:
    """Villages (thôn, buôn) and urban residential groups (tổ dân phố), 10-20 per commune.

    Each carries the share of ethnic-minority households it draws and its share of the province's
    households (`weight`, summing to 1).
    """
    communes = commune_profile()
    population = district_profile().select(
        district_code="code",
        district_weight=pl.col("population_thousands") / pl.col("population_thousands").sum(),
    )
    villages = (
        communes.with_columns(
            commune_share=pl.col("size_weight") / pl.col("size_weight").sum().over("district_code"),
            serial=pl.int_ranges(1, pl.col("village_count") + 1),
        )
        .explode("serial")
        .with_columns(code=pl.col("code") + pl.col("serial").cast(pl.String).str.zfill(2))
    )
    u = uniform(pl.col("village_code"), _GEOGRAPHY_SEED, "ethnic village")
    em_village = (pl.col("kind") == "commune") & (u < (pl.col("em_share") * 1.25).clip(0, 0.9))
    return (
        villages.rename({"code": "village_code", "name": "commune_name"})
        .with_columns(commune_code=pl.col("village_code").str.slice(0, 5), em_village=em_village)
        .join(population, on="district_code", how="left", maintain_order="left")
        .with_columns(
            name=pl.when(pl.col("kind") != "commune")
            .then(pl.format("Tổ dân phố {}", pl.col("serial")))
            .when(pl.col("em_village"))
            .then(pl.lit(pl.Series(_EM_VILLAGE_NAMES)).gather((pl.col("serial") - 1) % len(_EM_VILLAGE_NAMES)))
            .otherwise(pl.format("Thôn {}", pl.col("serial"))),
            em_share=pl.when(pl.col("em_village"))
            .then(0.85)
            .when(pl.col("kind") == "commune")
            .then(pl.col("em_share") * 0.45)
            .otherwise(0.06),
            poverty_effect=pl.col("poverty_effect") + pl.when(pl.col("em_village")).then(0.4).otherwise(0.0),
            weight=pl.col("district_weight")
            * pl.col("commune_share")
            * (0.5 + uniform(pl.col("village_code"), _GEOGRAPHY_SEED, "village size"))
            / (0.5 + uniform(pl.col("village_code"), _GEOGRAPHY_SEED, "village size")).sum().over("commune_code"),
        )
        .select(
            "village_code", "name", "commune_code", "district_code", "area", "disadvantaged",
            "em_village", "em_share", "poverty_effect", "weight",
        )
    )  # fmt: skip
