"""Each page renders for the personas who use it, in the language they chose."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db

PAGES = [
    "/cycles/",
    "/cycles/2024/",
    "/households/",
    "/households/H1/",
    "/cycles/2024/24121/village-meeting/",
    "/cycles/2024/24121/public-notice/",
]


def test_the_sign_in_page_renders_for_a_visitor(world):
    response = Client(headers={"accept-language": "en"}).get("/accounts/login/")
    assert response.status_code == 200
    assert 'name="username"' in response.text
    assert 'name="password"' in response.text


def test_signing_in_leads_to_the_work_to_do(world):
    client = Client()
    response = client.post("/accounts/login/", {"username": "cadre", "password": "pw-cadre"})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_the_home_page_is_the_work_to_do_with_the_reviews_one_click_away(browser):
    response = browser("cadre").get("/")
    assert response.status_code == 200
    assert "Work to do" in response.text
    assert 'href="/cycles/"' in response.text


def test_a_visitor_is_sent_to_sign_in(world):
    response = Client().get("/households/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/households/")


@pytest.mark.parametrize("persona", ["cadre", "district", "province", "steering", "auditor", "admin"])
@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_for_each_role_that_reaches_tan_loi(season, browser, persona, url):
    assert browser(persona).get(url).status_code == 200


def test_the_import_page_renders_for_a_commune_cadre(season, browser):
    response = browser("cadre").get("/imports/")
    assert response.status_code == 200
    assert 'type="file"' in response.text


def test_the_progress_page_shows_each_communes_stage_and_counts_by_class(season, browser):
    response = browser("district").get("/cycles/2024/")
    rows = {
        row["review"].commune.code: (row["review"].stage, row["counts"], row["total"])
        for row in response.context["communes"]
    }
    assert rows == {
        "24121": ("survey", [("poor", 1), ("near_poor", 0), ("average", 0), ("not_poor", 1), ("unclassified", 0)], 2),
        "24124": ("survey", [("poor", 0), ("near_poor", 1), ("average", 0), ("not_poor", 0), ("unclassified", 0)], 1),
    }
    assert "Survey and scoring" in response.text


def test_the_review_list_counts_communes_by_stage(season, browser):
    response = browser("province").get("/cycles/")
    ((cycle, counts),) = response.context["cycles"]
    assert (cycle.year, counts) == (2024, [3, 0, 0, 0, 0, 0, 0])


def test_the_household_page_explains_each_of_the_twelve_indicators(season, browser):
    response = browser("cadre").get("/households/H1/?year=2024")
    indicators = {indicator.id: indicator.deprived for indicator, _rule in response.context["indicators"]}
    assert len(indicators) == 12
    assert sorted(i for i, deprived in indicators.items() if deprived) == ["health_insurance", "latrine", "water"]
    rules = {indicator.id: rule for indicator, rule in response.context["indicators"]}
    assert rules["water"].answers == [("Main domestic water source", "Surface water (river, stream, pond, lake)")]
    assert rules["health_insurance"].text == "a member with Age ≥ 6 for whom Has health insurance = No"
    assert "Drilled well" in rules["water"].text  # the rule's codes by their names too
    assert "income 1,200,000 ≤ rural poverty line 1,500,000" in response.text


def test_the_household_page_shows_its_class_in_each_review(season, browser):
    history = browser("cadre").get("/households/H1/").context["explained"].history
    assert [(entry.year, entry.household_class) for entry in history] == [(2024, "poor")]


def test_the_village_meeting_list_groups_the_communes_households_by_village(season, browser):
    response = browser("cadre").get("/cycles/2024/24121/village-meeting/")
    villages = [(name, [r.household.code for r in rows]) for name, rows in response.context["villages"]]
    assert villages == [("Thôn 1", ["H1", "H5"])]


def test_the_public_notice_lists_only_poor_and_near_poor_households(season, browser):
    response = browser("cadre").get("/cycles/2024/24121/public-notice/")
    lists = [
        (name, [(v, [r.household.code for r in rows]) for v, rows in villages])
        for name, villages in response.context["lists"]
    ]
    assert lists == [("poor", [("Thôn 1", ["H1"])]), ("near_poor", [])]
    assert "@media print" not in response.text  # the print rules live in the stylesheet
    assert 'class="no-print"' in response.text


def test_switching_the_language_to_vietnamese_shows_vietnamese_text(season, browser):
    client = browser("cadre")
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/cycles/2024/"})
    assert response.status_code == 302
    page = client.get("/cycles/2024/")
    assert "Khảo sát, chấm điểm" in page.text  # "Survey and scoring"
    assert "Hộ nghèo" in page.text  # "Poor"
    assert "Survey and scoring" not in page.text


def test_the_pages_are_in_indonesian_when_chosen(season, browser):
    client = browser("cadre")
    client.post("/i18n/setlang/", {"language": "id", "next": "/households/"})
    assert "Rumah tangga" in client.get("/households/").text


def test_counts_and_rates_follow_the_pages_language_thousands_grouped():
    page = Template("{% load povmis_web monitoring_figures %}{{ n|number }} {{ rate|figure }} {{ big|figure:1 }}")
    values = Context({"n": 1234567, "rate": 12.7912, "big": 1234.54})
    shown = {}
    for language in ("vi", "en", "id"):
        with translation.override(language):
            shown[language] = page.render(values)
    assert shown == {"vi": "1.234.567 12,79 1.234,5", "en": "1,234,567 12.79 1,234.5", "id": "1.234.567 12,79 1.234,5"}
