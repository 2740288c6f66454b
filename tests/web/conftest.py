"""The pages' fixtures: the `world` province with a classified 2024 review, and signed-in browsers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import HttpResponse
from django.test import Client

from povmis.jobs.runner import run_job
from povmis.registry.samples import household, member, survey
from povmis.registry.services import classify_cycle, import_survey


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
