"""A NUL character in a request is refused with 400 on every route, pages and API, on both databases."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

MESSAGE = "The request holds a NUL character (0x00), which no field accepts."


@pytest.fixture
def cadre(world) -> Client:
    client = Client()
    client.force_login(world.personas["cadre"])
    return client


@pytest.mark.parametrize("path", ["/api/units?level=%00", "/api/households?q=a%00", "/api/households/H%001",
                                  "/api/households?%00=1"])  # fmt: skip
def test_the_api_answers_400_with_its_usual_detail(cadre, path):
    response = cadre.get(path)
    assert (response.status_code, response.json()) == (400, {"detail": MESSAGE})


def test_a_json_body_with_a_nul_is_refused(cadre):
    body = '{"year": 2024, "field": "water_source", "value": "a\\u0000", "reason": "x"}'
    response = cadre.post("/api/households/H1/changes", body, content_type="application/json")
    assert (response.status_code, response.json()) == (400, {"detail": MESSAGE})


@pytest.mark.parametrize("path", ["/households/?q=%00", "/monitoring/households/?year=2024&unit=%00"])
def test_a_page_answers_400_in_plain_text(cadre, path):
    response = cadre.get(path)
    assert (response.status_code, response.content.decode()) == (400, MESSAGE)


def test_a_form_field_with_a_nul_is_refused(cadre):
    response = cadre.post("/accounts/tokens/", {"name": "gis\x00"})
    assert response.status_code == 400
