"""A simplified map of the synthetic province: district and commune polygons, drawn without map data.

The province is a convex outline of Đắk Lắk's rough extent; districts are the Voronoi cells of their
seats (the centres of the extents in data/districts.csv) and communes the Voronoi cells of points spread
over their district, so communes tile districts and districts tile the province. A 2025 commune is the
union of the former communes merged into it, written as a MultiPolygon of their cells.

>>> from povmis.core.synth.geometry import area
>>> cells = district_cells()
>>> len(cells), round(sum(area(cell) for cell in cells.values()), 6) == round(area(PROVINCE_OUTLINE), 6)
(15, True)
"""

from __future__ import annotations

from functools import cache
from typing import Any

import polars as pl

from povmis.core.synth.geometry import Point, Polygon, scattered_points, voronoi_cells
from povmis.core.synth.units import commune_profile, district_profile

# Longitude, latitude, counter-clockwise; convex, so that cell clipping stays exact.
PROVINCE_OUTLINE: Polygon = [
    (107.62, 12.30), (107.85, 12.12), (108.35, 12.07), (108.85, 12.14), (109.02, 12.42), (109.06, 12.95),
    (108.93, 13.30), (108.55, 13.43), (107.95, 13.43), (107.56, 13.22), (107.47, 12.75),
]  # fmt: skip
# Decimal places kept in the GeoJSON: about 10 m, plenty for a choropleth.
DECIMALS = 4


@cache
def district_cells() -> dict[str, Polygon]:
    """Polygon per former district code."""
    districts = district_profile()
    seats = [
        ((row["lon_min"] + row["lon_max"]) / 2, (row["lat_min"] + row["lat_max"]) / 2)
        for row in districts.iter_rows(named=True)
    ]
    return dict(zip(districts["code"].to_list(), voronoi_cells(seats, PROVINCE_OUTLINE), strict=True))


@cache
def _commune_layout() -> tuple[dict[str, Point], dict[str, Polygon]]:
    points: dict[str, Point] = {}
    cells: dict[str, Polygon] = {}
    communes = commune_profile()
    for district, region in district_cells().items():
        codes = communes.filter(pl.col("district_code") == district)["code"].sort().to_list()
        seeds = scattered_points(region, len(codes), key=f"communes of {district}")
        points.update(zip(codes, seeds, strict=True))
        cells.update(zip(codes, voronoi_cells(seeds, region), strict=True))
    return points, cells


def commune_cells() -> dict[str, Polygon]:
    """Polygon per former commune code; the communes of a district tile it."""
    return _commune_layout()[1]


def commune_points() -> pl.DataFrame:
    """Where each former commune lies (its seed point): `code`, `lon`, `lat`."""
    points = _commune_layout()[0]
    return pl.DataFrame(
        {"code": list(points), "lon": [p[0] for p in points.values()], "lat": [p[1] for p in points.values()]}
    )


def _ring(polygon: Polygon) -> list[list[float]]:
    rounded = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in polygon]
    # Rounding can make neighbouring vertices equal; a ring repeats only its first point, at the end.
    ring = [point for i, point in enumerate(rounded) if point != rounded[i - 1]]
    return [*ring, ring[0]]


def _feature(properties: dict[str, Any], polygons: list[Polygon]) -> dict[str, Any]:
    if len(polygons) == 1:
        geometry = {"type": "Polygon", "coordinates": [_ring(polygons[0])]}
    else:
        geometry = {"type": "MultiPolygon", "coordinates": [[_ring(p)] for p in polygons]}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def boundaries_geojson(units: pl.DataFrame, successions: pl.DataFrame) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: the province, former districts and communes, and the 2025 communes.

    `units` and `successions` are the tables of `reorganisation.unit_table` and `succession_table`;
    each feature's properties are the unit's code, name, level, parent_code, valid_from and valid_to.
    """
    cells = {**district_cells(), **commune_cells()}
    merged: dict[str, list[Polygon]] = {}
    for old, new in successions.select("predecessor_code", "successor_code").iter_rows():
        if old in cells:
            merged.setdefault(new, []).append(cells[old])
    features = []
    drawn = units.filter(pl.col("level") != "village")
    for row in drawn.select("code", "name", "level", "parent_code", "valid_from", "valid_to").iter_rows(named=True):
        code = row["code"]
        polygons = [cells[code]] if code in cells else merged.get(code, [])
        if row["level"] == "province" and row["parent_code"] is None and not row["valid_to"]:
            polygons = [PROVINCE_OUTLINE]
        if polygons:
            properties = {key: (str(value) if value is not None else None) for key, value in row.items()}
            features.append(_feature(properties, polygons))
    return {"type": "FeatureCollection", "features": features}
