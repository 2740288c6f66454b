"""A review opened and closed from its pages, by the province or an administrator only."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from povmis.registry.models import CommuneReview, ReviewCycle, Stage

pytestmark = pytest.mark.django_db


def _messages(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("persona", ["province", "admin"])
def test_the_province_opens_the_next_review_from_the_review_list(world, browser, persona):
    client = browser(persona)
    page = client.get("/cycles/")
    assert 'data-action="open-review"' in page.text
    assert page.context["next_year"] == 2025
    response = client.post("/cycles/open/", {"year": "2025", "standard": "vn-2022-2025"}, follow=True)
    assert response.redirect_chain == [("/cycles/2025/", 302)]
    assert _messages(response) == [("success", "The 2025 review is open under vn-2022-2025.")]
    assert ReviewCycle.objects.get(year=2025).standard_id == "vn-2022-2025"


@pytest.mark.parametrize("persona", ["cadre", "district", "steering", "auditor", "outsider"])
def test_no_other_role_is_offered_or_allowed_to_open_a_review(world, browser, persona):
    client = browser(persona)
    assert 'data-action="open-review"' not in client.get("/cycles/").text
    response = client.post("/cycles/open/", {"year": "2025", "standard": "vn-2022-2025"}, follow=True)
    assert _messages(response) == [("error", "Only the province or an administrator opens a review.")]
    assert not ReviewCycle.objects.filter(year=2025).exists()


@pytest.mark.parametrize(
    ("year", "standard", "message"),
    [
        ("2024", "vn-2022-2025", "A 2024 review already exists."),
        ("twenty", "vn-2022-2025", "Give the review's year, e.g. 2026."),
        ("2025", "../../etc", "Choose one of the standards listed."),
    ],
)
def test_a_wrong_year_or_standard_is_refused_with_what_to_do(world, browser, year, standard, message):
    response = browser("province").post("/cycles/open/", {"year": year, "standard": standard}, follow=True)
    assert _messages(response) == [("error", message)]
    assert list(ReviewCycle.objects.values_list("year", flat=True)) == [2024]


def test_a_review_with_communes_not_yet_approved_stays_open(season, browser):
    response = browser("province").post("/cycles/2024/close/", follow=True)
    assert _messages(response) == [
        ("error", "The review stays open: 3 commune(s) are not yet approved by the province.")
    ]
    assert not ReviewCycle.objects.get(year=2024).is_closed


def test_the_province_closes_a_review_every_commune_of_which_it_approved(season, browser):
    CommuneReview.objects.update(stage=Stage.PROVINCE_APPROVED)
    client = browser("province")
    assert 'data-action="close-review"' in client.get("/cycles/2024/").text
    response = client.post("/cycles/2024/close/", follow=True)
    assert _messages(response) == [("success", "The 2024 review is closed: it can no longer be changed.")]
    assert ReviewCycle.objects.get(year=2024).is_closed
    assert 'data-action="close-review"' not in client.get("/cycles/2024/").text


@pytest.mark.parametrize("persona", ["cadre", "other_cadre", "district"])
def test_no_commune_or_district_closes_a_review(season, browser, persona):
    CommuneReview.objects.update(stage=Stage.PROVINCE_APPROVED)
    client = browser(persona)
    assert 'data-action="close-review"' not in client.get("/cycles/2024/").text
    response = client.post("/cycles/2024/close/", follow=True)
    assert _messages(response) == [("error", "Only the province or an administrator closes a review.")]
    assert not ReviewCycle.objects.get(year=2024).is_closed


def test_an_outsider_cannot_close_or_even_find_the_review(season, browser):
    assert browser("outsider").post("/cycles/2024/close/").status_code == 404
