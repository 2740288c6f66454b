"""Every figure as of a day, everywhere: the dashboard, the figures API and `povmis figures --as-of` agree on
a mid-year day with a monthly decision before it (A4 of Tân Lợi recognised poor on 20 March 2025)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from tests.commands.test_cli_units_tokens import povmis

MID_YEAR = "2025-06-15"
RATES = ("poverty_rate", "near_poverty_rate", "multidimensional_poverty_rate")


def client_for(world, persona: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.personas[persona])
    return client


def _shown(row: dict[str, object]) -> tuple[object, ...]:
    return tuple(row[name] for name in ("households", "poor", "near_poor", *RATES))


@pytest.mark.django_db(transaction=True)
def test_the_page_the_api_and_the_command_agree_as_of_a_mid_year_day(a4_recognised_poor):
    command = povmis("figures", "--as-of", MID_YEAR, "--unit", "643", "--json")
    assert command.returncode == 0, command.stderr
    printed = json.loads(command.stdout)
    client = client_for(a4_recognised_poor, "province")
    answered = client.get("/api/figures/2025", {"as_of": MID_YEAR, "unit": "643"})
    assert answered.status_code == 200, answered.content
    page = client.get("/monitoring/", {"unit": "643", "as_of": MID_YEAR})
    assert answered.json() == printed == page.context["as_of_figures"]
    assert (printed["review"], _shown(printed)) == (2024, (4, 2, 1, 0.5, 0.25, 0.75))  # A1 and A4 poor, A3 near
    before = client.get("/api/figures/2025", {"as_of": "2025-03-19", "unit": "643"}).json()
    assert _shown(before) == (4, 1, 1, 0.25, 0.25, 0.5)  # the day before the decision


@pytest.mark.django_db
def test_the_unit_table_and_its_drill_down_are_the_apis_units_and_the_figures_households(a4_recognised_poor):
    client = client_for(a4_recognised_poor, "province")
    units = client.get("/api/figures/2025/units", {"as_of": MID_YEAR}).json()
    assert [(u["unit"], u["name"], _shown(u)) for u in units] == [
        ("643", "Buôn Ma Thuột", (4, 2, 1, 0.5, 0.25, 0.75)),
        ("652", "Krông Pắc", (2, 0, 1, 0.0, 0.5, 0.5)),
    ]
    page = client.get("/monitoring/", {"as_of": MID_YEAR})
    rows = page.context["as_of_units"]
    assert [(row["code"], _shown(row)) for row in rows] == [(u["unit"], _shown(u)) for u in units]
    assert [row["percent"]["poverty_rate"] for row in rows] == [50.0, 0.0]
    poor = client.get(rows[0]["links"]["poor"])
    assert [(r.household.code, r.household_class) for r in poor.context["page"]] == [("A1", "poor"), ("A4", "poor")]
    assert "On the list in force on" in poor.text
    everyone = client.get(page.context["as_of_links"]["all"])
    assert everyone.context["page"].paginator.count == page.context["as_of_figures"]["households"] == 6
    review = client.get("/monitoring/households/", {"unit": "643", "year": 2024, "class": "poor"})
    assert [r.household.code for r in review.context["page"]] == ["A1"]  # the review's own list is unchanged


@pytest.mark.django_db
def test_a_day_outside_the_year_or_before_any_review_is_refused_clearly(a4_recognised_poor):
    client = client_for(a4_recognised_poor, "province")
    wrong = client.get("/api/figures/2024", {"as_of": MID_YEAR})
    assert (wrong.status_code, wrong.json()["detail"]) == (400, "as_of 2025-06-15 is not in 2024")
    assert client.get("/api/figures/2020", {"as_of": "2020-06-01"}).status_code == 404
    page = client.get("/monitoring/", {"as_of": "2020-06-01"})
    assert "No classified review was in force on that day." in page.text


@pytest.mark.django_db
def test_the_openapi_document_describes_as_of(a4_recognised_poor):
    schema = client_for(a4_recognised_poor, "province").get("/api/openapi.json").json()
    for path in ("/api/figures/{year}", "/api/figures/{year}/units"):
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert "list in force" in parameters["as_of"]["description"]


@pytest.mark.django_db
def test_another_communes_cadre_sees_nothing_of_tan_loi_as_of_a_day(a4_recognised_poor):
    client = client_for(a4_recognised_poor, "other_cadre")
    for url, query in (
        ("/monitoring/", {"unit": "24121", "as_of": MID_YEAR}),
        ("/api/figures/2025", {"unit": "24121", "as_of": MID_YEAR}),
        ("/api/figures/2025/units", {"unit": "643", "as_of": MID_YEAR}),
        ("/monitoring/households/", {"unit": "24121", "year": 2024, "as_of": MID_YEAR, "class": "poor"}),
    ):
        response = client.get(url, query)
        assert response.status_code == 404, url
        assert not re.search(r"\b(A1|A4)\b|Tân Lợi", response.content.decode())
    own = client.get("/monitoring/", {"as_of": MID_YEAR})
    assert own.context["as_of_figures"]["households"] == 2
    listed = client.get(own.context["as_of_links"]["all"])
    assert [r.household.code for r in listed.context["page"]] == ["B1", "B2"]
    for text in (own.content.decode(), listed.content.decode()):
        assert not re.search(r"\b(A1|A2|A3|A4)\b|Tân Lợi|Buôn Ma Thuột", text)
