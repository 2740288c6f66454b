"""A job run again keeps the history of its attempts; its refusals are stored as messages with their values
and shown in the reader's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from povmis.jobs.models import Job, JobAttempt
from povmis.jobs.runner import run_job
from povmis.jobs.services import retry
from povmis.registry.models import ImportBatch
from povmis.registry.survey_import import jobs as import_jobs
from povmis.registry.survey_import import uploads
from tests.jobs.test_jobs import COMMIT, checked_upload

pytestmark = pytest.mark.django_db(transaction=True)


def reader(world, name: str, language: str) -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(world.personas[name])
    client.cookies["django_language"] = language
    return client


def commit_job(world, token: str) -> Job:
    cadre = world.personas["cadre"]
    arguments = {"folder": str(uploads.root() / token), "year": 2024, "user_id": cadre.pk, "upload_key": token}
    return Job.objects.create(task=COMMIT, arguments=arguments, created_by=cadre)


def killed_after_its_commit(world, token: str, settings) -> Job:
    """A commit job whose worker landed the import and died before it could say so (PostgreSQL finishes a
    COMMIT it has received: tests/jobs/test_commit_killed.py kills a real worker there)."""
    job = commit_job(world, token)
    import_jobs.commit_upload(report=lambda step, percent: None, **job.arguments)
    settings.POVMIS_JOB_STALE_SECONDS = 60
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1, step="writing (committing)",
                                         heartbeat_at=timezone.now() - dt.timedelta(seconds=61))  # fmt: skip
    JobAttempt.objects.create(job=job, number=1)
    job.refresh_from_db()
    return job


def test_a_killed_commit_run_again_is_done_with_the_import_that_landed_and_shows_its_attempts(world, browser, settings):
    client = browser("cadre")
    token = checked_upload(client)
    job = killed_after_its_commit(world, token, settings)
    assert "Your jobs that failed" in client.get("/").text  # the page shows it failed: its worker stopped
    retry(job, user=world.personas["cadre"])
    run_job(job.pk)
    job.refresh_from_db()
    batch = ImportBatch.objects.get()
    assert (job.status, job.attempts, job.result["batch"], job.result["landed_earlier"]) == ("done", 2, batch.pk, True)
    assert ImportBatch.objects.count() == 1
    page = client.get(f"/jobs/{job.pk}/")
    assert [(a["number"], a["outcome"], a["error"]) for a in page.context["history"]] == [
        (1, "lost", "The worker running this job stopped."),
        (2, "done", ""),
    ]
    assert 'data-outcome="done"' in page.text
    lost = r'data-attempt="1" data-outcome="lost">((?!</tr>).)*Its worker stopped: The worker running'
    assert re.search(lost, page.text, re.DOTALL)
    assert "Import committed: 2 new and 0 changed households." in page.text
    assert "Your jobs that failed" not in client.get("/").text
    vietnamese = reader(world, "cadre", "vi").get(f"/jobs/{job.pk}/").text
    assert "Tiến trình đang chạy công việc này đã dừng." in vietnamese


def test_a_refused_job_is_stored_as_its_message_and_values_and_read_in_each_readers_language(world, browser):
    client = browser("cadre")
    token = checked_upload(client)
    run_job(commit_job(world, token).pk)
    again = commit_job(world, token)
    run_job(again.pk)
    again.refresh_from_db()
    batch = ImportBatch.objects.get()
    at = f"{batch.committed_at:%Y-%m-%d %H:%M}"
    assert (again.status, again.error_message, again.error_values) == (
        "failed", "this upload has already been committed (import %(batch)s, %(at)s)", {"batch": batch.pk, "at": at}
    )  # fmt: skip
    assert again.error == f"this upload has already been committed (import {batch.pk}, {at})"  # logs, the API
    english = client.get(f"/jobs/{again.pk}/").text
    assert f"Failed: this upload has already been committed (import {batch.pk}, {at})" in english
    vietnamese = reader(world, "cadre", "vi")
    assert f"tệp tải lên này đã được ghi rồi (lần nhập {batch.pk}, {at})" in vietnamese.get(f"/jobs/{again.pk}/").text
    assert vietnamese.get(f"/jobs/{again.pk}/status/").json()["error"] == (
        f"tệp tải lên này đã được ghi rồi (lần nhập {batch.pk}, {at})"
    )
    assert "lần chạy 2" not in vietnamese.get("/").text  # run once: no attempt number in the list


def test_a_job_failed_again_after_a_retry_is_listed_with_its_attempt(world, browser):
    client = browser("cadre")
    token = checked_upload(client)
    run_job(commit_job(world, token).pk)
    again = commit_job(world, token)
    run_job(again.pk)
    retry(Job.objects.get(pk=again.pk), user=world.personas["cadre"])
    run_job(again.pk)
    assert [(a.number, a.outcome) for a in JobAttempt.objects.filter(job=again).order_by("number")] == [
        (1, "failed"), (2, "failed"),
    ]  # fmt: skip
    assert ", attempt 2" in client.get("/").text


def test_another_user_sees_nothing_of_a_jobs_attempts_or_its_refusal(world, browser):
    client = browser("cadre")
    token = checked_upload(client)
    run_job(commit_job(world, token).pk)
    again = commit_job(world, token)
    run_job(again.pk)
    batch = ImportBatch.objects.get()
    for name in ("other_cadre", "cadre2", "district"):
        for language in ("en", "vi"):
            other = reader(world, name, language)
            for url in (f"/jobs/{again.pk}/", f"/jobs/{again.pk}/status/"):
                response = other.get(url)
                assert response.status_code == 404
                assert not re.search(rf"already been committed|đã được ghi rồi|\bimport {batch.pk}\b", response.text)
            assert "Your jobs that failed" not in other.get("/").text
