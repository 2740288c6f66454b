"""The first page after sign-in says what waits for the user, and only what lies in the user's area."""

from __future__ import annotations

import pytest

from povmis.jobs.models import Job
from povmis.registry.models import CommuneReview, HouseholdSurvey, Stage
from povmis.registry.services import propose_change

pytestmark = pytest.mark.django_db


def _sections(client) -> dict[str, list[str]]:
    response = client.get("/")
    assert response.status_code == 200
    return {section.key: [item.text for item in section.items] for section in response.context["sections"]}


@pytest.fixture
def proposed(season):
    """The cadre of Tân Lợi proposes a correction of H1's income; the review is classified."""
    propose_change(
        season.households["H1"], cycle=season.cycle, user=season.personas["cadre"],
        field="income_per_capita", value="900000", reason="the survey misread the harvest",
    )  # fmt: skip
    return season


def test_a_correction_waits_for_the_other_cadre_of_the_commune_not_for_its_proposer(proposed, browser):
    assert _sections(browser("cadre2"))["corrections"] == ["H1 · Monthly income per person"]
    assert "corrections" not in _sections(browser("cadre"))


@pytest.mark.parametrize("persona", ["other_cadre", "outsider", "steering"])
def test_nobody_outside_the_commune_or_without_the_right_sees_its_corrections(proposed, browser, persona):
    page = browser(persona).get("/")
    assert "corrections" not in _sections(browser(persona))
    assert "H1 ·" not in page.text
    assert "900000" not in page.text


def test_the_district_sees_the_communes_waiting_for_its_consolidation_and_no_other(season, browser):
    CommuneReview.objects.filter(commune=season.c1).update(stage=Stage.COMMUNE_APPROVED)
    CommuneReview.objects.filter(commune=season.c3).update(stage=Stage.COMMUNE_APPROVED)
    assert _sections(browser("district"))["communes"] == ["Tân Lợi (2024)"]


def test_the_cadre_sees_the_commune_waiting_for_the_village_meeting(season, browser):
    assert _sections(browser("cadre"))["communes"] == ["Tân Lợi (2024)"]
    assert _sections(browser("other_cadre"))["communes"] == ["Ea Kly (2024)"]


def test_answers_after_the_classification_ask_the_province_to_classify_again(season, browser):
    assert "classify" not in _sections(browser("province"))
    HouseholdSurvey.objects.get(household__code="H5").save()  # answered after the classification: updated_at moves on
    assert _sections(browser("province"))["classify"] == ["2024"]
    assert "classify" not in _sections(browser("cadre"))  # the province classifies, not the commune


def test_a_failed_job_waits_for_the_one_who_started_it_only(season, browser):
    Job.objects.create(task="povmis.registry.cycle_jobs.classify", status=Job.Status.FAILED, step="Classifying",
                       created_by=season.personas["cadre"], error="the worker stopped")  # fmt: skip
    assert _sections(browser("cadre"))["jobs"] == ["Classifying"]
    assert "jobs" not in _sections(browser("cadre2"))


def test_an_outsider_is_told_nothing_waits(world, browser):
    page = browser("outsider").get("/")
    assert page.context["sections"] == []
    assert "Nothing waits for you now." in page.text
