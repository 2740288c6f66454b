"""Support's API: the same functions as the pages, the same scoping, documented error answers."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from povmis.support.entitlements import review_policies
from povmis.support.models import Delivery
from tests.support.test_reconciliation import _counts, delivered

pytestmark = pytest.mark.django_db(transaction=False)
__all__ = ["delivered"]


def _api(world, name: str) -> Client:
    client = Client()
    client.force_login(world.personas[name])
    return client


def test_the_policies_are_listed_with_their_rules_and_hashes(classified) -> None:
    answer = _api(classified, "cadre").get("/api/support/policies").json()
    assert [p["id"] for p in answer] == [p.id for p in review_policies()]
    housing = next(p for p in answer if p["id"] == "housing")
    assert housing["rules"][0] == {
        "id": "build", "effective_from": "2022-01-18", "effective_to": "2025-12-31", "share": None,
        "amount_vnd": 40_000_000, "interest_ratio": None,
        "legal_reference": "Decision 90/QĐ-TTg Project 5; Circular 01/2022/TT-BXD (amounts [C], conditions [S])",
    }  # fmt: skip


def test_a_households_stored_entitlements_are_listed(classified) -> None:
    answer = _api(classified, "cadre").get("/api/support/entitlements?year=2024&household=A2").json()
    rows = [(e["household"], e["member"], e["policy"], e["rule"], e["amount_vnd"]) for e in answer["items"]]
    assert rows == [
        ("A2", "", "credit", "newly_escaped", 100_000_000),
        ("A2", "1", "job_referral", "target_group_worker", None),
        ("A2", "", "livelihood_model", "target_group", None),
        ("A2", "", "production_support", "target_group", None),
        ("A2", "1", "work_abroad", "target_group_worker", None),
    ]
    assert answer["count"] == len(rows)


def test_the_reconciliation_gives_the_pages_numbers(delivered) -> None:
    answer = _api(delivered, "cadre").get("/api/support/reconciliation?year=2024").json()
    assert answer["policies"]["credit"] == _counts(3, 0, ineligible=1)
    assert answer["policies"]["health_insurance"] == _counts(2, 1, twice=1)
    assert (answer["year"], answer["start"], answer["end"]) == (2024, "2024-01-01", "2024-12-31")


def test_a_delivery_is_recorded_and_listed(delivered) -> None:
    client = _api(delivered, "cadre")
    body = {"household": "A3", "policy": "legal_aid", "delivered_on": "2024-06-01", "reference": "TGPL-2"}
    answer = client.post("/api/support/deliveries", json.dumps(body), content_type="application/json")
    assert (answer.status_code, answer.json()) == (201, {"created": 1, "already_present": 0})
    listed = client.get("/api/support/deliveries?household=A3").json()["items"]
    assert [(d["household"], d["policy"], d["delivered_on"], d["reference"]) for d in listed] == [
        ("A3", "legal_aid", "2024-06-01", "TGPL-2")
    ]


def test_a_cadre_of_another_commune_gets_nothing_of_the_communes_through_the_api(delivered) -> None:
    client = _api(delivered, "other_cadre")
    assert client.get("/api/support/entitlements?year=2024&household=A1").json() == {"count": 0, "items": []}
    assert client.get("/api/support/deliveries").json() == {"count": 0, "items": []}
    reconciled = client.get("/api/support/reconciliation?year=2024").json()
    assert reconciled["policies"]["credit"] == _counts(1, 0)  # B1 only; A4's loan is not theirs to see
    body = {"household": "A1", "policy": "legal_aid", "delivered_on": "2024-06-01", "reference": "X"}
    refused = client.post("/api/support/deliveries", json.dumps(body), content_type="application/json")
    assert refused.status_code == 400
    assert "A1" in refused.json()["detail"]
    assert "Tân Lợi" not in refused.json()["detail"]
    assert Delivery.objects.count() == 3


def test_someone_without_a_role_gets_404_for_a_review_and_empty_lists(delivered) -> None:
    client = _api(delivered, "outsider")
    assert client.get("/api/support/reconciliation?year=2024").status_code == 404
    assert client.get("/api/support/entitlements?year=2024").status_code == 404
    assert client.get("/api/support/deliveries").json() == {"count": 0, "items": []}


def test_the_api_lists_keep_to_a_query_budget(delivered, django_assert_max_num_queries) -> None:
    client = _api(delivered, "province")
    for url in ("/api/support/entitlements?year=2024", "/api/support/deliveries"):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
