"""Signing in to the API: a bearer token (only its hash kept) or the browser session; nothing else."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from povmis.accounts.models import ApiToken, hash_token
from povmis.accounts.services import revoke_token

pytestmark = pytest.mark.django_db


def issue(username: str) -> str:
    out = io.StringIO()
    call_command("issue_token", username, "--name", "district GIS", stdout=out)
    return out.getvalue().strip()


def test_a_token_is_shown_once_and_only_its_hash_is_stored(world):
    key = issue("cadre")
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.key_hash, token.last_used_at) == (
        world.personas["cadre"],
        "district GIS",
        hash_token(key),
        None,
    )
    assert key not in token.key_hash


def test_a_bearer_token_signs_in_as_its_user_and_records_its_use(world):
    key = issue("cadre")
    response = Client().get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert (response.status_code, response.json()) == (
        200,
        {"username": "cadre", "role": "commune_cadre", "area": "66/643/24121/", "may_edit": True, "may_approve": True},
    )
    assert ApiToken.objects.get().last_used_at is not None


def test_a_token_reads_with_its_users_scope(classified):
    key = issue("cadre")
    listed = Client().get("/api/households", headers={"Authorization": f"Bearer {key}"}).json()
    assert [item["code"] for item in listed["items"]] == ["H1", "H5"]


@pytest.mark.parametrize("header", ["Bearer wrong-key", "Bearer ", "Token abc", ""])
def test_a_wrong_or_missing_token_is_401(world, header):
    issue("cadre")
    headers = {"Authorization": header} if header else {}
    response = Client().get("/api/households", headers=headers)
    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})


def test_a_token_changes_things_without_a_csrf_token_as_scripts_have_none(classified):
    key = issue("cadre")
    script = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})
    response = script.post("/api/cycles/2024/communes/24121/advance", {}, content_type="application/json")
    assert (response.status_code, response.json()["stage"]) == (200, "village_meeting")


def test_the_token_of_a_deactivated_user_no_longer_works(world):
    key = issue("cadre")
    world.personas["cadre"].is_active = False
    world.personas["cadre"].save()
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_a_revoked_token_is_refused_on_a_scoped_route_and_kept_for_the_record(classified):
    key = issue("cadre")
    headers = {"Authorization": f"Bearer {key}"}
    assert Client().get("/api/households", headers=headers).status_code == 200
    revoke_token(ApiToken.objects.get().pk, by=classified.personas["admin"])
    response = Client().get("/api/households", headers=headers)
    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})
    assert ApiToken.objects.get().revoked_by == classified.personas["admin"]


def test_a_tokens_last_use_is_written_at_most_once_a_minute(world):
    key = issue("cadre")
    headers = {"Authorization": f"Bearer {key}"}
    Client().get("/api/me", headers=headers)
    first = ApiToken.objects.get().last_used_at
    with CaptureQueriesContext(connection) as queries:
        Client().get("/api/me", headers=headers)
    assert [query["sql"] for query in queries if query["sql"].startswith("UPDATE")] == []
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - timedelta(minutes=1))
    Client().get("/api/me", headers=headers)
    assert ApiToken.objects.get().last_used_at > first


def test_a_token_for_an_unknown_user_is_refused(world):
    with pytest.raises(CommandError, match="no user 'nobody'"):
        issue("nobody")


def test_the_browser_session_of_a_signed_in_user_is_accepted(world):
    browser = Client()
    browser.force_login(world.personas["district"])
    assert browser.get("/api/me").json()["area"] == "66/643/"


def test_an_account_without_a_role_signs_in_but_may_do_nothing(world):
    key = issue("outsider")
    body = Client().get("/api/me", headers={"Authorization": f"Bearer {key}"}).json()
    assert body == {"username": "outsider", "role": None, "area": None, "may_edit": False, "may_approve": False}


def test_the_openapi_document_and_its_docs_page_are_served_without_signing_in(db):
    document = Client().get("/api/openapi.json")
    assert document.status_code == 200
    assert sorted(document.json()["paths"]) == [
        "/api/applications",
        "/api/applications-report/{month}",
        "/api/applications/{application_id}",
        "/api/applications/{application_id}/decision",
        "/api/applications/{application_id}/step",
        "/api/changes",
        "/api/changes/{change_id}/decision",
        "/api/cycles",
        "/api/cycles/{year}",
        "/api/cycles/{year}/communes/{code}/advance",
        "/api/cycles/{year}/communes/{code}/complaints",
        "/api/cycles/{year}/communes/{code}/complaints/{complaint_id}/decision",
        "/api/cycles/{year}/communes/{code}/decision",
        "/api/cycles/{year}/communes/{code}/escaped",
        "/api/cycles/{year}/communes/{code}/meetings",
        "/api/cycles/{year}/communes/{code}/posting",
        "/api/cycles/{year}/communes/{code}/record",
        "/api/cycles/{year}/results",
        "/api/cycles/{year}/summary",
        "/api/figures/{year}",
        "/api/figures/{year}/units",
        "/api/forecasts",
        "/api/households",
        "/api/households/{code}",
        "/api/households/{code}/changes",
        "/api/imports",
        "/api/me",
        "/api/programme/disbursement",
        "/api/programme/outputs",
        "/api/programme/payments",
        "/api/risk",
        "/api/standards",
        "/api/statuses/{year}",
        "/api/statuses/{year}/counts",
        "/api/support/deliveries",
        "/api/support/entitlements",
        "/api/support/policies",
        "/api/support/reconciliation",
        "/api/units",
        "/api/units/{code}",
        "/api/whatif",
        "/api/whatif/scenarios",
        "/api/whatif/scenarios/compare",
        "/api/whatif/scenarios/{scenario_id}",
    ]
    assert set(document.json()["components"]["securitySchemes"]) == {"BearerToken", "BrowserSession"}
    page = Client().get("/api/docs")
    assert page.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in page.content
    assert b"cdn." not in page.content
