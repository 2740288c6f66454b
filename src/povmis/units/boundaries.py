"""The maps' outlines: loaded once from a GeoJSON file (the synthetic province writes boundaries.geojson).

Each feature needs ``properties.code`` (the unit's code), ``name`` and ``level``; a file loaded again
replaces the outlines it names, so a corrected map is one command.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction

from povmis.units.models import Boundary


class BoundaryFileError(ValueError):
    """A GeoJSON file that cannot be loaded; the message says which feature and why."""


def load_boundaries(path: Path) -> int:
    """Store every feature of the GeoJSON FeatureCollection at ``path``; returns how many."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BoundaryFileError(f"{path}: not a readable GeoJSON file ({error})") from error
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise BoundaryFileError(f"{path}: expected a GeoJSON FeatureCollection")
    rows = [_boundary(feature, index) for index, feature in enumerate(features)]
    with transaction.atomic():
        Boundary.objects.filter(code__in=[row.code for row in rows]).delete()
        Boundary.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _boundary(feature: Any, index: int) -> Boundary:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(properties, dict) or not properties.get("code") or not isinstance(geometry, dict):
        raise BoundaryFileError(f"feature {index}: needs properties.code and a geometry")
    return Boundary(
        code=str(properties["code"]),
        name=str(properties.get("name") or properties["code"]),
        level=str(properties.get("level") or ""),
        geometry=json.dumps(geometry, separators=(",", ":")),
    )


def feature_collection(codes: Iterable[str]) -> dict[str, Any]:
    """The outlines of ``codes`` that are known, as a FeatureCollection keyed by ``properties.code``."""
    rows = Boundary.objects.filter(code__in=list(codes)).values_list("code", "geometry")
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": code}, "geometry": json.loads(geometry)}
            for code, geometry in rows
        ],
    }
