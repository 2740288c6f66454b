"""Jobs: an upload's commit and a classification run in the queue; their page reads progress from the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from povmis.jobs.models import Job
from povmis.jobs.runner import run_job
from povmis.registry.models import ClassificationRun, HouseholdSurvey, ImportBatch
from povmis.registry.samples import csv_bytes, household, member
from povmis.registry.survey_import import jobs as import_jobs
from povmis.registry.survey_import import uploads
from tests.conftest import checked

pytestmark = pytest.mark.django_db(transaction=True)
COMMIT = "povmis.registry.survey_import.jobs.commit_upload"


def checked_upload(client) -> str:
    token: str = client.get("/imports/").context["token"]
    response = client.post(
        "/imports/",
        {
            "token": token,
            "year": "2024",
            "households": SimpleUploadedFile("households.csv", csv_bytes([household(), household(household_id="H9")])),
            "members": SimpleUploadedFile("members.csv", csv_bytes([member(), member(household_id="H9")])),
        },
    )
    assert checked(client, response).status_code == 200
    return token


def test_committing_an_upload_queues_a_job_whose_page_shows_its_outcome_from_the_database(world, browser):
    client = browser("cadre")
    token = checked_upload(client)
    response = client.post(f"/imports/{token}/commit/")
    job = Job.objects.get(task=COMMIT)
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.status, job.task, job.arguments["upload_key"]) == (
        "queued",
        "povmis.registry.survey_import.jobs.commit_upload",
        token,
    )
    assert HouseholdSurvey.objects.count() == 0  # nothing lands in the request
    page = client.get(f"/jobs/{job.pk}/")
    assert 'http-equiv="refresh"' in page.text
    assert "Waiting for a worker" in page.text
    run_job(job.pk)
    state = client.get(f"/jobs/{job.pk}/status/").json()
    assert (state["status"], state["percent"], state["error"], state["retryable"]) == ("done", 100, "", False)
    assert state["result"]["counts"] == {"new": 2, "changed": 0, "unchanged": 0, "rejected": 0}
    assert ImportBatch.objects.get().upload_key == token
    page = client.get(f"/jobs/{job.pk}/")
    assert "Import committed: 2 new and 0 changed households." in page.text
    assert 'http-equiv="refresh"' not in page.text


def test_a_double_clicked_commit_is_one_job_and_the_second_click_is_told_so(world, browser):
    client = browser("cadre")
    token = checked_upload(client)
    first = client.post(f"/imports/{token}/commit/")
    second = client.post(f"/imports/{token}/commit/", follow=True)
    assert second.redirect_chain[0][0] == first["Location"]
    assert "This upload is already being committed (or was): one commit per upload." in second.text
    assert Job.objects.filter(task=COMMIT).count() == 1


def test_a_second_job_for_a_committed_upload_fails_with_a_clear_message_and_writes_nothing(world, browser):
    client = browser("cadre")
    token = checked_upload(client)
    client.post(f"/imports/{token}/commit/")
    run_job(Job.objects.get(task=COMMIT).pk)
    folder = str(uploads.root() / token)
    user = world.personas["cadre"].pk
    again = Job.objects.create(
        task="povmis.registry.survey_import.jobs.commit_upload",
        arguments={"folder": folder, "year": 2024, "user_id": user, "upload_key": token},
        created_by=world.personas["cadre"],
    )
    run_job(again.pk)
    again.refresh_from_db()
    assert again.status == "failed"
    assert again.error.startswith("this upload has already been committed (import ")
    assert ImportBatch.objects.count() == 1


def test_the_commit_job_reports_each_step_with_its_share_of_the_work(world, browser):
    client = browser("cadre")
    token = checked_upload(client)
    seen: list[tuple[str, int]] = []
    import_jobs.commit_upload(
        report=lambda step, percent: seen.append((step, percent)),
        folder=str(uploads.root() / token),
        year=2024,
        user_id=world.personas["cadre"].pk,
        upload_key=token,
    )
    assert seen == [
        ("reading", 0),
        ("checking", 5),
        ("comparing", 10),
        ("deciding", 30),
        ("writing households", 40),
        ("writing answers", 45),
        ("writing audit", 75),
        ("writing (committing)", 80),
        ("done", 100),
    ]


def test_classifying_from_the_review_page_runs_as_a_job(season, browser):
    client = browser("province")
    response = client.post("/cycles/2024/classify/")
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    runs = ClassificationRun.objects.count()
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.result["households"]) == ("done", 4)
    assert ClassificationRun.objects.count() == runs + 1


def test_a_cadre_cannot_classify_and_no_job_is_queued(season, browser):
    response = browser("cadre").post("/cycles/2024/classify/", follow=True)
    assert "only the province or an administrator classifies a review cycle" in response.text
    assert not Job.objects.exists()


def test_a_running_job_whose_heartbeat_stopped_is_shown_failed_and_can_run_again(world, browser, settings):
    settings.POVMIS_JOB_STALE_SECONDS = 60
    cadre = world.personas["cadre"]
    job = Job.objects.create(
        task="povmis.registry.cycle_jobs.classify",
        arguments={"year": 2024, "user_id": world.personas["admin"].pk},
        created_by=cadre,
        status=Job.Status.RUNNING,
        step="writing answers",
        percent=45,
        heartbeat_at=timezone.now() - dt.timedelta(seconds=61),
    )
    client = browser("cadre")
    state = client.get(f"/jobs/{job.pk}/status/").json()
    assert (state["status"], state["percent"], state["retryable"]) == ("failed", 45, True)
    assert state["error"] == "The worker running this job stopped."
    assert "Run it again" in client.get(f"/jobs/{job.pk}/").text
    assert client.post(f"/jobs/{job.pk}/retry/").status_code == 302
    job.refresh_from_db()
    assert (job.status, job.percent) == ("queued", 0)
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 1)


def test_a_job_of_another_user_is_not_found(world, browser):
    job = Job.objects.create(task="povmis.registry.cycle_jobs.classify", created_by=world.personas["cadre"])
    for name in ("other_cadre", "cadre2", "district"):
        client = browser(name)
        assert client.get(f"/jobs/{job.pk}/").status_code == 404
        assert client.get(f"/jobs/{job.pk}/status/").status_code == 404
        assert client.post(f"/jobs/{job.pk}/retry/").status_code == 404


def test_an_uploads_check_runs_as_a_job_whose_page_leads_to_the_checks_result(world, browser):
    client = browser("cadre")
    token: str = client.get("/imports/").context["token"]
    files = {"households": csv_bytes([household()]), "members": csv_bytes([member()])}
    response = client.post(
        "/imports/",
        {
            "token": token,
            "year": "2024",
            **{name: SimpleUploadedFile(f"{name}.csv", body) for name, body in files.items()},
        },
    )
    job = Job.objects.get()
    assert (response["Location"], job.task, job.status) == (
        f"/jobs/{job.pk}/",
        "povmis.registry.survey_import.jobs.check_upload",
        "queued",
    )
    assert client.get(f"/imports/{token}/").status_code == 404  # not checked yet
    assert "Waiting for a worker" in client.get(f"/jobs/{job.pk}/").text
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.result) == (
        "done",
        {
            "upload": token,
            "checked": True,
            "committed": False,
            "counts": {"new": 1, "changed": 0, "unchanged": 0, "rejected": 0},
        },
    )
    page = client.get(f"/jobs/{job.pk}/")
    assert (page.status_code, page["Location"]) == (302, f"/imports/{token}/")
    assert HouseholdSurvey.objects.count() == 0  # a check writes nothing


def test_a_check_of_an_unreadable_file_fails_with_its_reason_and_writes_nothing(world, browser):
    client = browser("cadre")
    token: str = client.get("/imports/").context["token"]
    body = b"household_id;commune_code\nH1;24121\n"
    members = SimpleUploadedFile("members.csv", csv_bytes([member()]))
    client.post(
        "/imports/",
        {"token": token, "year": "2024", "households": SimpleUploadedFile("households.csv", body), "members": members},
    )
    job = Job.objects.get()
    run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.result) == ("failed", None)
    assert job.error.startswith("households.csv")
    assert "semicolon" in job.error
    assert "Nothing was written" in client.get(f"/jobs/{job.pk}/").text
    assert HouseholdSurvey.objects.count() == 0


def test_another_communes_cadre_cannot_see_an_uploads_check_job(world, browser):
    client = browser("cadre")
    token: str = client.get("/imports/").context["token"]
    client.post(
        "/imports/",
        {
            "token": token,
            "year": "2024",
            "households": SimpleUploadedFile("households.csv", csv_bytes([household()])),
            "members": SimpleUploadedFile("members.csv", csv_bytes([member()])),
        },
    )
    job = Job.objects.get()
    run_job(job.pk)
    # The district officer does not import at all (403); the others are told there is no such upload.
    for name, result_page in (("other_cadre", 404), ("cadre2", 404), ("district", 403)):
        other = browser(name)
        pages = [other.get(f"/jobs/{job.pk}/{page}").status_code for page in ("", "status/", "download/")]
        assert [*pages, other.get(f"/imports/{token}/").status_code] == [404, 404, 404, result_page]
