"""The disbursement page and API: the same figures as the command, scoped to the caller's area."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from povmis.accounts.models import Role, RoleKind
from povmis.programme.models import Payment

PAYMENT = {"programme": "ntp-spr-2021-2025", "project": "5", "sub_project": "", "type": "investment",
           "source": "provincial", "capital_year": 2025, "unit": "24121", "paid_on": "2025-08-01",
           "amount_vnd": 10_000_000, "voucher": "KB-0100"}  # fmt: skip


def signed_in(world: Any, name: str) -> Client:
    client = Client()
    client.force_login(world.personas[name])
    return client


@pytest.mark.django_db
def test_the_page_shows_each_projects_rate_and_flags_the_lagging_ones(funded: Any) -> None:
    response = signed_in(funded, "province").get("/programme/", {"on": "2025-08-05"})
    assert response.status_code == 200
    rows = {row["project"]: row for row in response.context["rows"]}
    assert {p: (r["rate_with_carryover"], r["warning"]) for p, r in rows.items()} == {
        "4": (0.25, True),
        "5": (0.25, True),
    }
    assert response.context["total"]["disbursed_with_carryover_vnd"] == 475_000_000
    figure = response.context["figure"]
    assert [trace["name"] for trace in figure["data"]][:2] == ["2025", "2024"]
    assert b"<script>" not in response.content  # the figure is JSON data; its script is a static file


@pytest.mark.django_db
def test_the_api_gives_the_commands_document(funded: Any) -> None:
    response = signed_in(funded, "steering").get("/api/programme/disbursement", {"on": "2025-08-05", "by": "unit"})
    assert response.status_code == 200
    assert [(g["unit"], g["disbursed_with_carryover_vnd"]) for g in response.json()["groups"]] == [
        ("24121", 125_000_000),
        ("643", 350_000_000),
    ]


@pytest.mark.django_db
def test_a_payment_recorded_through_the_api_passes_the_same_checks(funded: Any) -> None:
    client = signed_in(funded, "province")
    created = client.post("/api/programme/payments", json.dumps(PAYMENT), content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["plan_year"] == 2025
    too_much = {**PAYMENT, "voucher": "KB-0101", "amount_vnd": 400_000_000}
    refused = client.post("/api/programme/payments", json.dumps(too_much), content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["detail"].startswith("amount_vnd: this payment takes its line's total paid to VND")
    assert Payment.objects.filter(voucher="KB-0101").count() == 0


@pytest.mark.django_db
def test_a_cadre_of_another_commune_sees_no_line_and_records_nothing(funded: Any) -> None:
    client = signed_in(funded, "other_cadre")
    page = client.get("/programme/", {"on": "2025-08-05"})
    assert page.context["rows"] == []
    assert page.context["total"]["allocated_with_carryover_vnd"] == 0
    api = client.get("/api/programme/disbursement", {"on": "2025-08-05", "by": "project"})
    assert api.json()["groups"] == []
    refused = client.post("/api/programme/payments", json.dumps(PAYMENT), content_type="application/json")
    assert refused.status_code == 403
    assert Payment.objects.filter(voucher=PAYMENT["voucher"]).count() == 0


@pytest.mark.django_db
def test_a_commune_cadre_sees_only_the_lines_of_their_commune(funded: Any) -> None:
    api = signed_in(funded, "cadre").get("/api/programme/disbursement", {"on": "2025-08-05", "by": "unit"})
    assert [g["unit"] for g in api.json()["groups"]] == ["24121"]


def finance_officer(world: Any) -> Client:
    """The province's finance officer (Sở Tài chính): money only."""
    user = User.objects.create_user("finance", password="pw-finance")
    Role.objects.create(user=user, kind=RoleKind.FINANCE_OFFICER, unit=world.province)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_finance_officer_records_payments_and_reads_the_money_but_no_household(funded: Any) -> None:
    client = finance_officer(funded)
    created = client.post("/api/programme/payments", json.dumps(PAYMENT), content_type="application/json")
    assert created.status_code == 201, created.content
    money = client.get("/api/programme/disbursement", {"on": "2025-08-05", "by": "project"})
    assert [g["project"] for g in money.json()["groups"]] == ["4", "5"]
    assert client.get("/api/households/H1").status_code == 404
    assert client.get("/api/households", {"commune": "24121"}).json().get("items", []) == []
