"""Plane geometry for the synthetic map: Voronoi cells of seed points inside a convex region.

A Voronoi cell is the region clipped by the half-plane "closer to this seed than to that one" for every
other seed; clipping a convex polygon by a half-plane keeps it convex, so cells of cells (communes
inside a district) tile their parent exactly, without gaps or overlaps and without a geometry library.

>>> square = [(0.0, 0.0), (2.0, 0.0), (2.0, 1.0), (0.0, 1.0)]
>>> [area(cell) for cell in voronoi_cells([(0.5, 0.5), (1.5, 0.5)], square)]
[1.0, 1.0]
"""

from __future__ import annotations

import random
from collections.abc import Sequence

Point = tuple[float, float]
Polygon = list[Point]


def clip(polygon: Sequence[Point], a: float, b: float, c: float) -> Polygon:
    """The part of a convex polygon where a·x + b·y ≤ c (one step of Sutherland-Hodgman)."""
    kept: Polygon = []
    for i, current in enumerate(polygon):
        previous = polygon[i - 1]
        now, before = a * current[0] + b * current[1] - c, a * previous[0] + b * previous[1] - c
        # Strictly opposite sides only: a vertex on the line is kept as it is, never doubled.
        if (now < 0 < before) or (before < 0 < now):
            kept.append(_crossing(previous, current, a, b, c))
        if now <= 0:
            kept.append(current)
    return kept


def _crossing(p: Point, q: Point, a: float, b: float, c: float) -> Point:
    fp, fq = a * p[0] + b * p[1] - c, a * q[0] + b * q[1] - c
    t = fp / (fp - fq)
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def voronoi_cells(seeds: Sequence[Point], region: Sequence[Point]) -> list[Polygon]:
    """One cell per seed: the part of the convex `region` nearer to that seed than to any other."""
    cells = []
    for i, (x, y) in enumerate(seeds):
        cell: Polygon = list(region)
        for j, (u, v) in enumerate(seeds):
            if i != j:
                # Nearer to (x, y) than to (u, v): 2(u-x)·px + 2(v-y)·py ≤ u²+v² - x²-y².
                cell = clip(cell, 2 * (u - x), 2 * (v - y), u * u + v * v - x * x - y * y)
        cells.append(cell)
    return cells


def area(polygon: Sequence[Point]) -> float:
    """Area by the shoelace formula (positive for counter-clockwise vertices)."""
    return sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(polygon, [*polygon[1:], polygon[0]], strict=True)) / 2


def centroid(polygon: Sequence[Point]) -> Point:
    twice = 2 * area(polygon)
    pairs = list(zip(polygon, [*polygon[1:], polygon[0]], strict=True))
    x = sum((p[0] + q[0]) * (p[0] * q[1] - q[0] * p[1]) for p, q in pairs) / (3 * twice)
    y = sum((p[1] + q[1]) * (p[0] * q[1] - q[0] * p[1]) for p, q in pairs) / (3 * twice)
    return (x, y)


def contains(polygon: Sequence[Point], point: Point) -> bool:
    """Inside a counter-clockwise convex polygon (on the boundary counts as inside)."""
    x, y = point
    return all(
        (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]) >= 0
        for p, q in zip(polygon, [*polygon[1:], polygon[0]], strict=True)
    )


def scattered_points(region: Sequence[Point], count: int, key: str, relax: int = 4) -> list[Point]:
    """`count` points spread over a convex region: random, then moved to their cells' centroids (Lloyd).

    The same `key` always gives the same points, so the map does not change between runs.
    """
    rng = random.Random(key)  # noqa: S311 - a map layout, not a secret
    xs, ys = [p[0] for p in region], [p[1] for p in region]
    points: list[Point] = []
    while len(points) < count:
        candidate = (rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys)))
        if contains(region, candidate):
            points.append(candidate)
    for _ in range(relax):
        points = [centroid(cell) for cell in voronoi_cells(points, region)]
    return points
