"""The map page in a real browser draws the units' outlines, from the loaded GeoJSON, with nothing from outside."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def square(code: str, name: str, level: str, x: float, y: float) -> dict:
    ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name, "level": level},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


@pytest.fixture
def outlines(reviewed, tmp_path):
    features = [
        square("643", "Buôn Ma Thuột", "district", 108.0, 12.6),
        square("652", "Krông Pắc", "district", 108.1, 12.6),
        square("24121", "Tân Lợi", "commune", 108.0, 12.6),
        square("24124", "Tân An", "commune", 108.05, 12.6),
        square("24400", "Ea Kly", "commune", 108.1, 12.6),
    ]
    path = tmp_path / "boundaries.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    call_command("load_boundaries", str(path))
    return reviewed


def test_the_province_map_draws_every_district_and_commune_outline_without_any_outside_request(outlines, visit):
    officer = visit("province")
    outside: list[str] = []
    officer.page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(officer.base_url) else None)
    officer.sign_in("province", "pw-province")
    officer.go("/monitoring/map/?year=2024")
    officer.page.wait_for_selector("svg.map path[data-unit]")
    officer.shot("map")
    drawn = officer.page.eval_on_selector_all(
        "svg.map path[data-unit]", "paths => paths.map(p => [p.dataset.unit, p.getBBox().width > 0])"
    )
    assert sorted(drawn) == [["24121", True], ["24124", True], ["24400", True], ["643", True], ["652", True]]
    assert outside == []


def test_a_commune_cadre_map_draws_only_their_commune(outlines, visit):
    cadre = visit("cadre")
    cadre.sign_in("cadre", "pw-cadre")
    cadre.go("/monitoring/map/?year=2024")
    cadre.page.wait_for_selector("svg.map path[data-unit]")
    cadre.shot("map")
    assert cadre.page.eval_on_selector_all("svg.map path[data-unit]", "ps => ps.map(p => p.dataset.unit)") == ["24121"]
