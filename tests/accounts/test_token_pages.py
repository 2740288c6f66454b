"""The "My API tokens" page: a user sees, issues and revokes their own tokens; an administrator anyone's."""

from __future__ import annotations

import pytest

from povmis.accounts.models import ApiToken, hash_token
from povmis.accounts.services import issue_token

pytestmark = pytest.mark.django_db

PAGE = "/accounts/tokens/"


def listed(response) -> list[tuple[str, str]]:
    return [(token.user.username, token.name) for token in response.context["tokens"]]


def test_the_page_is_in_the_signed_in_users_menu(world, browser):
    response = browser("district").get("/cycles/")
    assert f'<a href="{PAGE}">My API tokens</a>' in response.text


def test_a_user_sees_only_their_own_tokens(world, browser):
    issue_token(world.personas["cadre"], "district GIS")
    issue_token(world.personas["district"], "province reporting")
    response = browser("cadre").get(PAGE)
    assert (response.status_code, listed(response)) == (200, [("cadre", "district GIS")])
    assert "province reporting" not in response.text


def test_an_administrator_sees_every_accounts_tokens(world, browser):
    issue_token(world.personas["cadre"], "district GIS")
    issue_token(world.personas["district"], "reports")
    response = browser("admin").get(PAGE)
    assert listed(response) == [("district", "reports"), ("cadre", "district GIS")]
    assert "Every account's tokens" in response.text


def test_an_issued_key_is_shown_once_and_only_its_hash_is_stored(world, browser):
    client = browser("cadre")
    response = client.post(PAGE, {"name": "district GIS"})
    key = response.context["key"]
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.key_hash) == (world.personas["cadre"], "district GIS", hash_token(key))
    assert (response.status_code, response["Cache-Control"]) == (200, "no-store")
    assert f'<code id="token-key">{key}</code>' in response.text
    assert key not in client.get(PAGE).text


def test_a_token_needs_a_name(world, browser):
    response = browser("cadre").post(PAGE, {"name": ""})
    assert (response.context["key"], ApiToken.objects.count()) == (None, 0)
    assert response.context["form"].errors == {"name": ["This field is required."]}


def test_a_user_revokes_their_own_token(world, browser):
    token, _key = issue_token(world.personas["cadre"], "district GIS")
    response = browser("cadre").post(f"{PAGE}{token.pk}/revoke/", follow=True)
    token.refresh_from_db()
    assert (token.revoked_by, token.revoked_at is not None) == (world.personas["cadre"], True)
    assert "Token “district GIS” revoked: the API refuses it from now on." in response.text
    assert "Revoked on" in response.text


def test_another_users_token_cannot_be_revoked_by_a_non_administrator(world, browser):
    token, _key = issue_token(world.personas["district"], "reports")
    response = browser("cadre").post(f"{PAGE}{token.pk}/revoke/")
    token.refresh_from_db()
    assert (response.status_code, token.revoked_at) == (404, None)


def test_an_administrator_revokes_anyones_token(world, browser):
    token, _key = issue_token(world.personas["district"], "reports")
    browser("admin").post(f"{PAGE}{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_by == world.personas["admin"]


def test_revoking_needs_a_post(world, browser):
    token, _key = issue_token(world.personas["cadre"], "district GIS")
    assert browser("cadre").get(f"{PAGE}{token.pk}/revoke/").status_code == 405
