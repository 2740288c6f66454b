"""The map from a GeoJSON file, the figures' validity against plotly's schema, and plotly.js served locally."""

from __future__ import annotations

import json
from pathlib import Path

import plotly
import plotly.graph_objects as go
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from povmis.monitoring.models import Boundary

pytestmark = pytest.mark.django_db


def square(code: str, name: str, level: str, x: float, y: float) -> dict:
    ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name, "level": level},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


@pytest.fixture
def boundaries(tmp_path):
    path = tmp_path / "boundaries.geojson"
    features = [
        square("643", "Buôn Ma Thuột", "district", 108.0, 12.0),
        square("652", "Krông Pắc", "district", 109.0, 12.0),
        square("24121", "Tân Lợi", "commune", 108.0, 12.0),
        square("24400", "Ea Kly", "commune", 109.0, 12.0),
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    call_command("load_boundaries", str(path))
    return path


def signed_in(world, persona: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.personas[persona])
    return client


def test_loading_the_same_outlines_twice_keeps_one_per_unit(boundaries):
    call_command("load_boundaries", str(boundaries))
    assert list(Boundary.objects.values_list("code", "level")) == [
        ("24121", "commune"),
        ("24400", "commune"),
        ("643", "district"),
        ("652", "district"),
    ]


def test_a_file_without_codes_is_refused_and_loads_nothing(tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [{"properties": {}}]}), encoding="utf-8")
    with pytest.raises(CommandError, match="feature 0: needs properties.code"):
        call_command("load_boundaries", str(path))
    assert not Boundary.objects.exists()


def test_the_map_colours_each_district_and_commune_by_its_poverty_rate(classified, boundaries):
    figures = signed_in(classified, "province").get("/monitoring/map/", {"year": "2023"}).context["figures"]
    districts, communes = figures["map-2"]["data"][0], figures["map-3"]["data"][0]
    assert (districts["locations"], districts["z"]) == (["643", "652"], [50.0, 50.0])
    assert (communes["locations"], communes["z"]) == (["24121", "24400"], [50.0, 50.0])
    assert [f["properties"]["code"] for f in communes["geojson"]["features"]] == ["24121", "24400"]
    assert figures["map-2"]["layout"]["geo"] == {"fitbounds": "locations", "visible": False}
    assert communes["customdata"][0] == "/monitoring/households/?year=2023&unit=24121&class=poor"


def test_a_commune_cadre_map_shows_only_its_commune(classified, boundaries):
    figures = signed_in(classified, "cadre").get("/monitoring/map/", {"year": "2024"}).context["figures"]
    assert [(trace["locations"], trace["z"]) for figure in figures.values() for trace in figure["data"]] == [
        (["24121"], [25.0])
    ]


@pytest.mark.parametrize("page", ["", "targets/", "deprivations/", "transitions/", "map/"])
def test_every_figure_is_a_valid_plotly_figure(classified, boundaries, page):
    response = signed_in(classified, "province").get(f"/monitoring/{page}")
    figures = response.context["figures"]
    assert figures
    for name, figure in figures.items():
        go.Figure(figure)  # raises on any property plotly does not know
        assert f'data-figure="{name if page == "map/" else "figure-" + name}"'.encode() in response.content


def test_plotly_js_comes_from_the_installed_package_with_a_long_cache(world):
    response = Client().get(f"/monitoring/plotly-{plotly.__version__}.min.js")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.content == (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    assert Client().get("/monitoring/plotly-0.0.0.min.js").status_code == 404
