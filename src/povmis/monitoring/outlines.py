"""Outlines drawn on the server as SVG paths: a map with no tiles, no script and nothing from outside.

Longitude and latitude are projected equirectangularly with the longitude scaled by the cosine of
the map's middle latitude (a province is small enough for that to keep shapes true), then fitted
into a fixed view box; the SVG scales to the width of the screen.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

WIDTH = 600.0
MARGIN = 4.0
# The "Reds" scale's two ends: a rate of zero drawn lightest, the highest rate darkest.
LIGHT, DARK = (254, 229, 217), (165, 15, 21)
NO_FIGURE = "#eeeeee"


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    value: float | None
    link: str
    path: str
    fill: str


@dataclass(frozen=True)
class SvgMap:
    title: str
    view_box: str
    shapes: list[Shape]
    low: float
    high: float
    legend: str
    low_fill: str = "#{:02x}{:02x}{:02x}".format(*LIGHT)
    high_fill: str = "#{:02x}{:02x}{:02x}".format(*DARK)


def _rings(geometry: dict[str, Any]) -> Iterator[Sequence[Sequence[float]]]:
    if geometry.get("type") == "Polygon":
        yield from geometry["coordinates"]
    elif geometry.get("type") == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def _colour(value: float | None, low: float, high: float) -> str:
    if value is None:
        return NO_FIGURE
    share = 0.0 if high <= low else (value - low) / (high - low)
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(LIGHT, DARK, strict=True))
    return f"#{red:02x}{green:02x}{blue:02x}"


def svg_map(
    title: str,
    geometries: dict[str, dict[str, Any]],
    units: Sequence[tuple[str, str, float | None, str]],
    legend: str,
) -> SvgMap:
    """Each unit (code, name, value, link) with an outline in ``geometries``, as a path coloured by value."""
    drawn = [unit for unit in units if any(True for _ in _rings(geometries.get(unit[0], {})))]
    points = [point for code, *_ in drawn for ring in _rings(geometries[code]) for point in ring]
    if not points:
        return SvgMap(title, f"0 0 {WIDTH:.0f} {WIDTH / 2:.0f}", [], 0.0, 0.0, legend)
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    stretch = math.cos(math.radians((south + north) / 2))
    span = max((east - west) * stretch, north - south, 1e-9)
    scale = (WIDTH - 2 * MARGIN) / span
    height = (north - south) * scale + 2 * MARGIN

    def path(code: str) -> str:
        return " ".join(
            "M"
            + " L".join(
                f"{MARGIN + (x - west) * stretch * scale:.1f},{MARGIN + (north - y) * scale:.1f}" for x, y, *_ in ring
            )
            + " Z"
            for ring in _rings(geometries[code])
        )

    values = [value for _code, _name, value, _link in drawn if value is not None]
    # From zero, as the dashboard's other rates: the lightest unit is not made to look poor-free.
    low, high = 0.0, max(values, default=0.0)
    shapes = [
        Shape(code, name, value, link, path(code), _colour(value, low, high)) for code, name, value, link in drawn
    ]
    return SvgMap(title, f"0 0 {WIDTH:.0f} {height:.0f}", shapes, low, high, legend)
