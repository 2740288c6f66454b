"""The statuses' pages, export and API: the commune's holders and counts, the household's section, and
nothing of another commune by any route."""

from __future__ import annotations

import datetime as dt
import io
import re

import polars as pl
import pytest

from povmis.registry import applications
from povmis.registry.models import Application, Household

pytestmark = pytest.mark.django_db
MARCH = dt.date(2025, 3, 2)


def _recognise(world, code: str, persona: str, request: str, facts: dict[str, str], member: str = "") -> None:
    user = world.personas[persona]
    filed = applications.file_application(
        Household.objects.get(code=code), user=user, request=request, channel="in_person", filed_on=MARCH,
        member_code=member,
    )  # fmt: skip
    applications.assess(filed, user=user, facts=facts)
    applications.record_step(filed, user=user, step=Application.Step.VILLAGE_MEETING)
    applications.record_step(filed, user=user, step=Application.Step.POSTED)
    applications.decide(filed, user=user, recognise=True, decided_on=dt.date(2025, 3, 20))


@pytest.fixture
def held(season):
    """H5 of Tân Lợi: agricultural, average living standard; member 1 of H3 in Ea Kly: a low-income worker."""
    _recognise(season, "H5", "cadre", "average_living", {"agricultural": "1", "income_12_months_vnd": "24000000"})
    _recognise(season, "H3", "other_cadre", "low_income_worker", {"monthly_income_vnd": "2000000"}, member="1")
    return season


def _shows(content: bytes, code: str) -> bool:
    # A whole word: the page's random CSRF token may hold a short code by chance.
    return re.search(rb"\b%s\b" % code.encode(), content) is not None


def test_the_commune_page_lists_its_holders_and_counts_them(held, browser, django_assert_max_num_queries):
    client = browser("cadre")
    with django_assert_max_num_queries(10):
        page = client.get("/statuses/2024/24121/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-household="H5"' in text
    assert "Agricultural households, average living standard" in text
    assert (_shows(page.content, "H5"), _shows(page.content, "H3")) == (True, False)


def test_the_export_holds_the_same_rows_as_the_page(held, browser):
    response = browser("cadre").get("/statuses/2024/24121.xlsx")
    assert response.status_code == 200
    sheet = pl.read_excel(io.BytesIO(response.content))
    assert sheet.select("household_id", "member_code", "status", "source", "income_per_person_month").rows() == [
        ("H5", None, "agricultural_average", "application", 2_000_000)
    ]


def test_the_household_page_shows_its_statuses_beside_its_class(held, browser):
    page = browser("cadre").get("/households/H5/")
    assert page.status_code == 200
    assert 'data-status="agricultural_average"' in page.content.decode()
    assert 'data-status="low_income_worker"' not in page.content.decode()


@pytest.mark.parametrize("persona", ["other_cadre", "outsider"])
def test_another_commune_sees_nothing_of_tan_lois_statuses_by_any_route(held, browser, persona):
    client = browser(persona)
    responses = [client.get(url) for url in ("/statuses/2024/24121/", "/statuses/2024/24121.xlsx",
                                              "/api/statuses/2024?commune=24121",
                                              "/api/statuses/2024/counts?commune=24121")]  # fmt: skip
    # The outsider has no role: refused outright by the pages, and no area in the API.
    expected = [404, 404, 404, 404] if persona == "other_cadre" else [403, 403, 404, 404]
    assert [r.status_code for r in responses] == expected
    assert not any(_shows(r.content, "H5") for r in responses)


def test_the_api_lists_only_the_callers_area_and_counts_as_the_page_does(held, browser):
    own = browser("other_cadre").get("/api/statuses/2024").json()
    assert [(row["household_id"], row["member_code"], row["status"]) for row in own] == [
        ("H3", "1", "low_income_worker")
    ]
    second = browser("province").get("/api/statuses/2024", {"offset": 1, "limit": 5}).json()
    assert [row["household_id"] for row in second] == ["H5"]  # by household code: H3, then H5
    counts = browser("province").get("/api/statuses/2024/counts").json()
    assert counts == [
        {"unit_code": "24121", "unit_name": "Tân Lợi", "agricultural_average": 1, "low_income_worker": 0},
        {"unit_code": "24400", "unit_name": "Ea Kly", "agricultural_average": 0, "low_income_worker": 1},
    ]


def test_a_worker_applies_through_the_api_with_the_facts_of_step_two(season, browser):
    client = browser("cadre")
    body = {"household": "H5", "request": "low_income_worker", "channel": "online", "filed_on": "2025-03-02",
            "member_code": "1"}  # fmt: skip
    filed = client.post("/api/applications", body, content_type="application/json")
    assert (filed.status_code, filed.json()["form"], filed.json()["member_code"]) == (201, "worker", "1")
    pk = filed.json()["id"]
    step = {"step": "assessed", "facts": {"monthly_income_vnd": 2_250_001}}
    assert client.post(f"/api/applications/{pk}/step", step, content_type="application/json").status_code == 200
    for name in ("village_meeting", "posted"):
        client.post(f"/api/applications/{pk}/step", {"step": name}, content_type="application/json")
    refused = client.post(f"/api/applications/{pk}/decision", {"recognise": True, "decided_on": "2025-03-20"},
                          content_type="application/json")  # fmt: skip
    assert (refused.status_code, "do not meet" in refused.json()["detail"]) == (400, True)
    other = browser("other_cadre").post(f"/api/applications/{pk}/step", step, content_type="application/json")
    assert other.status_code == 404


def test_the_cadre_takes_an_average_living_application_through_its_page_to_the_printed_decision(season, browser):
    client = browser("cadre")
    filed = client.post("/applications/", {"household": "H5", "request": "average_living", "channel": "in_person",
                                           "filed_on": "2025-03-02", "reason": "", "member_code": ""})  # fmt: skip
    pk = int(filed["Location"].rstrip("/").split("/")[-1])
    page = client.get(f"/applications/{pk}/").content.decode()
    assert 'name="income_12_months_vnd"' in page
    act = f"/applications/{pk}/act/"
    client.post(act, {"action": "assess", "agricultural": "1", "income_12_months_vnd": "24000000"})
    assert 'data-holds="true"' in client.get(f"/applications/{pk}/").content.decode()
    for step in ("village_meeting", "posted"):
        client.post(act, {"action": step})
    client.post(act, {"action": "recognise", "decided_on": "2025-03-20", "reasons": ""})
    detail = client.get(f"/applications/{pk}/").content.decode()
    assert 'data-status="agricultural_average"' in detail
    printed = client.get(f"/applications/{pk}/decision/").content.decode()
    assert (
        "Về việc công nhận hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình" in printed
    )
    assert 'data-status="agricultural_average">Hộ có mức sống trung bình' in printed
    pdf = client.get(f"/applications/{pk}/decision.pdf")
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")
    assert client.get(f"/applications/{pk}/certificate/").status_code == 404  # no certificate for a status
    assert browser("other_cadre").get(f"/applications/{pk}/decision/").status_code == 404
