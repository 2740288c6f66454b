"""The API's fixtures: the `world` province with answers and classes, and clients signed in as a persona."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from povmis.registry.models import ClassificationRun, HouseholdResult, ReviewCycle
from povmis.registry.samples import household, member, survey
from povmis.registry.services import classify_cycle, import_survey


@pytest.fixture
def classified(world):
    """2024 answers for H1 (poor) and H5 in Tân Lợi, H2 in Tân An and H3 in Ea Kly, classified.

    H1 was near-poor in 2023, a review taken over from the list kept before this registry (so its
    result is stored directly, as a migration of that list would).
    """
    earlier = ReviewCycle.objects.create(year=2023, standard_id="vn-2022-2025")
    run = ClassificationRun.objects.create(cycle=earlier, standard_id="vn-2022-2025", standard_hash="legacy")
    HouseholdResult.objects.create(
        cycle=earlier, run=run, household=world.households["H1"], household_class="near_poor", deprivation_count=1
    )
    poor = {"health_insurance": "0"}
    answers = survey(
        [
            household(water_source="surface_water", latrine="open_defecation"),
            household(household_id="H5", head_name="Bà Hoa", income_per_capita="5000000"),
            household(household_id="H2", commune_code="24124", village_code="", head_name="Ông Ba"),
            household(household_id="H3", commune_code="24400", village_code="", head_name="Y Kbuôr"),
        ],
        [member(**poor), member(household_id="H5"), member(household_id="H2"), member(household_id="H3")],
    )
    effect = import_survey(answers, year=2024, user=world.personas["admin"], commit=True)
    assert effect.counts == {"new": 4, "changed": 0, "unchanged": 0, "rejected": 0}
    classify_cycle(world.cycle, user=None)
    return world


@pytest.fixture
def as_persona(world) -> Callable[[str], Client]:
    """A browser client signed in as one of the world's personas (the API accepts the session)."""

    def sign_in(name: str) -> Client:
        client = Client()
        client.force_login(world.personas[name])
        return client

    return sign_in
