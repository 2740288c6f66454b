"""Users and roles managed on pages by administrators, every change recorded, nobody else let in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from povmis.accounts.models import Role, RoleChange

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "Dak-Lak-2026-xa-moi"


def _new(client, **fields):
    data = {"username": "lan", "kind": "commune_cadre", "unit_code": "24121", "password": GOOD_PASSWORD, "active": "on"}
    return client.post("/accounts/users/new/", data | fields, follow=True)


def test_the_administrator_creates_a_commune_cadre_who_can_then_sign_in(world, browser, client):
    response = _new(browser("admin"))
    lan = User.objects.get(username="lan")
    assert response.redirect_chain == [(f"/accounts/users/{lan.pk}/", 302)]
    assert (lan.role.kind, lan.role.unit.code) == ("commune_cadre", "24121")
    assert list(RoleChange.objects.values_list("role_before", "role_after", "changed_by__username")) == [
        ("", "commune_cadre@24121", "admin")
    ]
    signed_in = client.post("/accounts/login/", {"username": "lan", "password": GOOD_PASSWORD})
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/")


def test_moving_a_cadre_to_another_commune_and_locking_the_account_are_recorded(world, browser):
    client = browser("admin")
    cadre = world.personas["cadre"]
    client.post(f"/accounts/users/{cadre.pk}/", {"kind": "commune_cadre", "unit_code": "24400", "active": ""})
    cadre.refresh_from_db()
    assert (Role.objects.get(user=cadre).unit.code, cadre.is_active) == ("24400", False)
    assert cadre.check_password("pw-cadre")  # no new password given: the old one stays
    change = RoleChange.objects.get(user=cadre)
    assert (change.role_before, change.role_after, change.active_before, change.active_after) == (
        "commune_cadre@24121", "commune_cadre@24400", True, False,
    )  # fmt: skip
    assert "commune_cadre@24121" in client.get(f"/accounts/users/{cadre.pk}/").text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"unit_code": "643"}, "Commune cadre: the unit must be a commune"),
        ({"unit_code": "99999"}, "no unit has the code 99999"),
        ({"password": ""}, "a new account needs a password"),
        ({"password": "123"}, "This password is too short."),
    ],
)
def test_a_wrong_area_or_password_is_refused_with_the_reason_and_nothing_saved(world, browser, fields, message):
    response = _new(browser("admin"), **fields)
    assert message in response.text
    assert not User.objects.filter(username="lan").exists()
    assert not RoleChange.objects.exists()


def test_an_administrator_cannot_lock_themselves_out(world, browser):
    admin = world.personas["admin"]
    response = browser("admin").post(f"/accounts/users/{admin.pk}/", {"kind": "auditor", "active": "on"})
    assert "you cannot take away your own administration" in response.text
    assert Role.objects.get(user=admin).kind == "administrator"


@pytest.mark.parametrize("persona", ["cadre", "district", "province", "steering", "auditor", "outsider"])
def test_nobody_but_an_administrator_reaches_the_users_pages(world, browser, persona):
    client = browser(persona)
    cadre = world.personas["cadre"]
    assert client.get("/accounts/users/").status_code == 403
    assert client.get(f"/accounts/users/{cadre.pk}/").status_code == 403
    assert _new(client).status_code == 403
    assert client.post(f"/accounts/users/{cadre.pk}/", {"kind": "administrator", "active": "on"}).status_code == 403
    assert Role.objects.get(user=cadre).kind == "commune_cadre"
    assert not User.objects.filter(username="lan").exists()


def test_a_user_changes_their_own_password_after_the_administrator_set_it(world, browser):
    client = browser("cadre")
    data = {"old_password": "pw-cadre", "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    response = client.post("/accounts/password/", data, follow=True)
    assert response.redirect_chain == [("/accounts/password/done/", 302)]
    world.personas["cadre"].refresh_from_db()
    assert world.personas["cadre"].check_password(GOOD_PASSWORD)
