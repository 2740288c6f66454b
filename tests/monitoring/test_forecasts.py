"""In-year forecasts on the monitoring fixture (see conftest.py): the data function, page, API and command.

Poverty rates, 2023 → 2024: Tân Lợi (24121) 2/4 → 1/4, Ea Kly (24400) 1/2 → 0/2, the province 3/6 → 1/6.
The ethnic-minority households are A1 (poor both years) in Tân Lợi and B1 (poor, then near-poor) in Ea Kly.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import subprocess

import pytest
from django.test import Client
from django.utils import timezone

from povmis.monitoring.focus import focus_in
from povmis.monitoring.forecasts import in_year_changes, unit_forecasts
from tests.commands.test_cli_units_tokens import povmis

pytestmark = pytest.mark.django_db

MID_2025 = dt.date(2025, 7, 2)  # the end of 2 July: 183 of 365 days passed
ELAPSED = 183 / 365
# Every unit's one step of the poverty rate, 2023 to 2024: the spread each unit takes.
STEPS = [3 / 6 - 1 / 6, 0.25, 0.5, 0.25, 0.5]  # 66, 643, 652, 24121, 24400


def client_for(world, persona: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.personas[persona])
    return client


def test_tan_loi_is_forecast_from_its_trend_and_misses_the_minority_target(classified):
    document = unit_forecasts(focus_in("66/"), 2025, MID_2025)
    assert (document["year"], document["as_of"], document["elapsed"]) == (2025, "2025-07-02", ELAPSED)
    tan_loi = next(unit for unit in document["units"] if unit["code"] == "24121")["rates"]["poverty_rate"]
    projected = 0.25 - 0.25 * (1 - ELAPSED)
    half = 1.6449 * statistics.stdev(STEPS) * (1 - ELAPSED) ** 0.5
    assert tan_loi == pytest.approx(
        {"start_year": 2024, "start_rate": 0.25, "entered": 0, "left": 0, "so_far": 0.0, "trend": 0.25,
         "projected": projected, "low": max(projected - half, 0.0), "high": projected + half}
    )  # fmt: skip
    # A1 stays poor: Tân Lợi and its district do not cut the minority rate by the programme's 3 points.
    assert [(w["code"], w["target"], w["needed"], w["reduction"]) for w in document["warnings"]] == [
        ("643", "programme-em-poverty-reduction", 0.03, 0.0),
        ("24121", "programme-em-poverty-reduction", 0.03, 0.0),
    ]


def test_the_years_own_review_classified_so_far_gives_the_changes_decided(classified):
    today = timezone.localdate()
    changes = in_year_changes(focus_in("66/"), 2024, today)
    assert changes.drop("decided_on").rows() == [
        ("A2", "66/643/24121/", False, "poor", "not_poor"),
        ("B1", "66/652/24400/", True, "poor", "near_poor"),
    ]
    assert changes["decided_on"].to_list() == [today, today]
    assert in_year_changes(focus_in("66/"), 2024, dt.date(2024, 12, 31)).is_empty()


def test_a_commune_cadre_sees_only_the_forecast_of_their_own_commune(classified):
    response = client_for(classified, "other_cadre").get("/api/forecasts", {"year": 2025, "as_of": "2025-07-02"})
    assert response.status_code == 200
    body = response.json()
    assert [unit["code"] for unit in body["units"]] == ["24400"]
    assert body["warnings"] == []
    assert "Tân Lợi" not in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("other_cadre", 404), ("outsider", 404)])
def test_another_communes_forecast_is_not_found_in_the_api(classified, persona, status):
    response = client_for(classified, persona).get("/api/forecasts", {"year": 2025, "unit": "24121"})
    assert response.status_code == status
    assert "Tân Lợi" not in response.content.decode()


def test_the_forecast_page_lists_the_units_and_the_targets_that_will_be_missed(classified):
    response = client_for(classified, "province").get("/monitoring/forecast/", {"year": 2025, "as_of": "2025-07-02"})
    assert response.status_code == 200
    assert [unit["code"] for unit in response.context["units"]] == ["66", "643", "24121", "652", "24400"]
    assert [row["code"] for row in response.context["warnings"]] == ["643", "24121"]
    names = [trace["name"] for trace in response.context["figure"]["data"]]
    assert "Target: daklak-province-poverty-reduction" in names


@pytest.mark.parametrize("persona", ["other_cadre", "outsider"])
def test_another_communes_forecast_page_shows_nothing_of_it(classified, persona):
    response = client_for(classified, persona).get("/monitoring/forecast/", {"year": 2025, "unit": "24121"})
    assert response.status_code in {403, 404}
    assert "Tân Lợi" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_povmis_forecast_prints_the_same_document_as_the_api(classified):
    result: subprocess.CompletedProcess[str] = povmis("forecast", "--year", "2025", "--as-of", "2025-07-02", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == unit_forecasts(focus_in("66/"), 2025, MID_2025)


@pytest.mark.django_db(transaction=True)
def test_povmis_forecast_without_an_earlier_review_says_so(classified):
    result = povmis("forecast", "--year", "2020")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "Error: no classified review before 2020 to forecast from\n"


@pytest.mark.django_db(transaction=True)
def test_povmis_forecast_from_a_single_review_prints_no_interval(classified):
    # Only 2023 before 2024: no trend and no spread yet; the 2024 review's changes are the year's so far.
    result = povmis("forecast", "--year", "2024", "--as-of", timezone.localdate().isoformat(), "--unit", "24121")
    assert result.returncode == 0, result.stderr
    assert "  24121 Tân Lợi (commune): 50.00% in 2023 → 25.00% [–, –]\n" in result.stdout


def test_a_monthly_decision_of_the_year_is_a_change_decided_on_its_date(a4_recognised_poor):
    changes = in_year_changes(focus_in("66/"), 2025, MID_2025)
    # Ethnicity unknown: the corrected answers' file did not say.
    assert changes.rows() == [("A4", "66/643/24121/", None, "not_poor", "poor", dt.date(2025, 3, 20))]
    assert in_year_changes(focus_in("66/"), 2025, dt.date(2025, 3, 19)).is_empty()


def test_the_dashboard_leads_to_the_forecast_of_the_unit_shown(classified):
    page = client_for(classified, "province").get("/monitoring/", {"unit": "24121"})
    assert 'id="forecast-link" href="/monitoring/forecast/?unit=24121"' in page.text
