"""The synthetic province's units, their 2025 reorganisation and their map."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from povmis.core.standard import load_standard
from povmis.core.synth.boundaries import PROVINCE_OUTLINE, boundaries_geojson, commune_cells, district_cells
from povmis.core.synth.geometry import area, centroid, clip, contains
from povmis.core.synth.province import SyntheticProvince
from povmis.core.synth.reorganisation import succession_table, unit_table

REORGANISED = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def units() -> pl.DataFrame:
    return unit_table()


@pytest.fixture(scope="module")
def successions() -> pl.DataFrame:
    return succession_table()


def test_the_province_has_15_former_districts_184_former_communes_and_102_new_ones(units: pl.DataFrame) -> None:
    counts = units.group_by("level", new=pl.col("valid_from").is_not_null()).len().sort("level", "new")

    assert counts.rows() == [
        ("commune", False, 184),
        ("commune", True, 102),
        ("district", False, 15),
        ("province", False, 2),
        ("village", False, 2753),
    ]


def test_every_unit_has_a_unique_code_and_a_parent_one_level_up(units: pl.DataFrame) -> None:
    parents = units.join(units.select(parent_code="code", parent_level="level"), on="parent_code", how="left")
    pairs = parents.group_by("level", "parent_level").len().sort("level", "parent_level", nulls_last=True)

    assert units["code"].is_unique().all()
    assert pairs.rows() == [
        ("commune", "district", 184),
        ("commune", "province", 102),
        ("district", "province", 15),
        ("province", None, 2),
        ("village", "commune", 2753),
    ]


def test_former_districts_and_communes_end_when_the_new_communes_begin(units: pl.DataFrame) -> None:
    former = units.filter(pl.col("level").is_in(["district", "commune"]), pl.col("valid_from").is_null())
    new = units.filter(pl.col("valid_from").is_not_null())

    assert former["valid_to"].unique().to_list() == [REORGANISED]
    assert new["valid_from"].unique().to_list() == [REORGANISED]
    assert new["valid_to"].null_count() == new.height


def test_each_former_commune_passes_whole_to_one_new_commune_of_its_own_district(
    units: pl.DataFrame, successions: pl.DataFrame
) -> None:
    communes = successions.join(units.select(predecessor_code="code", district="parent_code"), on="predecessor_code")
    communes = communes.filter(pl.col("district").str.len_chars() == 3)

    assert communes.height == 184
    assert communes["predecessor_code"].is_unique().all()
    assert communes["share"].unique().to_list() == [1.0]
    assert communes.group_by("successor_code").agg(pl.col("district").n_unique())["district"].max() == 1
    assert communes["successor_code"].n_unique() == 102


def test_only_a_commune_left_alone_in_its_group_is_renamed_rather_than_merged(successions: pl.DataFrame) -> None:
    communes = successions.filter(pl.col("predecessor_code").str.len_chars() == 5)
    group_size = communes.group_by("successor_code").len()
    kinds = communes.join(group_size, on="successor_code").group_by("kind", single=pl.col("len") == 1).len()

    assert sorted(kinds.rows()) == [("merged_into", False, 162), ("renamed", True, 22)]


def test_households_live_in_villages_of_their_commune(units: pl.DataFrame) -> None:
    households = SyntheticProvince(seed=2, standard=load_standard("vn-2022-2025"), households=2_000).year(2021)
    places = households.households.join(
        units.select(village_code="code", parent="parent_code"), on="village_code", how="left"
    )

    assert (places["parent"] == places["commune_code"]).all()


def test_communes_tile_their_district_and_districts_tile_the_province() -> None:
    districts, communes = district_cells(), commune_cells()
    by_district: dict[str, float] = {}
    for code, cell in communes.items():
        by_district[code[:3]] = by_district.get(code[:3], 0.0) + area(cell)

    assert {code: round(total, 9) for code, total in by_district.items()} == {
        code: round(area(cell), 9) for code, cell in districts.items()
    }
    assert round(sum(area(cell) for cell in districts.values()), 9) == round(area(PROVINCE_OUTLINE), 9)


def test_no_two_communes_overlap() -> None:
    cells = commune_cells()
    inside = {
        code: [other for other, cell in cells.items() if contains(cell, centroid(mine))] for code, mine in cells.items()
    }

    assert {code: hits for code, hits in inside.items() if hits != [code]} == {}


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon]


def test_the_map_has_a_feature_per_district_former_commune_and_new_commune(
    units: pl.DataFrame, successions: pl.DataFrame
) -> None:
    features = boundaries_geojson(units, successions)["features"]
    kinds = pl.DataFrame(
        [(f["properties"]["level"], f["geometry"]["type"], f["properties"]["valid_from"] is None) for f in features],
        schema=["level", "geometry", "former"],
        orient="row",
    )

    assert kinds.group_by(pl.all()).len().sort(pl.all()).rows() == [
        ("commune", "MultiPolygon", False, 80),
        ("commune", "Polygon", False, 22),
        ("commune", "Polygon", True, 184),
        ("district", "Polygon", True, 15),
        ("province", "Polygon", True, 1),
    ]
    rings = [ring for f in features for ring in _rings(f["geometry"])]
    assert [ring for ring in rings if len(ring) < 4 or ring[0] != ring[-1]] == []
    assert set(features[0]["properties"]) == {"code", "name", "level", "parent_code", "valid_from", "valid_to"}


def test_clipping_a_square_by_a_diagonal_keeps_the_triangle_under_it() -> None:
    square = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]

    assert clip(square, -1.0, 1.0, 0.0) == [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]
