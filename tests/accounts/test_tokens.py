"""API tokens: each user lists and revokes their own, an administrator anyone's; a revoked token is kept."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from click.testing import CliRunner, Result
from django.test import Client
from django.utils import timezone

from povmis.accounts.models import ApiToken, hash_token
from povmis.accounts.services import issue_token, list_tokens, revoke_token
from povmis.cli import main
from povmis.errors import ServiceError

pytestmark = pytest.mark.django_db


def invoke(*arguments: str) -> Result:
    return CliRunner().invoke(main, list(arguments))


def names(tokens: list[ApiToken]) -> list[tuple[str, str]]:
    return [(token.user.username, token.name) for token in tokens]


@pytest.fixture
def tokens(world) -> dict[str, ApiToken]:
    """Two tokens of the commune cadre and one of the district officer, issued in that order."""
    return {
        name: issue_token(world.personas[owner], name)[0]
        for name, owner in (("gis", "cadre"), ("sheet", "cadre"), ("reports", "district"))
    }


def test_issuing_returns_the_key_once_and_stores_only_its_hash(world):
    token, key = issue_token(world.personas["cadre"], "district GIS")
    stored = ApiToken.objects.get()
    assert (stored.pk, stored.key_hash, stored.revoked_at) == (token.pk, hash_token(key), None)
    assert key not in {stored.key_hash, stored.name}


def test_a_user_lists_only_their_own_tokens_newest_first(world, tokens):
    assert names(list_tokens(world.personas["cadre"])) == [("cadre", "sheet"), ("cadre", "gis")]
    assert list_tokens(world.personas["cadre"], world.personas["district"]) == []


def test_an_administrator_lists_everyones_tokens_or_one_accounts(world, tokens):
    admin = world.personas["admin"]
    assert names(list_tokens(admin)) == [("district", "reports"), ("cadre", "sheet"), ("cadre", "gis")]
    assert names(list_tokens(admin, world.personas["district"])) == [("district", "reports")]


def test_revoking_keeps_the_token_with_who_revoked_it_and_when(world, tokens):
    revoked = revoke_token(tokens["gis"].pk, by=world.personas["cadre"])
    assert (revoked.revoked_by, revoked.revoked_at is not None) == (world.personas["cadre"], True)
    assert ApiToken.objects.count() == 3


def test_a_user_cannot_revoke_another_users_token_it_is_not_found(world, tokens):
    with pytest.raises(ApiToken.DoesNotExist):
        revoke_token(tokens["reports"].pk, by=world.personas["cadre"])
    assert ApiToken.objects.get(pk=tokens["reports"].pk).revoked_at is None


def test_an_administrator_revokes_anyones_token(world, tokens):
    assert revoke_token(tokens["reports"].pk, by=world.personas["admin"]).revoked_by == world.personas["admin"]


def test_a_token_is_revoked_only_once(world, tokens):
    revoke_token(tokens["gis"].pk, by=world.personas["cadre"])
    with pytest.raises(ServiceError, match="already revoked"):
        revoke_token(tokens["gis"].pk, by=world.personas["admin"])
    assert ApiToken.objects.get(pk=tokens["gis"].pk).revoked_by == world.personas["cadre"]


def test_the_command_line_lists_the_tokens_the_acting_user_may_see(tokens):
    result = invoke("tokens", "list", "--user", "cadre")
    assert result.exit_code == 0, result.output
    rows = [[cell.strip() for cell in line.strip("│").split("│")] for line in result.output.splitlines()]
    assert [row[:3] for row in rows if row[0].isdigit()] == [
        [str(tokens["sheet"].pk), "cadre", "sheet"],
        [str(tokens["gis"].pk), "cadre", "gis"],
    ]


def test_the_command_line_lists_one_accounts_tokens_for_an_administrator(tokens):
    result = invoke("tokens", "list", "district", "--user", "admin")
    assert (result.exit_code, "reports" in result.output, "gis" in result.output) == (0, True, False)


def test_the_command_line_revokes_the_acting_users_own_token(world, tokens):
    result = invoke("tokens", "revoke", str(tokens["gis"].pk), "--user", "cadre")
    assert (result.exit_code, result.output) == (0, f"revoked token {tokens['gis'].pk} (gis) of cadre\n")
    assert ApiToken.objects.get(pk=tokens["gis"].pk).revoked_by == world.personas["cadre"]


def test_the_command_line_refuses_to_revoke_another_users_token_for_a_non_administrator(tokens):
    result = invoke("tokens", "revoke", str(tokens["reports"].pk), "--user", "cadre")
    assert (result.exit_code, result.output) == (
        1,
        f"Error: no token {tokens['reports'].pk} among those cadre may revoke\n",
    )
    assert ApiToken.objects.get(pk=tokens["reports"].pk).revoked_at is None


def test_the_command_line_says_when_a_token_was_already_revoked(tokens):
    invoke("tokens", "revoke", str(tokens["gis"].pk), "--user", "cadre")
    result = invoke("tokens", "revoke", str(tokens["gis"].pk), "--user", "admin")
    assert (result.exit_code, result.output) == (1, f"Error: token {tokens['gis'].pk} is already revoked\n")


def test_the_tokens_page_shows_each_expiry_and_marks_an_expired_token_without_a_revoke_button(world, tokens):
    ApiToken.objects.filter(pk=tokens["gis"].pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    browser = Client()
    browser.force_login(world.personas["cadre"])
    page = browser.get("/accounts/tokens/", HTTP_ACCEPT_LANGUAGE="en")
    rows = re.findall(r'<tr data-token="(\d+)">(.*?)</tr>', page.content.decode(), flags=re.S)
    cells = {int(pk): [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
             for pk, row in rows}  # fmt: skip
    expired, active = ApiToken.objects.get(pk=tokens["gis"].pk), ApiToken.objects.get(pk=tokens["sheet"].pk)
    when = {token.pk: timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M") for token in (expired, active)}
    assert cells[expired.pk][3:5] == [when[expired.pk], "Expired: the API refuses it"]
    assert cells[active.pk][3:5] == [when[active.pk], "Active"]
    assert 'data-action="revoke"' not in dict(rows)[str(expired.pk)]
    assert set(cells) == {expired.pk, active.pk}  # the district officer's token is not the cadre's to see
