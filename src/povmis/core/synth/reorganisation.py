"""The unit tables the registry loads, before and after the 1 July 2025 reorganisation.

Until 30 June 2025: province → 15 former districts → 184 communes, wards and towns → villages. From 1
July 2025 districts are gone and the 184 are merged into 102 commune-level units directly under the
province (Đắk Lắk, which absorbed Phú Yên). Within each former district its units are grouped into as
many new ones as data/districts.csv says, wards with wards and communes with communes, by neighbourhood
(consecutive in angle around the district's centre), so that a new commune is one piece of map.
Villages keep their code and their former commune; the succession records carry figures forward.

>>> units, successions = unit_table(), succession_table()
>>> units.group_by("level").len().sort("level").rows()
[('commune', 286), ('district', 15), ('province', 2), ('village', 2753)]
>>> successions.filter(pl.col("kind") != "merged_into").height
22
"""

from __future__ import annotations

import math
from functools import cache

import polars as pl

from povmis.core.synth.boundaries import commune_points
from povmis.core.synth.units import (
    PHU_YEN_CODE,
    POOR_DISTRICTS,
    PROVINCE_CODE,
    REORGANISED_ON,
    commune_profile,
    district_profile,
    village_profile,
)

UNIT_COLUMNS = ["code", "name", "level", "parent_code", "is_urban", "is_disadvantaged", "valid_from", "valid_to"]
SUCCESSION_COLUMNS = ["predecessor_code", "successor_code", "kind", "effective", "share"]
# A rural commune this much poorer than the province (the propensity scale) counts as especially difficult.
DISADVANTAGED_EFFECT = 0.9
# The registry treats valid_to as the first day a unit no longer exists.
FORMER_UNITS_END = REORGANISED_ON


def _runs(size: int, parts: int) -> list[int]:
    """Which run (0..parts-1) each of `size` ordered items falls in, runs as equal as possible."""
    return [i * parts // size for i in range(size)]


@cache
def new_commune_of() -> pl.DataFrame:
    """Former commune `code` → `new_code`, `new_urban` (a ward after 2025) and the new unit's `new_name`."""
    points = commune_points()
    communes = commune_profile().join(points, on="code").sort("code")
    districts = district_profile().sort("code")
    rows: list[tuple[str, str, bool, str]] = []
    for district in districts.iter_rows(named=True):
        mine = communes.filter(pl.col("district_code") == district["code"])
        wards = int(district["wards_2025"])
        urban = mine.filter(pl.col("kind") != "commune") if wards else mine.clear()
        rural = mine.join(urban.select("code"), on="code", how="anti")
        for group, parts, is_urban in ((urban, wards, True), (rural, int(district["communes_2025"]) - wards, False)):
            if group.is_empty():
                continue
            cx, cy = group["lon"].mean(), group["lat"].mean()
            ordered = sorted(group.iter_rows(named=True), key=lambda r: math.atan2(r["lat"] - cy, r["lon"] - cx))
            for row, run in zip(ordered, _runs(len(ordered), parts), strict=True):
                rows.append((row["code"], f"{district['code']}:{is_urban}:{run}", is_urban, row["name"]))
    frame = pl.DataFrame(rows, schema=["code", "group", "new_urban", "former_name"], orient="row")
    serials = (
        frame.select("group")
        .unique(maintain_order=True)
        .with_columns(new_code=pl.lit(PROVINCE_CODE) + pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(3))
    )
    return (
        frame.join(serials, on="group", how="left", maintain_order="left")
        .with_columns(new_name=pl.col("former_name").sort_by("code").first().over("new_code"))
        .select("code", "new_code", "new_urban", "new_name")
    )


def _dates(valid_to: pl.Expr | None = None, valid_from: pl.Expr | None = None) -> dict[str, pl.Expr]:
    return {
        "valid_from": valid_from if valid_from is not None else pl.lit(None, pl.Date),
        "valid_to": valid_to if valid_to is not None else pl.lit(None, pl.Date),
    }


def _disadvantaged() -> pl.Expr:
    return (pl.col("kind") == "commune") & (pl.col("poverty_effect") >= DISADVANTAGED_EFFECT)


def unit_table() -> pl.DataFrame:
    """Every unit, in the layout `povmis.units.services.load_units` reads (parents before children)."""
    ended = pl.lit(FORMER_UNITS_END)
    provinces = pl.DataFrame(
        {"code": [PROVINCE_CODE, PHU_YEN_CODE], "name": ["Đắk Lắk", "Phú Yên"], "level": "province"}
    ).with_columns(
        parent_code=pl.lit(None, pl.String),
        is_urban=pl.lit(value=False),
        is_disadvantaged=pl.lit(value=False),
        **_dates(pl.when(pl.col("code") == PHU_YEN_CODE).then(ended)),
    )
    districts = district_profile().select(
        "code", "name", level=pl.lit("district"), parent_code=pl.lit(PROVINCE_CODE),
        is_urban=pl.col("kind") != "district", is_disadvantaged=pl.col("code").is_in(list(POOR_DISTRICTS)),
        **_dates(ended),
    )  # fmt: skip
    communes = commune_profile().select(
        "code", "name", level=pl.lit("commune"), parent_code="district_code", is_urban=pl.col("kind") != "commune",
        is_disadvantaged=_disadvantaged(), **_dates(ended),
    )  # fmt: skip
    villages = village_profile().join(
        communes.select(commune_code="code", commune_disadvantaged="is_disadvantaged"), on="commune_code"
    )
    villages = villages.select(
        pl.col("village_code").alias("code"), "name", level=pl.lit("village"), parent_code="commune_code",
        is_urban=pl.col("area") == "urban", is_disadvantaged=pl.col("commune_disadvantaged") & pl.col("em_village"),
        **_dates(),
    )  # fmt: skip
    new = (
        new_commune_of()
        .join(communes.select("code", "is_disadvantaged"), on="code", how="left")
        .group_by("new_code", maintain_order=True)
        .agg(pl.col("new_name", "new_urban").first(), pl.col("is_disadvantaged").any())
        .select(
            code="new_code", name="new_name", level=pl.lit("commune"), parent_code=pl.lit(PROVINCE_CODE),
            is_urban="new_urban", is_disadvantaged="is_disadvantaged", **_dates(valid_from=pl.lit(REORGANISED_ON)),
        )
    )  # fmt: skip
    return pl.concat([provinces, districts, communes, villages, new], how="vertical_relaxed").select(UNIT_COLUMNS)


def succession_table() -> pl.DataFrame:
    """Former communes merged (or, alone in their group, renamed) into the 2025 units; Phú Yên into Đắk Lắk."""
    successors = new_commune_of()
    communes = successors.select(
        predecessor_code="code",
        successor_code="new_code",
        kind=pl.when(pl.len().over("new_code") == 1).then(pl.lit("renamed")).otherwise(pl.lit("merged_into")),
    )
    province = pl.DataFrame(
        {"predecessor_code": [PHU_YEN_CODE], "successor_code": [PROVINCE_CODE], "kind": ["merged_into"]}
    )
    return pl.concat([communes, province]).with_columns(effective=pl.lit(REORGANISED_ON), share=pl.lit(1.0))
