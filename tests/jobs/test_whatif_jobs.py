"""The what-if as a job: queued from its page, run by the worker, its stored result shown again after a reload."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from povmis.jobs.models import Job
from povmis.jobs.runner import run_job
from povmis.registry.models import HouseholdResult

pytestmark = pytest.mark.django_db

LOWER_LINE = {"year": "2024", "line.rural": "1000000"}


def signed_in(world, persona: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(world.personas[persona])
    client.cookies["django_language"] = "en"
    return client


def test_a_what_if_run_in_the_background_shows_the_same_result_as_the_page(classified):
    client = signed_in(classified, "province")
    response = client.post("/monitoring/whatif/job/", {**LOWER_LINE, "csrfmiddlewaretoken": "x", "other": ""})
    job = Job.objects.get()
    assert (response["Location"], job.task, job.arguments["query"]) == (
        f"/jobs/{job.pk}/",
        "povmis.monitoring.whatif_jobs.compare",
        "year=2024&line.rural=1000000",
    )
    official = list(HouseholdResult.objects.values_list("pk", "household_class"))
    run_job(job.pk)
    page = client.get(f"/jobs/{job.pk}/", follow=True)
    assert page.redirect_chain == [(f"/monitoring/whatif/?year=2024&line.rural=1000000&job={job.pk}", 302)]
    direct = client.get("/monitoring/whatif/", LOWER_LINE)
    assert page.context["result"] == direct.context["result"]
    assert page.context["changed"] == direct.context["changed"]
    assert "6 households, of which 3 would change class." in page.text
    assert f"Compared in the background (job #{job.pk})" in page.text
    assert list(HouseholdResult.objects.values_list("pk", "household_class")) == official


def test_a_what_if_job_with_a_bad_change_fails_naming_its_key(classified):
    client = signed_in(classified, "province")
    client.post("/monitoring/whatif/job/", {"year": "2024", "other": "cutof=2"})
    job = Job.objects.get()
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert "cutof" in job.error


def test_a_what_if_job_of_a_year_without_a_round_or_a_unit_outside_the_area_queues_nothing(classified):
    client = signed_in(classified, "other_cadre")
    answers = [
        client.post("/monitoring/whatif/job/", {"year": "2019"}).status_code,
        client.post("/monitoring/whatif/job/", {"year": "2024", "unit": "24121"}).status_code,
        signed_in(classified, "outsider").post("/monitoring/whatif/job/", {"year": "2024"}).status_code,
    ]
    assert (answers, Job.objects.count()) == ([404, 404, 403], 0)


def test_a_user_of_another_commune_sees_nothing_of_a_what_if_job(classified):
    signed_in(classified, "cadre").post("/monitoring/whatif/job/", LOWER_LINE)
    job = Job.objects.get()
    run_job(job.pk)
    for name in ("other_cadre", "cadre2", "district", "province"):
        other = signed_in(classified, name)
        pages = [other.get(f"/jobs/{job.pk}/{page}").status_code for page in ("", "status/", "download/")]
        stored = other.get("/monitoring/whatif/", {**LOWER_LINE, "job": str(job.pk)})
        # A whole word: the page's random CSRF token may hold "A1" by chance.
        shown = re.search(rb"\bA1\b", stored.content) is not None
        assert ([*pages, stored.status_code], shown) == ([404, 404, 404, 404], False)
