"""The maps' outlines' move from monitoring to the units app keeps every row and the map still draws them."""

from __future__ import annotations

import pytest

from povmis.units.boundaries import feature_collection
from tests.migrations import latest, migrate

# The last migrations before the move; units 0002 and monitoring's state-only migration come next.
BEFORE = [
    ("monitoring", "0005_units_in_their_own_app"),
    ("units", "0001_units_leave_the_registry"),
]
RING = [[108, 12], [109, 12], [109, 13], [108, 13], [108, 12]]
SQUARE = '{"type":"Polygon","coordinates":[[[108,12],[109,12],[109,13],[108,13],[108,12]]]}'


@pytest.mark.django_db(transaction=True)
def test_an_outline_survives_the_move_to_the_units_app_and_still_reaches_the_map() -> None:
    old = migrate(BEFORE)
    outline_type = old.get_model("contenttypes", "ContentType").objects.get_for_model(
        old.get_model("monitoring", "Boundary")
    )
    stored = old.get_model("monitoring", "Boundary").objects.create(
        code="24121", name="Tân Lợi", level="commune", geometry=SQUARE
    )

    new = migrate(latest())

    outline = new.get_model("units", "Boundary").objects.get()
    assert (outline.pk, outline.code, outline.name, outline.level, outline.geometry) == (
        stored.pk, "24121", "Tân Lợi", "commune", SQUARE,
    )  # fmt: skip
    moved = new.get_model("contenttypes", "ContentType").objects.get(pk=outline_type.pk)
    assert (moved.app_label, moved.model) == ("units", "boundary")
    assert feature_collection(["24121", "643"]) == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": "24121"},
                "geometry": {"type": "Polygon", "coordinates": [RING]},
            }
        ],
    }
