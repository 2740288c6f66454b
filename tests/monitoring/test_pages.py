"""The map from a GeoJSON file (outlines drawn as SVG), the figures valid for plotly, plotly.js served locally."""

from __future__ import annotations

import json
from pathlib import Path

import plotly
import plotly.graph_objects as go
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from povmis.units.models import Boundary

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


def drawn(response) -> list[list[tuple[str, str, float | None, str]]]:
    """Each map's units as (code, fill, rate, link), in the order drawn."""
    return [[(shape.code, shape.fill, shape.value, shape.link) for shape in m.shapes] for m in response.context["maps"]]


def test_the_map_colours_each_district_and_commune_by_its_poverty_rate(classified, boundaries):
    response = signed_in(classified, "province").get("/monitoring/map/", {"year": "2023"})
    link = "/monitoring/households/?year=2023&unit={}&class=poor"
    assert drawn(response) == [
        [("643", "#a50f15", 50.0, link.format("643")), ("652", "#a50f15", 50.0, link.format("652"))],
        [("24121", "#a50f15", 50.0, link.format("24121")), ("24400", "#a50f15", 50.0, link.format("24400"))],
    ]
    assert [m.title for m in response.context["maps"]] == [
        "Poverty rate by district, 2023",
        "Poverty rate by commune, 2023",
    ]
    # Outlines as SVG paths in the page itself: no script, no tiles, nothing fetched from outside.
    assert response.content.count(b"<path data-unit=") == 4
    assert b'<path data-unit="24121" d="M4.0,' in response.content


def test_a_commune_cadre_map_shows_only_its_commune(classified, boundaries):
    response = signed_in(classified, "cadre").get("/monitoring/map/", {"year": "2024"})
    assert [[(code, rate) for code, _fill, rate, _link in m] for m in drawn(response)] == [[("24121", 25.0)]]
    assert b'data-unit="24400"' not in response.content


@pytest.mark.parametrize("page", ["", "targets/", "deprivations/", "transitions/"])
def test_every_figure_is_a_valid_plotly_figure(classified, boundaries, page):
    response = signed_in(classified, "province").get(f"/monitoring/{page}")
    figures = response.context["figures"]
    assert figures
    for name, figure in figures.items():
        go.Figure(figure)  # raises on any property plotly does not know
        assert f'data-figure="figure-{name}"'.encode() in response.content


def test_plotly_js_comes_from_the_installed_package_with_a_long_cache(world):
    response = Client().get(f"/monitoring/plotly-{plotly.__version__}.min.js")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.content == (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    assert Client().get("/monitoring/plotly-0.0.0.min.js").status_code == 404
