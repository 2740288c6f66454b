"""Shared fixtures for the Django apps' tests: a small province, one persona per role, signed-in browsers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client

from povmis.accounts.models import Role, RoleKind
from povmis.jobs.runner import run_job
from povmis.registry.models import ClassificationRun, Household, HouseholdResult, ReviewCycle
from povmis.registry.samples import household, member, survey
from povmis.registry.services import classify_cycle, import_survey
from povmis.units.models import AdminUnit


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The production hasher is slow on purpose (about 0.3 s a password); tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    """Đắk Lắk with two districts: Buôn Ma Thuột (communes C1, C2) and Krông Pắc (C3)."""

    province: AdminUnit
    district: AdminUnit
    other_district: AdminUnit
    c1: AdminUnit
    c2: AdminUnit
    c3: AdminUnit
    village: AdminUnit
    cycle: ReviewCycle
    personas: dict[str, User]
    households: dict[str, Household]


def _unit(code: str, name: str, level: str, parent: AdminUnit | None = None) -> AdminUnit:
    return AdminUnit.objects.create(code=code, name=name, level=level, parent=parent)


def _persona(name: str, kind: str | None, unit: AdminUnit | None) -> User:
    user = User.objects.create_user(name, password="pw-" + name)
    if kind is not None:
        Role.objects.create(user=user, kind=kind, unit=unit)
    return user


@pytest.fixture
def world(db: None) -> World:
    province = _unit("66", "Đắk Lắk", "province")
    district = _unit("643", "Buôn Ma Thuột", "district", province)
    other_district = _unit("652", "Krông Pắc", "district", province)
    c1 = _unit("24121", "Tân Lợi", "commune", district)
    c2 = _unit("24124", "Tân An", "commune", district)
    c3 = _unit("24400", "Ea Kly", "commune", other_district)
    village = _unit("24121-01", "Thôn 1", "village", c1)
    personas = {
        "cadre": _persona("cadre", RoleKind.COMMUNE_CADRE, c1),
        "cadre2": _persona("cadre2", RoleKind.COMMUNE_CADRE, c1),
        "other_cadre": _persona("other_cadre", RoleKind.COMMUNE_CADRE, c3),
        "district": _persona("district", RoleKind.DISTRICT_OFFICER, district),
        "province": _persona("province", RoleKind.PROVINCE_OFFICER, province),
        "steering": _persona("steering", RoleKind.STEERING_COMMITTEE, province),
        "auditor": _persona("auditor", RoleKind.AUDITOR, None),
        "admin": _persona("admin", RoleKind.ADMINISTRATOR, None),
        "outsider": _persona("outsider", None, None),
    }
    households = {
        code: Household.objects.create(code=code, commune=commune)
        for code, commune in (("H1", c1), ("H2", c2), ("H3", c3))
    }
    cycle = ReviewCycle.objects.create(year=2024, standard_id="vn-2022-2025")
    return World(province, district, other_district, c1, c2, c3, village, cycle, personas, households)


@pytest.fixture
def yearly_round(world: World) -> World:
    """Tân Lợi's 2024 annual review, classified, against a 2023 list taken over from before the registry.

    2023 → 2024: H1 near-poor → poor (Thôn 1), H5 poor → not poor (Thôn 1), H6 poor → near-poor (no
    village), H7 near-poor → not poor (Thôn 1); Ea Kly's H3 poor → near-poor. So Tân Lợi's escaped poor
    are H5 and H6, its escaped near-poor H7, and its villages to meet Thôn 1 and the households of none.
    """
    for code in ("H5", "H6", "H7"):
        world.households[code] = Household.objects.create(code=code, commune=world.c1)
    earlier = ReviewCycle.objects.create(year=2023, standard_id="vn-2022-2025")
    run = ClassificationRun.objects.create(cycle=earlier, standard_id="vn-2022-2025", standard_hash="legacy")
    before = {"H1": "near_poor", "H5": "poor", "H6": "poor", "H7": "near_poor", "H3": "poor"}
    HouseholdResult.objects.bulk_create(
        HouseholdResult(cycle=earlier, run=run, household=world.households[code], household_class=cls)
        for code, cls in before.items()
    )
    answers = survey(
        [
            household(water_source="surface_water", latrine="open_defecation"),
            household(household_id="H5", head_name="Bà Hoa", income_per_capita="5000000"),
            household(household_id="H6", village_code="", head_name="Ông Sáu"),
            household(household_id="H7", head_name="Bà Bảy", income_per_capita="5000000"),
            household(household_id="H3", commune_code="24400", village_code="", head_name="Y Kbuôr"),
        ],
        [member(health_insurance="0"),
         member(member_id="2", age="12", in_school="1", malnourished="0", education_level="", labour_status=""),
         *(member(household_id=code) for code in ("H5", "H6", "H7", "H3"))],
    )  # fmt: skip
    assert import_survey(answers, year=2024, user=world.personas["admin"], commit=True).counts["rejected"] == 0
    classify_cycle(world.cycle, user=None)
    return world


@pytest.fixture
def season(world):
    """2024 answers for H1 (poor, in Thôn 1) and H5 (not poor) in Tân Lợi, H2 in Tân An and H3 in Ea Kly."""
    answers = survey(
        [
            household(water_source="surface_water", latrine="open_defecation"),
            household(household_id="H5", head_name="Bà Hoa", income_per_capita="5000000"),
            household(household_id="H2", commune_code="24124", village_code="", head_name="Ông Ba"),
            household(household_id="H3", commune_code="24400", village_code="", head_name="Y Kbuôr"),
        ],
        [member(health_insurance="0"), member(household_id="H5"), member(household_id="H2"), member(household_id="H3")],
    )
    effect = import_survey(answers, year=2024, user=world.personas["admin"], commit=True)
    assert effect.counts == {"new": 4, "changed": 0, "unchanged": 0, "rejected": 0}
    classify_cycle(world.cycle, user=None)
    return world


@pytest.fixture
def browser(world) -> Callable[[str], Client]:
    """A browser signed in as one of the world's personas, reading the pages in English."""

    def sign_in(name: str) -> Client:
        client = Client(headers={"accept-language": "en"})
        client.force_login(world.personas[name])
        client.cookies["django_language"] = "en"
        return client

    return sign_in


def checked(client: Client, response: HttpResponse) -> HttpResponse:
    """An upload's check is a job: run it as the worker would, then follow its page to the check's result."""
    assert response.status_code == 302
    assert response["Location"].startswith("/jobs/")
    run_job(int(response["Location"].split("/")[2]))
    return client.get(response["Location"], follow=True)
