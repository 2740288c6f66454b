"""Who sees which households: one scoping function, checked persona by persona."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from povmis.accounts.scoping import Access, can, scope
from povmis.registry.models import Household
from povmis.units.models import AdminUnit

pytestmark = pytest.mark.django_db


def visible(world, persona, access=Access.READ):
    return sorted(scope(world.personas[persona], Household.objects.all(), access).values_list("code", flat=True))


def test_commune_cadre_reads_only_their_own_communes_households(world):
    assert visible(world, "cadre") == ["H1"]


def test_district_officer_reads_every_commune_of_their_district_and_no_other(world):
    assert visible(world, "district") == ["H1", "H2"]


def test_province_officer_steering_committee_and_auditor_read_the_whole_province(world):
    assert visible(world, "province") == visible(world, "steering") == visible(world, "auditor") == ["H1", "H2", "H3"]


def test_a_user_without_a_role_sees_nothing(world):
    assert visible(world, "outsider") == []


def test_an_anonymous_visitor_sees_nothing(world):
    assert list(scope(AnonymousUser(), Household.objects.all())) == []


def test_only_commune_cadres_and_administrators_may_edit_households(world):
    editors = {name: visible(world, name, Access.EDIT) for name in world.personas}
    assert editors == {
        "cadre": ["H1"],
        "cadre2": ["H1"],
        "other_cadre": ["H3"],
        "district": [],
        "province": [],
        "steering": [],
        "auditor": [],
        "admin": ["H1", "H2", "H3"],
        "outsider": [],
    }


def test_read_only_roles_cannot_approve_anything(world):
    for name in ("steering", "auditor", "outsider"):
        assert visible(world, name, Access.APPROVE) == []


def test_can_asks_the_same_question_of_one_row(world):
    cadre = world.personas["cadre"]
    assert can(cadre, world.households["H1"])
    assert not can(cadre, world.households["H3"])


def test_units_are_scoped_by_the_same_path(world):
    units = scope(world.personas["cadre"], AdminUnit.objects.all())
    assert sorted(units.values_list("code", flat=True)) == ["24121", "24121-01"]


def test_a_commune_whose_code_starts_like_another_does_not_leak(world):
    # "24121/" must not match a commune coded "241210": the path ends each code with a slash.
    lookalike = AdminUnit.objects.create(code="241210", name="Lookalike", level="commune", parent=world.district)
    Household.objects.create(code="H9", commune=lookalike)
    assert visible(world, "cadre") == ["H1"]
